"""PK services on the real database: create from the Renstra, revise, sign, Rencana Aksi."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from kinerja.agreements import services
from kinerja.agreements.models import ActionPlanTarget, Agreement
from kinerja.agreements.services import AgreementError, Header
from kinerja.core.types import NumericTarget, QualitativeTarget, RangeTarget, Target
from kinerja.history.models import Change
from kinerja.organizations.models import Unit
from tests.agreements.conftest import pkr_indicator

D = Decimal


def ids(targets: dict[str, Target]) -> dict[int, Target]:
    return {pkr_indicator(code).pk: t for code, t in targets.items()}


def by_code(agreement: Agreement) -> dict[str, Target]:
    return {t.indicator.code: t.get_target() for t in services.target_rows(agreement)}


DEMO_2022 = {
    "IKK 1.1": NumericTarget(D(99)),
    "IKK 1.2": NumericTarget(D(99)),
    "IKK 1.3": NumericTarget(D(99)),
    "IKK 1.4": NumericTarget(D(99)),
    "IKK 2.1": NumericTarget(D(87)),
    "IKK 2.2": NumericTarget(D(77)),
    "IKK 3.1": NumericTarget(D(90)),
}


def test_demo_pk_2022_has_two_signed_versions(pkr: Unit) -> None:
    v1, v2 = services.versions(pkr, 2022)
    assert (v1.version, v1.label, v2.version, v2.label) == (
        1,
        "PK Awal (September 2022)",
        2,
        "PK Terakhir (Oktober 2022)",
    )
    assert not v2.reason  # the LKj does not say why it was revised: no guessed reason
    assert v1.is_signed and v2.is_signed and v2.signed_by is None  # signed outside Kinerja
    assert by_code(v2) == DEMO_2022


def test_create_copies_renstra_targets_exactly(users: dict[str, Any], pkr: Unit, mixed_2023: None) -> None:
    pk = services.create_agreement_from_plan(users["perencana"], pkr, 2023)
    assert (pk.version, pk.status, pk.label) == (1, "draft", "PK Awal")
    assert pk.place == "Jakarta"  # from the unit's earlier PK
    # parties from the unit's head and its parent's head
    assert pk.first_party_title == "Direktur Pemberdayaan Kelompok Rentan"
    assert pk.second_party_title == "Direktur Jenderal Pemberdayaan Sosial"
    got = by_code(pk)
    assert got["IKK 1.1"] == NumericTarget(D("99.25"))
    assert got["IKK 2.2"] == RangeTarget(D(75), D(80))
    assert got["IKK 3.1"] == QualitativeTarget("A")
    assert got["IKK 2.1"] == NumericTarget(D(87))
    assert list(got) == ["IKK 1.1", "IKK 1.2", "IKK 1.3", "IKK 1.4", "IKK 2.1", "IKK 2.2", "IKK 3.1"]
    # the creation is in the history, with the user
    assert Change.objects.filter(username="perencana", object_repr__startswith="PK PKR 2023 v1").exists()


def test_create_refuses_a_second_version_1(users: dict[str, Any], pkr: Unit) -> None:
    with pytest.raises(AgreementError, match=r"PK PKR tahun 2022 sudah ada \(versi 1, 2\)"):
        services.create_agreement_from_plan(users["perencana"], pkr, 2022)
    services.create_agreement_from_plan(users["perencana"], pkr, 2023)
    with pytest.raises(AgreementError, match="Versi 1 hanya dibuat sekali"):
        services.create_agreement_from_plan(users["perencana"], pkr, 2023)
    assert Agreement.objects.filter(unit=pkr, year=2023).count() == 1


def test_create_without_renstra_year(users: dict[str, Any], pkr: Unit) -> None:
    with pytest.raises(AgreementError, match="belum memiliki Renstra yang mencakup tahun 2030"):
        services.create_agreement_from_plan(users["perencana"], pkr, 2030)


@pytest.mark.parametrize(
    "name", ["operator.pkr", "pimpinan.pkr", "apip", "operator.rehsos", "verifikator.pkr"]
)
def test_only_planners_create(users: dict[str, Any], pkr: Unit, name: str) -> None:
    with pytest.raises(PermissionDenied):
        services.create_agreement_from_plan(users[name], pkr, 2023)
    assert not Agreement.objects.filter(unit=pkr, year=2023).exists()


def _revision(base: Agreement, **changes: Any) -> Header:
    header = Header.of(base)
    header.label, header.reason, header.reason_note = "PK Perubahan", "b", "Refocusing anggaran"
    for k, v in changes.items():
        setattr(header, k, v)
    return header


def test_revise_makes_version_3_and_leaves_version_2(users: dict[str, Any], pkr: Unit) -> None:
    v2 = services.latest(pkr, 2022)
    assert v2 is not None
    targets = ids({**DEMO_2022, "IKK 2.1": NumericTarget(D("88.5"))})
    v3 = services.revise_agreement(users["perencana"], v2, _revision(v2), targets)
    assert (v3.version, v3.status, v3.reason, v3.label) == (3, "draft", "b", "PK Perubahan")
    assert by_code(v3)["IKK 2.1"] == NumericTarget(D("88.5"))
    v2.refresh_from_db()
    assert by_code(v2) == DEMO_2022 and v2.is_signed  # untouched
    assert [a.version for a in services.versions(pkr, 2022)] == [1, 2, 3]
    # a draft cannot be the base of another revision
    with pytest.raises(AgreementError, match="masih draf"):
        services.revise_agreement(users["perencana"], v3, _revision(v3), targets)
    # nor an older version
    with pytest.raises(AgreementError, match="versi terakhir"):
        services.revise_agreement(users["perencana"], v2, _revision(v2), targets)


def test_a_draft_revision_changes_no_capaian_until_it_is_signed(users: dict[str, Any], pkr: Unit) -> None:
    from kinerja.core.numbers import round_half_up
    from kinerja.figures.unit_year import compute_document
    from kinerja.interchange.db import export_document

    def ikk_2_1() -> tuple[Any, Any]:
        result = compute_document(export_document(unit="PKR"), "PKR", 2022)
        ind = next(i for o in result.objectives for i in o.indicators if i.code == "IKK 2.1")
        return ind.target, round_half_up(ind.achievement, 2)

    assert ikk_2_1() == (NumericTarget(D(87)), D("112.63"))  # seed 001: 97,99 against 87
    v2 = services.latest(pkr, 2022)
    assert v2 is not None
    targets = ids({**DEMO_2022, "IKK 2.1": NumericTarget(D(95))})
    v3 = services.revise_agreement(users["perencana"], v2, _revision(v2), targets)
    assert ikk_2_1()[0] == NumericTarget(D(87))  # the draft is stored but not in force
    services.sign_agreement(users["pimpinan.pkr"], v3)
    assert ikk_2_1() == (NumericTarget(D(95)), round_half_up(D("97.99") / 95 * 100, 2))


def test_revise_needs_a_reason(users: dict[str, Any], pkr: Unit) -> None:
    v2 = services.latest(pkr, 2022)
    assert v2 is not None
    targets = ids({**DEMO_2022, "IKK 1.1": NumericTarget(D(98))})
    for reason in ("", "d"):
        with pytest.raises(AgreementError, match="Alasan revisi wajib dipilih: a .*b .*c"):
            services.revise_agreement(users["perencana"], v2, _revision(v2, reason=reason), targets)
    assert services.latest(pkr, 2022) == v2


def test_revise_needs_a_change(users: dict[str, Any], pkr: Unit) -> None:
    v2 = services.latest(pkr, 2022)
    assert v2 is not None
    with pytest.raises(AgreementError, match="Revisi tidak mengubah apa pun dibanding versi 2"):
        services.revise_agreement(users["perencana"], v2, _revision(v2), ids(DEMO_2022))
    # reason a (change of official) needs a new official
    changed = ids({**DEMO_2022, "IKK 1.1": NumericTarget(D(98))})
    with pytest.raises(AgreementError, match="Alasan a .*pergantian pejabat"):
        services.revise_agreement(users["perencana"], v2, _revision(v2, reason="a"), changed)
    # a new official alone is a change
    v3 = services.revise_agreement(
        users["perencana"], v2, _revision(v2, reason="a", first_party_name="Pejabat Baru"), ids(DEMO_2022)
    )
    assert v3.first_party_name == "Pejabat Baru" and by_code(v3) == DEMO_2022


def test_revise_keeps_target_types(users: dict[str, Any], pkr: Unit) -> None:
    v2 = services.latest(pkr, 2022)
    assert v2 is not None
    targets = ids({**DEMO_2022, "IKK 2.1": RangeTarget(D(80), D(90))})
    with pytest.raises(AgreementError, match="Target IKK 2.1: jenis target harus angka"):
        services.revise_agreement(users["perencana"], v2, _revision(v2), targets)
    missing = ids({k: v for k, v in DEMO_2022.items() if k != "IKK 3.1"})
    with pytest.raises(AgreementError, match="Target IKK 3.1 harus diisi"):
        services.revise_agreement(users["perencana"], v2, _revision(v2), missing)


def test_sign_records_who_and_when_and_freezes(users: dict[str, Any], pkr: Unit, mixed_2023: None) -> None:
    pk = services.create_agreement_from_plan(users["perencana"], pkr, 2023)
    for name in ("perencana", "admin.pkr", "operator.pkr", "apip"):
        with pytest.raises(PermissionDenied):
            services.sign_agreement(users[name], pk)
    services.sign_agreement(users["pimpinan.pkr"], pk)
    pk.refresh_from_db()
    assert pk.is_signed and pk.signed_by == users["pimpinan.pkr"] and pk.signed_by_name == "pimpinan.pkr"
    assert pk.signed_at is not None and pk.signed_on is not None
    with pytest.raises(AgreementError, match="sudah ditandatangani"):
        services.sign_agreement(users["pimpinan.pkr"], pk)
    targets = {pkr_indicator(c).pk: t for c, t in by_code(pk).items()}
    targets[pkr_indicator("IKK 1.2").pk] = NumericTarget(D(50))
    with pytest.raises(AgreementError, match="sudah ditandatangani dan tidak dapat diubah; buat revisi"):
        services.update_draft(users["perencana"], pk, Header.of(pk), targets)
    assert by_code(pk)["IKK 1.2"] == NumericTarget(D(99))
    assert Change.objects.filter(username="pimpinan.pkr", field="status", new_value="signed").exists()


def test_update_draft(users: dict[str, Any], pkr: Unit, mixed_2023: None) -> None:
    pk = services.create_agreement_from_plan(users["perencana"], pkr, 2023)
    targets = {pkr_indicator(c).pk: t for c, t in by_code(pk).items()}
    targets[pkr_indicator("IKK 2.2").pk] = RangeTarget(D(76), D(81))
    targets[pkr_indicator("IKK 3.1").pk] = QualitativeTarget("AA")
    header = Header.of(pk)
    header.first_party_name = "Dewi Suhartini"
    services.update_draft(users["perencana"], pk, header, targets)
    got = by_code(pk)
    assert got["IKK 2.2"] == RangeTarget(D(76), D(81)) and got["IKK 3.1"] == QualitativeTarget("AA")
    targets[pkr_indicator("IKK 3.1").pk] = QualitativeTarget("WTP")
    with pytest.raises(
        AgreementError, match="label 'WTP' tidak ada dalam skala indikator \\(AA, A, BB, B\\)"
    ):
        services.update_draft(users["perencana"], pk, header, targets)
    targets[pkr_indicator("IKK 3.1").pk] = QualitativeTarget("A")
    targets[pkr_indicator("IKK 2.2").pk] = RangeTarget(D(90), D(80))
    with pytest.raises(AgreementError, match="batas bawah lebih besar daripada batas atas"):
        services.update_draft(users["perencana"], pk, header, targets)
    with pytest.raises(PermissionDenied):
        services.update_draft(users["operator.pkr"], pk, header, targets)


# --- Rencana Aksi -----------------------------------------------------------------------------------


def N(v: str | int) -> NumericTarget:
    return NumericTarget(D(v))


def _ra(values: dict[str, tuple[Target | None, ...]]) -> dict[int, dict[int, Target | None]]:
    return {pkr_indicator(code).pk: dict(zip((1, 2, 3, 4), v, strict=True)) for code, v in values.items()}


def _set_rule(code: str, rule: str) -> None:
    ind = pkr_indicator(code)
    ind.quarter_rule = rule
    ind.save()


def test_action_plan_rules_against_pk_2022_v2(users: dict[str, Any], pkr: Unit) -> None:
    _set_rule("IKK 2.1", "sum")  # PK 2022 v2: 87
    _set_rule("IKK 2.2", "average")  # 77
    # IKK 1.1 keeps the default "last" (99)
    planner = users["perencana"]
    ok = {
        "IKK 1.1": (N(25), N(50), N(75), N(99)),
        "IKK 2.1": (N(20), N(20), N(20), N(27)),
        "IKK 2.2": (N(76), N(77), N(77), N(78)),
    }
    rows = services.save_action_plan(planner, pkr, 2022, _ra(ok))
    assert {r.indicator.code: r.check.status for r in rows if r.indicator.code in ok} == dict.fromkeys(
        ok, "ok"
    )
    assert ActionPlanTarget.objects.filter(unit=pkr, year=2022).count() == 12
    stored = services.quarter_targets(pkr, 2022)[pkr_indicator("IKK 2.1").pk]
    assert stored == {1: N(20), 2: N(20), 3: N(20), 4: N(27)}

    bad_sum = {**ok, "IKK 2.1": (N(20), N(20), N(20), N(20))}
    with pytest.raises(AgreementError, match=r"IKK 2.1: jumlah TW I–IV = 80,00, seharusnya 87,00"):
        services.save_action_plan(planner, pkr, 2022, _ra(bad_sum))
    bad_avg = {**ok, "IKK 2.2": (N(70), N(70), N(70), N(70))}
    with pytest.raises(AgreementError, match=r"IKK 2.2: rata-rata TW I–IV = 70,00, seharusnya 77,00"):
        services.save_action_plan(planner, pkr, 2022, _ra(bad_avg))
    bad_last = {**ok, "IKK 1.1": (N(99), N(99), N(99), N(98))}
    with pytest.raises(AgreementError, match=r"IKK 1.1: target TW IV = 98,00, seharusnya 99,00"):
        services.save_action_plan(planner, pkr, 2022, _ra(bad_last))
    # all or nothing: the refused saves changed nothing
    assert services.quarter_targets(pkr, 2022)[pkr_indicator("IKK 2.1").pk][4] == N(27)


def test_action_plan_draft_with_empty_quarters_is_saved(users: dict[str, Any], pkr: Unit) -> None:
    _set_rule("IKK 2.1", "sum")
    rows = services.save_action_plan(
        users["perencana"], pkr, 2022, _ra({"IKK 2.1": (N(20), N(30), None, None)})
    )
    row = next(r for r in rows if r.indicator.code == "IKK 2.1")
    assert row.check.status == "incomplete" and "sisa 37,00" in row.check.message
    assert ActionPlanTarget.objects.filter(unit=pkr, year=2022).count() == 2
    # clearing a quarter deletes it
    services.save_action_plan(users["perencana"], pkr, 2022, _ra({"IKK 2.1": (N(20), None, None, None)}))
    assert ActionPlanTarget.objects.filter(unit=pkr, year=2022).count() == 1


def test_action_plan_type_and_rights(users: dict[str, Any], pkr: Unit) -> None:
    with pytest.raises(AgreementError, match="IKK 1.1 TW IV: jenis target harus angka"):
        services.save_action_plan(
            users["perencana"], pkr, 2022, _ra({"IKK 1.1": (None, None, None, RangeTarget(D(98), D(99)))})
        )
    for name in ("operator.pkr", "pimpinan.pkr", "apip", "operator.rehsos"):
        with pytest.raises(PermissionDenied):
            services.save_action_plan(users[name], pkr, 2022, _ra({"IKK 1.1": (None, None, None, N(99))}))
    with pytest.raises(AgreementError, match="Belum ada Perjanjian Kinerja PKR tahun 2024"):
        services.save_action_plan(users["perencana"], pkr, 2024, {})
