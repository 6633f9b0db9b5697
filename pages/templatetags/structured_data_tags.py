import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from pages.models import ClinicSettings
from pages.structured_data import medical_clinic

register = template.Library()

# The same escapes as Django's json_script: editor text can never close the script element.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag
def json_ld(data):
    """A <script type="application/ld+json"> element; data, not code, so CSP allows it."""
    if not data:
        return ""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text.translate(JSON_SCRIPT_ESCAPES)),  # noqa: S308 - escaped above
    )


@register.simple_tag(takes_context=True)
def clinic_json_ld(context):
    """The clinic as a MedicalClinic, from ClinicSettings (shown on the home page)."""
    request = context["request"]
    return json_ld(medical_clinic(ClinicSettings.for_request(request), request))
