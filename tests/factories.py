"""Factories for the clinic's pages and settings (wagtail-factories / factory_boy)."""

import datetime
import uuid

import factory
import wagtail_factories
from django.utils import timezone
from wagtail.models import Site

from pages.models import (
    ClinicSettings,
    ConditionIndexPage,
    ConditionPage,
    ConsultationFormField,
    ConsultationFormPage,
    ConsultationSubmission,
    HomePage,
    SpecialistIndexPage,
    SpecialistPage,
    StandardPage,
    TreatmentIndexPage,
    TreatmentPage,
)


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Home"
    slug = "home"
    hero_heading = "Specialist vein care"
    intro = "Consultant-led care for conditions of the veins."

    class Meta:
        model = HomePage


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Standard page {n}")
    intro = "A short summary."

    class Meta:
        model = StandardPage


class ClinicSettingsFactory(factory.django.DjangoModelFactory):
    site = factory.LazyFunction(lambda: Site.objects.get(is_default_site=True))
    clinic_name = "Test Vein Clinic"
    phone = "020 7946 0123"
    email = "hello@example.com"
    address = "2 Test Road\nLondon\nW1 1AA"
    opening_hours = "Monday to Friday: 9am to 5pm"
    cqc_number = "1-111111111"
    ico_number = "ZA111111"

    class Meta:
        model = ClinicSettings
        django_get_or_create = ["site"]


class ConditionIndexPageFactory(wagtail_factories.PageFactory):
    title = "Conditions we treat"
    slug = "conditions"
    intro = "Conditions our specialists diagnose and treat."

    class Meta:
        model = ConditionIndexPage


class SpecialistIndexPageFactory(wagtail_factories.PageFactory):
    title = "Our specialists"
    slug = "our-specialists"

    class Meta:
        model = SpecialistIndexPage


class SpecialistPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Specialist {n}")
    honorific = "Ms"
    role = "Consultant vascular surgeon"

    class Meta:
        model = SpecialistPage


def emergency_care_card(*symptoms):
    return (
        "care_card",
        {"level": "emergency", "symptoms": list(symptoms) or ["chest pain"], "note": ""},
    )


class ConditionPageFactory(wagtail_factories.PageFactory):
    """A publishable condition page: it has an emergency care card; pass `reviewed_by`."""

    title = factory.Sequence(lambda n: f"Condition {n}")
    summary = "A short, plain description of the condition."
    body = factory.LazyFunction(lambda: [emergency_care_card("chest pain")])

    class Meta:
        model = ConditionPage


class ConsultationFormPageFactory(wagtail_factories.PageFactory):
    title = "Book a consultation"
    slug = "book-a-consultation"
    intro = "Tell us how to reach you and we will arrange a consultation."

    class Meta:
        model = ConsultationFormPage


class ConsultationFormFieldFactory(factory.django.DjangoModelFactory):
    page = factory.SubFactory(ConsultationFormPageFactory)
    label = factory.Sequence(lambda n: f"Field {n}")
    field_type = "singleline"
    required = True

    class Meta:
        model = ConsultationFormField


class ConsultationSubmissionFactory(factory.django.DjangoModelFactory):
    """A stored request as the form leaves it (no emails queued)."""

    form_data = factory.LazyFunction(lambda: {"name": "Test Patient", "message": "A question."})
    page_title = "Book a consultation"
    reference = factory.Sequence(lambda n: f"CC-T{n:05d}")
    idempotency_key = factory.LazyFunction(uuid.uuid4)
    email = "patient@example.com"
    privacy_consent_text = "I have read and understand the clinic's privacy notice"
    privacy_notice_version = "revision 1"
    consented_at = factory.LazyFunction(timezone.now)
    marketing_consent_text = "I would like to receive occasional news by email."

    class Meta:
        model = ConsultationSubmission

    @classmethod
    def sent_on(cls, day, count, **values):
        """`count` requests sent at noon (London) on `day`, stored in one query (plus one)."""
        sent = datetime.datetime.combine(
            day, datetime.time(12), tzinfo=timezone.get_current_timezone()
        )
        rows = ConsultationSubmission.objects.bulk_create(cls.build_batch(count, **values))
        ConsultationSubmission.objects.filter(pk__in=[row.pk for row in rows]).update(
            submit_time=sent, consented_at=sent
        )


class NewsTopicFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")

    class Meta:
        model = "news.NewsTopic"
        django_get_or_create = ["slug"]


class NewsIndexPageFactory(wagtail_factories.PageFactory):
    title = "Latest News"
    slug = "news"
    show_in_menus = True

    class Meta:
        model = "news.NewsIndexPage"


class NewsArticlePageFactory(wagtail_factories.PageFactory):
    """A live article; pass `topics=[...]` and `related_conditions=[...]` to tag it."""

    title = factory.Sequence(lambda n: f"News article {n}")
    summary = "Advice from our vein specialists."
    author_name = "The clinic team"
    body = [("section", {"heading": "", "body": "<p>What you need to know.</p>"})]

    class Meta:
        model = "news.NewsArticlePage"
        skip_postgeneration_save = True

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if create and extracted:
            self.topics.set(extracted)
            self.save()

    @factory.post_generation
    def related_conditions(self, create, extracted, **kwargs):
        if create and extracted:
            self.related_conditions.set(extracted)
            self.save()


class TreatmentIndexPageFactory(wagtail_factories.PageFactory):
    title = "Treatments"
    slug = "treatments"
    intro = "The treatments our specialists offer."

    class Meta:
        model = TreatmentIndexPage


class TreatmentPageFactory(wagtail_factories.PageFactory):
    """A treatment page with every section filled in; pass `reviewed_by` to publish it."""

    title = factory.Sequence(lambda n: f"Treatment {n}")
    summary = "A short, plain description of the treatment."
    what_it_is = "<p>What the treatment is.</p>"
    who_it_is_for = "<p>Who it suits.</p>"
    how_it_is_done = "<p>A balloon widens the vein and a stent keeps it open.</p>"
    risks = "<p>The risks.</p>"
    recovery = "<p>Recovery.</p>"
    alternatives = "<p>Other options.</p>"

    class Meta:
        model = TreatmentPage
