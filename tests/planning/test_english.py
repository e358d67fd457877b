"""The Renstra editor in English once the user chooses English: pages, form labels, the errors
of the service layer and the adoption flow; Indonesian stays the default."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from kinerja.planning.models import Indicator, Plan
from tests.web.demo_users import client_for

LOCALE = Path(__file__).resolve().parents[2] / "kinerja" / "planning" / "locale" / "en" / "LC_MESSAGES"


def _english(users: dict[str, Any]) -> Any:
    client = client_for(users["perencana"])
    assert client.post("/i18n/setlang/", {"language": "en", "next": "/renstra/PKR/"}).status_code == 302
    return client


def test_renstra_pages_in_english(users: dict[str, Any], pkr_plan: Plan) -> None:
    client = _english(users)
    page = client.get("/renstra/PKR/").content.decode()
    assert "Renstra (Strategic Plan) of" in page and "Periods and versions" in page
    assert "Add objective" in page and "Make a new version…" in page and ">Adopted<" in page
    assert "Tambah sasaran" not in page and "Periode dan versi" not in page
    ind = Indicator.objects.get(plan=pkr_plan, code="IKK 1.1")
    manual = client.get(f"/renstra/PKR/{pkr_plan.pk}/indikator/{ind.pk}/").content.decode()
    assert "Indicator manual" in manual and "Change history" in manual and "Definisi" not in manual
    form = client.get(f"/renstra/PKR/{pkr_plan.pk}/indikator/{ind.pk}/target/").content.decode()
    assert "Yearly targets" in form and "Save targets" in form
    # a refused target comes back in English, the input kept
    token = re.search(r'name="token" value="([^"]*)"', form).group(1)  # type: ignore[union-attr]
    html = client.post(
        f"/renstra/PKR/{pkr_plan.pk}/indikator/{ind.pk}/target/", {"token": token, "t2021": "90–80"}
    ).content.decode()
    assert "the lower bound is greater than the upper bound" in html and 'value="90–80"' in html
    # the new-version and adoption pages
    new = client.get(f"/renstra/PKR/{pkr_plan.pk}/versi-baru/").content.decode()
    assert (
        "Reason for the change (review)" in new and "stays in force until the new version is adopted" in new
    )
    client.post(f"/renstra/PKR/{pkr_plan.pk}/versi-baru/", {"reason": "Review 2023", "label": ""})
    draft = Plan.objects.get(unit__code="PKR", version=2)
    html = client.post(f"/renstra/PKR/{draft.pk}/tetapkan/", {"adopted_on": ""}).content.decode()
    assert "The adoption date is required." in html
    assert (
        "This version is still a draft and not in force"
        in client.get(f"/renstra/PKR/{draft.pk}/").content.decode()
    )


def test_indonesian_by_default(users: dict[str, Any], pkr_plan: Plan) -> None:
    page = client_for(users["perencana"]).get("/renstra/PKR/").content.decode()
    assert "Periode dan versi" in page and "Tambah sasaran" in page and "Add objective" not in page


def test_catalogue_is_complete() -> None:
    po = (LOCALE / "django.po").read_text(encoding="utf-8")
    assert (LOCALE / "django.mo").stat().st_size > 10_000
    assert "#, fuzzy" not in po
    entries = re.findall(r'\nmsgid "(.*)"\n((?:".*"\n)*)msgstr "(.*)"\n((?:".*"\n)*)', po)
    assert len(entries) > 250
    empty = [m for m, more, s, rest in entries if (m or more) and not (s or rest.strip())]
    assert empty == []
