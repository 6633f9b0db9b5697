"""Where enquiry emails go is changed only by people who may see enquiries, and audited.

Two fields decide it: a form page's notify addresses (staff recipients) and the clinic email
(the recipient when those are empty, and the Reply-To of patients' emails). Their admin panels
are shown only with roles.HANDLE_ENQUIRIES (enquiry handlers and superusers); every change that
reaches the database is recorded in the audit log with who made it, the old and new value.
"""

from wagtail.log_actions import log

from ..clinic.models import ClinicSettings
from .models import ConsultationFormPage

ENQUIRY_MAIL_LOG_ACTION = "pages.enquiry_mail_routing"

# model -> the field that decides where enquiry emails go
ENQUIRY_MAIL_FIELDS = {ConsultationFormPage: "to_address", ClinicSettings: "email"}


def remember_enquiry_mail_routing(sender, instance, update_fields=None, **kwargs):
    """pre_save: note the stored value, when this save writes the field."""
    field = ENQUIRY_MAIL_FIELDS[sender]
    if instance.pk is None or (update_fields is not None and field not in update_fields):
        return
    stored = sender.objects.filter(pk=instance.pk).values_list(field, flat=True).first()
    if stored is not None and stored != getattr(instance, field):
        instance._enquiry_mail_was = stored


def log_enquiry_mail_routing(sender, instance, **kwargs):
    """post_save: record a change of where enquiry emails go."""
    if not hasattr(instance, "_enquiry_mail_was"):
        return
    field = ENQUIRY_MAIL_FIELDS[sender]
    log(
        instance,
        ENQUIRY_MAIL_LOG_ACTION,
        data={
            "field": str(sender._meta.get_field(field).verbose_name),
            "old": instance.__dict__.pop("_enquiry_mail_was"),
            "new": getattr(instance, field),
        },
    )
