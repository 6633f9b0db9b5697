"""The two steps of page feedback, and the scrubbing of what a visitor types."""

import re

from django import forms
from django.core import signing

COMMENT_MAX_LENGTH = 500
REMOVED = "[removed]"
ANSWER_SALT = "pages.feedback.answer"
TOKEN_MAX_AGE = 60 * 60  # the comment step stays open for an hour after the yes/no

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# A run of digits with the usual separators; it is removed when it holds 8 or more digits.
DIGIT_RUN = re.compile(r"\+?\d[\d\s().-]{6,}\d")


def scrub(text):
    """The comment with obvious emails and phone numbers (8+ digits) replaced by '[removed]'."""
    text = EMAIL.sub(REMOVED, text)
    return DIGIT_RUN.sub(
        lambda match: REMOVED if sum(ch.isdigit() for ch in match.group()) >= 8 else match.group(),
        text,
    )


def sign_answer(feedback):
    return signing.dumps(feedback.pk, salt=ANSWER_SALT)


def answer_id(token):
    """The PageFeedback id a token names, or None when it is forged or older than an hour."""
    try:
        return signing.loads(token, salt=ANSWER_SALT, max_age=TOKEN_MAX_AGE)
    except (signing.BadSignature, TypeError):
        return None


class HelpfulForm(forms.Form):
    page = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    helpful = forms.ChoiceField(choices=[("yes", "Yes"), ("no", "No")])


class CommentForm(forms.Form):
    token = forms.CharField(max_length=200, widget=forms.HiddenInput)
    comment = forms.CharField(
        label="What were you looking for?",
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_comment(self):
        return scrub(self.cleaned_data["comment"].strip())
