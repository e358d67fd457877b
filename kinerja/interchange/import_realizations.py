"""The importer's realisations: updated in place (a locked one only "re-imported" unchanged),
their inputs and evidence replaced, uploaded evidence files never dropped (``merged_evidence``)."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.utils import timezone

from kinerja.history.tracking import as_text
from kinerja.interchange import document as d
from kinerja.interchange.dbutil import chunks, delete_by_ids, insert_values
from kinerja.interchange.import_checks import Checks

_NARRATIVE = ("analysis", "supporting", "inhibiting", "follow_up")
_JOURNAL_FIELDS = [
    "unit",
    "indicator",
    "year",
    "quarter",
    "value_number",
    "value_label",
    "status",
    *_NARRATIVE,
]


# a new realisation's columns, as insert_new writes them
_NEW_FIELDS = (
    "agency",
    "unit",
    "indicator",
    "year",
    "quarter",
    "value_number",
    "value_label",
    *_NARRATIVE,
    "status",
    "locked",
    "version",
    "created_at",
    "updated_at",
)


def r_ref(r: d.Realization) -> str:
    return f"{r.indicator} {r.period}"


def _plain(value: Any) -> Any:
    """Values as the history shows them: decimals as plain text, lists of pairs as mappings."""
    if isinstance(value, Decimal):
        return as_text(value)
    if isinstance(value, list) and value and isinstance(value[0], tuple):
        return {name: _plain(v) for name, v in value}
    return value


class RealizationImport(Checks):
    """The realisations step of the importer (a mixin of ``importer._Importer``)."""

    journal: Any  # journal.Journal, made by the importer

    def import_realizations(self) -> int:
        """Write the file's realisations; returns how many the file carried."""
        from kinerja.measurement.models import Evidence, Realization, RealizationInput
        from kinerja.planning.models import Indicator

        agency = self.agency
        items = self.doc.realizations
        if not items:
            return 0
        prepared: list[tuple[int, Any, int, int, int | None, dict[str, Any]]] = []
        keys: set[tuple[int, int, int, int | None]] = set()
        for i, r in enumerate(items):
            place = f"realizations[{i}]"
            unit = self.unit(r.unit, place + ".unit")
            period = r.period
            year = self.year(period.year, place + ".period")
            quarter = period.quarter
            if quarter is not None and (not isinstance(quarter, int) or not 1 <= quarter <= 4):
                raise self.fail(f"triwulan tidak sah: {quarter!r} (1-4)", place + ".period")
            pk = self.resolve(
                self.indicator_index, r.indicator, unit.code, place + ".indicator", "indikator", year=year
            )
            key = (unit.pk, pk, year, quarter)
            if key in keys:
                raise self.fail(f"realisasi {unit.code} {r.indicator} {period} tercantum dua kali", place)
            keys.add(key)
            prepared.append((i, unit, pk, year, quarter, self.realization_content(r, place)))

        ind_key = dict(
            (pk, (owner, code))
            for pk, owner, code in Indicator.objects.filter(
                agency=agency, pk__in={p[2] for p in prepared}
            ).values_list("id", "owner_id", "code")
        )
        # existing realisations with the same unit, indicator (owner + code) and period
        existing: dict[tuple[int, tuple[int, str], int, int | None], list[Any]] = defaultdict(list)
        for row in Realization.objects.filter(
            agency=agency, unit_id__in={p[1].pk for p in prepared}, year__in={p[3] for p in prepared}
        ).select_related("indicator"):
            existing[
                (row.unit_id, (row.indicator.owner_id, row.indicator.code), row.year, row.quarter)
            ].append(row)
        named = [(p, existing.get((p[1].pk, ind_key[p[2]], p[3], p[4]), [])) for p in prepared]
        old_ids = [row.pk for _, rows in named for row in rows]
        old_inputs: dict[int, list[tuple[str, Decimal]]] = defaultdict(list)
        old_evidence: dict[int, list[str]] = defaultdict(list)
        # uploaded evidence files (rows with a stored file), per realisation, in order: kept by
        # every import (see ``merged_evidence``)
        old_files: dict[int, list[tuple[int, str]]] = defaultdict(list)
        for chunk in chunks(old_ids, 2000):
            for rid, name, value in (
                RealizationInput.objects.filter(realization_id__in=list(chunk))
                .order_by("realization_id", "position")
                .values_list("realization_id", "name", "value")
            ):
                old_inputs[rid].append((name, value))
            for eid, rid, ref, stored in (
                Evidence.objects.filter(realization_id__in=list(chunk))
                .order_by("realization_id", "position")
                .values_list("id", "realization_id", "reference", "file")
            ):
                old_evidence[rid].append(ref)
                if stored:
                    old_files[rid].append((eid, ref))

        now = timezone.now()
        new_rows: list[Realization] = []
        changed_rows: list[Realization] = []
        delete_ids: list[int] = []
        write: list[tuple[Realization, dict[str, Any]]] = []
        kept_files: dict[int, list[tuple[int, int]]] = {}  # realisation -> (evidence id, position)
        labels: dict[int, str] = {}  # id() of a new row -> its name in the history
        for (i, unit, pk, year, quarter, content), rows in named:
            place = f"realizations[{i}]"
            if rows:
                keep = next((r for r in rows if r.locked), rows[0])
                delete_ids.extend(r.pk for r in rows if r is not keep)
                files = [f for r in [keep, *(r for r in rows if r is not keep)] for f in old_files[r.pk]]
                content["evidence"], positions = self.merged_evidence(content["evidence"], files)
                same = self.stored_content(keep, old_inputs[keep.pk], old_evidence[keep.pk]) == content
                if keep.locked and not same:
                    raise self.fail(
                        f"realisasi {unit.code} {keep.indicator} {keep.period} sudah dikunci dan tidak dapat diubah",
                        place,
                    )
                if (
                    same
                    and len(files) == len(old_files[keep.pk])
                    and (keep.locked or keep.indicator_id == pk)
                ):
                    continue
                keep.version += 1
                keep.updated_at = now
                changed_rows.append(keep)
                self.journal_realization(
                    keep,
                    self.stored_content(keep, old_inputs[keep.pk], old_evidence[keep.pk]),
                    content,
                    f"{unit.code} {r_ref(self.doc.realizations[i])}",
                )
                row = keep
                kept_files[keep.pk] = [(eid, pos) for (eid, _ref), pos in zip(files, positions, strict=True)]
            else:
                row = Realization(agency=agency, unit=unit, year=year, quarter=quarter)
                new_rows.append(row)
                labels[id(row)] = f"{unit.code} {r_ref(self.doc.realizations[i])}"
            row.indicator_id = pk
            row.value_number = content["value_number"]
            row.value_label = content["value_label"]
            row.analysis, row.supporting, row.inhibiting, row.follow_up = content["narrative"]
            row.status = content["status"]
            row.locked = row.status == "approved"  # an approved period is locked, whatever its source
            write.append((row, content))
        # the evidence of a changed realisation is rewritten from the file, except uploaded files:
        # those stay (moved from a duplicate that goes to the row kept) and are renumbered in two
        # steps, so that the unique (realisation, position) holds after every statement
        if kept_files:
            target = {eid: (rid, pos) for rid, items in kept_files.items() for eid, pos in items}
            for chunk in chunks(list(kept_files)):
                Evidence.objects.filter(realization_id__in=list(chunk)).exclude(pk__in=list(target)).delete()
            moved = list(Evidence.objects.filter(pk__in=list(target)))
            for offset in (1_000_000, 0):
                for ev in moved:
                    rid, pos = target[ev.pk]
                    ev.realization_id, ev.position = rid, pos + offset
                Evidence.objects.bulk_update(moved, ["realization", "position"])
        delete_by_ids(Realization, delete_ids)
        changed_ids = [r.pk for r in changed_rows]
        for chunk in chunks(changed_ids):
            RealizationInput.objects.filter(realization_id__in=list(chunk)).delete()
        Realization.objects.bulk_update(
            changed_rows,
            [
                "indicator",
                "value_number",
                "value_label",
                "analysis",
                "supporting",
                "inhibiting",
                "follow_up",
                "status",
                "locked",
                "version",
                "updated_at",
            ],
        )
        self.insert_new(new_rows, now)
        # a new record: its "dibuat" row in the history holds its status; there was no status
        # before it to change, so no workflow step (a changed one gets one, journal_realization)
        self.journal.created(new_rows, _JOURNAL_FIELDS, label=lambda r: labels[id(r)])
        # the children as plain rows (dbutil.insert_values): an import's inputs are most of its rows
        inputs: list[tuple[Any, ...]] = []
        evidence: list[tuple[Any, ...]] = []
        for row, content in write:
            for pos, (name, value) in enumerate(content["inputs"]):
                inputs.append((agency.pk, row.pk, name, value, pos))
            taken = {pos for _, pos in kept_files.get(row.pk or 0, [])}
            for pos, ref in enumerate(content["evidence"]):
                if pos not in taken:
                    evidence.append((agency.pk, row.pk, ref, pos, "", "", ""))
        insert_values(RealizationInput, ["agency", "realization", "name", "value", "position"], inputs)
        insert_values(
            Evidence,
            ["agency", "realization", "reference", "position", "file", "content_type", "sha256"],
            evidence,
        )
        return len(items)

    def insert_new(self, rows: list[Any], now: Any) -> None:
        """Insert new realisations as plain rows (``dbutil.insert_values``), then read their ids
        back by their natural key (unit, indicator, year, quarter: unique), so that their inputs,
        evidence and history rows can name them."""
        from kinerja.measurement.models import Realization

        if not rows:
            return
        insert_values(
            Realization,
            _NEW_FIELDS,
            [
                (
                    r.agency_id,
                    r.unit_id,
                    r.indicator_id,
                    r.year,
                    r.quarter,
                    r.value_number,
                    r.value_label,
                    r.analysis,
                    r.supporting,
                    r.inhibiting,
                    r.follow_up,
                    r.status,
                    r.locked,
                    r.version,
                    now,
                    now,
                )
                for r in rows
            ],
        )
        by_key = {(r.unit_id, r.indicator_id, r.year, r.quarter): r for r in rows}
        for chunk in chunks(sorted({r.unit_id for r in rows}), 500):
            for pk, unit, indicator, year, quarter in (
                Realization.objects.filter(
                    agency=self.agency, unit_id__in=list(chunk), year__in={r.year for r in rows}
                )
                .order_by()
                .values_list("id", "unit_id", "indicator_id", "year", "quarter")
            ):
                row = by_key.get((unit, indicator, year, quarter))
                if row is not None:
                    row.pk = pk
                    row.created_at = row.updated_at = now
                    row._state.adding = False
        missing = [r for r in rows if r.pk is None]
        if missing:  # pragma: no cover - the insert and the read are in one transaction
            raise RuntimeError(f"{len(missing)} realisasi baru tidak terbaca kembali")

    def realization_content(self, r: d.Realization, place: str) -> dict[str, Any]:
        value_number = None
        value_label = ""
        if isinstance(r.value, str):
            value_label = self.text(r.value, 100, "nilai realisasi", place + ".value", required=True)
        elif r.value is not None:
            value_number = self.measure(r.value, "nilai realisasi", place + ".value")
        inputs: list[tuple[str, Decimal]] = []
        for name, value in r.inputs.items():
            number = self.measure(value, f"masukan {name}", f"{place}.inputs.{name}")
            if number is None:
                raise self.fail(f"masukan {name} kosong", f"{place}.inputs.{name}")
            inputs.append((self.code(name, "nama masukan", f"{place}.inputs"), number))
        evidence = [
            self.text(e, 1000, "bukti dukung", f"{place}.evidence", required=True) for e in r.evidence
        ]
        status = r.status or "draft"
        if status not in d.REALIZATION_STATUSES:
            raise self.fail(
                f"status '{status}' tidak dikenal ({', '.join(d.REALIZATION_STATUSES)})", place + ".status"
            )
        n = r.narrative or d.Narrative()
        narrative = (
            str(n.analysis or ""),
            str(n.supporting or ""),
            str(n.inhibiting or ""),
            str(n.follow_up or ""),
        )
        return {
            "value_number": value_number,
            "value_label": value_label,
            "inputs": inputs,
            "evidence": evidence,
            "narrative": narrative,
            "status": status,
        }

    @staticmethod
    def merged_evidence(refs: list[str], files: list[tuple[int, str]]) -> tuple[list[str], list[int]]:
        """The evidence list a realisation gets from an import, and the position of each uploaded
        file. An uploaded file (``files``: row id, reference) is never dropped by an import: it
        takes the place of the first unclaimed entry of the file with its reference (the name
        the export wrote), and the files the imported file does not name follow at the end."""
        result = list(refs)
        claimed: set[int] = set()
        positions: list[int] = []
        for _eid, ref in files:
            pos = next((i for i, r in enumerate(refs) if r == ref and i not in claimed), None)
            if pos is None:
                pos = len(result)
                result.append(ref)
            claimed.add(pos)
            positions.append(pos)
        return result, positions

    def journal_realization(self, row: Any, old: dict[str, Any], new: dict[str, Any], label: str) -> None:
        """A changed realisation in the import's journal: each changed value, and the status
        change as a workflow step."""
        journal = self.journal
        for key in ("value_number", "value_label", "inputs", "evidence"):
            journal.field(row, key, _plain(old[key]), _plain(new[key]), label)
        for name, before, after in zip(_NARRATIVE, old["narrative"], new["narrative"], strict=True):
            journal.field(row, name, before, after, label)
        journal.field(row, "status", old["status"], new["status"], label)
        journal.status(row, old["status"], new["status"])

    @staticmethod
    def stored_content(row: Any, inputs: list[tuple[str, Decimal]], evidence: list[str]) -> dict[str, Any]:
        return {
            "value_number": row.value_number,
            "value_label": row.value_label,
            "inputs": list(inputs),
            "evidence": list(evidence),
            "narrative": (row.analysis, row.supporting, row.inhibiting, row.follow_up),
            "status": row.status,
        }
