"""Clinical review of condition pages: the workflow task, sign-off, reports and reminders."""


def finish_workflow(workflow_state, user=None):
    """WAGTAIL_FINISH_WORKFLOW_ACTION (see workflow.finish_workflow)."""
    # Wagtail resolves this setting while its models load, before ours can be imported.
    from .workflow import finish_workflow as sign_off_and_publish

    return sign_off_and_publish(workflow_state, user=user)
