"""The blocks a condition page is built from: symptoms, risk factors, treatments, care cards.

Display logic sits on the values (CareCardValue), so templates stay free of if-ladders.
"""

from wagtail import blocks
from wagtail.contrib.typed_table_block.blocks import TypedTableBlock

from ..blocks import (
    ListItemCharBlock,
    NamedRichTextBlock,
    QuoteBlock,
    SectionBlock,
    picture_block,
)
from ..clinic.models import ClinicSettings
from ..enquiries.attribution import booking_link


class SymptomBlock(blocks.StructBlock):
    name = blocks.CharBlock(
        max_length=120, help_text="The symptom in a few words, e.g. 'Pain or swelling in one leg'."
    )
    detail = blocks.TextBlock(
        required=False,
        max_length=400,
        help_text="Optional: what it feels like or where, in plain language.",
    )


class SymptomListBlock(blocks.StructBlock):
    heading = blocks.CharBlock(
        max_length=120, default="Symptoms", help_text="Shown as a level-2 heading."
    )
    intro = blocks.TextBlock(
        required=False, max_length=400, help_text="Optional sentence before the list."
    )
    symptoms = blocks.ListBlock(SymptomBlock(), min_num=1, help_text="One item per symptom.")

    class Meta:
        icon = "list-ul"
        label = "Symptoms"
        description = "A list of symptoms, each with an optional explanation."
        help_text = "List what patients notice, in their words. Urgent signs belong in a care card."
        template = "blocks/symptom_list_block.html"
        preview_value = {
            "heading": "Symptoms of deep vein thrombosis",
            "intro": "DVT often causes no symptoms. When it does, you may notice:",
            "symptoms": [
                {
                    "name": "Pain, swelling and tenderness in one leg",
                    "detail": "Usually in the calf.",
                },
                {"name": "A heavy ache in the affected area", "detail": ""},
                {"name": "Warm skin over the affected area", "detail": ""},
            ],
        }


class RiskFactorBlock(blocks.StructBlock):
    name = blocks.CharBlock(max_length=120, help_text="The risk factor, e.g. 'Obesity'.")
    detail = blocks.TextBlock(
        required=False, max_length=400, help_text="Optional: why it raises the risk."
    )


class RiskFactorListBlock(blocks.StructBlock):
    heading = blocks.CharBlock(
        max_length=120, default="Risk factors", help_text="Shown as a level-2 heading."
    )
    intro = blocks.TextBlock(
        required=False, max_length=600, help_text="Optional sentence before the list."
    )
    risk_factors = blocks.ListBlock(
        RiskFactorBlock(), min_num=1, help_text="One item per risk factor."
    )

    class Meta:
        icon = "clipboard-list"
        label = "Risk factors"
        description = "A list of things that make the condition more likely."
        help_text = "What makes the condition more likely, most common first."
        template = "blocks/risk_factor_list_block.html"
        preview_value = {
            "heading": "Who is more likely to get DVT",
            "intro": "These factors increase the risk:",
            "risk_factors": [
                {"name": "Having had a recent major operation", "detail": ""},
                {"name": "Obesity or being overweight", "detail": ""},
                {"name": "Varicose veins", "detail": ""},
            ],
        }


class TreatmentOptionBlock(blocks.StructBlock):
    name = blocks.CharBlock(
        max_length=120, help_text="The treatment, e.g. 'Compression stockings'."
    )
    description = blocks.TextBlock(
        max_length=1000, help_text="What the treatment is and what it does, in plain language."
    )
    when_considered = blocks.TextBlock(
        required=False,
        max_length=600,
        help_text="Optional: who it suits or when a specialist would suggest it.",
    )
    page = blocks.PageChooserBlock(
        required=False, help_text="Optional: a page with more about this treatment."
    )


class TreatmentOptionsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(
        max_length=120, default="Treatment options", help_text="Shown as a level-2 heading."
    )
    intro = blocks.TextBlock(
        required=False, max_length=600, help_text="Optional sentence before the options."
    )
    treatments = blocks.ListBlock(
        TreatmentOptionBlock(), min_num=1, help_text="One item per treatment option."
    )

    class Meta:
        icon = "pick"
        label = "Treatment options"
        description = "Treatments, each with what it involves and when it is considered."
        help_text = (
            "Every option a specialist may discuss, including doing nothing where that is one."
        )
        template = "blocks/treatment_options_block.html"
        preview_value = {
            "heading": "Treatment options for DVT",
            "intro": "Your specialist will explain which options suit you.",
            "treatments": [
                {
                    "name": "Compression stockings",
                    "description": "Graduated compression stockings reduce the risk of DVT "
                    "and help prevent ankle swelling.",
                    "when_considered": "Often recommended for long journeys.",
                },
                {
                    "name": "Blood thinners",
                    "description": "Anticoagulants such as heparin injections or warfarin "
                    "by mouth stop clots from growing.",
                    "when_considered": "Always on the explicit advice of a doctor.",
                },
            ],
        }


class CareCardValue(blocks.StructValue):
    """The fixed wording for each level, so every care card reads the same way."""

    LEVELS = {
        "non_urgent": {
            "label": "Non-urgent advice",
            "action": "Book an appointment with us or see your GP if:",
        },
        "urgent": {
            "label": "Urgent advice",
            "action": "Ask for an urgent GP appointment or get help from NHS 111 if:",
        },
        "emergency": {
            "label": "Immediate action required",
            "action": "Call 999 or go to A&E now if:",
        },
    }

    @property
    def label(self):
        return self.LEVELS[self["level"]]["label"]

    @property
    def action(self):
        return self.LEVELS[self["level"]]["action"]

    @property
    def is_urgent_or_emergency(self):
        return self["level"] in {"urgent", "emergency"}

    @property
    def css_modifier(self):
        return self["level"].replace("_", "-")


class CareCardBlock(blocks.StructBlock):
    level = blocks.ChoiceBlock(
        choices=[
            ("non_urgent", "Non-urgent: book an appointment or see a GP"),
            ("urgent", "Urgent: NHS 111"),
            ("emergency", "Emergency: call 999"),
        ],
        default="emergency",
        help_text="The wording shown for each level is fixed so patients always see the same advice.",
    )
    symptoms = blocks.ListBlock(
        ListItemCharBlock(max_length=160, label="Symptom"),
        min_num=1,
        help_text="The signs that mean the patient should act, e.g. 'sudden chest pain'.",
    )
    note = blocks.TextBlock(
        required=False,
        max_length=400,
        help_text="Optional extra advice, e.g. what to tell the operator.",
    )

    class Meta:
        icon = "warning"
        label = "Care card (when to get help)"
        description = "Tells patients when to see a GP, call NHS 111 or call 999."
        help_text = "Every condition page needs an urgent or emergency care card before it can be published."
        template = "blocks/care_card_block.html"
        value_class = CareCardValue
        preview_value = {
            "level": "emergency",
            "symptoms": [
                "chest pain",
                "sudden breathlessness",
                "coughing up blood",
            ],
            "note": "These can be signs of a pulmonary embolism, a clot that has reached "
            "the lungs.",
        }


class FaqItemBlock(blocks.StructBlock):
    question = blocks.CharBlock(max_length=200, help_text="Phrase it as a patient would ask it.")
    answer = NamedRichTextBlock(
        features=["bold", "italic", "link", "ol", "ul"], help_text="A short, direct answer."
    )


class FaqBlock(blocks.StructBlock):
    heading = blocks.CharBlock(
        max_length=120,
        default="Frequently asked questions",
        help_text="Shown as a level-2 heading.",
    )
    questions = blocks.ListBlock(
        FaqItemBlock(), min_num=1, help_text="Most-asked first; each answer a few sentences."
    )

    class Meta:
        icon = "help"
        label = "Questions and answers"
        description = "Questions patients often ask, with their answers."
        help_text = "Answer the questions patients ask at consultations; one question per item."
        template = "blocks/faq_block.html"
        preview_value = {
            "heading": "Frequently asked questions",
            "questions": [
                {
                    "question": "Can I fly if I have had a DVT?",
                    "answer": "<p>Ask your specialist. Most people can fly once treatment "
                    "has started, wearing compression stockings.</p>",
                },
                {
                    "question": "Will the clot go away on its own?",
                    "answer": "<p>Many clots are dissolved by the body naturally, but a DVT "
                    "should always be assessed by a doctor.</p>",
                },
            ],
        }


class DataTableBlock(TypedTableBlock):
    text = blocks.CharBlock(label="Text")
    number = blocks.DecimalBlock(label="Number")
    rich_text = NamedRichTextBlock(features=["bold", "italic", "link"], label="Formatted text")

    class Meta:
        icon = "table"
        label = "Table"
        description = "A table with typed columns and a caption, e.g. a comparison of treatments."
        help_text = "Add a caption that says what the table shows; keep tables narrow for phones."
        template = "blocks/data_table_block.html"
        preview_value = {
            "caption": "Compression stocking classes",
            "columns": [
                {"type": "text", "heading": "Class"},
                {"type": "text", "heading": "Pressure at the ankle (mmHg)"},
            ],
            "rows": [
                {"values": ["Class 1", "14 to 17"]},
                {"values": ["Class 2", "18 to 24"]},
                {"values": ["Class 3", "25 to 35"]},
            ],
        }


class ConditionCallToActionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(
        max_length=120, default="Talk to a specialist", help_text="A short invitation."
    )
    text = blocks.TextBlock(required=False, max_length=400, help_text="One or two sentences.")
    button_label = blocks.CharBlock(
        max_length=40,
        default="Book a consultation",
        help_text="A few words: what happens on click.",
    )

    class Meta:
        icon = "link"
        label = "Book a consultation"
        description = (
            "A button to the booking page (set in Clinic settings) that says which "
            "condition the patient was reading about."
        )
        help_text = "The button leads to the booking page set in Clinic settings."
        template = "blocks/condition_call_to_action_block.html"
        preview_value = {
            "heading": "Talk to a DVT specialist",
            "text": "Our consultants see most patients within a week of enquiry.",
            "button_label": "Book a consultation",
        }

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["booking_url"] = booking_url_for(context.get("request"), context.get("page"))
        return context


def booking_url_for(request, page):
    """The booking page's address, carrying the condition's slug so the form can preselect it,
    the page's id and the visit's campaign tags (pages/enquiries/attribution.py)."""
    if request is None:
        return ""
    booking_page = ClinicSettings.for_request(request).booking_page
    if booking_page is None:
        return ""
    return booking_link(booking_page.get_url(request), request, page, getattr(page, "slug", ""))


class ConditionBodyBlock(blocks.StreamBlock):
    """The body of a condition page."""

    section = SectionBlock()
    symptoms = SymptomListBlock()
    risk_factors = RiskFactorListBlock()
    treatments = TreatmentOptionsBlock()
    care_card = CareCardBlock()
    image = picture_block()
    quote = QuoteBlock()
    faq = FaqBlock()
    table = DataTableBlock()
    call_to_action = ConditionCallToActionBlock()
