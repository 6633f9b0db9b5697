"""Admin panels shared by the page types."""

from wagtail.admin.panels import FieldPanel


class NamedRichTextPanel(FieldPanel):
    """A RichTextField whose editor a screen reader announces by the field's label.

    Wagtail's rich text editor (Draftail) is a text box of its own with no accessible name;
    the field's <label> points at a hidden input. Draftail takes a name as its `ariaLabel`
    option (as NamedRichTextBlock does for blocks). The widget is made with the form, once
    the rich text features are registered.
    """

    def get_form_options(self):
        options = super().get_form_options()
        field = self.db_field
        widget = field.formfield().widget  # the editor Wagtail would make, with its features
        widget.options["ariaLabel"] = str(self.heading or field.verbose_name).capitalize()
        options.setdefault("widgets", {})[self.field_name] = widget
        return options
