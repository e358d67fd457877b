"""The agency policy ``count_verified`` goes into ``Agency.count_verified`` and back out, under the
same rule as ``max_achievement``: only a file that describes the organisation (has units), or
creates the agency, sets it; a data-only file leaves it alone."""

from __future__ import annotations

import copy

import pytest

from kinerja.core.types import KinerjaValidationError
from kinerja.interchange.db import export_document, import_document
from kinerja.interchange.document import Agency, Document, PolicyDoc
from kinerja.interchange.parse import parse_text
from kinerja.interchange.write import dump_document
from kinerja.organizations.models import Agency as AgencyRow
from tests.db.documents import rich_document

pytestmark = pytest.mark.django_db


def agency_row() -> AgencyRow:
    return AgencyRow.objects.get(code="KEMENSOS")


def test_count_verified_round_trips_through_the_database_and_the_file(db: None) -> None:
    doc = rich_document()
    doc.policy.count_verified = True
    import_document(doc)
    assert agency_row().count_verified is True
    exported = export_document()
    assert exported.policy.count_verified is True
    assert exported == doc
    assert parse_text(dump_document(exported)) == doc


def test_default_policy_exports_as_before(db: None) -> None:
    import_document(rich_document())
    assert agency_row().count_verified is False
    exported = export_document()
    assert exported.policy == rich_document().policy
    assert "count_verified" not in dump_document(exported)


def test_only_a_file_describing_the_organisation_changes_the_policy(db: None) -> None:
    full = rich_document()
    full.policy.count_verified = True
    import_document(full)
    # a data-only file carries the format's default policy: it must not reset the agency's
    data_only = Document(agency=Agency(code="KEMENSOS"), realizations=copy.deepcopy(full.realizations))
    assert data_only.policy.count_verified is False
    import_document(data_only)
    assert agency_row().count_verified is True
    # a file with the units sets it, both ways
    off = rich_document()
    import_document(off)
    assert agency_row().count_verified is False
    assert export_document() == off


def test_a_new_agency_takes_the_policy_of_a_data_only_file(db: None) -> None:
    import_document(
        Document(agency=Agency(code="BARU", name="Instansi Baru"), policy=PolicyDoc(count_verified=True))
    )
    assert AgencyRow.objects.get(code="BARU").count_verified is True


def test_a_policy_that_is_not_a_boolean_is_refused(db: None) -> None:
    doc = rich_document()
    doc.policy.count_verified = "ya"  # type: ignore[assignment]
    with pytest.raises(KinerjaValidationError, match="policy.count_verified"):
        import_document(doc, source="salah.yaml")
    assert not AgencyRow.objects.exists()
