"""SAKIP terms explain themselves where they appear (an <abbr> tooltip linked to /istilah/), in
the user's language, without JavaScript."""

from __future__ import annotations

import re
from typing import Any

from django.test import Client

from kinerja.web.glossary import TERMS


def test_terms_on_the_unit_page_link_to_their_explanation(users: dict[str, Any]) -> None:
    client = Client()
    client.force_login(users["operator.pkr"])
    html = client.get("/unit/PKR/?tahun=2022").content.decode()
    # the objective level [SK] and the column "Target berlaku" carry their meaning
    assert re.search(
        r'<a class="term" href="/istilah/#istilah-sk"><abbr title="Sasaran Kegiatan: [^"]+">SK</abbr></a>',
        html,
    )
    assert '<abbr title="Target yang dipakai mengukur capaian' in html
    glossary = client.get("/istilah/").content.decode()
    assert 'id="istilah-sk"' in glossary and 'id="istilah-target-berlaku"' in glossary
    assert all(f'id="{t.anchor}"' in glossary for t in TERMS.values())

    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/unit/PKR/?tahun=2022").content.decode()
    assert '<abbr title="Activity Objective: objective of an Echelon II unit.">SK</abbr>' in html
    assert "Rencana Strategis: rencana lima tahun" not in client.get("/istilah/").content.decode()
