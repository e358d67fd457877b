"""The dashboard (``/unit/<code>/dasbor/``) shows what the engine computes, with the predicate bands,
the trend over the Renstra years, budget absorption, what is late and what waits for the user;
it is scoped by access (403 outside the user's scope) and is where a one-unit user lands."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

from django.test import Client

from kinerja.agreements.models import ActionPlanTarget
from kinerja.core.bands import DEFAULT_ACHIEVEMENT_BANDS, classify
from kinerja.core.numbers import format_number, round_half_up
from kinerja.figures.unit_year import compute_document
from kinerja.interchange.db import export_document
from kinerja.measurement import workflow
from kinerja.measurement.models import Realization
from kinerja.organizations.models import Unit
from kinerja.planning.models import Indicator
from kinerja.reports.assemble import absorption
from kinerja.web.dashboard import late_items
from tests.orgtree import make_user
from tests.web.demo_users import PASSWORD, client_for


def _row(html: str, attr: str, value: str) -> str:
    match = re.search(rf'<tr [^>]*{attr}="{re.escape(value)}"[^>]*>(.*?)</tr>', html, re.S)
    assert match, f"no row {attr}={value}"
    return match.group(1)


def _band(value: Decimal | None) -> tuple[str, str]:
    band = classify(round_half_up(value, 2), DEFAULT_ACHIEVEMENT_BANDS) if value is not None else None
    assert band is not None
    return band.label, band.colour


def _indicator(code: str, unit: str = "PKR") -> Indicator:
    return Indicator.objects.get(owner__code=unit, code=code, plan__unit__code=unit)


def test_pkr_2022_numbers_are_the_engines(users: dict[str, Any]) -> None:
    html = client_for(users["perencana"]).get("/unit/PKR/dasbor/?tahun=2022").content.decode()
    result = compute_document(export_document(unit="PKR"), "PKR", 2022)
    # the figures the LKj prints, and the engine's own
    assert format_number(result.achievement) == "104,05"
    assert re.search(r'id="unit-achievement">104,05<', html)
    expected = {"SK1": "97,01", "SK2": "112,63", "SK3": "102,51"}
    for obj in result.objectives:
        shown = format_number(obj.achievement)
        assert shown == expected[obj.code]
        row = _row(html, "data-objective", obj.code)
        assert f'class="num achievement">{shown}<' in row
        label, colour = _band(obj.achievement)
        assert f'data-band="{label}" data-colour="{colour}"' in row
        for ind in obj.indicators:
            irow = _row(html, "data-indicator", ind.code)
            if ind.achievement is None:
                assert "n.a" in irow
            else:
                assert format_number(ind.achievement) in irow
    # budget absorption: realisasi / pagu akhir
    share = absorption(28047596940329, 28191006288000)
    assert format_number(share) == "99,49"
    assert re.search(r'id="budget-absorption">99,49<', html)
    assert "Rp28.191.006.288.000" in html and "Rp28.047.596.940.329" in html
    assert "62,47" in html  # the distribution account, a part of the pagu


def test_band_labels_and_colours(users: dict[str, Any]) -> None:
    html = client_for(users["perencana"]).get("/unit/PKR/dasbor/?tahun=2022").content.decode()
    # IKK 1.4: 88,65 is "Baik"; IKK 2.2 has no capaian, so no band
    assert 'data-band="Baik" data-colour="#4c9a2a"' in _row(html, "data-indicator", "IKK 1.4")
    assert 'class="band na"' in _row(html, "data-indicator", "IKK 2.2")
    assert 'data-band="Sangat Baik" data-colour="#1a7f37"' in _row(html, "data-indicator", "IKK 2.1")
    for band in DEFAULT_ACHIEVEMENT_BANDS:  # the legend lists every band with its colour
        assert band.label in html and band.colour in html


def _svg(html: str, marker: str) -> str:
    match = re.search(rf"<svg [^>]*{marker}[^>]*>.*?</svg>", html, re.S)
    assert match, marker
    return match.group(0)


def _points(svg: str) -> set[tuple[str, str]]:
    return set(re.findall(r'<circle class="point"[^>]*data-series="([^"]+)" data-year="(\d+)"', svg))


def _indicator_chart(html: str, code: str) -> str:
    match = re.search(
        rf'<figure class="card" data-indicator-chart="{re.escape(code)}">(.*?)</figure>', html, re.S
    )
    assert match, code
    return match.group(1)


def test_trend_chart_has_points_for_years_with_data(demo: dict[str, Unit], users: dict[str, Any]) -> None:
    client = client_for(users["perencana"])
    html = client.get("/unit/PKR/dasbor/?tahun=2022").content.decode()
    main = _svg(html, 'id="trend-chart"')
    assert _points(main) == {("PKR", "2022"), ("SK1", "2022"), ("SK2", "2022"), ("SK3", "2022")}
    assert "<polyline" not in main  # one year of data: points, no line
    assert 'fill="#1a7f37"' in main  # the bands behind, in their colours
    # per indicator: the realisation against the target in force (a dashed line over the years)
    ikk21 = _indicator_chart(html, "IKK 2.1")
    assert _points(ikk21) == {("PKR:IKK 2.1:realisasi", "2022")}
    assert "Realisasi 2022: 97,99" in ikk21
    assert 'stroke-dasharray="6 4"' in ikk21
    assert 'data-indicator-chart="IKK 2.2"' not in html  # no realisation in any year: no chart

    # a realisation for 2021 adds a point for 2021 (computed by the engine) and joins the years
    Realization.objects.create(
        agency=demo["PKR"].agency,
        unit=demo["PKR"],
        indicator=_indicator("IKK 2.1"),
        year=2021,
        value_number=Decimal("90"),
        status="approved",
    )
    html = client.get("/unit/PKR/dasbor/?tahun=2022").content.decode()
    main = _svg(html, 'id="trend-chart"')
    points = _points(main)
    assert ("PKR", "2021") in points and ("SK2", "2021") in points
    assert ("SK1", "2021") not in points  # SK1 has no data in 2021
    assert not {p for p in points if p[1] in ("2020", "2023", "2024")}
    result_2021 = compute_document(export_document(unit="PKR"), "PKR", 2021)
    assert f"Capaian PKR 2021: {format_number(result_2021.achievement)}%" in main
    assert format_number(result_2021.achievement) == "103,45"  # 90 / 87 x 100
    assert "<polyline" in main
    assert _points(_indicator_chart(html, "IKK 2.1")) == {
        ("PKR:IKK 2.1:realisasi", "2021"),
        ("PKR:IKK 2.1:realisasi", "2022"),
    }


def test_late_list(demo: dict[str, Unit], users: dict[str, Any]) -> None:
    client = client_for(users["perencana"])
    html = client.get("/unit/PKR/dasbor/?tahun=2022").content.decode()
    assert re.search(r'data-late="IKK 2.2" data-kind="annual"', html)
    assert 'data-late="IKK 1.1"' not in html
    assert 'data-kind="quarter"' not in html  # no Rencana Aksi, annual indicators

    # Rencana Aksi targets for IKK 2.1: the ended quarters without a quarterly realisation are late
    ind = _indicator("IKK 2.1")
    for q in (1, 2, 3, 4):
        ActionPlanTarget.objects.create(
            agency=demo["PKR"].agency,
            unit=demo["PKR"],
            indicator=ind,
            year=2022,
            quarter=q,
            value=Decimal(87),
        )
    Realization.objects.create(
        agency=demo["PKR"].agency,
        unit=demo["PKR"],
        indicator=ind,
        year=2022,
        quarter=1,
        value_number=Decimal(85),
    )
    html = client.get("/unit/PKR/dasbor/?tahun=2022").content.decode()
    quarters = re.findall(r'<li data-late="IKK 2.1" data-kind="quarter">.*?— (TW [IV]+) 2022', html)
    assert quarters == ["TW II", "TW III", "TW IV"]

    # the ministry has no PK for 2022: that is late itself
    html = client.get("/unit/KEMENSOS/dasbor/?tahun=2022").content.decode()
    assert 'data-late="PK" data-kind="pk"' in html


def test_late_items_respect_the_date(demo: dict[str, Unit]) -> None:
    doc = export_document(unit="PKR")
    doc.action_plans = []
    result = compute_document(doc, "PKR", 2022)
    during = late_items(doc, "PKR", 2022, result, date(2022, 10, 15))
    assert [(i.code, i.overdue) for i in during] == [("IKK 2.2", False)]  # the year is still running
    after = late_items(doc, "PKR", 2022, result, date(2023, 1, 2))
    assert [(i.code, i.overdue) for i in after] == [("IKK 2.2", True)]


def _waiting(client: Client, unit: str = "PKR") -> set[tuple[str, str]]:
    html = client.get(f"/unit/{unit}/dasbor/?tahun=2022").content.decode()
    return set(re.findall(r'data-waiting="([^"]+)" data-step="([^"]+)"', html))


def test_waiting_list_per_role(demo: dict[str, Unit], users: dict[str, Any]) -> None:
    clients = {name: client_for(user) for name, user in users.items()}
    for client in clients.values():  # the demo's realisations are all approved
        assert not {w for w in _waiting(client) if w[1] != "submit"}
    # the demo records IKK 2.2 as N.A (approved); here the operator enters a value afresh
    Realization.objects.filter(unit=demo["PKR"], indicator__code="IKK 2.2", year=2022).delete()
    r = Realization.objects.create(
        agency=demo["PKR"].agency,
        unit=demo["PKR"],
        indicator=_indicator("IKK 2.2"),
        year=2022,
        value_number=Decimal("70"),
    )
    item = "PKR:IKK 2.2:2022"
    assert (item, "submit") in _waiting(clients["operator.pkr"])
    workflow.submit(users["operator.pkr"], r)
    assert _waiting(clients["verifikator.pkr"]) == {(item, "verify")}
    assert _waiting(clients["pimpinan.pkr"]) == set()
    assert _waiting(clients["operator.pkr"]) == set()
    workflow.verify(users["verifikator.pkr"], r)
    assert _waiting(clients["pimpinan.pkr"]) == {(item, "approve")}
    assert _waiting(clients["verifikator.pkr"]) == {(item, "approve")}
    workflow.return_realization(users["pimpinan.pkr"], r, "Lampirkan hasil evaluasi SAKIP.")
    workflow.return_realization(users["verifikator.pkr"], r, "Nilai belum ada buktinya.")
    assert _waiting(clients["operator.pkr"]) == {(item, "submit")}
    html = clients["operator.pkr"].get("/unit/PKR/dasbor/").content.decode()
    assert "Nilai belum ada buktinya." in html
    assert _waiting(clients["pimpinan.pkr"]) == set()
    # nobody outside the unit's line sees it
    assert _waiting(clients["operator.rehsos"], "REHSOS") == set()
    assert item not in clients["operator.rehsos"].get("/").content.decode()
    # the home page lists it too
    assert item in clients["operator.pkr"].get("/").content.decode()


def test_ministry_dashboard_lists_units_below(users: dict[str, Any]) -> None:
    response = client_for(users["perencana"]).get("/unit/KEMENSOS/dasbor/?tahun=2022")
    assert response.status_code == 200
    html = response.content.decode()
    pkr = _row(html, "data-unit", "PKR")
    assert "104,05" in pkr and 'data-band="Sangat Baik"' in pkr
    assert 'data-unit="REHSOS"' in html
    assert "tidak berlaku lagi" in _row(html, "data-unit", "PFM")  # dissolved in August 2022
    assert re.search(r'id="unit-achievement">n.a<', html)  # no IKSS has a realisation in the demo


def test_a_large_subtree_is_listed_one_level_deep(users: dict[str, Any], monkeypatch: Any) -> None:
    """Beyond MAX_SUBTREE_ROWS units (a national agency), the list shows the units directly below,
    each with how many are under it, instead of every unit (issue #12)."""
    from kinerja.web import dashboard

    monkeypatch.setattr(dashboard, "MAX_SUBTREE_ROWS", 3)
    html = client_for(users["perencana"]).get("/unit/KEMENSOS/dasbor/?tahun=2022").content.decode()
    assert 'data-unit="DAYASOS"' in html and 'data-unit="PKR"' not in html
    below = Unit.objects.filter(parent__code="DAYASOS").count()
    assert f"· {below} unit di bawahnya" in _row(html, "data-unit", "DAYASOS")
    monkeypatch.setattr(dashboard, "MAX_SUBTREE_ROWS", 200)
    assert (
        'data-unit="PKR"'
        in client_for(users["perencana"]).get("/unit/KEMENSOS/dasbor/?tahun=2022").content.decode()
    )


def test_access(demo: dict[str, Unit], users: dict[str, Any]) -> None:
    rehsos = client_for(users["operator.rehsos"])
    response = rehsos.get("/unit/PKR/dasbor/?tahun=2022")
    assert response.status_code == 403
    assert "104,05" not in response.content.decode()
    assert rehsos.get("/unit/REHSOS/dasbor/").status_code == 200
    assert rehsos.get("/unit/KEMENSOS/dasbor/").status_code == 403
    assert client_for(users["pimpinan.pkr"]).get("/unit/DAYASOS/dasbor/").status_code == 403
    apip = client_for(users["apip"])
    for code in demo:
        assert apip.get(f"/unit/{code}/dasbor/").status_code == 200, code
    # the ministry view for APIP does not leak anything but shows every unit
    assert 'data-unit="PKR"' in apip.get("/unit/KEMENSOS/dasbor/?tahun=2022").content.decode()
    assert client_for(make_user("baru")).get("/unit/PKR/dasbor/").status_code == 403
    assert apip.get("/unit/TIDAKADA/dasbor/").status_code == 404
    anonymous = Client().get("/unit/PKR/dasbor/")
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/masuk/")


def test_bad_year_does_not_crash(users: dict[str, Any]) -> None:
    client = client_for(users["operator.pkr"])
    for year in ("abc", "1999", "99999999999", ""):
        assert client.get(f"/unit/PKR/dasbor/?tahun={year}").status_code == 200
    # default year: the latest with the unit's realisations
    assert re.search(r'<option value="2022" selected>', client.get("/unit/PKR/dasbor/").content.decode())


def _sign_in(username: str, next_url: str = "") -> str:
    data = {"username": username, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    response = Client().post("/masuk/", data)
    assert response.status_code == 302
    return str(response["Location"])


def test_sign_in_lands_on_the_users_dashboard(users: dict[str, Any]) -> None:
    assert _sign_in("operator.pkr") == "/unit/PKR/dasbor/"
    assert _sign_in("perencana") == "/unit/KEMENSOS/dasbor/"
    assert _sign_in("operator.rehsos", "/") == "/unit/REHSOS/dasbor/"
    assert _sign_in("apip") == "/"  # agency-wide: the unit tree
    assert _sign_in("pimpinan.pkr", "/unit/PKR/?tahun=2022") == "/unit/PKR/?tahun=2022"


def test_budget_next_to_objective_when_linked(demo: dict[str, Unit], users: dict[str, Any]) -> None:
    from kinerja.budget.models import BudgetEntry
    from kinerja.planning.models import Objective

    sk2 = Objective.objects.get(plan__unit__code="PKR", code="SK2")
    for position, kind, amount in ((100, "pagu_akhir", 1_000_000_000), (101, "realisasi", 987_654_321)):
        BudgetEntry.objects.create(
            agency=demo["PKR"].agency,
            unit=demo["PKR"],
            year=2022,
            position=position,
            kind=kind,
            amount=amount,
            account="Penyusunan laporan kinerja",
            objective=sk2,
        )
    html = client_for(users["perencana"]).get("/unit/PKR/dasbor/?tahun=2022").content.decode()
    row = _row(html, "data-objective", "SK2")
    assert "Rp1.000.000.000" in row and "Rp987.654.321" in row
    assert f'class="num absorption">{format_number(absorption(987_654_321, 1_000_000_000))}<' in row
    assert "98,77" in row
    # SK1 takes the pagu of the KRO that serves it (bansos and distribution RO, demo data); the
    # bansos realisation is not printed in the seed, so no absorption is shown for the sum
    sk1 = _row(html, "data-objective", "SK1")
    assert "Rp27.120.599.131.000" in sk1 and 'class="num absorption">n.a<' in sk1
    assert "belum dikaitkan" in _row(html, "data-objective", "SK3")
    assert re.search(r'id="budget-absorption">99,49<', html)  # the unit's pagu is unchanged


def test_dashboard_names_the_predecessor(users: dict[str, Any]) -> None:
    html = client_for(users["perencana"]).get("/unit/PKR/dasbor/").content.decode()
    lineage = re.search(r'id="lineage">(.*?)</p>', html, re.S)
    assert lineage and "Direktorat Jenderal Penanganan Fakir Miskin" in lineage.group(1)
    assert "1 September 2022" in lineage.group(1) and "/unit/PFM/dasbor/" in lineage.group(1)
    html = client_for(users["operator.pkr"]).get("/unit/PKR/dasbor/").content.decode()
    assert "Penanganan Fakir Miskin" in html and "/unit/PFM/" not in html  # named, not linked
