"""Demo content taken from the seed page (../shared/seed/). Used by `manage.py seed_demo`.

Pages are found by slug, so a second run finds everything in place and changes nothing.
Contact details are fictional (Ofcom's drama-range phone number, example.com email).
"""

from wagtail.models import Page, Site

from .models import (
    ClinicSettings,
    ConsultationFormField,
    ConsultationFormPage,
    HomePage,
    StandardPage,
)

SAMPLE_NOTICE = (
    "<p><em>Sample content: replace this page with your clinic's own text before going live."
    "</em></p>"
)


def publish_child(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def child_by_slug(parent, slug):
    return parent.get_children().filter(slug=slug).specific().first()


def ensure_home_page(stdout):
    home = HomePage.objects.first()
    if home:
        return home
    root = Page.get_first_root_node()
    # Wagtail's installer leaves a plain "Welcome to Wagtail" page at /home/; replace it.
    for placeholder in root.get_children().filter(content_type__model="page"):
        placeholder.delete()
    features = [{"title": title, "text": text} for title, text in WHY_CHOOSE_US_FEATURES]
    home = HomePage(
        title="Home",
        slug="home",
        seo_title="Specialist vein and vascular care in London",
        search_description=(
            "Consultant-led diagnosis and treatment of deep vein thrombosis, varicose veins "
            "and other vascular conditions."
        ),
        hero_heading="Specialist vein and vascular care in London",
        intro=(
            "Our vascular clinic is led by consultant vascular surgeons. We diagnose and treat "
            "deep vein thrombosis, varicose veins and other conditions of the veins and arteries."
        ),
        body=[("features", {"heading": "Why choose us", "features": features})],
    )
    root.add_child(instance=home)
    home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
    else:
        site.root_page = home
        site.site_name = "Vein clinic (demo)"
        site.save()
    stdout.write("Created the home page.")
    return home


WHY_CHOOSE_US_FEATURES = [
    (
        "Consultant-led from start to finish",
        "You are seen, treated and followed up by the same consultant vascular surgeon.",
    ),
    (
        "Every option considered",
        "Complex cases are discussed at a multidisciplinary team meeting before we recommend "
        "a course of action.",
    ),
    (
        "Prompt appointments",
        "Most patients have a consultation within a week of getting in touch.",
    ),
    (
        "Clear information",
        "We explain your diagnosis, your options and their risks in plain language, in writing.",
    ),
]


def ensure_why_choose_us(home, stdout):
    if child_by_slug(home, "why-choose-us"):
        return
    features = [{"title": title, "text": text} for title, text in WHY_CHOOSE_US_FEATURES]
    publish_child(
        home,
        StandardPage(
            title="Why choose us",
            slug="why-choose-us",
            show_in_menus=True,
            intro="Specialist care for conditions of the veins, led by consultants.",
            body=[
                ("features", {"heading": "What our patients can expect", "features": features}),
                ("section", {"heading": "", "body": SAMPLE_NOTICE}),
            ],
        ),
    )
    stdout.write("Created 'Why choose us'.")


PRIVACY_NOTICE_BODY = (
    SAMPLE_NOTICE
    + "<p>This notice explains what we do with the personal information you give us when you "
    "ask for a consultation, including information about your health.</p>"
    "<h3>What we collect</h3><p>Your name and contact details, the condition you are asking "
    "about and anything you choose to tell us in your message.</p>"
    "<h3>Why we use it</h3><p>To reply to your enquiry and arrange your care. Information about "
    "your health is special category data; we use it only to provide or arrange healthcare.</p>"
    "<h3>How long we keep it</h3><p>Enquiries that do not lead to an appointment are deleted "
    "after 12 months.</p>"
    "<h3>Your rights</h3><p>You can ask for a copy of your information, ask us to correct or "
    "delete it, and complain to the Information Commissioner's Office.</p>"
)


def ensure_privacy_notice(home, stdout):
    page = child_by_slug(home, "privacy-notice")
    if page:
        return page
    page = publish_child(
        home,
        StandardPage(
            title="Privacy notice",
            slug="privacy-notice",
            intro="How we look after the information you give us.",
            body=[("section", {"heading": "Your information", "body": PRIVACY_NOTICE_BODY})],
        ),
    )
    stdout.write("Created the privacy notice.")
    return page


def ensure_clinic_settings(home, privacy_notice):
    site = Site.objects.get(root_page=home)
    clinic, created = ClinicSettings.objects.get_or_create(
        site=site,
        defaults={
            "clinic_name": "Kensington Vein Clinic",
            "phone": "020 7946 0000",
            "email": "enquiries@example.com",
            "address": "1 Example Street\nLondon\nSW3 0AA",
            "opening_hours": "Monday to Friday: 8am to 7pm\nSaturday: 9am to 1pm",
            "cqc_number": "1-000000000",
            "ico_number": "ZA000000",
            "privacy_notice_page": privacy_notice,
        },
    )
    return clinic


def build(home_page, stdout):
    home = ensure_home_page(stdout)
    ensure_why_choose_us(home, stdout)
    privacy_notice = ensure_privacy_notice(home, stdout)
    ensure_clinic_settings(home, privacy_notice)
    ensure_booking_page(home, stdout)
    return home


# (label, field type, required, choices, help text): the booking form as the seed page has it.
CONSULTATION_FIELDS = [
    ("Name", "singleline", True, "", ""),
    ("Email", "email", True, "", "We will send your reference number here."),
    ("Phone", "tel", True, "", "A UK number we can call you back on."),
    ("Preferred contact method", "radio", True, "Phone\nEmail", ""),
    ("Condition of interest", "condition", False, "", "For example, deep vein thrombosis."),
    (
        "Message",
        "multiline",
        False,
        "",
        "Anything you would like the specialist to know. Up to 2,000 characters.",
    ),
]


def consultation_form_fields():
    return [
        ConsultationFormField(
            label=label, field_type=field_type, required=required, choices=choices, help_text=hint
        )
        for label, field_type, required, choices, hint in CONSULTATION_FIELDS
    ]


def ensure_booking_page(home, stdout):
    page = child_by_slug(home, "book-a-consultation")
    if page is None:
        page = ConsultationFormPage(
            title="Book a consultation",
            slug="book-a-consultation",
            intro=(
                "Tell us how to reach you and what you would like to discuss. A member of our "
                "patient team will contact you within one working day."
            ),
            form_fields=consultation_form_fields(),
        )
        publish_child(home, page)
        stdout.write("Created the booking page.")
    clinic = ClinicSettings.objects.get(site__root_page=home)
    if clinic.booking_page_id is None:
        clinic.booking_page = page
        clinic.save(update_fields=["booking_page"])
    if home.hero_cta_page_id is None:
        home.hero_cta_page = page
        home.save_revision().publish()
    return page
