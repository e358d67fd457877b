"""Every model is browsable in the Django admin: changelist, search and change page."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from kinerja.interchange.db import import_document
from tests.db.conftest import kinerja_models
from tests.db.documents import rich_document

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.db.admin_urls")]

MODELS = kinerja_models()


@pytest.fixture
def admin_client_with_data(db: None) -> Client:
    import_document(rich_document())
    user = get_user_model().objects.create_superuser("admin", "admin@example.go.id", "rahasia-123-panjang")
    _workflow_rows(user)
    client = Client()
    response = client.post(
        reverse("admin:login"),
        {"username": "admin", "password": "rahasia-123-panjang", "next": "/admin/"},
    )
    assert response.status_code == 302 and response["Location"] == "/admin/"
    return client


def _workflow_rows(user) -> None:  # type: ignore[no-untyped-def]
    """Rows the import does not make: a role, a workflow step, a closed lock exception."""
    from django.utils import timezone

    from kinerja.measurement.models import LockException, Realization, RealizationEvent
    from kinerja.organizations.models import Membership, Unit

    unit = Unit.objects.get(code="PKR")
    Membership.objects.create(user=user, unit=unit, role="operator")
    row = Realization.objects.filter(unit=unit).order_by("pk").first()
    RealizationEvent.objects.create(
        realization=row,
        action="submit",
        from_status="draft",
        to_status="submitted",
        version=1,
        username="admin",
    )
    LockException.objects.create(realization=row, reason="koreksi PKR", closed_at=timezone.now())


# Written only by the workflow: no add page.
READ_ONLY = {"RealizationEvent"}


def test_every_model_is_registered() -> None:
    assert [m for m in MODELS if not admin.site.is_registered(m)] == []


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_changelist_search_and_change_pages(admin_client_with_data: Client, model) -> None:  # type: ignore[no-untyped-def]
    client = admin_client_with_data
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    response = client.get(url)
    assert response.status_code == 200, url
    assert model.objects.exists(), opts.label
    assert client.get(url, {"q": "PKR"}).status_code == 200
    obj = model.objects.order_by("pk").first()
    change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    assert client.get(change).status_code == 200, change
    add = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
    assert add.status_code == (403 if model.__name__ in READ_ONLY else 200)


def test_admin_index_lists_the_apps_in_indonesian(admin_client_with_data: Client) -> None:
    html = admin_client_with_data.get("/admin/").content.decode()
    for name in ("Unit organisasi", "Rencana Strategis", "Indikator", "Perjanjian Kinerja", "Realisasi"):
        assert name in html


def test_rows_added_in_the_admin_take_the_agency_of_their_parent(admin_client_with_data: Client) -> None:
    from kinerja.measurement.models import Realization, RealizationInput

    realization = Realization.objects.get(unit__code="PKR", indicator__code="IKK 2.1", year=2022)
    url = reverse("admin:measurement_realizationinput_add")
    response = admin_client_with_data.post(
        url, {"realization": realization.pk, "name": "x", "value": "1.5", "position": 9}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    row = RealizationInput.objects.get(realization=realization, name="x")
    assert row.agency_id == realization.agency_id
    # the natural key is still checked although the form does not show the agency
    response = admin_client_with_data.post(
        url, {"realization": realization.pk, "name": "x", "value": "2", "position": 10}
    )
    html = response.content.decode()
    assert response.status_code == 200 and "errorlist nonfield" in html, "duplicate accepted"
    assert "Realisasi dan Variabel" in html.split("errorlist nonfield")[1][:300]


def test_saving_a_realisation_in_the_admin_raises_its_version(admin_client_with_data: Client) -> None:
    from kinerja.measurement.models import Realization

    row = Realization.objects.get(unit__code="PKR", indicator__code="IKK 2.1", year=2022)
    url = reverse("admin:measurement_realization_change", args=[row.pk])
    data = {
        "unit": row.unit_id,
        "indicator": row.indicator_id,
        "year": 2022,
        "quarter": "",
        "value_number": "99.5",
        "value_label": "",
        "analysis": "",
        "supporting": "",
        "inhibiting": "",
        "follow_up": "",
        "status": "draft",
        "inputs-TOTAL_FORMS": 0,
        "inputs-INITIAL_FORMS": 0,
        "evidence-TOTAL_FORMS": 0,
        "evidence-INITIAL_FORMS": 0,
    }
    response = admin_client_with_data.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    row2 = Realization.objects.get(pk=row.pk)
    assert row2.version == row.version + 1
    assert str(row2.value_number) == "99.5000000000"
