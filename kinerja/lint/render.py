"""The linter's output: a table in Bahasa Indonesia grouped by severity, or JSON."""

from __future__ import annotations

import json
import textwrap

from django.conf import settings
from django.utils.translation import gettext

from kinerja.lint.findings import Severity
from kinerja.lint.run import LintReport

WIDTH = 100


def _(message: str) -> str:
    """The message in the active language; as is (Indonesian) when ``kinerja lint --file`` runs
    without Django settings."""
    return gettext(message) if settings.configured else message


def summary_line(report: LintReport) -> str:
    scope = []
    if report.unit:
        scope.append(_("unit %(unit)s") % {"unit": report.unit})
    if report.year:
        scope.append(_("tahun %(year)s") % {"year": report.year})
    counts = report.counts
    values = {
        "errors": counts.get("galat", 0),
        "warnings": counts.get("peringatan", 0),
        "infos": counts.get("info", 0),
    }
    if scope:
        text = _("Ringkasan (%(scope)s): %(errors)s galat, %(warnings)s peringatan, %(infos)s info.") % {
            **values,
            "scope": ", ".join(scope),
        }
    else:
        text = _("Ringkasan: %(errors)s galat, %(warnings)s peringatan, %(infos)s info.") % values
    if not report.findings:
        return text + " " + _("Data siap dilaporkan.")
    if report.errors:
        return text + " " + _("Perbaiki galat sebelum laporan dibuat.")
    return text + " " + _("Tidak ada galat; periksa peringatan sebelum laporan dibuat.")


def _place(f_unit: str | None, year: int | None, code: str | None) -> str:
    return " ".join(x for x in (f_unit or "–", str(year) if year else "–", code or "") if x)


def render_table(report: LintReport) -> str:
    lines: list[str] = []
    title = "Pemeriksaan data Kinerja"
    if report.source:
        title += f": {report.source}"
    lines.append(title)
    lines.append("")
    for severity, findings in report.by_severity():
        if not findings:
            continue
        header = f"{severity.label.upper()} ({len(findings)})"
        lines.append(header)
        lines.append("=" * len(header))
        lines.append(f"{'Kode':<6}{'Unit':<16}{'Tahun':<7}Sasaran/indikator")
        for f in findings:
            ref = " / ".join(x for x in (f.objective, f.indicator) if x)
            lines.append(
                f"{f.code:<6}{(f.unit or '–'):<16}{(str(f.year) if f.year else '–'):<7}{ref}".rstrip()
            )
            indent = " " * 6
            lines.extend(textwrap.wrap(f.message, WIDTH, initial_indent=indent, subsequent_indent=indent))
            lines.extend(
                textwrap.wrap(
                    f"Saran: {f.advice}", WIDTH, initial_indent=indent, subsequent_indent=indent + "  "
                )
            )
            if f.path:
                lines.append(f"{indent}Letak: {f.path}")
        lines.append("")
    lines.append(summary_line(report))
    return "\n".join(lines)


def render_json(report: LintReport) -> str:
    return json.dumps(report.to_json(), ensure_ascii=False, indent=2)


__all__ = ["Severity", "render_json", "render_table", "summary_line"]
