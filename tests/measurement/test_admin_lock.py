"""A locked realisation cannot be changed through the Django admin's pages for its parts
(issue #11, finding 6: n 509 -> 1 on an approved IKK 1.4 through the input admin)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from kinerja.measurement.models import Realization, RealizationInput


@pytest.fixture
def root(demo: dict[str, Any]) -> Client:
    user = get_user_model().objects.create_superuser("root", "root@example.go.id", "x")
    client = Client()
    client.force_login(user)
    return client


def approved_input() -> RealizationInput:
    r = Realization.objects.filter(
        unit__code="PKR", status="approved", locked=True, inputs__isnull=False
    ).first()
    assert r is not None
    return r.inputs.order_by("position").first()  # type: ignore[return-value]


def test_input_of_a_locked_realisation_is_read_only_in_the_admin(root: Client) -> None:
    item = approved_input()
    before = item.value
    url = f"/admin/measurement/realizationinput/{item.pk}/change/"
    page = root.get(url)
    assert page.status_code == 200 and b'name="_save"' not in page.content
    response = root.post(
        url, {"realization": item.realization_id, "position": item.position, "name": item.name, "value": "1"}
    )
    assert response.status_code == 403
    assert (
        root.post(f"/admin/measurement/realizationinput/{item.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    item.refresh_from_db()
    assert item.value == before


def test_no_new_input_or_evidence_on_a_locked_realisation(root: Client) -> None:
    item = approved_input()
    count = RealizationInput.objects.count()
    response = root.post(
        "/admin/measurement/realizationinput/add/",
        {"realization": item.realization_id, "position": 9, "name": "x", "value": "1"},
    )
    assert response.status_code == 200 and "terkunci" in response.content.decode()
    assert RealizationInput.objects.count() == count
    response = root.post(
        "/admin/measurement/evidence/add/",
        {"realization": item.realization_id, "position": 9, "reference": "bukti palsu"},
    )
    assert response.status_code == 200 and "terkunci" in response.content.decode()
    assert not item.realization.evidence.filter(reference="bukti palsu").exists()


def test_a_draft_realisations_input_is_still_editable(root: Client) -> None:
    item = approved_input()
    r = item.realization
    Realization.objects.filter(pk=r.pk).update(status="draft", locked=False)
    url = f"/admin/measurement/realizationinput/{item.pk}/change/"
    response = root.post(
        url, {"realization": r.pk, "position": item.position, "name": item.name, "value": "1"}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.value == 1
