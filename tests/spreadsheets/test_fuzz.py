"""Bounded fuzzing of the XLSX reader (issue #11): the real template of Dit. PKR 2022 with
arbitrary values in arbitrary cells, sheets renamed or removed, or its bytes cut. The upload always
answers with an ``Outcome`` (never an exception); a refused file has problems in Bahasa Indonesia
and leaves the database as it was. Fixed seed (``derandomize``), a few seconds."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kinerja.history.models import Change
from kinerja.interchange.db import export_document
from kinerja.interchange.write import dump_document
from kinerja.organizations.models import Unit
from kinerja.spreadsheets import layout as L
from kinerja.spreadsheets.template import template_for
from kinerja.spreadsheets.upload import process_upload
from tests.fuzzing import speaks_python
from tests.spreadsheets.conftest import edit

values = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**20), max_value=10**20)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=40).map(lambda t: "".join(c for c in t if c >= " " or c in "\t\n"))
    | st.sampled_from(
        ["18.658.193", "99,25", "1.500", "=1+1", "WTP", "-", "n.a", "TW I", "2022-Q1", "PKR:IKK 1.1"]
    )
    | st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 1, 1))
    | st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1))
)
edits = st.lists(
    st.tuples(st.sampled_from(L.DATA_SHEETS), st.integers(1, 40), st.integers(1, 30), values),
    min_size=1,
    max_size=8,
)


def _state() -> tuple[str, int]:
    return dump_document(export_document()), Change.objects.count()


@pytest.fixture
def template(users: dict[str, Any], pkr: Unit) -> bytes:
    return template_for(users["operator.pkr"], pkr, 2022)


@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(changes=edits, sheet_op=st.sampled_from(["none", "none", "rename", "remove"]), cut=st.integers(0, 3))
def test_any_damaged_template_is_saved_or_refused_in_indonesian(
    users: dict[str, Any], pkr: Unit, template: bytes, changes: list[Any], sheet_op: str, cut: int
) -> None:
    def damage(wb: Any) -> None:
        for sheet, row, col, value in changes:
            wb[sheet].cell(row=row, column=col).value = value
        if sheet_op == "rename":
            wb[L.REALIZATIONS_SHEET].title = "Lembar1"
        elif sheet_op == "remove":
            del wb[L.QUARTERS_SHEET]

    data = edit(template, damage)
    if cut:
        data = data[: len(data) * cut // 4]
    before = _state()
    outcome = process_upload(users["operator.pkr"], pkr, 2022, data)
    if not outcome.ok:
        assert outcome.problems
        for problem in outcome.problems:
            text = str(problem.message)
            assert text.strip() and not speaks_python(text), text
        assert _state() == before
