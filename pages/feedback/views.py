"""POST /feedback/ (yes or no) and /feedback/more/ (the optional comment).

Without JavaScript each step is a form post and a redirect; with it (feedback.js) the same
endpoints answer JSON and the page swaps the form in place. Neither response is cached.

Both endpoints are exempt from CSRF, so the form holds nothing per visitor and the pages
carrying it (treatment, news) can be kept by a CDN (site/caching.py). CSRF protects what a
visitor's session or sign-in allows; these views read neither: an answer is anonymous, so a
forged post does nothing the forger could not do directly, the comment step needs the signed
token only the answer's own response carries, and the rate limit per address still applies.
"""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST
from wagtail.models import Page

from ..enquiries.spam import over_rate_limit
from .forms import CommentForm, HelpfulForm, answer_id, sign_answer
from .models import PageFeedback

FEEDBACK_PAGE_MODELS = ("conditionpage", "treatmentpage", "newsarticlepage")


def wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


def refuse(request, message, status):
    if wants_json(request):
        return JsonResponse({"error": message}, status=status)
    return TemplateResponse(request, "feedback/refused.html", {"message": message}, status=status)


@csrf_exempt
@never_cache
@require_POST
def helpful(request):
    form = HelpfulForm(request.POST)
    page = None
    if form.is_valid():
        page = (
            Page.objects.live()
            .public()
            .filter(id=form.cleaned_data["page"], content_type__model__in=FEEDBACK_PAGE_MODELS)
            .first()
        )
    if page is None:
        return refuse(request, "We could not tell which page this feedback was about.", 400)
    if over_rate_limit(
        request,
        scope="feedback",
        limit=settings.FEEDBACK_RATE_LIMIT_COUNT,
        window=settings.FEEDBACK_RATE_LIMIT_WINDOW,
    ):
        return refuse(
            request,
            "Thank you. We have had a lot of feedback from your connection: please "
            "try again later.",
            429,
        )
    feedback = PageFeedback.objects.create(page=page, helpful=form.cleaned_data["helpful"] == "yes")
    token = sign_answer(feedback)
    if wants_json(request):
        return JsonResponse({"token": token})
    return redirect(reverse("feedback_more") + f"?token={token}")


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def more(request):
    """The optional 'what were you looking for?' step, then thanks."""
    data = request.POST if request.method == "POST" else None
    form = CommentForm(data, initial={"token": request.GET.get("token", "")})
    token = request.POST.get("token") if data else request.GET.get("token", "")
    feedback = PageFeedback.objects.filter(id=answer_id(token)).select_related("page").first()
    if feedback is None:
        return refuse(request, "This feedback form has expired. Thank you all the same.", 400)
    page = feedback.page.specific
    if data is None:
        return TemplateResponse(request, "feedback/more.html", {"form": form, "for_page": page})
    if not form.is_valid():
        if wants_json(request):
            return JsonResponse({"errors": form.errors}, status=400)
        return TemplateResponse(
            request, "feedback/more.html", {"form": form, "for_page": page}, status=400
        )
    if form.cleaned_data["comment"] and not feedback.comment:
        feedback.comment = form.cleaned_data["comment"]
        feedback.save(update_fields=["comment"])
    if wants_json(request):
        return JsonResponse({"saved": True})
    return TemplateResponse(request, "feedback/thanks.html", {"for_page": page})
