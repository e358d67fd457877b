"""The Renstra editor with the Django test client on the real database: who may open what (403,
never 500), adding an indicator with its manual and yearly targets, errors in Bahasa Indonesia
with the input kept, composite cycles, new versions, history and optimistic concurrency."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType

from kinerja.history.models import Change
from kinerja.organizations.models import Unit
from kinerja.planning.models import (
    Goal,
    Indicator,
    IndicatorComponent,
    IndicatorTarget,
    Mission,
    Objective,
    ObjectiveSupport,
    Plan,
)
from tests.planning.conftest import objective
from tests.web.demo_users import client_for

D = Decimal


def indicator_data(unit: Unit, **over: Any) -> dict[str, Any]:
    data = {
        "token": "",
        "code": "IKK 9.1",
        "name": "Persentase KPM yang sukses transaksi",
        "owner": unit.pk,
        "definition": "KPM yang bertransaksi dibagi target KPM.",
        "unit_of_measure": "%",
        "polarity": "higher_is_better",
        "target_type": "angka",
        "scale": "",
        "formula": "n / T * 100",
        "variables": "n: KPM yang sukses transaksi\nT: target KPM",
        "data_source": "Laporan penyaluran",
        "frequency": "triwulanan",
        "quarter_rule": "last",
        "max_achievement": "100",
        "baseline": "97,5",
        "baseline_year": "2019",
        "aggregation": "mean",
        "components": "",
    }
    data.update(over)
    return data


def token_of(html: str) -> str:
    m = re.search(r'name="token" value="([^"]*)"', html)
    assert m, "token missing"
    return m.group(1)


def add_indicator(client: Any, plan: Plan, obj: Objective, **over: Any) -> Any:
    url = f"/renstra/PKR/{plan.pk}/sasaran/{obj.pk}/indikator/baru/"
    return client.post(url, indicator_data(plan.unit, **over))


def test_perencana_adds_indicator_with_formula_and_targets(users: dict[str, Any], pkr_plan: Plan) -> None:
    client = client_for(users["perencana"])
    sk1 = objective("PKR", "SK1")
    response = add_indicator(client, pkr_plan, sk1)
    assert response.status_code == 302, response.content.decode()[:3000]
    ind = Indicator.objects.get(plan=pkr_plan, code="IKK 9.1")
    assert ind.objective == sk1 and ind.owner.code == "PKR"
    assert ind.formula == "n / T * 100"
    assert {v.name: v.description for v in ind.variables.all()} == {
        "n": "KPM yang sukses transaksi",
        "T": "target KPM",
    }
    assert ind.max_achievement == D("100") and ind.baseline == D("97.5") and ind.baseline_year == 2019
    assert ind.frequency == "triwulanan" and ind.quarter_rule == "last"

    url = f"/renstra/PKR/{pkr_plan.pk}/indikator/{ind.pk}/target/"
    page = client.get(url)
    assert page.status_code == 200
    response = client.post(
        url,
        {
            "token": token_of(page.content.decode()),
            "t2020": "99,25",
            "t2021": "18.800.000",
            "t2022": "80–90",
            "t2023": "0,686",
            "t2024": "99.2457446809",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    targets = {t.year: t for t in IndicatorTarget.objects.filter(indicator=ind)}
    assert targets[2020].kind == "number" and targets[2020].value == D("99.25")
    assert targets[2021].value == D("18800000")
    assert targets[2022].kind == "range" and (targets[2022].low, targets[2022].high) == (D(80), D(90))
    assert targets[2023].value == D("0.686")
    assert targets[2024].value == D("99.2457446809")
    assert all(isinstance(t.value, Decimal) for t in targets.values() if t.value is not None)

    plan_page = client.get(f"/renstra/PKR/{pkr_plan.pk}/").content.decode()
    assert "IKK 9.1" in plan_page and "99,25" in plan_page and "80,00–90,00" in plan_page
    manual = client.get(f"/renstra/PKR/{pkr_plan.pk}/indikator/{ind.pk}/").content.decode()
    assert "n / T * 100" in manual and "KPM yang sukses transaksi" in manual


def test_bad_formula_is_refused_in_indonesian_and_input_kept(users: dict[str, Any], pkr_plan: Plan) -> None:
    client = client_for(users["perencana"])
    response = add_indicator(
        client, pkr_plan, objective("PKR", "SK1"), formula="n / T ** 100", name="Nama saya"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Rumus tidak sah" in html and "**" in html
    assert 'value="n / T ** 100"' in html and "Nama saya" in html
    assert not Indicator.objects.filter(code="IKK 9.1").exists()


def test_bad_numbers_in_manual_are_refused(users: dict[str, Any], pkr_plan: Plan) -> None:
    client = client_for(users["perencana"])
    html = add_indicator(
        client, pkr_plan, objective("PKR", "SK1"), max_achievement="9,9,9", baseline_year="dua ribu"
    ).content.decode()
    assert "angka tidak terbaca" in html and 'value="9,9,9"' in html
    assert "Tahun harus bilangan bulat" in html
    assert not Indicator.objects.filter(code="IKK 9.1").exists()


def test_variable_description_for_unknown_variable(users: dict[str, Any], pkr_plan: Plan) -> None:
    client = client_for(users["perencana"])
    html = add_indicator(client, pkr_plan, objective("PKR", "SK1"), variables="x: tidak ada").content.decode()
    assert "variabel yang tidak ada dalam rumus: x" in html
    assert not Indicator.objects.filter(code="IKK 9.1").exists()


def test_bad_target_number_and_type_are_refused_with_input_kept(
    users: dict[str, Any], pkr_plan: Plan
) -> None:
    client = client_for(users["perencana"])
    ind = Indicator.objects.get(plan=pkr_plan, code="IKK 1.1")
    before = list(
        IndicatorTarget.objects.filter(indicator=ind).order_by("year").values_list("value", flat=True)
    )
    url = f"/renstra/PKR/{pkr_plan.pk}/indikator/{ind.pk}/target/"
    token = token_of(client.get(url).content.decode())
    response = client.post(
        url,
        {"token": token, "t2020": "9,9,9", "t2021": "WTP", "t2022": "90–80", "t2023": "99", "t2024": "99,5"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Target 2020: angka tidak terbaca: &#x27;9,9,9&#x27;" in html
    assert "Target 2021: angka tidak terbaca" in html
    assert "batas bawah lebih besar dari batas atas" in html
    assert 'value="9,9,9"' in html and 'value="WTP"' in html and 'value="99,5"' in html
    after = list(
        IndicatorTarget.objects.filter(indicator=ind).order_by("year").values_list("value", flat=True)
    )
    assert after == before


def test_qualitative_indicator_takes_only_scale_labels(users: dict[str, Any], pkr_plan: Plan) -> None:
    client = client_for(users["perencana"])
    response = add_indicator(
        client,
        pkr_plan,
        objective("PKR", "SK1"),
        code="IKK 9.2",
        formula="",
        variables="",
        target_type="skala",
        scale="WTP\nWDP\nTW\nTMP",
    )
    assert response.status_code == 302
    ind = Indicator.objects.get(plan=pkr_plan, code="IKK 9.2")
    assert ind.scale == ["WTP", "WDP", "TW", "TMP"]
    url = f"/renstra/PKR/{pkr_plan.pk}/indikator/{ind.pk}/target/"
    token = token_of(client.get(url).content.decode())
    html = client.post(url, {"token": token, "t2020": "99", "t2021": "WTP"}).content.decode()
    assert "pilih salah satu label skala: WTP, WDP, TW, TMP" in html
    assert not IndicatorTarget.objects.filter(indicator=ind).exists()
    response = client.post(url, {"token": token, "t2020": "WDP", "t2021": "WTP"})
    assert response.status_code == 302
    assert {t.year: (t.kind, t.label) for t in ind.targets.all()} == {
        2020: ("label", "WDP"),
        2021: ("label", "WTP"),
    }
    # the scale cannot be dropped while label targets use it
    edit = f"/renstra/PKR/{pkr_plan.pk}/indikator/{ind.pk}/ubah/"
    token = token_of(client.get(edit).content.decode())
    html = client.post(
        edit, indicator_data(pkr_plan.unit, code="IKK 9.2", formula="", variables="", token=token)
    ).content.decode()
    assert "tidak ada dalam skala yang baru" in html
    assert Indicator.objects.get(pk=ind.pk).scale == ["WTP", "WDP", "TW", "TMP"]


def test_composite_and_cycle_refused(users: dict[str, Any], pkr_plan: Plan) -> None:
    client = client_for(users["perencana"])
    sk1 = objective("PKR", "SK1")
    assert add_indicator(client, pkr_plan, sk1, code="K1", formula="", variables="").status_code == 302
    response = add_indicator(
        client,
        pkr_plan,
        sk1,
        code="K2",
        formula="",
        variables="",
        aggregation="weighted_mean",
        components="PKR:K1 = 2\nPKR:IKK 1.1 = 1,5",
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    k1 = Indicator.objects.get(plan=pkr_plan, code="K1")
    k2 = Indicator.objects.get(plan=pkr_plan, code="K2")
    links = {(c.component.code, c.weight) for c in IndicatorComponent.objects.filter(indicator=k2)}
    assert links == {("K1", D(2)), ("IKK 1.1", D("1.5"))}

    edit = f"/renstra/PKR/{pkr_plan.pk}/indikator/{k1.pk}/ubah/"
    token = token_of(client.get(edit).content.decode())
    response = client.post(
        edit, indicator_data(pkr_plan.unit, code="K1", formula="", variables="", components="K2", token=token)
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Komponen membentuk siklus: PKR:K1 → PKR:K2 → PKR:K1" in html.replace("&#x27;", "'")
    assert not IndicatorComponent.objects.filter(indicator=k1).exists()

    # self and unknown components
    html = client.post(
        edit,
        indicator_data(pkr_plan.unit, code="K1", formula="", variables="", components="PKR:K1", token=token),
    ).content.decode()
    assert "komponen dirinya sendiri" in html
    html = client.post(
        edit,
        indicator_data(pkr_plan.unit, code="K1", formula="", variables="", components="XX:Y", token=token),
    ).content.decode()
    assert "tidak ditemukan" in html
    # weighted mean without a weight
    html = client.post(
        edit,
        indicator_data(
            pkr_plan.unit,
            code="K1",
            formula="",
            variables="",
            aggregation="weighted_mean",
            components="PKR:IKK 1.1",
            token=token,
        ),
    ).content.decode()
    assert "beri bobot" in html


def test_new_version_copies_and_leaves_the_old_one_intact(users: dict[str, Any], pkr_plan: Plan) -> None:
    client = client_for(users["perencana"])

    def snapshot(plan: Plan) -> dict[str, Any]:
        return {
            "plan": (plan.label, plan.vision, plan.legal_basis),
            "missions": list(Mission.objects.filter(plan=plan).values_list("position", "statement")),
            "goals": list(Goal.objects.filter(plan=plan).values_list("code", "statement")),
            "objectives": list(
                Objective.objects.filter(plan=plan).values_list(
                    "code", "level", "statement", "goal__code", "position"
                )
            ),
            "supports": sorted(
                ObjectiveSupport.objects.filter(objective__plan=plan).values_list(
                    "objective__code", "supported__plan__unit__code", "supported__code"
                )
            ),
            "indicators": sorted(
                Indicator.objects.filter(plan=plan).values_list(
                    "code", "owner__code", "objective__code", "name", "formula", "max_achievement", "scale"
                )
            ),
            "variables": sorted(
                Indicator.objects.filter(plan=plan, variables__isnull=False).values_list(
                    "code", "variables__name", "variables__description"
                )
            ),
            "targets": sorted(
                IndicatorTarget.objects.filter(indicator__plan=plan).values_list(
                    "indicator__code", "year", "kind", "value", "low", "high", "label"
                )
            ),
        }

    before = snapshot(pkr_plan)
    ids_before = set(Indicator.objects.filter(plan=pkr_plan).values_list("id", flat=True))
    url = f"/renstra/PKR/{pkr_plan.pk}/versi-baru/"
    assert client.get(url).status_code == 200
    html = client.post(url, {"reason": "", "label": ""}).content.decode()
    assert "Alasan perubahan wajib diisi" in html
    response = client.post(url, {"reason": "Reviu 2023: perubahan struktur organisasi", "label": ""})
    assert response.status_code == 302
    new = Plan.objects.get(unit__code="PKR", version=2)
    assert new.adopted_on is None
    assert response["Location"] == f"/renstra/PKR/{new.pk}/"
    old = Plan.objects.get(pk=pkr_plan.pk)
    assert snapshot(old) == before
    assert snapshot(new) == before
    assert set(Indicator.objects.filter(plan=old).values_list("id", flat=True)) == ids_before
    assert before["targets"] and before["supports"] and before["missions"]

    page = client.get(f"/renstra/PKR/{new.pk}/").content.decode()
    assert "Reviu 2023: perubahan struktur organisasi" in page and "Draf" in page
    assert 'id="draft-note"' in page and 'id="adopt-link"' in page and 'id="new-version-link"' not in page
    # while version 2 is a draft, version 1 stays the plan in force (landing page) and editable
    old_page = client.get("/renstra/PKR/").content.decode()
    assert 'id="newer-draft"' in old_page and "Ubah visi" in old_page and "versi 1" in old_page
    assert 'id="new-version-link"' not in old_page  # version 2 exists: no second draft
    # adopting: the date is required, then version 2 is in force and version 1 superseded
    adopt = f"/renstra/PKR/{new.pk}/tetapkan/"
    html = client.post(adopt, {"adopted_on": "", "legal_basis": ""}).content.decode()
    assert "Tanggal penetapan wajib diisi" in html
    assert Plan.objects.get(pk=new.pk).status == "draft"
    assert (
        client.post(adopt, {"adopted_on": "2023-02-01", "legal_basis": "Permensos 3/2023"}).status_code == 302
    )
    new = Plan.objects.get(pk=new.pk)
    assert (new.status, str(new.adopted_on), new.legal_basis) == ("adopted", "2023-02-01", "Permensos 3/2023")
    assert client.get(adopt).status_code == 403  # already adopted
    old_page = client.get(f"/renstra/PKR/{old.pk}/").content.decode()
    assert "sudah digantikan oleh versi 2" in old_page and "Ubah visi" not in old_page
    assert f'href="/renstra/PKR/{new.pk}/"' in old_page
    # the old version is read-only, also by a direct request
    ind = Indicator.objects.filter(plan=old).first()
    assert ind is not None
    assert client.get(f"/renstra/PKR/{old.pk}/ubah/").status_code == 403
    assert client.post(f"/renstra/PKR/{old.pk}/indikator/{ind.pk}/target/", {"t2020": "1"}).status_code == 403
    assert snapshot(Plan.objects.get(pk=old.pk)) == before
    # the copy is editable and independent
    new_ind = Indicator.objects.get(plan=new, code=ind.code, owner=ind.owner)
    edit = f"/renstra/PKR/{new.pk}/indikator/{new_ind.pk}/target/"
    token = token_of(client.get(edit).content.decode())
    assert client.post(edit, {"token": token, "t2020": "42"}).status_code == 302
    assert IndicatorTarget.objects.get(indicator=new_ind, year=2020).value == D(42)
    assert snapshot(Plan.objects.get(pk=old.pk)) == before


PAGES = [
    # (method, path under /renstra/PKR/<plan>/, needs edit)
    ("get", "", False),
    ("get", "indikator/{ind}/", False),
    ("get", "ubah/", True),
    ("get", "versi-baru/", True),
    ("get", "sasaran/baru/", True),
    ("get", "sasaran/{obj}/ubah/", True),
    ("get", "sasaran/{obj}/hapus/", True),
    ("get", "sasaran/{obj}/indikator/baru/", True),
    ("get", "indikator/{ind}/ubah/", True),
    ("get", "indikator/{ind}/target/", True),
    ("get", "indikator/{ind}/hapus/", True),
    ("post", "ubah/", True),
    ("post", "versi-baru/", True),
    ("post", "sasaran/{obj}/geser/", True),
    ("post", "sasaran/{obj}/hapus/", True),
    ("post", "indikator/{ind}/target/", True),
    ("post", "indikator/{ind}/hapus/", True),
    ("post", "indikator/{ind}/geser/", True),
]
ROLES = {
    # user -> (may view PKR, may edit PKR)
    "perencana": (True, True),
    "admin.pkr": (True, True),
    "operator.pkr": (True, False),
    "verifikator.pkr": (True, False),
    "pimpinan.pkr": (True, False),
    "apip": (True, False),
    "operator.rehsos": (False, False),
}


@pytest.mark.parametrize("user", sorted(ROLES))
def test_every_page_by_role(users: dict[str, Any], pkr_plan: Plan, user: str) -> None:
    client = client_for(users[user])
    may_view, may_edit = ROLES[user]
    ind = Indicator.objects.get(plan=pkr_plan, code="IKK 1.1")
    obj = ind.objective
    targets_before = list(
        IndicatorTarget.objects.filter(indicator__plan=pkr_plan).values_list("value", flat=True)
    )
    assert client.get("/renstra/PKR/").status_code == (200 if may_view else 403)
    for method, path, edit in PAGES:
        url = f"/renstra/PKR/{pkr_plan.pk}/" + path.format(ind=ind.pk, obj=obj.pk)
        if method == "post" and may_edit:
            continue  # writes by permitted users are tested on their own
        response = getattr(client, method)(url, {"t2020": "1", "arah": "naik"} if method == "post" else None)
        allowed = may_edit if edit else may_view
        assert response.status_code == (200 if allowed else 403), (user, method, url, response.status_code)
        if response.status_code == 403:
            assert "Anda tidak berhak" in response.content.decode()
    if not may_edit:
        after = list(IndicatorTarget.objects.filter(indicator__plan=pkr_plan).values_list("value", flat=True))
        assert after == targets_before
        assert Plan.objects.filter(unit__code="PKR").count() == 1
    if may_view and not may_edit:
        page = client.get(f"/renstra/PKR/{pkr_plan.pk}/").content.decode()
        assert "Tambah sasaran" not in page and "IKK 1.1" in page


def test_anonymous_is_sent_to_sign_in(pkr_plan: Plan, client: Any) -> None:
    response = client.get(f"/renstra/PKR/{pkr_plan.pk}/")
    assert response.status_code == 302 and response["Location"].startswith("/masuk/")


def test_unknown_unit_plan_and_ids_are_404(users: dict[str, Any], pkr_plan: Plan) -> None:
    client = client_for(users["perencana"])
    assert client.get("/renstra/TIDAKADA/").status_code == 404
    assert client.get("/renstra/PKR/999999/").status_code == 404
    other = Plan.objects.get(unit__code="DAYASOS")
    assert client.get(f"/renstra/PKR/{other.pk}/").status_code == 404
    assert client.get(f"/renstra/PKR/{pkr_plan.pk}/indikator/99999999999/").status_code == 404


def test_history_rows_recorded_for_an_edit(users: dict[str, Any], pkr_plan: Plan) -> None:
    client = client_for(users["perencana"])
    ind = Indicator.objects.get(plan=pkr_plan, code="IKK 1.1")
    url = f"/renstra/PKR/{pkr_plan.pk}/indikator/{ind.pk}/target/"
    page = client.get(url).content.decode()
    data = {f"t{y}": re.search(rf'name="t{y}"[^>]*value="([^"]*)"', page).group(1) for y in range(2020, 2025)}  # type: ignore[union-attr]
    data["t2023"] = "99,5"
    data["token"] = token_of(page)
    assert client.post(url, data).status_code == 302
    target = IndicatorTarget.objects.get(indicator=ind, year=2023)
    assert target.value == D("99.5")
    rows = Change.objects.filter(
        content_type=ContentType.objects.get_for_model(IndicatorTarget), object_id=str(target.pk)
    )
    assert [(r.username, r.action, r.field, r.new_value) for r in rows] == [
        ("perencana", "update", "value", "99.5")
    ]
    manual = client.get(f"/renstra/PKR/{pkr_plan.pk}/indikator/{ind.pk}/").content.decode()
    assert "Riwayat perubahan" in manual


def test_concurrent_indicator_edit_is_refused(users: dict[str, Any], pkr_plan: Plan) -> None:
    first, second = client_for(users["perencana"]), client_for(users["admin.pkr"])
    ind = Indicator.objects.get(plan=pkr_plan, code="IKK 1.1")
    url = f"/renstra/PKR/{pkr_plan.pk}/indikator/{ind.pk}/ubah/"
    token_a = token_of(first.get(url).content.decode())
    token_b = token_of(second.get(url).content.decode())
    assert token_a == token_b
    base = dict(
        code="IKK 1.1", formula="", variables="", max_achievement="100", baseline="", baseline_year=""
    )
    assert (
        second.post(
            url, indicator_data(pkr_plan.unit, name="Nama dari admin", token=token_b, **base)
        ).status_code
        == 302
    )
    response = first.post(
        url, indicator_data(pkr_plan.unit, name="Nama dari perencana", token=token_a, **base)
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "telah diubah oleh pengguna lain" in html
    assert "Nama dari perencana" in html and "Nama dari admin" in html  # input kept, newer data shown
    assert Indicator.objects.get(pk=ind.pk).name == "Nama dari admin"
    # saving again after reading the newer data is deliberate and goes through
    response = first.post(
        url, indicator_data(pkr_plan.unit, name="Nama dari perencana", token=token_of(html), **base)
    )
    assert response.status_code == 302
    assert Indicator.objects.get(pk=ind.pk).name == "Nama dari perencana"


def test_concurrent_targets_edit_is_refused(users: dict[str, Any], pkr_plan: Plan) -> None:
    first, second = client_for(users["perencana"]), client_for(users["admin.pkr"])
    ind = Indicator.objects.get(plan=pkr_plan, code="IKK 1.1")
    url = f"/renstra/PKR/{pkr_plan.pk}/indikator/{ind.pk}/target/"
    token = token_of(first.get(url).content.decode())
    assert (
        second.post(
            url, {"token": token, "t2020": "98", "t2021": "98", "t2022": "99", "t2023": "99", "t2024": "99"}
        ).status_code
        == 302
    )
    response = first.post(
        url, {"token": token, "t2020": "97,5", "t2021": "98", "t2022": "99", "t2023": "99", "t2024": "99"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "telah diubah oleh pengguna lain" in html and 'value="97,5"' in html
    assert IndicatorTarget.objects.get(indicator=ind, year=2020).value == D(98)


def test_delete_indicator_with_pk_targets_is_refused(users: dict[str, Any], pkr_plan: Plan) -> None:
    client = client_for(users["perencana"])
    ind = Indicator.objects.get(plan=pkr_plan, code="IKK 1.1")
    url = f"/renstra/PKR/{pkr_plan.pk}/indikator/{ind.pk}/hapus/"
    assert "Perjanjian Kinerja" in client.get(url).content.decode()
    response = client.post(url)
    assert response.status_code == 409
    assert "tidak dapat dihapus" in response.content.decode()
    assert Indicator.objects.filter(pk=ind.pk).exists()
    # a fresh indicator without PK targets or realisations is deleted
    assert add_indicator(client, pkr_plan, ind.objective, code="IKK 9.9").status_code == 302
    fresh = Indicator.objects.get(plan=pkr_plan, code="IKK 9.9")
    assert client.post(f"/renstra/PKR/{pkr_plan.pk}/indikator/{fresh.pk}/hapus/").status_code == 302
    assert not Indicator.objects.filter(pk=fresh.pk).exists()
    # an objective whose indicators are in a PK is not deleted
    response = client.post(f"/renstra/PKR/{pkr_plan.pk}/sasaran/{ind.objective_id}/hapus/")
    assert response.status_code == 409 and Objective.objects.filter(pk=ind.objective_id).exists()


def test_objective_add_edit_supports_and_reorder(users: dict[str, Any], pkr_plan: Plan) -> None:
    client = client_for(users["perencana"])
    url = f"/renstra/PKR/{pkr_plan.pk}/sasaran/baru/"
    form = client.get(url).content.decode()
    sp5 = objective("DAYASOS", "SP5")
    assert "DAYASOS:SP5" in form and "KEMENSOS:SS1" in form  # the parent chain
    assert "REHSOS:" not in form
    goal = Goal.objects.get(plan=pkr_plan, code="T1")
    response = client.post(
        url,
        {"code": "SK4", "level": "SK", "statement": "Sasaran baru", "goal": goal.pk, "supports": [sp5.pk]},
    )
    assert response.status_code == 302
    sk4 = Objective.objects.get(plan=pkr_plan, code="SK4")
    assert sk4.goal == goal and list(sk4.supports.all()) == [sp5]
    assert sk4.position == max(Objective.objects.filter(plan=pkr_plan).values_list("position", flat=True))
    # a duplicate code and a support outside the parent chain are refused
    html = client.post(url, {"code": "SK1", "level": "SK", "statement": "x"}).content.decode()
    assert "Kode sasaran &#x27;SK1&#x27; sudah dipakai" in html
    other = Objective.objects.exclude(plan__unit__code__in=["KEMENSOS", "DAYASOS", "PKR"]).first()
    assert other is not None
    html = client.post(
        url, {"code": "SK5", "level": "SK", "statement": "x", "supports": [other.pk]}
    ).content.decode()
    assert "Sasaran yang dipilih tidak dapat didukung" in html and 'value="SK5"' in html
    assert not Objective.objects.filter(plan=pkr_plan, code="SK5").exists()

    # move SK4 up one place
    def codes() -> list[str]:
        return list(
            Objective.objects.filter(plan=pkr_plan).order_by("position").values_list("code", flat=True)
        )

    assert codes()[-1] == "SK4"
    assert (
        client.post(f"/renstra/PKR/{pkr_plan.pk}/sasaran/{sk4.pk}/geser/", {"arah": "naik"}).status_code
        == 302
    )
    assert codes()[-2] == "SK4"
    # edit with the token: statement changes, support removed
    edit = f"/renstra/PKR/{pkr_plan.pk}/sasaran/{sk4.pk}/ubah/"
    token = token_of(client.get(edit).content.decode())
    assert (
        client.post(edit, {"token": token, "code": "SK4", "level": "SK", "statement": "Diubah"}).status_code
        == 302
    )
    sk4.refresh_from_db()
    assert sk4.statement == "Diubah" and not sk4.supports.exists()
    # a delete of an objective without references works
    assert client.post(f"/renstra/PKR/{pkr_plan.pk}/sasaran/{sk4.pk}/hapus/").status_code == 302
    assert not Objective.objects.filter(pk=sk4.pk).exists()


def test_edit_header_missions_and_goals(users: dict[str, Any], pkr_plan: Plan) -> None:
    client = client_for(users["perencana"])
    url = f"/renstra/PKR/{pkr_plan.pk}/ubah/"
    page = client.get(url).content.decode()
    token = token_of(page)
    response = client.post(
        url,
        {
            "token": token,
            "label": "Renstra PKR",
            "vision": "Visi baru",
            "missions": "Misi satu\n\nMisi dua\n",
            "goals": "T: Tujuan utama\nT1: Tujuan satu\nT2: Tujuan dua\nT3: Tujuan tiga\nT4: Tujuan empat",
            "adopted_on": "11-05-2020",
            "legal_basis": "Perdir 1/2022",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    plan = Plan.objects.get(pk=pkr_plan.pk)
    assert plan.vision == "Visi baru" and str(plan.adopted_on) == "2020-05-11"
    assert list(plan.missions.order_by("position").values_list("statement", flat=True)) == [
        "Misi satu",
        "Misi dua",
    ]
    assert list(plan.goals.order_by("position").values_list("code", flat=True)) == [
        "T",
        "T1",
        "T2",
        "T3",
        "T4",
    ]
    # a goal still named by an objective cannot be dropped; a bad line is explained
    token = token_of(client.get(url).content.decode())
    html = client.post(url, {"token": token, "goals": "T1: satu", "adopted_on": "kemarin"}).content.decode()
    assert "Tanggal tidak dapat dibaca" in html
    html = client.post(url, {"token": token, "goals": "T1: satu\ntanpa kode"}).content.decode()
    assert "Baris 2" in html
    html = client.post(url, {"token": token, "goals": "T1: satu"}).content.decode()
    assert "tidak dapat dihapus" in html and Goal.objects.filter(plan=pkr_plan, code="T").exists()
    # stale token: refused
    html = client.post(url, {"token": "basi", "vision": "Lain"}).content.decode()
    assert "telah diubah oleh pengguna lain" in html
    assert Plan.objects.get(pk=pkr_plan.pk).vision == "Visi baru"


def test_unit_page_links_to_the_renstra(users: dict[str, Any], pkr_plan: Plan) -> None:
    html = client_for(users["operator.pkr"]).get("/unit/PKR/").content.decode()
    assert 'href="/renstra/PKR/"' in html


def test_unit_without_plan_and_parent_first_in_supports(users: dict[str, Any], pkr_plan: Plan) -> None:
    client = client_for(users["apip"])
    itjen = Unit.objects.get(code="ITJEN")
    Unit.objects.create(agency=itjen.agency, code="BARU", name="Unit baru", level="eselon2", parent=itjen)
    html = client.get("/renstra/BARU/").content.decode()
    assert "Unit ini belum memiliki Renstra." in html
    form = client_for(users["perencana"]).get(f"/renstra/PKR/{pkr_plan.pk}/sasaran/baru/").content.decode()
    assert form.index("DAYASOS:SP1") < form.index("KEMENSOS:SS1")


def test_move_indicator_within_its_objective(users: dict[str, Any], pkr_plan: Plan) -> None:
    client = client_for(users["perencana"])
    sk1 = objective("PKR", "SK1")

    def codes() -> list[str]:
        return list(
            Indicator.objects.filter(objective=sk1).order_by("position", "id").values_list("code", flat=True)
        )

    before = codes()
    second = Indicator.objects.get(objective=sk1, code=before[1])
    url = f"/renstra/PKR/{pkr_plan.pk}/indikator/{second.pk}/geser/"
    assert client.get(url).status_code == 405
    assert client.post(url, {"arah": "naik"}).status_code == 302
    assert codes() == [before[1], before[0], *before[2:]]
    assert client.post(url, {"arah": "naik"}).status_code == 302  # already first: unchanged
    assert codes() == [before[1], before[0], *before[2:]]
