"""Every route of the site against the unit scope, swept from the URL configuration itself.

The hand-written view tests check each page's rules in detail; this sweep makes sure no page was
forgotten. Each route is classified below as *scoped* (it shows or changes one unit's data; the
URL parameters are filled with Dit. PKR's records) or *open* (the same for every signed-in user:
home, the user's own password ...). A route added to ``kinerja/urls.py`` without a place here
fails ``test_every_route_is_classified``, so it cannot skip the sweep.

For every scoped route:

* someone entitled to it gets it (GET 200, or a POST-only route accepts the POST): the
  parameters point at real records, so the refusals below are not 404s of a wrong URL;
* an Admin and a Pimpinan of a sibling directorate (Ditjen Rehsos, which holds every right there)
  are refused on GET and on POST (403, 404 or 405), and nothing in the database changes;
* the APIP, who reads the whole agency, changes nothing except by recording a reviu;
* a visitor who is not signed in is sent to the sign-in page.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from kinerja.agreements import services as agreements
from kinerja.agreements.models import Agreement
from kinerja.history.models import Change
from kinerja.interchange.db import export_document
from kinerja.interchange.write import dump_document
from kinerja.measurement.models import Evidence
from kinerja.narratives.models import Narrative
from kinerja.organizations.models import Membership, Unit
from kinerja.planning import services as planning
from kinerja.planning.models import Indicator, Plan
from tests.orgtree import make_user

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

# Routes that are the same for every signed-in user (no unit in them), with why.
OPEN_ROUTES = {
    "set_language": "the user's language choice",
    "web:home": "lists only the units of the user's scope (tests/web/test_access.py)",
    "web:organisasi": "shows only the units of the user's scope (tests/web/test_orgtree.py)",
    "web:search": "finds only in the units of the user's scope (tests/web/test_search.py)",
    "web:glossary": "the same SAKIP terms for everyone",
    "web:login": "sign-in page",
    "web:logout": "sign-out",
    "web:session": "whether the visitor's own session is alive (tests/web/test_guards.py)",
    "measurement:waiting": "the user's own queue, filtered by scope (tests/web/test_dashboard.py)",
    "akip:recommendations": "open recommendations of the user's scope only (tests/evaluation/test_recommendations.py)",
    "users:list": "users of the admin's own scope (tests/users/test_users.py)",
    "users:create": "creates a user at a unit of the admin's own scope (tests/users/test_users.py)",
    "users:own_password": "the signed-in user's own password",
    "users:password_reset": "asks for an e-mail address; the same answer for any (tests/users/test_password_reset.py)",
    "users:password_reset_done": "a fixed page",
    "users:password_reset_confirm": "needs the token mailed to the account (tests/users/test_password_reset.py)",
    "users:password_reset_complete": "a fixed page",
    "users:two_factor": "the signed-in user's own authenticator (tests/users/test_two_factor.py)",
    "users:two_factor_qr": "the QR code of the signed-in user's own authenticator",
    "users:two_factor_disable": "removes the signed-in user's own authenticator",
    "users:two_factor_verify": "the code after the signed-in user's own password",
    "api:tokens": "the signed-in user's own API tokens (tests/api/test_tokens.py)",
    "api:token_revoke": "revokes one of the signed-in user's own tokens, 404 for others' (tests/api/test_tokens.py)",
    "api_v1_none": "any unknown path under /api/v1/: a 404 problem+json",
    "tasks:inbox": "the signed-in user's own tasks, from their scope (tests/tasks/test_inbox.py)",
    "notifications:list": "the signed-in user's own notifications (tests/notifications/test_services.py)",
    "notifications:preferences": "the signed-in user's own choices (tests/notifications/test_services.py)",
}

# The REST API (/api/v1/) answers 401 problem+json rather than sending to the sign-in page; its
# every route is swept against the same scope by tests/api/test_matrix.py.
API_NAMESPACE = "api-v1:"

# Routes for the public, without an account, with why they show nothing of a unit's data.
PUBLIC_ROUTES = {
    "skm:public": "a service's satisfaction questionnaire, nothing else (tests/evaluation/test_skm_pages.py)",
}

# The one change the APIP may make.
APIP_WRITES = {"evaluation:reviu", "akip:unit"}  # the reviu; the AKIP evaluation's review


def _routes() -> dict[str, str]:
    """Route name -> URL pattern, for every route outside the Django admin."""
    out: dict[str, str] = {}

    def walk(patterns: list[Any], prefix: str, namespace: str | None) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                if str(p.pattern).startswith("admin/"):
                    continue  # superusers only: tests/access/test_admin_roles.py
                walk(p.url_patterns, prefix + str(p.pattern), p.namespace or namespace)
            elif isinstance(p, URLPattern):
                name = f"{namespace}:{p.name}" if namespace else str(p.name)
                out[name] = prefix + str(p.pattern)

    walk(get_resolver().url_patterns, "", None)
    return out


@dataclass
class Place:
    """Dit. PKR's records that fill the URL parameters."""

    plan: Plan
    draft_plan: Plan  # version 2 of the Renstra, not adopted
    indicator: Indicator
    signed: Agreement  # PK 2022, highest signed version
    draft: Agreement  # PK 2023 v1, a draft
    evidence: Evidence
    member: Any  # operator.pkr
    membership: Membership


def _url(name: str, place: Place) -> str:
    """The URL of ``name`` for Dit. PKR; a scoped route missing here fails the test."""
    ind, plan = place.indicator, place.plan
    realisation = f"/realisasi/PKR/2022/tw1/{ind.pk}/"
    renstra = f"/renstra/PKR/{plan.pk}/"
    draft = f"/pk/PKR/2023/v{place.draft.version}/"
    user = f"/pengguna/{place.member.pk}/"
    return {
        "lint:unit": "/periksa/unit/PKR/",
        "tasks:timeliness": "/tugas/ketepatan-waktu/PKR/?tahun=2022",
        "budget:start": "/anggaran/PKR/",
        "budget:unit": "/anggaran/PKR/2022/",
        "budget:enter": "/anggaran/PKR/2022/isi/",
        "reports:download": "/laporan/PKR/pk/?tahun=2022",
        "agreements:list": "/pk/PKR/",
        "agreements:create": "/pk/PKR/buat/?tahun=2024",
        "agreements:detail": f"/pk/PKR/2022/v{place.signed.version}/",
        "agreements:revise": f"/pk/PKR/2022/v{place.signed.version}/revisi/",
        "agreements:edit": f"{draft}ubah/",
        "agreements:sign": f"{draft}tandatangani/",
        "agreements:delete": f"{draft}hapus/",
        "agreements:action_plan": "/pk/PKR/2022/rencana-aksi/",
        "agreements:action_plan_edit": "/pk/PKR/2022/rencana-aksi/ubah/",
        "evaluation:reviu": "/reviu/PKR/2022/",
        "skm:unit": "/skm/PKR/2022/",
        "akip:unit": "/evaluasi/PKR/2022/",
        "akip:unit_recommendations": "/evaluasi/PKR/rekomendasi/",
        "evaluation:findings": "/reviu/PKR/2022/temuan/",
        "narratives:year": "/narasi/PKR/2022/",
        "narratives:text": "/narasi/PKR/2022/penutup/",
        "narratives:step": "/narasi/PKR/2022/penutup/langkah/",
        "measurement:evidence": f"/realisasi/bukti/{place.evidence.pk}/",
        "measurement:evidence_delete": f"/realisasi/bukti/{place.evidence.pk}/hapus/",
        "measurement:unit": "/realisasi/PKR/",
        "measurement:list": "/realisasi/PKR/2022/",
        "measurement:detail": realisation,
        "measurement:preview": f"{realisation}pratinjau/",
        "measurement:step": f"{realisation}langkah/",
        "measurement:evidence_upload": f"{realisation}bukti/",
        "spreadsheets:upload": "/xlsx/PKR/2022/",
        "spreadsheets:template": "/xlsx/PKR/2022/templat/",
        "spreadsheets:budget_template": "/xlsx/PKR/2022/anggaran/templat/",
        "spreadsheets:budget_upload": "/xlsx/PKR/2022/anggaran/",
        "planning:unit": "/renstra/PKR/",
        "planning:plan": renstra,
        "planning:edit_header": f"{renstra}ubah/",
        "planning:new_version": f"{renstra}versi-baru/",
        "planning:adopt": f"/renstra/PKR/{place.draft_plan.pk}/tetapkan/",
        "planning:add_objective": f"{renstra}sasaran/baru/",
        "planning:edit_objective": f"{renstra}sasaran/{ind.objective_id}/ubah/",
        "planning:move_objective": f"{renstra}sasaran/{ind.objective_id}/geser/",
        "planning:delete_objective": f"{renstra}sasaran/{ind.objective_id}/hapus/",
        "planning:add_indicator": f"{renstra}sasaran/{ind.objective_id}/indikator/baru/",
        "planning:indicator": f"{renstra}indikator/{ind.pk}/",
        "planning:edit_indicator": f"{renstra}indikator/{ind.pk}/ubah/",
        "planning:edit_targets": f"{renstra}indikator/{ind.pk}/target/",
        "planning:move_indicator": f"{renstra}indikator/{ind.pk}/geser/",
        "planning:delete_indicator": f"{renstra}indikator/{ind.pk}/hapus/",
        "users:detail": user,
        "users:profile": f"{user}profil/",
        "users:status": f"{user}status/",
        "users:password": f"{user}sandi/",
        "users:grant": f"{user}peran/",
        "users:revoke": f"{user}peran/{place.membership.pk}/cabut/",
        "users:two_factor_reset": f"{user}dua-langkah/",
        "web:unit": "/unit/PKR/?tahun=2022",
        "web:dashboard": "/unit/PKR/dasbor/?tahun=2022",
        "web:pohon": "/unit/PKR/pohon-kinerja/?tahun=2022",
    }[name]


def _scoped() -> list[str]:
    return sorted(
        n
        for n in _routes()
        if n not in OPEN_ROUTES and n not in PUBLIC_ROUTES and not n.startswith(API_NAMESPACE)
    )


@pytest.fixture
def place(users: dict[str, Any], settings: Any, tmp_path: Any) -> Place:
    settings.MEDIA_ROOT = tmp_path / "media"
    pkr = users["operator.pkr"].kinerja_memberships.get().unit
    plan = agreements.plan_for_year(pkr, 2022)
    assert plan is not None
    draft_plan = planning.new_version(users["perencana"], plan, "c")  # adopt needs a draft
    indicator = Indicator.objects.get(plan=plan, code="IKK 1.1")
    signed = agreements.working_version(pkr, 2022)
    assert signed is not None
    draft = agreements.create_agreement_from_plan(users["perencana"], pkr, 2023)
    upload = io.BytesIO(PDF)
    upload.name = "Berita Acara.pdf"
    client = Client()
    client.force_login(users["operator.pkr"])
    assert (
        client.post(f"/realisasi/PKR/2022/tw1/{indicator.pk}/bukti/", {"berkas": upload}).status_code == 302
    )
    member = users["operator.pkr"]
    return Place(
        plan=plan,
        draft_plan=draft_plan,
        indicator=indicator,
        signed=signed,
        draft=draft,
        evidence=Evidence.objects.get(realization__indicator=indicator, realization__quarter=1),
        member=member,
        membership=member.kinerja_memberships.get(),
    )


def _client(user: Any) -> Client:
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


def _state() -> tuple[Any, ...]:
    """Everything a refused request must leave as it was."""
    people = get_user_model().objects.order_by("pk").values_list("username", "is_active", "password", "email")
    return (
        dump_document(export_document()),
        Change.objects.count(),
        Evidence.objects.count(),
        list(Narrative.objects.order_by("pk").values_list("key", "text", "status", "comment")),
        list(Membership.objects.order_by("pk").values_list("user_id", "unit_id", "role")),
        list(people),
    )


def test_every_route_is_classified(users: dict[str, Any], place: Place) -> None:
    routes = _routes()
    assert set(OPEN_ROUTES) <= set(routes), set(OPEN_ROUTES) - set(routes)
    assert set(PUBLIC_ROUTES) <= set(routes), set(PUBLIC_ROUTES) - set(routes)
    missing = []
    for name in _scoped():
        try:
            _url(name, place)
        except KeyError:
            missing.append(name)
    assert not missing, f"routes neither open nor filled in for the sweep: {missing}"


def _lines(rows: list[Any]) -> str:
    return "\n" + "\n".join(str(r) for r in rows)


def _reached(response: Any) -> bool:
    if response.status_code == 302:
        return not response["Location"].startswith("/masuk/")
    return response.status_code not in (403, 404, 405) and response.status_code < 500


def test_every_scoped_route_is_reachable_by_someone_entitled(users: dict[str, Any], place: Place) -> None:
    """The sweep's URLs are real: one of the PKR insiders gets the page (or, for a POST-only
    route, the POST is taken), so the refusals below are the scope at work, not a wrong URL."""
    root = get_user_model().objects.create_superuser("root", "root@example.go.id", "x")
    insiders = [_client(u) for u in (root, users["admin.pkr"], users["pimpinan.pkr"], users["apip"])]
    unreached = {}
    for name in _scoped():
        url, answers = _url(name, place), []
        for client in insiders:
            response = client.get(url)
            if response.status_code == 405:
                response = client.post(url, {})
            answers.append(response.status_code)
            if _reached(response):
                break
        else:
            unreached[name] = (url, answers)
    assert not unreached, _lines(list(unreached.items()))


def test_sibling_directorate_is_refused_everywhere_and_changes_nothing(
    users: dict[str, Any], place: Place
) -> None:
    rehsos = Unit.objects.get(code="REHSOS")
    siblings = [_client(make_user(n, n.split(".")[0], rehsos)) for n in ("admin.rehsos", "pimpinan.rehsos")]
    before = _state()
    wrong = []
    for name in _scoped():
        url = _url(name, place)
        changes = Change.objects.count()
        for client in siblings:
            for method in ("get", "post"):
                response = getattr(client, method)(url, {} if method == "post" else None)
                body = b"" if response.streaming else response.content
                if response.status_code not in (403, 404, 405) or b"99,25" in body:  # IKK 1.1 in 2022
                    wrong.append((name, method.upper(), url, response.status_code))
        if Change.objects.count() != changes:
            wrong.append((name, "history written", url, Change.objects.count() - changes))
    assert not wrong, _lines(wrong)
    assert _state() == before


def test_apip_reads_but_changes_nothing_except_the_reviu(users: dict[str, Any], place: Place) -> None:
    apip = _client(users["apip"])
    before = _state()
    wrong = []
    for name in sorted(set(_scoped()) - APIP_WRITES):
        url = _url(name, place)
        response = apip.post(url, {})
        # a read page may answer a POST as a GET, the preview computes without saving and an
        # empty step is a bad request; what matters is that no POST is taken (a redirect after
        # saving) and nothing changes
        if response.status_code not in (200, 400, 403, 404, 405):
            wrong.append((name, url, response.status_code))
    assert not wrong, _lines(wrong)
    assert _state() == before


def test_visitor_is_sent_to_sign_in_everywhere(place: Place) -> None:
    visitor = _client(None)
    wrong = []
    for name in _scoped():
        url = _url(name, place)
        for method in ("get", "post"):
            response = getattr(visitor, method)(url)
            if response.status_code == 405:
                continue
            if response.status_code != 302 or not response["Location"].startswith("/masuk/"):
                wrong.append((name, method.upper(), url, response.status_code))
    assert not wrong, _lines(wrong)


def test_a_unit_code_shared_with_another_agency_breaks_no_page(users: dict[str, Any], place: Place) -> None:
    """A second agency with its own unit PKR (a regional government may well use the same code)
    leaves every Kemensos PKR page as it was: codes are looked up within the user's agency."""
    from kinerja.interchange import document as d
    from kinerja.interchange.db import import_document

    import_document(
        d.Document(
            agency=d.Agency(code="PEMDA", name="Pemerintah Daerah Contoh"),
            units=[d.Unit(code="PKR", name="Dinas PKR Daerah", level="kementerian")],
        )
    )
    assert Unit.objects.filter(code="PKR").count() == 2
    client = _client(users["operator.pkr"])
    for url in ("/unit/PKR/?tahun=2022", "/unit/PKR/dasbor/?tahun=2022", "/", "/organisasi/"):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    assert b"99,25" in client.get("/unit/PKR/?tahun=2022").content
    # (last: the sweep's POSTs deactivate operator.pkr)
    test_every_scoped_route_is_reachable_by_someone_entitled(users, place)
