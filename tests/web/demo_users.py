"""The Kemensos demo data and one user per demo role (as ``kinerja demo`` creates them), for the
page tests. Real database rows; the clients are signed in with ``force_login``."""

from __future__ import annotations

from typing import Any

from django.test import Client

from kinerja.cli import DEMO_USERS
from kinerja.interchange.db import import_document
from kinerja.interchange.parse import load_document
from kinerja.organizations.models import Unit
from tests.conftest import DEMO_DIR
from tests.orgtree import make_user

PASSWORD = "s3cret-pass-123"


def load_demo() -> dict[str, Unit]:
    import_document(load_document(DEMO_DIR / "kemensos.yaml", check_refs=False))
    return {u.code: u for u in Unit.objects.all()}


def demo_users(units: dict[str, Unit]) -> dict[str, Any]:
    """perencana, operator.pkr, verifikator.pkr, pimpinan.pkr, operator.rehsos, apip."""
    return {
        username: make_user(username, role, units[unit_code], password=PASSWORD)
        for username, role, unit_code, _ in DEMO_USERS
    }


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client
