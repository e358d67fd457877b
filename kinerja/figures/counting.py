"""Which realisations count: official and provisional figures, and the quarter -> year rule.

**Official figures** (the LKj, the PK documents, the dashboard's headline, ``kinerja compute``)
count only *approved* realisations; an agency whose policy says so (``count_verified``) admits
*verified* ones too. **Provisional figures** (``Basis.PROVISIONAL``) count everything entered so
far and are always labelled *sementara* with how many values are not yet approved. A
realisation in an interchange file without a ``status`` is approved (``document.Realization``).

How the year is made (the same for both bases, over the records that count):

1. the year's own record (period ``2022``), when it counts and holds a value or raw inputs (a
   record with neither states n.a, e.g. with the reason in its narrative);
2. else the quarters (``2022-Q1`` .. ``Q4``) that count, by the indicator's quarter rule (sum,
   average or last) — so a year built from approved quarters needs no second round of typing;
3. else n.a.

No unapproved value ever replaces an approved one: in the provisional view a year's record that
is not approved is passed over when an approved quarter exists (the quarters make the year), and
a composite's components always contribute their official values only.

The year's narrative and evidence follow the same records: the year's record's narrative when it
has one (even without a value), else the quarters' narratives (each field, every quarter that wrote it, labelled by
quarter); the evidence of every record that makes the year.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from kinerja.interchange import document as d
from kinerja.interchange.refs import resolve_ref

APPROVED = "approved"
VERIFIED = "verified"
STATUS_WORDS = {
    "draft": "draf",
    "submitted": "diajukan",
    "verified": "diverifikasi",
    "approved": "disetujui",
}
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


class Basis(StrEnum):
    OFFICIAL = "official"
    PROVISIONAL = "provisional"


def counts_officially(status: str, count_verified: bool = False) -> bool:
    """Does a realisation with ``status`` count in official figures?"""
    return status == APPROVED or (count_verified and status == VERIFIED)


def counts(status: str, basis: Basis, count_verified: bool = False) -> bool:
    return basis is Basis.PROVISIONAL or counts_officially(status, count_verified)


def has_content(r: d.Realization) -> bool:
    return r.value is not None or bool(r.inputs)


@dataclass
class YearRecords:
    """The records of one indicator that make its year, chosen by the rules above."""

    annual: d.Realization | None = None
    quarters: dict[int, d.Realization] = field(default_factory=dict)
    left_out: list[d.Realization] = field(default_factory=list)  # entered, not counted

    @property
    def used(self) -> list[d.Realization]:
        """The records the year's value comes from: the year's record when it holds a value or
        inputs, else the quarters; a year record with neither (n.a, with its explanation) when
        there are no quarters."""
        if self.annual is not None and (has_content(self.annual) or not self.quarters):
            return [self.annual]
        return [self.quarters[q] for q in sorted(self.quarters)]


@dataclass
class Selection:
    """Records by indicator key for one year, and which records were left out or are provisional."""

    by_key: dict[str, YearRecords]
    basis: Basis

    def unapproved_used(self, keys: Iterable[str]) -> list[d.Realization]:
        """Records that make a figure of ``keys`` without being approved (provisional values)."""
        out: list[d.Realization] = []
        for key in keys:
            rec = self.by_key.get(key)
            if rec is not None:
                out.extend(r for r in rec.used if r.status != APPROVED)
        return out

    def left_out(self, keys: Iterable[str]) -> list[d.Realization]:
        out: list[d.Realization] = []
        for key in keys:
            rec = self.by_key.get(key)
            if rec is not None:
                out.extend(rec.left_out)
        return out


def select_records(
    doc: d.Document,
    year: int,
    keys: Iterable[str],
    basis: Basis,
    official_only: Iterable[str] = (),
) -> Selection:
    """The records that make the ``year`` of every key in ``keys`` (``official_only``: keys whose
    values count officially whatever the basis, e.g. a composite's components).

    Where a unit other than the owner holds a record for the same period, the owner's own record
    wins (``UNIT:CODE`` keys; the owner is the part before the colon)."""
    count_verified = doc.policy.count_verified
    wanted = set(keys) | set(official_only)
    strict = set(official_only) - set(keys)
    # per (key, quarter): the owner's record first, else another unit's
    slots: dict[tuple[str, int | None], d.Realization] = {}
    for r in doc.realizations:
        if r.period.year != year:
            continue
        key = resolve_ref(r.indicator, r.unit)
        if key not in wanted:
            continue
        slot = (key, r.period.quarter)
        held = slots.get(slot)
        by_owner = r.unit == key.split(":", 1)[0]
        if held is not None and (held.unit == key.split(":", 1)[0] or not by_owner):
            continue
        slots[slot] = r
    out: dict[str, YearRecords] = {key: YearRecords() for key in wanted}
    for (key, quarter), r in slots.items():
        rec = out[key]
        key_basis = Basis.OFFICIAL if key in strict else basis
        if not counts(r.status, key_basis, count_verified):
            rec.left_out.append(r)
        elif quarter is None:
            rec.annual = r
        else:
            rec.quarters[quarter] = r
    for rec in out.values():
        if (
            rec.annual is not None
            and not counts_officially(rec.annual.status, count_verified)
            and any(counts_officially(q.status, count_verified) for q in rec.quarters.values())
        ):
            # provisional view: an unapproved year record never replaces approved quarters
            rec.left_out.append(rec.annual)
            rec.annual = None
    return Selection(out, basis)


def describe(r: d.Realization) -> str:
    period = "tahunan" if r.period.quarter is None else f"TW {ROMAN.get(r.period.quarter, r.period.quarter)}"
    return f"{r.indicator} {period} ({STATUS_WORDS.get(r.status, r.status)})"


def year_narrative(rec: YearRecords) -> tuple[d.Narrative, list[str]]:
    """The year's narrative and evidence from the records that make the year."""
    evidence: list[str] = []
    for r in rec.used:
        for e in r.evidence:
            if e not in evidence:
                evidence.append(e)
    annual = rec.annual
    if annual is not None and (
        any(
            getattr(annual.narrative, f).strip()
            for f in ("analysis", "supporting", "inhibiting", "follow_up")
        )
        or not rec.quarters
    ):
        return annual.narrative, evidence
    quarters = [rec.quarters[q] for q in sorted(rec.quarters)]
    labelled: dict[str, str] = {}
    for name in ("analysis", "supporting", "inhibiting", "follow_up"):
        written = [(r.period.quarter, getattr(r.narrative, name).strip()) for r in quarters]
        written = [(q, t) for q, t in written if t]
        if len(written) == 1:
            labelled[name] = written[0][1]
        else:
            labelled[name] = "\n".join(f"Triwulan {ROMAN.get(q or 0, q)}: {t}" for q, t in written)
    return d.Narrative(**labelled), evidence
