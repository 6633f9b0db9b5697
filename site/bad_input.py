"""Malformed requests get a 400 that says what is wrong, before a view can turn them into a 500.

- A NUL character in the path or query string: PostgreSQL refuses it in any text value (the
  search-term log, a slug lookup), so it would otherwise surface as a database error.
- A form sent in a character set other than UTF-8: every page here declares UTF-8, so only a
  crafted request does this, and Django would decode its fields as that character set.
Form fields with NUL characters are refused by Django's form fields (a validation message).
"""

from django.http import HttpResponseBadRequest

ACCEPTED_CHARSETS = {"utf-8", "utf8", "us-ascii", "ascii"}
FORM_CONTENT_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data"}


def input_problem(request):
    """What is wrong with the request, in words for the sender, or None."""
    query = request.META.get("QUERY_STRING", "")
    if "\x00" in request.path or "\x00" in query or "%00" in query:
        return "The address contains a NUL character (%00), which is not allowed."
    charset = (getattr(request, "content_params", None) or {}).get("charset")
    if (
        request.content_type in FORM_CONTENT_TYPES
        and charset
        and charset.strip().lower() not in ACCEPTED_CHARSETS
    ):
        return f"Forms must be sent as UTF-8; this one was sent as {charset[:40]!r}."
    return None


class RejectMalformedInputMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        problem = input_problem(request)
        if problem:
            return HttpResponseBadRequest(
                f"Bad request: {problem}\n", content_type="text/plain; charset=utf-8"
            )
        return self.get_response(request)
