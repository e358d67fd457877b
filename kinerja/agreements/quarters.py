"""Rencana Aksi check: do the quarterly targets (TW I-IV) of an indicator agree with its yearly
PK target under the indicator's quarter->year rule?

No database: ``check_quarters`` takes the rule, the yearly target and the quarterly targets and
gives a ``QuarterCheck`` with a message in Bahasa Indonesia (marked for translation with Django's
gettext, so it follows the language of the request).

* ``sum`` (dijumlahkan): TW I + TW II + TW III + TW IV = target tahunan;
* ``average`` (dirata-ratakan): (TW I + ... + TW IV) / 4 = target tahunan;
* ``last`` (nilai terakhir, cumulative indicators): TW IV = target tahunan (TW I-III free).

A range target is checked bound by bound (the low bounds by the rule give the yearly low bound,
the high bounds the yearly high bound). A qualitative target (a scale label) can only be checked
under ``last``; under ``sum``/``average`` the check says it cannot be combined and never blocks.

Status:

* ``ok`` — consistent;
* ``incomplete`` — a quarter the rule needs is still empty (a draft: may be saved, with a warning);
* ``mismatch`` — every needed quarter is filled and the rule does not give the yearly target
  (saving is refused, the message names the indicator and the expected value);
* ``type`` — a quarter's target type differs from the yearly target's (refused);
* ``empty`` — no quarter filled yet; ``unchecked`` — nothing to check against / cannot be checked.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kinerja.core.numbers import format_number
from kinerja.core.types import NumericTarget, QualitativeTarget, QuarterRule, RangeTarget, Target

QUARTERS = (1, 2, 3, 4)
QUARTER_NAMES = {
    1: gettext_lazy("TW I"),
    2: gettext_lazy("TW II"),
    3: gettext_lazy("TW III"),
    4: gettext_lazy("TW IV"),
}
RULE_NAMES = {
    QuarterRule.SUM: gettext_lazy("dijumlahkan"),
    QuarterRule.AVERAGE: gettext_lazy("dirata-ratakan"),
    QuarterRule.LAST: gettext_lazy("nilai terakhir"),
}
RULE_EXPLANATIONS = {
    QuarterRule.SUM: gettext_lazy("jumlah TW I–IV harus sama dengan target tahunan"),
    QuarterRule.AVERAGE: gettext_lazy("rata-rata TW I–IV harus sama dengan target tahunan"),
    QuarterRule.LAST: gettext_lazy("target TW IV harus sama dengan target tahunan (TW I–III bertahap)"),
}

OK = "ok"
INCOMPLETE = "incomplete"
MISMATCH = "mismatch"
TYPE = "type"
EMPTY = "empty"
UNCHECKED = "unchecked"
BLOCKING = frozenset({MISMATCH, TYPE})
KIND_NAMES = {
    NumericTarget: gettext_lazy("angka"),
    RangeTarget: gettext_lazy("rentang"),
    QualitativeTarget: gettext_lazy("skala kualitatif"),
}


@dataclass(frozen=True)
class QuarterCheck:
    status: str
    message: str
    expected: str = ""  # the value the rule expects, for people ("99,00", "80,00–90,00", "WTP")

    @property
    def blocking(self) -> bool:
        return self.status in BLOCKING

    @property
    def ok(self) -> bool:
        return self.status == OK


def exact_number(value: Decimal) -> str:
    """Indonesian notation, at least 2 decimals and never fewer than the value has (0,686)."""
    exponent = value.normalize().as_tuple().exponent
    places = max(2, -exponent) if isinstance(exponent, int) else 2
    return format_number(value, places)


def show_exact(target: Target) -> str:
    if isinstance(target, NumericTarget):
        return exact_number(target.value)
    if isinstance(target, RangeTarget):
        return f"{exact_number(target.low)}–{exact_number(target.high)}"
    return target.label


def _names(quarters: list[int]) -> str:
    return ", ".join(str(QUARTER_NAMES[q]) for q in quarters)


def _combine(rule: QuarterRule, values: list[Decimal]) -> Decimal:
    total = sum(values, Decimal(0))
    if rule == QuarterRule.AVERAGE:
        return total / Decimal(len(values))
    return total


def check_quarters(
    indicator: str,
    rule: QuarterRule | str,
    year_target: Target | None,
    quarters: Mapping[int, Target | None],
) -> QuarterCheck:
    """Check the quarterly targets of ``indicator`` against ``year_target`` by ``rule``."""
    rule = QuarterRule(rule)
    filled = {q: t for q, t in quarters.items() if q in QUARTERS and t is not None}
    if year_target is None:
        return QuarterCheck(
            UNCHECKED,
            _("%(indicator)s: tidak ada target tahunan di PK; tidak dapat diperiksa.")
            % {"indicator": indicator},
        )
    expected_text = show_exact(year_target)
    wrong = [q for q, t in sorted(filled.items()) if type(t) is not type(year_target)]
    if wrong:
        return QuarterCheck(
            TYPE,
            _(
                "%(indicator)s: jenis target %(quarters)s harus %(kind)s, sama dengan target tahunan PK (%(expected)s)."
            )
            % {
                "indicator": indicator,
                "quarters": _names(wrong),
                "kind": KIND_NAMES[type(year_target)],
                "expected": expected_text,
            },
            expected_text,
        )
    if not filled:
        return QuarterCheck(
            EMPTY, _("%(indicator)s: rencana aksi belum diisi.") % {"indicator": indicator}, expected_text
        )
    rule_text = _("aturan triwulan: %(rule)s") % {"rule": RULE_NAMES[rule]}
    args = {"indicator": indicator, "expected": expected_text, "rule": rule_text}

    if rule == QuarterRule.LAST:
        last = filled.get(4)
        if last is None:
            return QuarterCheck(
                INCOMPLETE,
                _(
                    "%(indicator)s: TW IV belum diisi; target TW IV harus %(expected)s "
                    "(sama dengan target tahunan PK; %(rule)s)."
                )
                % args,
                expected_text,
            )
        if last == year_target:
            return QuarterCheck(
                OK, _("Sesuai: TW IV = %(expected)s = target tahunan PK.") % args, expected_text
            )
        return QuarterCheck(
            MISMATCH,
            _(
                "%(indicator)s: target TW IV = %(got)s, seharusnya %(expected)s "
                "(sama dengan target tahunan PK; %(rule)s)."
            )
            % {**args, "got": show_exact(last)},
            expected_text,
        )

    if isinstance(year_target, QualitativeTarget):
        return QuarterCheck(
            UNCHECKED,
            _(
                "%(indicator)s: target kualitatif (%(expected)s) tidak dapat %(rule_name)s; "
                "tidak diperiksa. Periksa aturan triwulan indikator ini (biasanya 'nilai terakhir')."
            )
            % {**args, "rule_name": RULE_NAMES[rule]},
            expected_text,
        )

    missing = [q for q in QUARTERS if q not in filled]
    verb = _("jumlah") if rule == QuarterRule.SUM else _("rata-rata")
    args["verb"] = verb
    if isinstance(year_target, RangeTarget):
        ranges = [t for _, t in sorted(filled.items()) if isinstance(t, RangeTarget)]
        if missing:
            return QuarterCheck(
                INCOMPLETE,
                _(
                    "%(indicator)s: %(missing)s belum diisi; %(verb)s batas bawah dan batas atas TW I–IV "
                    "harus %(expected)s (%(rule)s)."
                )
                % {**args, "missing": _names(missing)},
                expected_text,
            )
        got = RangeTarget(
            low=_combine(rule, [t.low for t in ranges]), high=_combine(rule, [t.high for t in ranges])
        )
        if got == year_target:
            return QuarterCheck(
                OK, _("Sesuai: %(verb)s TW I–IV = %(expected)s = target tahunan PK.") % args, expected_text
            )
        return QuarterCheck(
            MISMATCH,
            _(
                "%(indicator)s: %(verb)s TW I–IV = %(got)s, seharusnya %(expected)s "
                "(target tahunan PK; %(rule)s)."
            )
            % {**args, "got": show_exact(got)},
            expected_text,
        )

    assert isinstance(year_target, NumericTarget)
    values = [t.value for _, t in sorted(filled.items()) if isinstance(t, NumericTarget)]
    if missing:
        done = sum(values, Decimal(0))
        if rule == QuarterRule.SUM:
            rest = year_target.value - done
            hint = _("jumlah yang sudah diisi %(done)s, sisa %(rest)s untuk triwulan yang belum diisi") % {
                "done": exact_number(done),
                "rest": exact_number(rest),
            }
        else:
            need = year_target.value * 4
            hint = _(
                "keempat triwulan harus berjumlah %(need)s (rata-rata %(expected)s); "
                "sisa %(rest)s untuk triwulan yang belum diisi"
            ) % {"need": exact_number(need), "expected": expected_text, "rest": exact_number(need - done)}
        return QuarterCheck(
            INCOMPLETE,
            _("%(indicator)s: %(missing)s belum diisi; %(hint)s (%(rule)s).")
            % {**args, "missing": _names(missing), "hint": hint},
            expected_text,
        )
    got_value = _combine(rule, values)
    if got_value == year_target.value:
        return QuarterCheck(
            OK, _("Sesuai: %(verb)s TW I–IV = %(expected)s = target tahunan PK.") % args, expected_text
        )
    extra = ""
    if rule == QuarterRule.AVERAGE:
        extra = _("; jumlah keempat triwulan seharusnya %(total)s") % {
            "total": exact_number(year_target.value * 4)
        }
    return QuarterCheck(
        MISMATCH,
        _(
            "%(indicator)s: %(verb)s TW I–IV = %(got)s, seharusnya %(expected)s "
            "(target tahunan PK; %(rule)s%(extra)s)."
        )
        % {**args, "got": exact_number(got_value), "extra": extra},
        expected_text,
    )
