"""Revisions that add or remove indicators: the services, what the engine measures, the export ->
import round trip, the comparison on the detail page and the pages in English."""

from __future__ import annotations

import copy
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.utils import translation

from kinerja.agreements import services
from kinerja.agreements.models import ActionPlanTarget, Agreement
from kinerja.agreements.services import AgreementError, Header
from kinerja.core.numbers import round_half_up
from kinerja.core.types import NumericTarget, Target
from kinerja.figures.unit_year import compute_document
from kinerja.interchange.db import export_document, import_document
from kinerja.organizations.models import Unit
from kinerja.planning.models import IndicatorTarget
from kinerja.web.dashboard import late_items
from tests.agreements.conftest import client_for, pkr_indicator

D = Decimal
DEMO_2022 = {
    "IKK 1.1": D(99),
    "IKK 1.2": D(99),
    "IKK 1.3": D(99),
    "IKK 1.4": D(99),
    "IKK 2.1": D(87),
    "IKK 2.2": D(77),
    "IKK 3.1": D(90),
}


def _targets(without: str = "") -> dict[int, Target]:
    """The PK 2022 v2 targets, without the indicator ``without``."""
    return {pkr_indicator(code).pk: NumericTarget(v) for code, v in DEMO_2022.items() if code != without}


def _header(base: Agreement) -> Header:
    header = Header.of(base)
    header.label, header.reason, header.reason_note = "PK Perubahan", "b", "Reorganisasi"
    return header


def _unit_achievement() -> Decimal:
    result = compute_document(export_document(unit="PKR"), "PKR", 2022)
    assert result.achievement is not None
    return round_half_up(result.achievement, 2)


def _remove(users: dict[str, Any], pkr: Unit, code: str) -> Agreement:
    v2 = services.latest(pkr, 2022)
    assert v2 is not None
    ind = pkr_indicator(code)
    return services.revise_agreement(
        users["perencana"], v2, _header(v2), _targets(without=code), remove=[ind.pk], confirm_removal=True
    )


def test_removing_ikk_2_2_keeps_the_unit_at_104_05(users: dict[str, Any], pkr: Unit) -> None:
    # docs/seed-figures.md: SK1 = (100 + 100 + 99,3795 + 88,6451) / 4 = 97,0061; SK2 = IKK 2.1 only
    # (IKK 2.2 is n.a) = 97,99 / 87 x 100 = 112,6322; SK3 = 92,26 / 90 x 100 = 102,5111.
    # Unit = (97,0061 + 112,6322 + 102,5111) / 3 = 104,0498 -> 104,05, with or without IKK 2.2.
    assert _unit_achievement() == D("104.05")
    v3 = _remove(users, pkr, "IKK 2.2")  # IKK 2.2 has no realisation: no confirmation needed
    services.sign_agreement(users["pimpinan.pkr"], v3)
    result = compute_document(export_document(unit="PKR"), "PKR", 2022)
    codes = [i.code for o in result.objectives for i in o.indicators]
    assert "IKK 2.2" not in codes and "IKK 2.1" in codes
    assert any("IKK 2.2: dikeluarkan dari PK 2022 oleh versi 3" in n for n in result.notes)
    assert _unit_achievement() == D("104.05")


def test_an_indicator_taken_out_of_the_pk_is_not_listed_as_late(users: dict[str, Any], pkr: Unit) -> None:
    # IKK 2.2 has no 2022 realisation: late while it is in the PK, not once v3 (without it) is signed
    def late_codes() -> list[str]:
        doc = export_document(unit="PKR")
        result = compute_document(doc, "PKR", 2022)
        return [i.code for i in late_items(doc, "PKR", 2022, result, date(2023, 2, 1)) if i.kind == "annual"]

    assert late_codes() == ["IKK 2.2"]
    v3 = _remove(users, pkr, "IKK 2.2")
    assert late_codes() == ["IKK 2.2"]  # the revision is still a draft
    services.sign_agreement(users["pimpinan.pkr"], v3)
    assert late_codes() == []


def test_removing_ikk_3_1_changes_the_unit_once_signed(users: dict[str, Any], pkr: Unit) -> None:
    # Without IKK 3.1, SK3 has no indicator left and is not measured:
    # unit = (SK1 97,0061 + SK2 112,6322) / 2 = 209,6383 / 2 = 104,8192 -> 104,82.
    v3 = _remove(users, pkr, "IKK 3.1")
    assert _unit_achievement() == D("104.05")  # a draft revision is not in force
    services.sign_agreement(users["pimpinan.pkr"], v3)
    assert _unit_achievement() == D("104.82")
    result = compute_document(export_document(unit="PKR"), "PKR", 2022)
    assert [o.code for o in result.objectives] == ["SK1", "SK2"]


def test_removing_an_indicator_with_data_must_be_confirmed(users: dict[str, Any], pkr: Unit) -> None:
    v2 = services.latest(pkr, 2022)
    assert v2 is not None
    ind = pkr_indicator("IKK 3.1")  # has the 2022 realisation 92,26
    ActionPlanTarget.objects.create(
        agency=pkr.agency, unit=pkr, indicator=ind, year=2022, quarter=4, value=D(90)
    )
    with pytest.raises(AgreementError, match=r"IKK 3.1: realisasi tahunan; target Rencana Aksi TW IV"):
        services.revise_agreement(
            users["perencana"], v2, _header(v2), _targets(without="IKK 3.1"), remove=[ind.pk]
        )
    # leaving an indicator out without naming it in ``remove`` is refused as before
    with pytest.raises(AgreementError, match="Target IKK 3.1 harus diisi"):
        services.revise_agreement(users["perencana"], v2, _header(v2), _targets(without="IKK 3.1"))
    assert services.latest(pkr, 2022) == v2
    v3 = services.revise_agreement(
        users["perencana"],
        v2,
        _header(v2),
        _targets(without="IKK 3.1"),
        remove=[ind.pk],
        confirm_removal=True,
    )
    assert ind.pk not in services.targets_of(v3)
    services.sign_agreement(users["pimpinan.pkr"], v3)
    # the Rencana Aksi follows v3: IKK 3.1 is no longer editable, its quarter is kept read-only
    agreement, rows = services.action_plan(pkr, 2022)
    assert agreement == v3 and "IKK 3.1" not in [r.indicator.code for r in rows]
    assert [s.indicator.code for s in services.quarters_outside(pkr, 2022, v3)] == ["IKK 3.1"]
    with pytest.raises(AgreementError, match="tidak termuat dalam PK 2022 versi 3"):
        services.save_action_plan(users["perencana"], pkr, 2022, {ind.pk: {4: NumericTarget(D(91))}})
    assert ActionPlanTarget.objects.get(unit=pkr, indicator=ind, year=2022).value == D(90)


def test_add_back_an_indicator_and_round_trip(users: dict[str, Any], pkr: Unit) -> None:
    """v3 drops IKK 3.1, v4 adds it back with a typed target; export -> import keeps both sets."""
    ind = pkr_indicator("IKK 3.1")
    v3 = _remove(users, pkr, "IKK 3.1")
    services.sign_agreement(users["pimpinan.pkr"], v3)
    IndicatorTarget.objects.filter(indicator=ind, year=2022).delete()  # no Renstra target any more
    v4 = services.revise_agreement(
        users["perencana"], v3, _header(v3), {**_targets(without="IKK 3.1"), ind.pk: NumericTarget(D(91))}
    )
    comparison = services.compare(v3, v4)
    assert [(i.code, t) for i, t in comparison.added] == [("IKK 3.1", NumericTarget(D(91)))]
    assert not comparison.removed and not comparison.changed
    assert [t.indicator.code for t in services.target_rows(v4)][-1] == "IKK 3.1"
    # the Rencana Aksi follows the signed v3 until v4 is signed, then has an empty IKK 3.1 row
    assert "IKK 3.1" not in [r.indicator.code for r in services.action_plan(pkr, 2022)[1]]
    services.sign_agreement(users["pimpinan.pkr"], v4)
    row = next(r for r in services.action_plan(pkr, 2022)[1] if r.indicator.code == "IKK 3.1")
    assert row.quarters == {1: None, 2: None, 3: None, 4: None} and row.check.status == "empty"

    first = export_document()
    pk = {a.version: a for a in first.agreements if a.unit == "PKR" and a.year == 2022}
    assert "IKK 3.1" not in pk[3].targets and pk[4].targets["IKK 3.1"] == NumericTarget(D(91))
    Agreement.objects.filter(unit=pkr, year=2022, version__gte=3).delete()
    import_document(copy.deepcopy(first), source="export.yaml")
    again = {a.version: a for a in export_document().agreements if a.unit == "PKR" and a.year == 2022}
    assert again == pk
    assert ind.pk not in services.targets_of(Agreement.objects.get(unit=pkr, year=2022, version=3))


def test_form_adds_and_removes_and_detail_compares(users: dict[str, Any], pkr: Unit) -> None:
    from tests.agreements.test_views import _form_data

    client = client_for(users["perencana"])
    url = "/pk/PKR/2022/v2/revisi/"
    form = _form_data(client, url)
    ikk22, ikk31, ikk21 = (pkr_indicator(c).pk for c in ("IKK 2.2", "IKK 3.1", "IKK 2.1"))
    assert form["indicator_set"] == "1" and form[f"include_{ikk22}"] == "1"
    data = {**form, "reason": "b"}
    del data[f"include_{ikk31}"]
    # IKK 3.1 has a realisation in 2022: the form lists it and asks for confirmation
    html = client.post(url, data).content.decode()
    assert 'id="pk-removal"' in html and "IKK 3.1: realisasi tahunan" in html
    assert "Centang konfirmasi untuk mengeluarkannya" in html
    assert Agreement.objects.filter(unit=pkr, year=2022).count() == 2
    del data[f"include_{ikk22}"]
    data.update({"confirm_removal": "1", f"t{ikk21}": "88,5"})
    response = client.post(url, data)
    assert response.status_code == 302 and response["Location"] == "/pk/PKR/2022/v3/"
    v3 = Agreement.objects.get(unit=pkr, year=2022, version=3)
    assert set(services.targets_of(v3)) == {pkr_indicator(c).pk for c in DEMO_2022} - {ikk22, ikk31}
    html = client.get("/pk/PKR/2022/v3/").content.decode()
    assert 'id="pk-changes"' in html and "Perubahan dari versi 2" in html
    assert "Dikeluarkan" in html and 'class="pk-change-removed" data-indicator="IKK 3.1"' in html
    assert 'data-indicator="IKK 2.2"' in html and "87,00 → 88,50" in html
    assert "Alasan b" in html

    # a draft: tick IKK 2.2 back with an empty target -> refused, nothing saved, input shown back
    edit = "/pk/PKR/2022/v3/ubah/"
    data = _form_data(client, edit)
    assert f"include_{ikk22}" in data  # the unticked line is still on the form
    del data[f"include_{ikk31}"]  # unticked: a browser sends nothing (the helper reads every box)
    data.update({"reason": "b", f"include_{ikk22}": "1", f"t{ikk22}": ""})
    html = client.post(edit, data).content.decode()
    assert "wajib diisi" in html and "belum ada yang disimpan" in html
    data[f"t{ikk22}"] = "7x"
    assert "&#x27;7x&#x27; bukan angka yang dapat dibaca" in client.post(edit, data).content.decode()
    data[f"t{ikk22}"] = "78,5"
    assert client.post(edit, data).status_code == 302
    assert services.targets_of(v3)[ikk22] == NumericTarget(D("78.5")) and ikk31 not in services.targets_of(v3)

    # the Rencana Aksi page follows the signed v2 while v3 is a draft, then v3
    ActionPlanTarget.objects.create(
        agency=pkr.agency, unit=pkr, indicator_id=ikk31, year=2022, quarter=4, value=90
    )
    plan = client.get("/pk/PKR/2022/rencana-aksi/").content.decode()
    assert 'id="ra-newer-draft"' in plan and 'id="ra-outside"' not in plan
    services.sign_agreement(users["pimpinan.pkr"], v3)
    plan = client.get("/pk/PKR/2022/rencana-aksi/ubah/").content.decode()
    assert 'id="ra-outside"' in plan and f'name="q{ikk31}_4"' not in plan and f'name="q{ikk22}_4"' in plan


@pytest.fixture
def restore_language() -> Any:
    """The language middleware leaves the chosen language active in the thread after a request:
    put the default back so later tests see Indonesian."""
    with translation.override(None):
        yield


def test_pages_in_english(users: dict[str, Any], pkr: Unit, restore_language: None) -> None:
    client = client_for(users["perencana"])
    client.cookies["django_language"] = "en"
    html = client.get("/pk/PKR/2022/v2/").content.decode()
    assert "Performance Agreement (PK) 2022" in html and "Changes from version 1" in html
    assert "Perjanjian Kinerja Tahun" not in html
    plan = client.get("/pk/PKR/2022/rencana-aksi/").content.decode()
    assert "Action Plan 2022" in plan and "Quarter rule" in plan
    with translation.override("en"):
        v2 = services.latest(pkr, 2022)
        assert v2 is not None
        with pytest.raises(AgreementError, match="The revision changes nothing compared with version 2"):
            services.revise_agreement(users["perencana"], v2, _header(v2), _targets())
