"""Block primitives shared by every page type, and the body of home and standard pages.

Every block has an icon, a one-line description and a realistic preview value, so the
admin's block picker doubles as the component catalogue. Blocks used by one domain live with
it (condition blocks in pages/conditions/blocks.py).
"""

from django.utils.functional import cached_property
from wagtail import blocks
from wagtail.images.blocks import ImageBlock

HEADING_LEVELS = [("h2", "Heading 2"), ("h3", "Heading 3"), ("h4", "Heading 4")]
BODY_RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul", "h3", "h4"]


class NamedRichTextBlock(blocks.RichTextBlock):
    """Rich text whose editor a screen reader announces by the block's label.

    Inside a StreamField Wagtail's rich text editor (Draftail) is a bare text box with no
    accessible name; Draftail takes one as its `ariaLabel` option.
    """

    @cached_property
    def field(self):
        field = super().field
        field.widget.options["ariaLabel"] = str(self.label)
        return field


class ListItemCharBlock(blocks.CharBlock):
    """A line of text as the item of a ListBlock, announced by its label.

    Wagtail shows a list's items without their label, so the input carries it as aria-label.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)  # CharBlock makes its form field here
        self.field.widget.attrs["aria-label"] = str(self.label)

    def set_name(self, name):
        super().set_name(name)
        self.field.widget.attrs["aria-label"] = str(self.label)


def picture_block():
    """Wagtail's ImageBlock (alt text, or marked decorative), as every body stream uses it."""
    return ImageBlock(
        icon="image",
        label="Image",
        description="A picture with alt text, or marked as decorative.",
        help_text="Describe what the picture shows in the alt text, or mark it decorative.",
        template="blocks/image_block.html",
    )


class SectionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(
        required=False,
        max_length=120,
        help_text="Optional heading for this section, shown as a level-2 heading.",
    )
    body = NamedRichTextBlock(
        features=BODY_RICH_TEXT_FEATURES,
        help_text="The section's text. Use short paragraphs and plain language.",
    )

    class Meta:
        icon = "doc-full"
        label = "Text section"
        description = "A heading followed by formatted text."
        help_text = "Use for ordinary text. Keep to one subject per section."
        template = "blocks/section_block.html"
        preview_value = {
            "heading": "What is deep vein thrombosis?",
            "body": "<p>Deep vein thrombosis (DVT) is a blood clot that develops within a deep "
            "vein in the body, usually in the leg.</p>",
        }


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(max_length=600, help_text="The words quoted, without quote marks.")
    attribution = blocks.CharBlock(
        required=False, max_length=120, help_text="Who said it, for example a patient's initials."
    )

    class Meta:
        icon = "openquote"
        label = "Quote"
        description = "A short quotation with its source."
        help_text = "Quote patients only with their written consent; initials are enough."
        template = "blocks/quote_block.html"
        preview_value = {
            "quote": "Everything was explained clearly and I knew what would happen at each step.",
            "attribution": "A patient, 2026",
        }


class CallToActionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(
        max_length=120, help_text="A short invitation, e.g. 'Book a consultation'."
    )
    text = blocks.TextBlock(required=False, max_length=400, help_text="One or two sentences.")
    page = blocks.PageChooserBlock(help_text="The page the button leads to.")
    button_label = blocks.CharBlock(
        max_length=40,
        default="Book a consultation",
        help_text="A few words: what happens on click.",
    )

    class Meta:
        icon = "link"
        label = "Call to action"
        description = "A highlighted box with one button linking to a page."
        help_text = "Use once, near the end of the page, for the one thing readers should do next."
        template = "blocks/call_to_action_block.html"
        preview_value = {
            "heading": "Talk to a specialist",
            "text": "Our consultants see patients within a week of enquiry.",
            "button_label": "Book a consultation",
        }


class FeatureBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=80, help_text="A short reason, e.g. 'Consultant-led care'.")
    text = blocks.TextBlock(max_length=400, help_text="One or two sentences that explain it.")


class FeatureListBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, help_text="For example 'Why choose us'.")
    features = blocks.ListBlock(
        FeatureBlock(), min_num=1, help_text="Two to six reasons work best."
    )

    class Meta:
        icon = "list-ul"
        label = "Feature list"
        description = "A heading with a short list of reasons or highlights."
        help_text = "Short points that scan quickly; each one a reason or highlight."
        template = "blocks/feature_list_block.html"
        preview_value = {
            "heading": "Why choose us",
            "features": [
                {"title": "Consultant-led care", "text": "You see the same specialist throughout."},
                {"title": "Quick appointments", "text": "Consultations usually within a week."},
            ],
        }


class StandardBodyBlock(blocks.StreamBlock):
    """The body of home and standard pages."""

    section = SectionBlock()
    image = picture_block()
    quote = QuoteBlock()
    features = FeatureListBlock()
    call_to_action = CallToActionBlock()
