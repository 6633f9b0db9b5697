"""The patient-facing side of the consultation form: what happens when it is sent."""

import logging

from django.conf import settings
from django.db import transaction
from django.template.response import TemplateResponse
from django.utils import timezone

from .models.consultation import ConsultationSubmission, privacy_notice_version
from .spam import over_rate_limit, seconds_since_started, sign_started_at
from .tasks import enqueue_enquiry_emails

# Only events and references are logged here: never anything a patient typed.
logger = logging.getLogger(__name__)

SEND_AGAIN = "Please check your details and press “Send request” again."


def handle_consultation_post(page, request):
    form = page.get_form(request.POST, request=request)
    if form.honeypot_filled:
        logger.info("Consultation request refused: honeypot field filled.")
        context = page.get_context(request)
        return TemplateResponse(
            request, "pages/consultation_form_page_refused.html", context, status=400
        )
    if not form.is_valid():
        return page.render_form(request, form)

    already_stored = ConsultationSubmission.find_resent(
        form.cleaned_data["idempotency_key"], patient_answers(form)
    )
    if already_stored:
        return page.redirect_to_thank_you(request, already_stored)

    elapsed = seconds_since_started(form.cleaned_data["started"])
    if elapsed is None or elapsed < settings.ENQUIRY_MIN_FILL_SECONDS:
        if elapsed is None:  # missing or a day old: start the clock again
            form.data = form.data.copy()
            form.data["started"] = sign_started_at()
        form.add_error(None, SEND_AGAIN)
        return page.render_form(request, form)

    if over_rate_limit(request):
        logger.warning("Consultation request refused: rate limit reached.")
        clinic = form.clinic_settings
        phone = f" on {clinic.phone}" if clinic and clinic.phone else ""
        form.add_error(
            None,
            "We could not send your request: we have received several from your connection "
            f"in a short time. Please call us{phone}, or try again later.",
        )
        response = page.render_form(request, form, status=429)
        response["Retry-After"] = str(settings.ENQUIRY_RATE_LIMIT_WINDOW)
        return response

    submission, created = store_submission(page, form)
    if created:
        logger.info("Consultation request %s stored.", submission.reference)
        transaction.on_commit(lambda: enqueue_enquiry_emails(submission.pk))
    return page.redirect_to_thank_you(request, submission)


def patient_answers(form):
    return {field.name: form.cleaned_data.get(field.name) for field in form.patient_fields()}


def store_submission(page, form):
    cleaned = form.cleaned_data
    email_fields = [f.clean_name for f in page.get_form_fields() if f.field_type == "email"]
    email = next((cleaned[name] for name in email_fields if cleaned.get(name)), "")
    condition = cleaned.get(page.condition_field_name, "") if page.condition_field_name else ""
    notice = form.privacy_notice_page
    return ConsultationSubmission.store(
        form_data=patient_answers(form),
        page=page,
        page_title=page.title,
        idempotency_key=cleaned["idempotency_key"],
        email=email.lower(),
        condition=condition or "",
        privacy_consent_text=form.privacy_consent_text,
        privacy_notice_url=(notice.full_url or "") if notice else "",
        privacy_notice_version=privacy_notice_version(notice),
        consented_at=timezone.now(),
        marketing_opt_in=cleaned["marketing_opt_in"],
        marketing_consent_text=form.marketing_consent_text,
    )
