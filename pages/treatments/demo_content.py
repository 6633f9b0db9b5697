"""The seed's four DVT treatments as treatment pages, in the seed's own words (pages.demo_content
calls build()). Found by slug: a second run changes nothing. Where the seed says nothing (risks,
recovery), the page says so plainly rather than inventing clinical detail.
"""

from datetime import date

from ..conditions.models import ConditionPage
from .models import (
    TreatmentIndexPage,
    TreatmentPage,
    TreatmentPageCondition,
    TreatmentPageSpecialist,
)

SAMPLE_NOTICE = (
    "<p><em>Sample content, written from the seed page: a clinician must complete and review "
    "this page before it goes live.</em></p>"
)
RISKS_NOT_IN_SEED = (
    "<p>Every treatment has risks and possible side effects. Your specialist will explain the "
    "ones that apply to you before you decide.</p>"
)
PLANNING = (
    "<p>Vascular disorders are often complex, so there may be more than one way of managing a "
    "particular condition. When planning a procedure, Mr Franklin discusses all the treatment "
    "options at a multidisciplinary team meeting, so that every perspective is considered "
    "before he recommends a course of action.</p>"
)

# slug, title, also known as, kind, summary, {section field: text}
TREATMENTS = [
    (
        "blood-thinners",
        "Medical blood thinners",
        "anticoagulants",
        TreatmentPage.THERAPY,
        "Medicines such as aspirin, heparin injections or warfarin by mouth, for a few people "
        "at a particularly high risk of DVT.",
        {
            "what_it_is": "<p>Medical blood thinners include aspirin, and anticoagulants such "
            "as heparin injections or warfarin by mouth.</p>",
            "who_it_is_for": "<p>Blood thinners may be advisable for a few people who have "
            "medical conditions with a particularly high risk of DVT.</p>",
            "how_it_is_done": "<p>Heparin is given as injections; warfarin is taken by mouth. "
            "This treatment is always given on the explicit advice of a doctor.</p>",
            "risks": RISKS_NOT_IN_SEED,
            "alternatives": "<p>Graduated compression stockings also reduce the risk of DVT."
            "</p>" + PLANNING + SAMPLE_NOTICE,
        },
    ),
    (
        "compression-stockings",
        "Compression stockings",
        "compression techniques, graduated compression stockings",
        TreatmentPage.THERAPY,
        "Graduated compression stockings reduce the risk of DVT and help to prevent ankle "
        "swelling on long journeys.",
        {
            "what_it_is": "<p>Graduated compression stockings reduce the risk of DVT. They also "
            "help to prevent the ankle swelling which many people experience on long journeys."
            "</p>",
            "who_it_is_for": "<p>There is evidence that wearing below-knee graduated "
            "compression stockings reduces the chance of DVT for people with special risk "
            "factors, such as:</p><ul><li>having had a recent major operation</li><li>obesity "
            "or being overweight</li><li>the contraceptive pill or hormone replacement therapy "
            "(HRT)</li><li>heart disease</li><li>varicose veins</li></ul>"
            "<p>There is no direct evidence that long journeys put people at special risk of "
            "DVT.</p>",
            "how_it_is_done": "<p>The stockings are worn below the knee.</p>",
            "risks": RISKS_NOT_IN_SEED,
            "alternatives": "<p>Blood thinners may be advisable for a few people with a "
            "particularly high risk of DVT, always on the explicit advice of a doctor.</p>"
            + PLANNING
            + SAMPLE_NOTICE,
        },
    ),
    (
        "thrombectomy",
        "Clot removal (thrombectomy)",
        "thrombectomy, clot removal",
        TreatmentPage.PROCEDURE,
        "Physically removing or breaking up a blood clot: a rare operation, normally a last "
        "option.",
        {
            "what_it_is": "<p>Clot removal, also known as thrombectomy, is the process of "
            "physically removing or breaking up blood clots.</p>",
            "who_it_is_for": "<p>Surgery to remove a blood clot is rare. It is only considered "
            "if the blood clot is very large and is blocking a major blood vessel.</p>",
            "risks": RISKS_NOT_IN_SEED,
            "alternatives": "<p>Thrombectomy is normally a last option, when clot-dissolving "
            "drugs or other treatments are not possible or have not worked.</p>"
            + PLANNING
            + SAMPLE_NOTICE,
        },
    ),
    (
        "deep-vein-stenting",
        "Deep vein stenting",
        "venous stenting",
        TreatmentPage.PROCEDURE,
        "Balloons and stents widen deep veins that have been blocked for a long time, and keep "
        "them open.",
        {
            "what_it_is": "<p>Veins that have been blocked for a long time can become scarred "
            "and narrowed. Balloons and stents are used to widen the blocked veins and keep "
            "them open.</p>",
            "who_it_is_for": "<p>A DVT can cause a long-term blockage in the deep veins, or "
            "damage their valves, leading to long-term swelling and sometimes skin problems at "
            "the ankle. Stenting is only suitable for certain cases.</p>",
            "how_it_is_done": "<p>A balloon widens the blocked vein and a stent keeps it open. "
            "The procedure needs careful planning.</p>",
            "risks": RISKS_NOT_IN_SEED,
            "alternatives": PLANNING + SAMPLE_NOTICE,
        },
    ),
]


def three_years_after(day):
    try:
        return day.replace(year=day.year + 3)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 3, day=28)


def ensure_treatment_index(home, stdout):
    index = home.get_children().type(TreatmentIndexPage).specific().first()
    if index:
        return index
    index = TreatmentIndexPage(
        title="Treatments",
        slug="treatments",
        show_in_menus=True,
        intro="The treatments our specialists offer, what they involve and who they suit.",
    )
    home.add_child(instance=index)
    index.save_revision().publish()
    stdout.write("Created 'Treatments'.")
    return index


def build(home, specialist, stdout):
    """The treatments index, the four treatment pages, and the DVT page's links to them."""
    index = ensure_treatment_index(home, stdout)
    dvt = ConditionPage.objects.filter(slug="deep-vein-thrombosis").first()
    pages = []
    for slug, title, aka, kind, summary, sections in TREATMENTS:
        page = index.get_children().filter(slug=slug).specific().first()
        if page is None:
            reviewed = date.today()
            page = TreatmentPage(
                title=title,
                slug=slug,
                also_known_as=aka,
                kind=kind,
                summary=summary,
                reviewed_by=specialist,
                last_reviewed=reviewed,
                next_review_due=three_years_after(reviewed),
                **sections,
            )
            page.specialist_placements.add(TreatmentPageSpecialist(specialist=specialist))
            if dvt:
                page.condition_links.add(TreatmentPageCondition(condition=dvt))
            index.add_child(instance=page)
            page.save_revision().publish()
            stdout.write(f"Created the treatment page '{title}'.")
        pages.append(page)
    if dvt:
        link_dvt_treatment_options(dvt, pages, stdout)
    return index


def link_dvt_treatment_options(dvt, pages, stdout):
    """Point the DVT page's treatment options at the treatment pages, in the seed's order."""
    body = dvt.body
    changed = False
    for child in body:
        if child.block_type != "treatments":
            continue
        for option, page in zip(child.value["treatments"], pages, strict=False):
            if option["page"] is None:
                option["page"] = page
                changed = True
    if changed:
        dvt.body = body
        dvt.save_revision().publish()
        stdout.write("Linked the DVT page's treatment options to the treatment pages.")
