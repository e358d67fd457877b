"""Bahasa Indonesia is the language of the pages; English only when the user chooses it.

(a) Every translation catalogue (``kinerja/<app>/locale/<lang>/LC_MESSAGES/django.po``) is complete,
has no fuzzy entry, keeps the placeholders of each message, and its committed ``.mo`` holds exactly
the same translations (CI has no gettext, so the ``.mo`` files are committed and checked here).
(b) A user who picks English with the language form sees English pages; (c) the browser's
``Accept-Language`` alone never switches the language; (d) numbers stay Indonesian (``104,05``).
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from django.test import Client

from tests.web.demo_users import client_for

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = sorted((ROOT / "kinerja").glob("**/locale/*/LC_MESSAGES/django.po"))
# the apps whose pages this suite checks must have an English catalogue
REQUIRED_APPS = (
    "web",
    "measurement",
    "evaluation",
    "spreadsheets",
    "lint",
    "reports",
    "organizations",
    "narratives",
)
PLACEHOLDER = re.compile(r"%\(\w+\)[sdrfi]|%[sdrfi]|%%|\{\w*\}")


def _strings(value: Any) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def _id(catalogue: Path) -> str:
    return str(catalogue.relative_to(ROOT))


def test_every_app_of_the_pages_has_an_english_catalogue() -> None:
    found = {p.relative_to(ROOT / "kinerja").parts[0] for p in CATALOGUES if p.parts[-3] == "en"}
    assert set(REQUIRED_APPS) <= found, f"missing: {set(REQUIRED_APPS) - found}"


@pytest.mark.parametrize("po_path", CATALOGUES, ids=_id)
def test_catalogue_is_complete_and_compiled(po_path: Path) -> None:
    with po_path.open("rb") as f:
        catalogue = read_po(f)
    assert not catalogue.fuzzy, "the header is marked fuzzy"
    translations: dict[tuple[str, ...], tuple[str, ...]] = {}
    problems = []
    for message in catalogue:
        if not message.id:
            continue
        msgid = _strings(message.id)[0]
        if message.fuzzy:
            problems.append(f"fuzzy: {msgid!r}")
        strings = _strings(message.string)
        if not all(strings):
            problems.append(f"no translation: {msgid!r}")
            continue
        # a plural translation may follow the singular or the plural source
        wanted = [Counter(PLACEHOLDER.findall(form)) for form in _strings(message.id)]
        for text in strings:
            if Counter(PLACEHOLDER.findall(text)) not in wanted:
                problems.append(f"placeholders differ: {msgid!r} -> {text!r}")
        translations[tuple(_strings(message.id))] = tuple(strings)
    assert not problems, "\n".join(problems)
    assert translations, "empty catalogue"
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{_id(mo_path)} is missing: run compilemessages (docs/i18n.md)"
    with mo_path.open("rb") as f:
        compiled = {tuple(_strings(m.id)): tuple(_strings(m.string)) for m in read_mo(f) if m.id}
    assert compiled == translations, f"{_id(mo_path)} does not match its .po: run compilemessages"


# --- the pages ------------------------------------------------------------------------------------


def _headings(html: str) -> str:
    return " | ".join(re.sub(r"<[^>]+>", "", h) for h in re.findall(r"<h[12][^>]*>(.*?)</h[12]>", html, re.S))


def _choose(client: Client, language: str, next_url: str = "/") -> None:
    response = client.post("/i18n/setlang/", {"language": language, "next": next_url})
    assert response.status_code == 302
    assert response["Location"] == next_url


def test_indonesian_by_default_even_for_an_english_browser(users: dict[str, Any]) -> None:
    client = client_for(users["perencana"])
    for headers in ({}, {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}, {"HTTP_ACCEPT_LANGUAGE": "en"}):
        html = client.get("/unit/PKR/dasbor/?tahun=2022", **headers).content.decode()
        assert '<html lang="id">' in html
        assert "Dasbor kinerja" in _headings(html)
        assert "Capaian per sasaran" in _headings(html)
        assert "Performance dashboard" not in html
    home = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<h1>Unit organisasi</h1>" in home
    client.cookies["django_language"] = "fr"  # a language Kinerja does not offer: Indonesian
    assert "<h1>Unit organisasi</h1>" in client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_the_language_form_is_on_every_page_and_works_without_script(users: dict[str, Any]) -> None:
    anonymous = Client()
    login = anonymous.get("/masuk/").content.decode()
    form = re.search(r'<form method="post" action="/i18n/setlang/"[^>]*>(.*?)</form>', login, re.S)
    assert form, "no language form on the sign-in page"
    assert 'name="next" value="/masuk/"' in form.group(1)
    assert '<option value="en" lang="en">English</option>' in form.group(1)
    assert re.search(r'<button type="submit"[^>]*>', form.group(1))
    _choose(anonymous, "en", "/masuk/")
    login = anonymous.get("/masuk/").content.decode()
    assert '<html lang="en">' in login
    assert "<h1>Sign in</h1>" in login and "Kata sandi" not in login
    assert '<option value="en" lang="en" selected>English</option>' in login
    # and back to Indonesian
    _choose(anonymous, "id", "/masuk/")
    assert "<h1>Masuk</h1>" in anonymous.get("/masuk/").content.decode()


def test_english_pages_after_choosing_english(users: dict[str, Any]) -> None:
    client = client_for(users["perencana"])
    _choose(client, "en", "/unit/PKR/dasbor/?tahun=2022")

    home = client.get("/", HTTP_ACCEPT_LANGUAGE="id").content.decode()  # the choice beats the browser
    assert '<html lang="en">' in home
    assert "<h1>Organisational units</h1>" in home
    assert "Unit organisasi" not in home and "Sistem Akuntabilitas Kinerja" not in home

    dashboard = client.get("/unit/PKR/dasbor/?tahun=2022").content.decode()
    headings = _headings(dashboard)
    assert "Performance dashboard:" in headings
    assert "Achievement per objective 2022" in headings
    assert "Achievement trend" in headings and "Waiting for me" in headings
    for word in ("Dasbor", "Capaian", "Tren", "Menunggu", "Terlambat", "Predikat"):
        assert word not in headings, word
    assert "Budget absorption 2022" in dashboard
    # band labels in English, the data attribute (used by scripts and tests) unchanged
    assert 'data-band="Sangat Baik"' in dashboard and "Very good</span>" in dashboard

    realisation = client.get("/realisasi/PKR/2022/").content.decode()
    headings = _headings(realisation)
    assert "Performance realisation" in headings and "Annual 2022" in headings
    assert "Realisasi" not in headings and "Tahunan" not in headings
    assert "<th>Indicator</th>" in realisation and "Achievement (%)" in realisation

    denied = client_for(users["operator.rehsos"])
    _choose(denied, "en")
    forbidden = denied.get("/unit/PKR/dasbor/?tahun=2022")
    assert forbidden.status_code == 403
    html = forbidden.content.decode()
    assert '<html lang="en">' in html
    assert "<h1>Access denied</h1>" in html
    assert "You are not allowed to view this unit&#x27;s data." in html
    assert "Akses ditolak" not in html and "Anda tidak berhak" not in html


def test_numbers_stay_indonesian_in_english(users: dict[str, Any]) -> None:
    client = client_for(users["perencana"])
    _choose(client, "en")
    html = client.get("/unit/PKR/dasbor/?tahun=2022").content.decode()
    assert "Performance dashboard" in html
    assert re.search(r'id="unit-achievement">104,05<', html)  # the PKR 2022 unit achievement
    assert "104.05" not in html
    unit_page = client.get("/unit/PKR/?tahun=2022").content.decode()
    assert re.search(r'id="unit-achievement">104,05<', unit_page)
    assert "Unit achievement 2022" in unit_page


def test_a_users_english_does_not_stay_on_the_thread(users: dict[str, Any]) -> None:
    """The server thread goes on to other users' requests: after an English page it is back in the
    language it had (here the test's own: none chosen, so Indonesian messages)."""
    from django.utils import translation

    from kinerja.organizations.access import denial_message
    from kinerja.organizations.models import Unit

    before = translation.get_language()
    client = client_for(users["perencana"])
    _choose(client, "en")
    assert '<html lang="en">' in client.get("/").content.decode()
    assert translation.get_language() == before
    assert denial_message("view", Unit.objects.get(code="PKR")) == "Anda tidak berhak melihat data unit ini."
