"""Every field editors fill in explains itself: page fields, inline fields, settings, every block."""

import pytest
from django.apps import apps
from modelcluster.fields import ParentalKey
from wagtail import blocks
from wagtail.contrib.forms.models import AbstractFormField
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.fields import StreamField
from wagtail.images.blocks import ImageBlock
from wagtail.models import Orderable, Page, get_page_models

# Wagtail's own fields and blocks come with Wagtail's own labels and help.
WAGTAIL_FIELDS = (
    {field.name for field in Page._meta.get_fields()}
    | {field.name for field in AbstractFormField._meta.get_fields()}
    | {"site", "sort_order", "page", "id"}
)
WAGTAIL_BLOCK_CLASSES = (ImageBlock,)
# Self-explanatory: the related page's title says it all.
ALLOW_LIST = {"ConditionPageRelatedCondition.related"}


def editor_models():
    project = [model for model in get_page_models() if model is not Page]
    inline = [
        model
        for model in apps.get_models()
        if issubclass(model, Orderable)
        and any(isinstance(field, ParentalKey) for field in model._meta.get_fields())
        and model._meta.app_label in {"pages", "news"}
    ]
    settings = [model for model in apps.get_models() if issubclass(model, BaseSiteSetting)]
    snippets = [apps.get_model("news", "NewsTopic")]
    return project + inline + settings + snippets


def editable_fields(model):
    for field in model._meta.get_fields():
        if field.auto_created or not getattr(field, "editable", False) or not field.concrete:
            continue
        if field.name in WAGTAIL_FIELDS or f"{model.__name__}.{field.name}" in ALLOW_LIST:
            continue
        yield field


def block_help_text(block):
    if isinstance(block, blocks.FieldBlock):
        return getattr(block.meta, "help_text", None) or block.field.help_text
    return getattr(block.meta, "help_text", None)


def blocks_missing_help(block, path):
    if isinstance(block, WAGTAIL_BLOCK_CLASSES):
        return []
    missing = []
    if isinstance(block, (blocks.StructBlock, blocks.StreamBlock)):
        for name, child in block.child_blocks.items():
            child_path = f"{path}.{name}"
            if not isinstance(child, blocks.StreamBlock) and not block_help_text(child):
                missing.append(child_path)
            missing += blocks_missing_help(child, child_path)
    elif isinstance(block, blocks.ListBlock):
        missing += blocks_missing_help(block.child_block, f"{path}[]")
    return missing


@pytest.mark.parametrize("model", editor_models(), ids=lambda model: model.__name__)
def test_every_field_and_block_has_help_text(model):
    missing = []
    for field in editable_fields(model):
        if not field.help_text:
            missing.append(f"{model.__name__}.{field.name}")
        if isinstance(field, StreamField):
            missing += blocks_missing_help(field.stream_block, f"{model.__name__}.{field.name}")
    assert not missing, "Add help_text to: " + ", ".join(missing)


def test_the_walk_reaches_into_lists_and_structs():
    class Example(blocks.StructBlock):
        items = blocks.ListBlock(blocks.StructBlock([("name", blocks.CharBlock())]), help_text="x")

    assert blocks_missing_help(Example(), "example") == ["example.items[].name"]


def unannounced_inputs(block, path):
    """Inputs Wagtail renders with no label a screen reader announces: list items of plain
    fields and rich text editors inside streams."""
    found = []
    if isinstance(block, blocks.RichTextBlock):
        if not block.field.widget.options.get("ariaLabel"):
            found.append(path)
    elif isinstance(block, blocks.ListBlock):
        child = block.child_block
        if isinstance(child, blocks.FieldBlock) and not isinstance(child, blocks.RichTextBlock):
            if not child.field.widget.attrs.get("aria-label"):
                found.append(f"{path}[]")
        else:
            found += unannounced_inputs(child, f"{path}[]")
    elif isinstance(block, (blocks.StructBlock, blocks.StreamBlock)):
        for name, child in block.child_blocks.items():
            found += unannounced_inputs(child, f"{path}.{name}")
    return found


@pytest.mark.parametrize("model", editor_models(), ids=lambda model: model.__name__)
def test_every_list_item_and_rich_text_block_is_announced_by_its_label(model):
    missing = []
    for field in editable_fields(model):
        if isinstance(field, StreamField):
            missing += unannounced_inputs(field.stream_block, f"{model.__name__}.{field.name}")
    assert not missing, "Use ListItemCharBlock / NamedRichTextBlock for: " + ", ".join(missing)


@pytest.mark.parametrize("model", editor_models(), ids=lambda model: model.__name__)
def test_every_rich_text_field_is_announced_by_its_label(model):
    from wagtail.fields import RichTextField

    rich_text = [f.name for f in editable_fields(model) if isinstance(f, RichTextField)]
    if not rich_text:
        return
    form_class = model.get_edit_handler().get_form_class()
    unnamed = [
        name
        for name in rich_text
        if not form_class.base_fields[name].widget.options.get("ariaLabel")
    ]
    assert not unnamed, "Use NamedRichTextPanel for: " + ", ".join(unnamed)
