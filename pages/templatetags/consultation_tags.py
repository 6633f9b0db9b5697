from django import template
from wagtail.models import Page

from pages.clinic.models import ClinicSettings
from pages.enquiries.attribution import booking_link, campaign_query

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
    """
    request = context.get("request")
    page = find_booking_page(request)
    if page is None:
        return ""
    host_page_id = getattr(context.get("page"), "pk", None)
    return page.empty_form_html(request, host_page_id, condition_name, embedded=True)


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
