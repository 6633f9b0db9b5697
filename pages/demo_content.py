"""Demo content taken from the seed page (../shared/seed/). Used by `manage.py seed_demo`.

Pages are found by slug, so a second run finds everything in place and changes nothing.
Contact details are fictional (Ofcom's drama-range phone number, example.com email).
"""

from datetime import date

from django.apps import apps as django_apps
from wagtail.models import Page, Site

from . import demo_images
from .models import (
    ClinicSettings,
    ConditionIndexPage,
    ConditionPage,
    ConditionPageSpecialist,
    ConsultationFormField,
    ConsultationFormPage,
    HomePage,
    SpecialistIndexPage,
    SpecialistPage,
    StandardPage,
)
from .roles import ensure_clinical_review_workflow, ensure_roles
from .treatments import demo_content as treatments_demo

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
        hero_image=demo_images.ensure_image(
            "Home: calm water", "", demo_images.home_hero, "home-hero.jpg"
        ),
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
    build_conditions_and_specialists(home, stdout)
    ensure_booking_page(home, stdout)
    # The migrations made these before any page existed: now they can use the home page and
    # the conditions index (and a flushed database gets them back).
    ensure_roles(django_apps)
    ensure_clinical_review_workflow(django_apps)
    return home


# Conditions and specialists (issue 3) --------------------------------------------------------

SPECIALIST_SAMPLE_NOTICE = (
    "<p><em>Sample content: replace this profile with the specialist's own before going live. "
    "The GMC reference number is left blank on purpose: add the specialist's real number, as "
    "shown on the General Medical Council's register.</em></p>"
)


def ensure_index_page(home, model, slug, title, intro, stdout):
    page = child_by_slug(home, slug)
    if page:
        return page
    page = publish_child(home, model(title=title, slug=slug, show_in_menus=True, intro=intro))
    stdout.write(f"Created '{title}'.")
    return page


def ensure_lead_specialist(specialist_index, stdout):
    page = child_by_slug(specialist_index, "ian-franklin")
    if page:
        return page
    page = publish_child(
        specialist_index,
        SpecialistPage(
            title="Ian Franklin",
            slug="ian-franklin",
            honorific="Mr",
            role="Consultant vascular surgeon",
            photo=demo_images.ensure_image(
                "Mr Ian Franklin (illustration)",
                "An illustrated portrait of Mr Ian Franklin",
                demo_images.illustrated_portrait,
                "ian-franklin-illustration.jpg",
            ),
            specialties="Vascular surgery\nEndovascular surgery\nDeep vein thrombosis",
            biography=(
                "<p>Mr Ian Franklin leads our vascular (vein) clinic in London. He is a "
                "consultant vascular surgeon and a leading specialist in vascular and "
                "endovascular surgery.</p>"
                "<p>He discusses complex cases at a multidisciplinary team meeting, so that "
                "every perspective is considered before he recommends a course of action.</p>"
                + SPECIALIST_SAMPLE_NOTICE
            ),
        ),
    )
    stdout.write("Created the lead specialist's profile.")
    return page


DVT_SYMPTOMS = [
    (
        "Pain, swelling and tenderness in one leg",
        "Usually in the calf. DVT usually, although not always, affects only one leg.",
    ),
    ("A heavy ache in the affected area", ""),
    (
        "Warm skin over the affected area",
        "Particularly at the back of the leg, below the knee.",
    ),
    ("Pain that is worse when you bend your foot upward towards your knee", ""),
]
# The seed lists "Varicose veins" twice (once run into "Heart disease"): listed once here.
DVT_RISK_FACTORS = [
    "Having had a recent major operation",
    "Obesity or being overweight",
    "The contraceptive pill or hormone replacement therapy (HRT)",
    "Heart disease",
    "Varicose veins",
]
DVT_TREATMENTS = [
    (
        "Medical blood thinners",
        "Blood thinners such as aspirin, or anticoagulants such as heparin injections or "
        "warfarin by mouth.",
        "May be advisable for people who have medical conditions with a particularly high risk "
        "of DVT. This treatment is always given on the explicit advice of a doctor.",
    ),
    (
        "Compression techniques",
        "Graduated compression stockings reduce the risk of DVT. They also help to prevent the "
        "ankle swelling which many people experience on long journeys.",
        "",
    ),
    (
        "Clot removal (thrombectomy)",
        "Physically removing or breaking up blood clots. Surgery to remove a blood clot is rare.",
        "Only if the clot is very large and is blocking a major blood vessel. It is normally a "
        "last option, when clot-dissolving drugs or other treatments are not possible or have "
        "not worked.",
    ),
    (
        "Deep vein stenting",
        "Veins that have been blocked for a long time can become scarred and narrowed. Balloons "
        "and stents are used to widen the blocked veins and keep them open.",
        "Only suitable for certain cases, and it needs careful planning.",
    ),
]


def dvt_body():
    veins = demo_images.ensure_image(
        "DVT: the deep veins (illustration)",
        "Illustration: the deep veins branch out like a tree as they run up through the leg.",
        demo_images.veins_illustration,
        "deep-veins-illustration.jpg",
    )
    return [
        (
            "section",
            {
                "heading": "What is deep vein thrombosis?",
                "body": "<p>Deep vein thrombosis (DVT) is a blood clot that develops within a "
                "deep vein in the body, usually in the leg, in the larger vein that runs through "
                "the muscles of the calf and the thigh.</p>"
                "<p>DVT can cause swelling and pain in the leg, but often causes no symptoms at "
                "all. A DVT may settle completely, as the body dissolves the clot naturally.</p>",
            },
        ),
        (
            "image",
            {"image": veins, "alt_text": veins.description, "decorative": False},
        ),
        (
            "section",
            {
                "heading": "Pulmonary embolism and venous thromboembolism (VTE)",
                "body": "<p>If a DVT extends up the deep veins, part of it can break away and be "
                "carried through the main veins and the heart to lodge in the lungs. This is "
                "called a pulmonary embolism.</p>"
                "<p>Small pulmonary emboli may cause chest pain, and sometimes coughing up blood. "
                "Multiple or larger pulmonary emboli may cause breathlessness. A large pulmonary "
                "embolus that blocks the main blood vessels to the lungs can be fatal.</p>"
                "<p>The clot can also cause a long-term blockage in the deep veins, or damage "
                "their valves, leading to long-term swelling and sometimes skin problems at the "
                "ankle.</p>"
                "<p>DVT and pulmonary embolism together are known as venous thromboembolism "
                "(VTE).</p>",
            },
        ),
        (
            "care_card",
            {
                "level": "emergency",
                "symptoms": ["chest pain", "breathlessness", "coughing up blood"],
                "note": "These can be signs of a pulmonary embolism: a clot that has travelled "
                "to the lungs.",
            },
        ),
        (
            "symptoms",
            {
                "heading": "Symptoms of deep vein thrombosis",
                "intro": "DVT often causes no symptoms. When it does, they include:",
                "symptoms": [{"name": name, "detail": detail} for name, detail in DVT_SYMPTOMS],
            },
        ),
        (
            "care_card",
            {
                "level": "urgent",
                "symptoms": [
                    "you have pain, swelling and tenderness in one leg",
                    "the skin over the painful area is warm",
                ],
                "note": "",
            },
        ),
        (
            "risk_factors",
            {
                "heading": "Who is more likely to get DVT",
                "intro": "There is no direct evidence that long journeys put people at special "
                "risk of DVT, but evidence from surgical operations shows that these factors "
                "increase the risk. For people with these risk factors, wearing below-knee "
                "graduated compression stockings reduces the chance of DVT.",
                "risk_factors": [{"name": name, "detail": ""} for name in DVT_RISK_FACTORS],
            },
        ),
        (
            "treatments",
            {
                "heading": "Treatment options for DVT",
                "intro": "Your specialist will explain which of these suit you.",
                "treatments": [
                    {"name": name, "description": description, "when_considered": when}
                    for name, description, when in DVT_TREATMENTS
                ],
            },
        ),
        (
            "section",
            {
                "heading": "How we plan your treatment",
                "body": "<p>Our vascular (vein) clinic in London is led by Mr Ian Franklin, a "
                "consultant vascular surgeon and a leading specialist in vascular and "
                "endovascular surgery.</p>"
                "<p>Vascular disorders are often complex, so there may be more than one way of "
                "managing a particular condition. When planning a procedure, Mr Franklin "
                "discusses all the treatment options at a multidisciplinary team meeting, so "
                "that every perspective is considered before he recommends a course of action."
                "</p>",
            },
        ),
        (
            "call_to_action",
            {
                "heading": "Talk to a deep vein thrombosis specialist",
                "text": "Ask for a consultation and we will arrange an appointment with our "
                "specialist.",
                "button_label": "Book a consultation",
            },
        ),
        ("section", {"heading": "", "body": SAMPLE_NOTICE}),
    ]


def three_years_after(day):
    try:
        return day.replace(year=day.year + 3)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 3, day=28)


def ensure_dvt_page(condition_index, specialist, stdout):
    page = child_by_slug(condition_index, "deep-vein-thrombosis")
    if page:
        return page
    reviewed = date.today()
    page = ConditionPage(
        title="Deep vein thrombosis",
        slug="deep-vein-thrombosis",
        summary="A blood clot in a deep vein, usually in the leg. It can cause pain and "
        "swelling, and part of the clot can travel to the lungs.",
        also_known_as="DVT",
        body=dvt_body(),
        reviewed_by=specialist,
        last_reviewed=reviewed,
        next_review_due=three_years_after(reviewed),
    )
    page.specialist_placements.add(ConditionPageSpecialist(specialist=specialist))
    publish_child(condition_index, page)
    stdout.write("Created the deep vein thrombosis page.")
    return page


def build_conditions_and_specialists(home, stdout):
    condition_index = ensure_index_page(
        home,
        ConditionIndexPage,
        "conditions",
        "Conditions we treat",
        "Information about the vein and vascular conditions our specialists diagnose and treat.",
        stdout,
    )
    specialist_index = ensure_index_page(
        home,
        SpecialistIndexPage,
        "our-specialists",
        "Our specialists",
        "Our clinic is led by consultant vascular surgeons.",
        stdout,
    )
    specialist = ensure_lead_specialist(specialist_index, stdout)
    ensure_dvt_page(condition_index, specialist, stdout)
    treatments_demo.build(home, specialist, stdout)


# Consultation requests (issue 5) -------------------------------------------------------------

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
                "patient team will contact you to arrange your consultation."
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
