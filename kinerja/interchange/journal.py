"""What an import changed, written to the history (``kinerja.history``) and, for a realisation
whose status it changes, to the workflow (``RealizationEvent``).

The importer writes in bulk, which sends no model signal, so it keeps this journal itself: every
row it creates (one ``create`` row with the values), every field it changes (old and new value),
and every realisation whose status or content it changes. Each history row names who imported
(the signed-in user, or ``kinerja import`` with the operating-system account that ran it) and the
file (``note``: "impor berkas kemensos.yaml").

The first load of an agency (the import that creates it) is recorded as one row on the agency
instead of one per record: there is nothing older to compare with, and the file itself is the
record of what came in.
"""

from __future__ import annotations

import getpass
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from kinerja.history.models import CREATE, DELETE, UPDATE, Change
from kinerja.history.tracking import as_text
from kinerja.interchange.dbutil import insert_values, snapshot

CHANGE_FIELDS = (
    "agency",
    "at",
    "user",
    "username",
    "content_type",
    "object_id",
    "object_repr",
    "action",
    "field",
    "old_value",
    "new_value",
    "note",
)


def importer_name(user: Any) -> str:
    """Who imports: the signed-in user's name, or the command and the account that ran it."""
    if user is not None and getattr(user, "is_authenticated", False):
        return str(user.get_username())
    try:
        account = getpass.getuser()
    except (KeyError, OSError):  # no name for this uid (containers)
        account = "?"
    return f"kinerja import ({account})"


class Journal:
    """The history rows of one import, written with ``flush`` inside the import's transaction."""

    def __init__(self, source: str, user: Any = None) -> None:
        self.user = user if user is not None and getattr(user, "is_authenticated", False) else None
        self.username = importer_name(user)[:150]
        self.note = f"impor berkas {Path(source).name}" if source else "impor berkas"
        self.agency_id = 0  # set by the importer before any row is recorded
        self.first_load = False
        # Change rows as plain values in CHANGE_FIELDS order (dbutil.insert_values at flush)
        self.changes: list[tuple[Any, ...]] = []
        self.at = timezone.now()
        self.events: list[Any] = []
        self._types: dict[type[models.Model], ContentType] = {}

    # -- rows ------------------------------------------------------------------------------------

    def _row(
        self, obj: models.Model, action: str, field: str, old: str | None, new: str | None, label: str
    ) -> None:
        model = type(obj)
        ct = self._types.get(model)
        if ct is None:
            ct = self._types[model] = ContentType.objects.get_for_model(model)
        self.changes.append(
            (
                self.agency_id,
                self.at,
                self.user.pk if self.user is not None else None,
                self.username,
                ct.pk,
                str(obj.pk),
                label[:300],
                action,
                field,
                old,
                new,
                self.note,
            )
        )

    def agency_created(self, agency: models.Model) -> None:
        self.agency_id = agency.pk
        self.first_load = True
        self._row(agency, CREATE, "", None, json.dumps({"code": getattr(agency, "code", "")}), str(agency))

    def created(self, rows: Iterable[models.Model], fields: Sequence[str], label: Any = str) -> None:
        """New rows (after their ``bulk_create``): one ``create`` row each with ``fields``."""
        if self.first_load:
            return
        for row in rows:
            values = {f: as_text(v) for f, v in zip(fields, snapshot(row, fields), strict=True)}
            self._row(
                row, CREATE, "", None, json.dumps(values, ensure_ascii=False, sort_keys=True), label(row)
            )

    def updated(
        self, rows: Iterable[Any], before: dict[int, tuple[Any, ...]], fields: Sequence[str], label: Any = str
    ) -> list[Any]:
        """The rows whose ``fields`` differ from ``before`` (what ``dbutil.changed_since`` gives),
        with one ``update`` row per changed field."""
        out = []
        for row in rows:
            if row.pk not in before:
                continue
            now = snapshot(row, fields)
            if now == before[row.pk]:
                continue
            out.append(row)
            if self.first_load:
                continue
            text = label(row)
            for field, old, new in zip(fields, before[row.pk], now, strict=True):
                if old != new:
                    self._row(row, UPDATE, field, as_text(old), as_text(new), text)
        return out

    def field(self, row: models.Model, field: str, old: Any, new: Any, label: str) -> None:
        """One changed value that is not a column (a realisation's inputs or evidence list)."""
        if not self.first_load and old != new:
            self._row(row, UPDATE, field, _text(old), _text(new), label)

    def deleted(self, rows: Iterable[models.Model], label: Any = str) -> None:
        if self.first_load:
            return
        for row in rows:
            self._row(row, DELETE, "", None, None, label(row))

    def status(self, realization: Any, old: str, new: str) -> None:
        """A realisation's status changed by the import: a workflow step of its own."""
        from kinerja.measurement.models import IMPORT, RealizationEvent

        if old == new or self.first_load:
            return
        self.events.append(
            RealizationEvent(
                agency_id=realization.agency_id,
                realization=realization,
                action=IMPORT,
                from_status=old,
                to_status=new,
                user=self.user,
                username=self.username,
                comment=self.note,
                version=realization.version,
            )
        )

    def flush(self) -> None:
        from kinerja.measurement.models import RealizationEvent

        insert_values(Change, CHANGE_FIELDS, self.changes)
        RealizationEvent.objects.bulk_create(self.events, batch_size=1000)
        self.changes, self.events = [], []


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, default=as_text)
