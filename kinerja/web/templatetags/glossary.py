"""``{% term "Renstra" %}`` and ``{% term "SK" "[SK]" %}``: a SAKIP term with its meaning as a
tooltip and a link to the glossary page (``kinerja/web/glossary.py``); an unknown word is
written as it is."""

from __future__ import annotations

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from kinerja.web.engine_text import translate
from kinerja.web.glossary import term as find

register = template.Library()


@register.simple_tag(name="term")
def term_tag(word: str, shown: str | None = None) -> SafeString:
    found = find(str(word))
    text = shown if shown is not None else word
    if found is None:
        return format_html("{}", text)
    try:
        url = reverse("web:glossary")
    except NoReverseMatch:  # a partial URLconf (tests of the admin alone)
        return format_html('<abbr class="term" title="{}">{}</abbr>', str(found.meaning), text)
    return format_html(
        '<a class="term" href="{}#{}"><abbr title="{}">{}</abbr></a>',
        url,
        found.anchor,
        str(found.meaning),
        text,
    )


@register.filter(name="engine_text")
def engine_text(note: object) -> str:
    """A calculation note of the engine in the active language (``kinerja/web/engine_text.py``)."""
    return translate(note)
