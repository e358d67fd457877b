"""The finance officer (Pengelola Keuangan) enters a unit-year's budget on the page: entries in
Indonesian number format, checked and named when wrong, recorded in the history, scoped to the
officer's subtree; a stale page cannot remove an entry; scores from SMART/OM-SPAN."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from kinerja.budget.models import BudgetEntry, BudgetScore
from kinerja.history.models import Change
from kinerja.organizations.models import Unit
from tests.orgtree import make_user
from tests.web.demo_users import client_for

URL = "/anggaran/PKR/2023/isi/"


@pytest.fixture
def officer(users: dict[str, Any]) -> Any:
    return users["keuangan.dayasos"]  # the demo's finance officer, at Ditjen Pemberdayaan Sosial


def _add(client: Any, **fields: str) -> Any:
    return client.post(URL, {"action": "add", **fields})


def test_entries_scores_and_the_history(officer: Any, users: dict[str, Any]) -> None:
    client = client_for(officer)
    assert client.get(URL).status_code == 200
    _add(client, kind="pagu_akhir", amount="30.000.000.000", date="2023-01-02", note="DIPA awal")
    _add(client, kind="rpd", amount="2.500.000.000", month="1")
    entry = BudgetEntry.objects.get(unit__code="PKR", year=2023, kind="pagu_akhir")
    assert entry.amount == 30_000_000_000 and entry.note == "DIPA awal"
    assert BudgetEntry.objects.get(unit__code="PKR", year=2023, kind="rpd").month == 1
    change = Change.objects.filter(object_id=str(entry.pk)).first()
    assert change is not None and change.username == "keuangan.dayasos"

    for fields, message in (
        ({"kind": "realisasi", "amount": "27.000.000.000,50"}, "rupiah penuh"),
        ({"kind": "rpd", "amount": "1.000"}, "memerlukan bulan 1 sampai 12"),
        ({"kind": "realisasi", "amount": "-5"}, "tidak boleh negatif"),
        ({"kind": "realisasi", "amount": "dua juta"}, "Jumlah:"),
        ({"kind": "pagu_akhir", "amount": "1", "date": "02-01-2023"}, "TTTT-BB-HH"),
    ):
        answer = _add(client, **fields)
        assert answer.status_code == 400 and message in answer.content.decode(), fields
        assert f'value="{fields["amount"]}"' in answer.content.decode()  # what was typed is kept
    assert BudgetEntry.objects.filter(unit__code="PKR", year=2023).exclude(kind="renstra").count() == 2

    page = client.get(URL).content.decode()
    version = page.split('name="version" value="')[1].split('"')[0]
    _add(client, kind="realisasi", amount="27.000.000.000")  # someone adds meanwhile
    stale = client.post(URL, {"action": "remove", "entry": entry.pk, "version": version})
    assert stale.status_code == 409 and BudgetEntry.objects.filter(pk=entry.pk).exists()

    client.post("/anggaran/DAYASOS/2023/isi/", {"action": "score", "kind": "nka", "value": "92,40"})
    assert BudgetScore.objects.get(unit__code="DAYASOS", year=2023, kind="nka").value == Decimal("92.40")
    assert (
        client.post(
            "/anggaran/DAYASOS/2023/isi/", {"action": "score", "kind": "nka", "value": "250"}
        ).status_code
        == 400
    )

    # not the officer's to enter: the operator, and a finance officer of another Ditjen
    assert client_for(users["operator.pkr"]).get(URL).status_code == 403
    rehsos = make_user("keuangan.rehsos", "keuangan", Unit.objects.get(code="REHSOS"))
    assert (
        client_for(rehsos).post(URL, {"action": "add", "kind": "realisasi", "amount": "1"}).status_code == 403
    )
    assert BudgetEntry.objects.filter(unit__code="PKR", year=2023).exclude(kind="renstra").count() == 3
