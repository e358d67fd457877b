"""Run every rule over a ``Document`` and keep what concerns one unit (subtree) and year."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from kinerja.core.types import KinerjaValidationError
from kinerja.interchange import document as d
from kinerja.lint.context import Context
from kinerja.lint.findings import Finding, Severity
from kinerja.lint.rules import checks


@dataclass(frozen=True)
class LintReport:
    findings: tuple[Finding, ...]
    unit: str | None = None
    year: int | None = None
    source: str = ""
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def errors(self) -> int:
        return self.counts.get(Severity.GALAT.value, 0)

    @property
    def exit_code(self) -> int:
        """0 = no galat (peringatan and info allowed), 1 = at least one galat."""
        return 1 if self.errors else 0

    def by_severity(self) -> list[tuple[Severity, list[Finding]]]:
        return [(s, [f for f in self.findings if f.severity == s]) for s in Severity]

    def to_json(self) -> dict[str, Any]:
        return {
            "format": "kinerja-lint/v1",
            "source": self.source,
            "unit": self.unit,
            "year": self.year,
            "summary": {
                "galat": self.counts.get("galat", 0),
                "peringatan": self.counts.get("peringatan", 0),
                "info": self.counts.get("info", 0),
                "total": len(self.findings),
            },
            "exit_code": self.exit_code,
            "findings": [f.to_json() for f in self.findings],
        }


def lint_document(
    doc: d.Document, unit: str | None = None, year: int | None = None, source: str = ""
) -> LintReport:
    """All findings of ``doc``; with ``unit``, only those placed in that unit or a unit below it;
    with ``year``, only those of that year (findings without a year, such as a duplicate code, are
    always kept)."""
    ctx = Context(doc)
    if unit is not None and unit not in ctx.units:
        known = ", ".join(sorted(ctx.units)[:30]) or "tidak ada"
        raise KinerjaValidationError(f"unit '{unit}' tidak ada di data (unit yang ada: {known})")
    findings: list[Finding] = []
    seen: set[Finding] = set()
    for check in checks():
        for finding in check(ctx):
            if finding not in seen:
                seen.add(finding)
                findings.append(finding)
    if unit is not None:
        keep = ctx.subtree(unit)
        findings = [f for f in findings if f.unit in keep]
    if year is not None:
        findings = [f for f in findings if f.year is None or f.year == year]
    findings.sort(key=Finding.sort_key)
    counts = Counter(f.severity.value for f in findings)
    return LintReport(tuple(findings), unit=unit, year=year, source=source, counts=dict(counts))
