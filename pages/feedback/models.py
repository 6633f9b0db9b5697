"""'Was this page helpful?': one row per answer. No personal data: no address, no session, no
user, only the day; the optional comment is stored with obvious emails and phone numbers
removed (forms.scrub)."""

from django.db import models

from ..roles import SEE_PAGE_FEEDBACK_PERMISSION


class PageFeedback(models.Model):
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="feedback")
    helpful = models.BooleanField()
    comment = models.TextField(
        blank=True, help_text="What the visitor was looking for, with emails and phones removed."
    )
    created_on = models.DateField(auto_now_add=True)

    class Meta:
        verbose_name = "page feedback"
        verbose_name_plural = "page feedback"
        ordering = ["-created_on", "-id"]
        permissions = [SEE_PAGE_FEEDBACK_PERMISSION.meta]

    def __str__(self):
        return f"{self.helpful_label} on page {self.page_id}"

    @property
    def helpful_label(self):
        return "Yes" if self.helpful else "No"
