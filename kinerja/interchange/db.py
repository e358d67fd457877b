"""The database side of the interchange file, under the import path its callers use.

* ``import_document(doc, source)``: write a ``Document`` to the database, all or nothing
  (``importer.py``, with ``import_checks.py`` and ``import_realizations.py``).
* ``export_document(agency_code=None, unit=None)``: read one back (``exporter.py``);
  ``unit_document(unit)`` for a ``Unit`` row, within its own agency (what pages use);
  ``budget_document(unit)`` the same without the realisations (the budget page and API).
* ``ensure_schema()``: create the tables when the database has none of ours (``dbutil.py``).

The rules (upsert by natural keys, what a unit export carries, order and normalisation) are in
the docstrings of ``importer.py`` and ``exporter.py``.
"""

from __future__ import annotations

from kinerja.interchange.dbutil import BIGINT_MAX, MEASURE_LIMIT, QUANTUM, SQLITE_DIGITS, ensure_schema
from kinerja.interchange.exporter import (
    budget_document,
    export_document,
    measured_document,
    unit_document,
    unit_year_document,
)
from kinerja.interchange.importer import (
    AGREEMENT_FIELDS,
    INDICATOR_FIELDS,
    OBJECTIVE_FIELDS,
    PLAN_FIELDS,
    UNIT_FIELDS,
    ImportSummary,
    import_document,
    known_refs,
)

__all__ = [
    "AGREEMENT_FIELDS",
    "BIGINT_MAX",
    "INDICATOR_FIELDS",
    "MEASURE_LIMIT",
    "OBJECTIVE_FIELDS",
    "PLAN_FIELDS",
    "QUANTUM",
    "SQLITE_DIGITS",
    "UNIT_FIELDS",
    "ImportSummary",
    "budget_document",
    "ensure_schema",
    "export_document",
    "import_document",
    "measured_document",
    "unit_document",
    "unit_year_document",
    "known_refs",
]
