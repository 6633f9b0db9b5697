"""Where a consultation request comes from, without personal data, cookies or client storage.

A campaign link lands on any public page with `utm_source`, `utm_medium` and `utm_campaign`.
Every link to the booking page on that page (the header button, a condition's booking button)
carries the tags and the page's id (`from`), and a form embedded in the page carries them as
hidden fields; the form page copies them from its own address into hidden fields, which
survive a re-render after an error. The tags are part of the page cache's key
(caching.link_parameter), so a cached page shows each visitor only their own. On sending, the
tags are kept if valid and the page if it is live: the request stores them with the page's title.
No IP address, cookie or third-party script is involved.
"""

import re
from urllib.parse import urlencode

from django import forms
from wagtail.models import Page

from clinic_site.caching import link_parameter

CAMPAIGN_TAGS = ("utm_source", "utm_medium", "utm_campaign")
SOURCE_PAGE_PARAMETER = "from"
# Short, and only characters a campaign tag needs: anything else is dropped, never stored.
CAMPAIGN_TAG_PATTERN = re.compile(r"[A-Za-z0-9._-]{1,50}")
# Hidden fields of the consultation form, rendered by hand, never part of the patient's answers.
ATTRIBUTION_FIELDS = ("source_page", *CAMPAIGN_TAGS)


def clean_campaign_tag(value):
    """The tag if it is short and plain, otherwise ""."""
    value = (value or "").strip()
    return value if CAMPAIGN_TAG_PATTERN.fullmatch(value) else ""


for _tag in CAMPAIGN_TAGS:
    link_parameter(_tag, clean_campaign_tag)


def campaign_tags(query):
    """The valid campaign tags of a query string (a QueryDict), by name."""
    tags = {name: clean_campaign_tag(query.get(name)) for name in CAMPAIGN_TAGS}
    return {name: value for name, value in tags.items() if value}


def campaign_query(request):
    """ "?utm_source=…" with the request's valid campaign tags, or "" when it has none."""
    tags = campaign_tags(request.GET) if request is not None else {}
    return f"?{urlencode(tags)}" if tags else ""


def booking_link(url, request, source_page=None, condition_slug=""):
    """The booking page's `url`, carrying the condition, the page it is on and the campaign."""
    query = {"condition": condition_slug} if condition_slug else {}
    if source_page is not None and source_page.pk:
        query[SOURCE_PAGE_PARAMETER] = source_page.pk
    if request is not None:
        query.update(campaign_tags(request.GET))
    return f"{url}?{urlencode(query)}" if query else url


def attribution_initial(query, source_page_id):
    """Initial values of the hidden fields: the campaign tags of `query` and the source page."""
    return {"source_page": source_page_id, **campaign_tags(query)}


def source_page_from(query, default):
    """The page id a booking link names (`from`), or `default` (the form page itself)."""
    value = query.get(SOURCE_PAGE_PARAMETER, "")
    return int(value) if value.isdigit() and len(value) < 10 else default


class CampaignTagField(forms.CharField):
    """A hidden tag: an invalid value is dropped, never shown to the patient as an error."""

    widget = forms.HiddenInput

    def __init__(self):
        super().__init__(required=False)

    def clean(self, value):
        return clean_campaign_tag(value)


class SourcePageField(forms.CharField):
    """A hidden page id, checked on sending: only a live page counts (anything else is dropped)."""

    widget = forms.HiddenInput

    def __init__(self):
        super().__init__(required=False)

    def clean(self, value):
        value = (value or "").strip()
        if not value.isdigit() or len(value) > 9:
            return None
        return Page.objects.live().filter(pk=int(value)).only("id", "title").first()


def attribution_fields():
    return {"source_page": SourcePageField(), **{tag: CampaignTagField() for tag in CAMPAIGN_TAGS}}


def attribution_record(cleaned_data):
    """The columns a request stores about where it came from."""
    page = cleaned_data.get("source_page")
    return {
        "source_page": page,
        "source_page_title": page.title if page else "",
        **{tag: cleaned_data.get(tag, "") for tag in CAMPAIGN_TAGS},
    }
