"""Pohon kinerja (``/unit/<code>/pohon-kinerja/``): from a unit's objectives up the cascade to the
ministry's Sasaran Strategis and down to the objectives that support them, across units, with
each node's indicators and capaian from the engine."""

from __future__ import annotations

import re
from typing import Any

from kinerja.core.numbers import format_number
from kinerja.figures.unit_year import compute_document
from kinerja.interchange import document as d
from kinerja.interchange.db import export_document
from kinerja.organizations.models import Unit
from kinerja.web.cascade import Cascade
from tests.web.demo_users import client_for


def _section(html: str, key: str) -> str:
    match = re.search(
        rf'<section class="cascade" id="[^"]+" data-objective="{key}">(.*?)</section>', html, re.S
    )
    assert match, key
    return match.group(1)


def _up(section: str) -> str:
    match = re.search(r'<details class="up" open>(.*?)<details class="down"', section, re.S)
    assert match
    return match.group(1)


def test_chain_from_pkr_sk_up_to_kemensos_ss(users: dict[str, Any]) -> None:
    response = client_for(users["perencana"]).get("/unit/PKR/pohon-kinerja/?tahun=2022")
    assert response.status_code == 200
    html = response.content.decode()
    sk1 = _section(html, "PKR:SK1")
    up = _up(sk1)
    # SK1 -> Ditjen Dayasos SP5 -> Kemensos SS1, nested in that order
    sp5 = up.index('data-key="DAYASOS:SP5"')
    ss1 = up.index('data-key="KEMENSOS:SS1"')
    assert sp5 < ss1
    assert up.count("<ul") >= 2  # SS1 is in a list inside SP5's node
    assert "Meningkatnya kemandirian sosial ekonomi penduduk miskin dan rentan" in up
    assert "IKP 5.1" in up and "IKSS 1.1" in up  # indicators at each node
    # the SK's capaian and its indicators' are the engine's
    result = compute_document(export_document(unit="PKR"), "PKR", 2022)
    sk1_result = next(o for o in result.objectives if o.code == "SK1")
    assert f"<strong>{format_number(sk1_result.achievement)}</strong>" in sk1
    assert format_number(sk1_result.achievement) == "97,01"
    for ind in sk1_result.indicators:
        assert format_number(ind.achievement) in sk1
    assert 'data-band="Sangat Baik"' in sk1
    # SK2 and SK3 serve Dayasos SP4 -> Kemensos SS4
    up2 = _up(_section(html, "PKR:SK2"))
    assert up2.index('data-key="DAYASOS:SP4"') < up2.index('data-key="KEMENSOS:SS4"')


def test_down_from_the_ministry(users: dict[str, Any]) -> None:
    html = client_for(users["perencana"]).get("/unit/KEMENSOS/pohon-kinerja/?tahun=2022").content.decode()
    ss1 = _section(html, "KEMENSOS:SS1")
    down = ss1[ss1.index('<details class="down"') :]
    assert down.index('data-key="DAYASOS:SP5"') < down.index('data-key="PKR:SK1"')
    assert 'data-key="REHSOS:SP1"' in down and 'data-key="PFM:SP1"' in down
    assert "97,01" in down  # PKR SK1's capaian, computed for PKR


def test_nodes_outside_scope_are_named_without_figures(users: dict[str, Any]) -> None:
    response = client_for(users["operator.pkr"]).get("/unit/PKR/pohon-kinerja/?tahun=2022")
    assert response.status_code == 200
    up = _up(_section(response.content.decode(), "PKR:SK1"))
    assert 'data-key="DAYASOS:SP5"' in up and 'data-key="KEMENSOS:SS1"' in up
    assert "Di luar cakupan akses Anda" in up
    assert "IKP 5.1" not in up and "IKSS 1.1" not in up
    assert "/unit/DAYASOS/" not in up


def test_access(demo: dict[str, Unit], users: dict[str, Any]) -> None:
    assert client_for(users["operator.rehsos"]).get("/unit/PKR/pohon-kinerja/").status_code == 403
    apip = client_for(users["apip"])
    for code in demo:
        assert apip.get(f"/unit/{code}/pohon-kinerja/").status_code == 200, code
    assert apip.get("/unit/TIDAKADA/pohon-kinerja/").status_code == 404
    assert apip.get("/unit/PKR/pohon-kinerja/?tahun=xyz").status_code == 200


def test_cycles_in_the_cascade_are_cut() -> None:
    doc = d.Document(
        units=[d.Unit("A", "Unit A", "eselon1"), d.Unit("B", "Unit B", "eselon2", parent="A")],
        plans=[
            d.Plan("A", (2020, 2024), objectives=[d.Objective("SP1", "SP", "x", supports=["B:SK1"])]),
            d.Plan(
                "B", (2020, 2024), objectives=[d.Objective("SK1", "SK", "y", supports=["A:SP1", "A:SP9"])]
            ),
        ],
    )
    cascade = Cascade(doc, 2022, None)
    up = cascade.walk("B:SK1", cascade.up)
    sp1 = up.children[0]
    assert sp1.key == "A:SP1" and sp1.children[0].key == "B:SK1" and sp1.children[0].cut
    missing = up.children[1]
    assert missing.key == "A:SP9" and not missing.found
