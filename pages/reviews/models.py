"""The Clinical review workflow's task: a clinical reviewer approves or requests changes."""

from wagtail.models import AbstractGroupApprovalTask


class ClinicalReviewTask(AbstractGroupApprovalTask):
    """Approving signs the page off and publishes it (see workflow.finish_workflow)."""

    @classmethod
    def get_description(cls):
        return (
            "Members of the chosen groups approve condition pages. Approving records the "
            "approver's specialist profile as the reviewer and sets the review dates."
        )

    class Meta:
        verbose_name = "clinical review task"
        verbose_name_plural = "clinical review tasks"
