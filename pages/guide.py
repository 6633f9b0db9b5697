"""The editors' guide (docs/editors-guide.md), served in the admin under Help.

One source: the same Markdown file reads on the code host and in the admin. Its pictures are
linked as ../site/static/editors-guide/<name>.png so that both find them; here they become
static URLs (hashed in production). The browser journeys take them (tests/browser).
"""

import re
from functools import cache

import markdown
from django.conf import settings
from django.shortcuts import render
from django.templatetags.static import static
from django.utils.safestring import mark_safe

GUIDE_PATH = settings.BASE_DIR / "docs" / "editors-guide.md"
STATIC_LINK = re.compile(r"\.\./site/static/([\w./-]+)")
FILE_TITLE = re.compile(r"\A# .*\n")


@cache
def guide_html(path=GUIDE_PATH):
    """The guide as HTML: the file is part of the release, so it is read once per process."""
    source = STATIC_LINK.sub(lambda match: static(match.group(1)), path.read_text())
    source = FILE_TITLE.sub("", source, count=1)  # the admin's own header shows the title
    # Our own file, not user input: its HTML is trusted.
    return mark_safe(markdown.markdown(source, extensions=["tables", "toc"]))  # noqa: S308


def editors_guide(request):
    return render(request, "editors_guide/guide.html", {"guide": guide_html()})
