from django import template
from django.middleware.csrf import get_token

from pages.clinic.models import ClinicSettings

register = template.Library()


def find_booking_page(request):
    """The live consultation form chosen in ClinicSettings (fetched with the settings)."""
    if request is None:
        return None
    booking = ClinicSettings.for_request(request).booking_page
    return booking if booking is not None and booking.live else None


@register.inclusion_tag("enquiries/consultation_form.html", takes_context=True)
def consultation_form(context, condition_name=""):
    """The booking form for another page (a condition page), posting to the booking page.

    {% consultation_form condition_name=page.title %}
    """
    request = context.get("request")
    page = find_booking_page(request)
    if page is None:
        return {"form": None}
    initial = {page.condition_field_name: condition_name} if page.condition_field_name else {}
    return {
        "request": request,
        "form": page.get_form(request=request, initial=initial),
        "form_action": page.get_url(request),
        "embedded": True,
        "condition_name": condition_name,
        # The host page may be rendered without the CSRF context processor's token.
        "csrf_token": get_token(request) if request else context.get("csrf_token"),
    }


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
