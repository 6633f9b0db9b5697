import hashlib

from django import template
from django.middleware.csrf import get_token
from django.template.loader import get_template
from django.utils.safestring import mark_safe
from wagtail.models import Page

from clinic_site.caching import fill_per_visitor_fields, punch_per_visitor_fields
from clinic_site.templatetags.content_cache_tags import cached_fragment
from pages.clinic.models import ClinicSettings
from pages.enquiries.attribution import attribution_initial, booking_link, campaign_query

register = template.Library()


def find_booking_page(request):
    """The live consultation form chosen in ClinicSettings (fetched with the settings)."""
    if request is None:
        return None
    booking = ClinicSettings.for_request(request).booking_page
    return booking if booking is not None and booking.live else None


@register.simple_tag(takes_context=True)
def consultation_form(context, condition_name=""):
    """The booking form for another page (a condition page), posting to the booking page.

    {% consultation_form condition_name=page.title %}

    Unbound, it is the same for every visitor but for its per-visitor hidden fields (CSRF
    token, start time, idempotency key): it is kept until content changes with those punched
    out, and they are filled in fresh for each visitor, as the page cache does.
    """
    request = context.get("request")
    page = find_booking_page(request)
    if page is None:
        return ""
    host_page = context.get("page")
    host_page_id = getattr(host_page, "pk", None)

    def render():
        initial = attribution_initial(request.GET, host_page_id)
        if page.condition_field_name:
            initial[page.condition_field_name] = condition_name
        form_context = {
            "request": request,
            "form": page.get_form(request=request, initial=initial),
            "form_action": page.get_url(request),
            "embedded": True,
            "condition_name": condition_name,
            # The host page may be rendered without the CSRF context processor's token.
            "csrf_token": get_token(request) if request else context.get("csrf_token"),
        }
        html = get_template("enquiries/consultation_form.html").render(form_context)
        return punch_per_visitor_fields(html)

    # Cache keys stay short and free of spaces whatever the condition's name; the campaign tags
    # the hidden fields carry are in every fragment's key (cached_fragment), the host page here.
    name_key = hashlib.sha256(condition_name.encode()).hexdigest()[:16]
    key = ["consultation-form", page.pk, host_page_id, name_key]
    html = cached_fragment(request, key, render)
    return mark_safe(fill_per_visitor_fields(html, request))  # noqa: S308 - our template's output


@register.simple_tag(takes_context=True)
def booking_url(context, booking_page):
    """The booking page's address from this page, carrying its id and the visit's campaign tags.

    {% booking_url clinic.booking_page %}
    """
    request = context.get("request")
    page = context.get("page")
    source_page = page if isinstance(page, Page) else None
    return booking_link(booking_page.get_url(request), request, source_page)


@register.simple_tag(takes_context=True)
def with_campaign_tags(context, url):
    """`url` carrying the visit's campaign tags: the phone menu page's booking button needs them.

    {% url 'menu' as menu_url %}{% with_campaign_tags menu_url %}
    """
    return url + campaign_query(context.get("request"))


@register.filter
def described_widget(bound_field):
    """Render a field's input tied to its hint and error message (aria-describedby)."""
    ids = []
    if bound_field.help_text:
        ids.append(f"{bound_field.auto_id}_helptext")
    if bound_field.errors:
        ids.append(f"{bound_field.auto_id}_error")
    attrs = {"aria-describedby": " ".join(ids)} if ids else {}
    return bound_field.as_widget(attrs=attrs)
