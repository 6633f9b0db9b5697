"""Staff roles: the groups every environment has, each with the least it needs.

Marketing editors  write and publish pages, images and documents; condition pages reach the
                   site only through the Clinical review workflow (see pages/conditions/models.py).
Clinical reviewers approve condition pages; the workflow task gives them the editor, nothing else.
Enquiry handlers   work consultation requests on the enquiry desk (read, record outcomes and
                   notes, export, erase) and keep its reasons for not proceeding; nothing else.
Marketing editors and enquiry handlers see the "Where enquiries come from" report (counts only).

The functions take an `apps` registry so that migrations call them with historical models and
seed_demo with the real ones: a flushed database (transactional tests, a reset demo) gets the
same roles back.
"""

from typing import NamedTuple

MARKETING_EDITORS = "Marketing editors"
CLINICAL_REVIEWERS = "Clinical reviewers"
ENQUIRY_HANDLERS = "Enquiry handlers"


class ModelPermission(NamedTuple):
    """A model-level permission, written once: models declare it, groups get it, views check it."""

    app_label: str
    model: str
    codename: str
    name: str

    @property
    def perm(self):
        """As `user.has_perm()` takes it: 'app_label.codename'."""
        return f"{self.app_label}.{self.codename}"

    @property
    def meta(self):
        """As a model's `Meta.permissions` lists it."""
        return (self.codename, self.name)


ACCESS_ADMIN = ModelPermission("wagtailadmin", "admin", "access_admin", "Can access Wagtail admin")
HANDLE_ENQUIRIES_PERMISSION = ModelPermission(
    "pages",
    "consultationsubmission",
    "handle_enquiries",
    "Can see, export and delete consultation requests",
)
# The "Where enquiries come from" report: counts only, never a request's contents.
SEE_ENQUIRY_SOURCES_PERMISSION = ModelPermission(
    "pages",
    "enquirysourcecounts",
    "see_enquiry_sources",
    "Can see where consultation requests come from (counts only)",
)
# The enquiry desk's list of reasons for "not proceeding" (pages/enquiries/desk.py).
NOT_PROCEEDING_REASON_PERMISSIONS = [
    ModelPermission(
        "pages",
        "notproceedingreason",
        f"{action}_notproceedingreason",
        f"Can {action} reason for not proceeding",
    )
    for action in ("add", "change", "delete", "view")
]
CHANGE_CLINIC_SETTINGS = ModelPermission(
    "pages", "clinicsettings", "change_clinicsettings", "Can change clinic settings"
)
# The "Condition pages due for review" report, its dashboard count and the reminder emails.
REVIEWS_DUE_REPORT = ModelPermission(
    "pages", "conditionpage", "review_conditionpage", "Can see condition pages due for review"
)

# "Was this page helpful?" answers and comments (pages/feedback), and their report.
SEE_PAGE_FEEDBACK_PERMISSION = ModelPermission(
    "pages", "pagefeedback", "see_pagefeedback", "Can see page feedback"
)
# Latest News topics (Snippets -> News topics): the article editor's help text sends editors there.
ADD_NEWS_TOPIC = ModelPermission("news", "newstopic", "add_newstopic", "Can add news topic")
CHANGE_NEWS_TOPIC = ModelPermission(
    "news", "newstopic", "change_newstopic", "Can change news topic"
)

HANDLE_ENQUIRIES = HANDLE_ENQUIRIES_PERMISSION.perm
SEE_PAGE_FEEDBACK = SEE_PAGE_FEEDBACK_PERMISSION.perm
SEE_REVIEWS_DUE = REVIEWS_DUE_REPORT.perm
SEE_ENQUIRY_SOURCES = SEE_ENQUIRY_SOURCES_PERMISSION.perm

GROUP_PERMISSIONS = {
    MARKETING_EDITORS: [
        ACCESS_ADMIN,
        CHANGE_CLINIC_SETTINGS,
        REVIEWS_DUE_REPORT,
        SEE_PAGE_FEEDBACK_PERMISSION,
        ADD_NEWS_TOPIC,
        CHANGE_NEWS_TOPIC,
        SEE_ENQUIRY_SOURCES_PERMISSION,
    ],
    CLINICAL_REVIEWERS: [ACCESS_ADMIN, REVIEWS_DUE_REPORT, SEE_PAGE_FEEDBACK_PERMISSION],
    ENQUIRY_HANDLERS: [
        ACCESS_ADMIN,
        HANDLE_ENQUIRIES_PERMISSION,
        SEE_ENQUIRY_SOURCES_PERMISSION,
        *NOT_PROCEEDING_REASON_PERMISSIONS,
    ],
}

# Page tree: no delete of whole sections (bulk_delete) and no unlocking other people's pages.
EDITOR_PAGE_PERMISSIONS = [
    ("add_page", "Can add page"),
    ("change_page", "Can change page"),
    ("publish_page", "Can publish any page"),
]
# Images and documents in every collection: upload, edit (Wagtail's 'change' includes delete)
# and choose. No collection management.
EDITOR_COLLECTION_PERMISSIONS = [
    ("wagtailimages", "image", "add_image", "Can add image"),
    ("wagtailimages", "image", "change_image", "Can change image"),
    ("wagtailimages", "image", "choose_image", "Can choose image"),
    ("wagtaildocs", "document", "add_document", "Can add document"),
    ("wagtaildocs", "document", "change_document", "Can change document"),
    ("wagtaildocs", "document", "choose_document", "Can choose document"),
]


def get_permission(apps, app_label, model, codename, name):
    """The permission, created if Django's post_migrate has not made it yet (a fresh database)."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": name}
    )
    return permission


def page_permission_anchor(apps):
    """The page editors' page permissions hang from: the home page, or the root before it exists.

    On a fresh database the migration runs before any page exists, so the root is the only
    anchor. The root is safe: the only type creatable there is HomePage (max_count 1), so it
    lets editors add no second site. Once a home page exists, grants move down to it.
    """
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    home_type = ContentType.objects.filter(app_label="pages", model="homepage").first()
    home = Page.objects.filter(content_type=home_type).order_by("path").first()
    return home or Page.objects.filter(depth=1).order_by("path").first()


def ensure_roles(apps):
    """Create the three groups and their permissions; running again changes nothing."""
    Group = apps.get_model("auth", "Group")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    Collection = apps.get_model("wagtailcore", "Collection")

    groups = {}
    for name, permissions in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*(get_permission(apps, *permission) for permission in permissions))
        groups[name] = group
    editors = groups[MARKETING_EDITORS]

    anchor = page_permission_anchor(apps)
    if anchor is not None:
        for codename, name in EDITOR_PAGE_PERMISSIONS:
            permission = get_permission(apps, "wagtailcore", "page", codename, name)
            if anchor.depth > 1:
                GroupPagePermission.objects.filter(
                    group=editors, permission=permission, page__depth=1
                ).delete()
            GroupPagePermission.objects.get_or_create(
                group=editors, page=anchor, permission=permission
            )

    root_collection = Collection.objects.filter(depth=1).order_by("path").first()
    if root_collection is not None:
        for permission in EDITOR_COLLECTION_PERMISSIONS:
            GroupCollectionPermission.objects.get_or_create(
                group=editors,
                collection=root_collection,
                permission=get_permission(apps, *permission),
            )
    return groups


CLINICAL_REVIEW_WORKFLOW = "Clinical review"
# Wagtail's default workflow, on the root: nobody reviews what it covers (news needs no sign-off:
# marketing editors publish their own articles), so migration 0013 takes it away.
WAGTAIL_DEFAULT_WORKFLOW = "Moderators approval"
CLINICAL_REVIEW_TASK = "Clinical sign-off"
# The indexes whose pages carry clinical content: the workflow is assigned to each of them.
CLINICAL_INDEX_MODELS = ["conditionindexpage", "treatmentindexpage"]


def ensure_clinical_review_workflow(apps):
    """The "Clinical review" workflow, on the conditions and treatments indexes once they exist.

    A page's own workflow wins over the root's "Moderators approval" (Wagtail's default), so
    every condition and treatment page below them is reviewed by Clinical reviewers. An index that
    already has a workflow chosen by an administrator keeps it.
    """
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    ClinicalReviewTask = apps.get_model("pages", "ClinicalReviewTask")

    task_type, _ = ContentType.objects.get_or_create(app_label="pages", model="clinicalreviewtask")
    task = ClinicalReviewTask.objects.filter(name=CLINICAL_REVIEW_TASK).first()
    if task is None:
        task = ClinicalReviewTask.objects.create(
            name=CLINICAL_REVIEW_TASK, content_type=task_type, active=True
        )
    reviewers, _ = Group.objects.get_or_create(name=CLINICAL_REVIEWERS)
    task.groups.add(reviewers)
    workflow, _ = Workflow.objects.get_or_create(name=CLINICAL_REVIEW_WORKFLOW)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})

    index_types = ContentType.objects.filter(app_label="pages", model__in=CLINICAL_INDEX_MODELS)
    for index in Page.objects.filter(content_type__in=index_types):
        WorkflowPage.objects.get_or_create(page=index, defaults={"workflow": workflow})
    return workflow


def retire_wagtail_default_workflow(apps):
    """Unassign Wagtail's "Moderators approval" workflow and delete it when nothing used it.

    A workflow that pages were ever submitted to is kept, deactivated, for their history; its
    in-progress reviews are cancelled (there is no one to approve them).
    """
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    WorkflowState = apps.get_model("wagtailcore", "WorkflowState")
    for workflow in Workflow.objects.filter(name=WAGTAIL_DEFAULT_WORKFLOW):
        WorkflowPage.objects.filter(workflow=workflow).delete()
        states = WorkflowState.objects.filter(workflow=workflow)
        if not states.exists():
            tasks = [link.task for link in workflow.workflow_tasks.all()]
            workflow.delete()
            for task in tasks:
                if not task.workflow_tasks.exists() and not task.task_states.exists():
                    task.delete()
            continue
        states.filter(status="in_progress").update(status="cancelled")
        workflow.active = False
        workflow.save(update_fields=["active"])
