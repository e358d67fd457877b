"""Two real transactions racing on PostgreSQL: the one that commits second is refused.

SQLite serialises writers on the whole file (and the test database is in memory), so the race
is only run where rows are locked: on PostgreSQL (``DATABASE_URL=postgresql://...``).
"""

from __future__ import annotations

import threading
import time
from decimal import Decimal as D
from typing import Any

import pytest
from django.db import connection, connections, transaction

from kinerja.measurement import workflow
from kinerja.measurement.models import Realization
from kinerja.measurement.workflow import VersionConflict
from tests.orgtree import build_tree, make_realization, make_user

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks: PostgreSQL only"),
]


def test_second_writer_waits_then_is_refused() -> None:
    units = build_tree()
    a = make_user("a", "operator", units["DIR1"])
    b = make_user("b", "operator", units["DIR1"])
    r = make_realization(units["DIR1"])
    a_saved, release = threading.Event(), threading.Event()
    outcome: dict[str, Any] = {}

    def writer_a() -> None:
        try:
            with transaction.atomic():
                workflow.save_realization(a, Realization.objects.get(pk=r.pk), {"value_number": "90"}, 1)
                a_saved.set()
                release.wait(10)  # keep the row locked, uncommitted
            outcome["a"] = "ok"
        except Exception as exc:  # noqa: BLE001
            outcome["a"] = exc
        finally:
            connections.close_all()

    def writer_b() -> None:
        try:
            a_saved.wait(10)
            workflow.save_realization(b, Realization.objects.get(pk=r.pk), {"value_number": "95"}, 1)
            outcome["b"] = "ok"
        except Exception as exc:  # noqa: BLE001
            outcome["b"] = exc
        finally:
            connections.close_all()

    ta, tb = threading.Thread(target=writer_a), threading.Thread(target=writer_b)
    ta.start()
    tb.start()
    a_saved.wait(10)
    time.sleep(0.5)  # b is now waiting for a's row lock
    assert "b" not in outcome
    release.set()
    ta.join(20)
    tb.join(20)
    assert outcome["a"] == "ok"
    assert isinstance(outcome["b"], VersionConflict), outcome["b"]
    row = Realization.objects.get(pk=r.pk)
    assert (row.value_number, row.version) == (D("90"), 2)
