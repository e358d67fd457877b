"""The data check's rule titles in English on the English page; the CLI's Indonesian stays."""

from __future__ import annotations

import re
from typing import Any

from django.test import Client

from kinerja.lint.rules import RULE_TITLES
from kinerja.lint.titles import ENGLISH


def test_every_rule_has_an_english_title() -> None:
    assert set(ENGLISH) == set(RULE_TITLES)


def test_the_english_page_shows_english_titles(users: dict[str, Any]) -> None:
    client = Client()
    client.force_login(users["perencana"])
    url = "/periksa/unit/PKR/?tahun=2022"
    indonesian = client.get(url).content.decode()
    codes = re.findall(r'<abbr title="[^"]*">(L\d+)</abbr>', indonesian)
    assert codes, "the demo's PKR 2022 has findings"
    assert f'<abbr title="{RULE_TITLES[codes[0]]}">{codes[0]}</abbr>' in indonesian
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = client.get(url).content.decode()
    assert f'<abbr title="{ENGLISH[codes[0]]}">{codes[0]}</abbr>' in english
