from django.apps import AppConfig
from django.db.models.signals import post_save, pre_save


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = "Clinic pages"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .enquiries.audit import (
            ENQUIRY_MAIL_FIELDS,
            log_enquiry_mail_routing,
            remember_enquiry_mail_routing,
        )

        for model in ENQUIRY_MAIL_FIELDS:
            pre_save.connect(remember_enquiry_mail_routing, sender=model)
            post_save.connect(log_enquiry_mail_routing, sender=model)
