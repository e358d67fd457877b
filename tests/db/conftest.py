"""Fixtures for the database tests (SQLite by default, PostgreSQL with DATABASE_URL)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.apps import apps

from tests.db.documents import rich_document

KINERJA_APPS = ("organizations", "planning", "agreements", "measurement", "budget")


def kinerja_models() -> list:
    return [m for label in KINERJA_APPS for m in apps.get_app_config(label).get_models()]


def row_counts() -> dict[str, int]:
    return {m._meta.label: m.objects.count() for m in kinerja_models()}


def empty_database() -> None:
    """Delete every agency (and so every row of ours) and check nothing is left."""
    from kinerja.organizations.models import Agency

    Agency.objects.all().delete()
    assert not any(row_counts().values()), row_counts()


@pytest.fixture
def counts() -> Callable[[], dict[str, int]]:
    return row_counts


@pytest.fixture
def rich(db):  # type: ignore[no-untyped-def]
    """The rich document, imported."""
    from kinerja.interchange.db import import_document

    doc = rich_document()
    import_document(doc, source="rich.yaml")
    return doc
