"""Means of achievements and the realisation of composite indicators.

* ``mean_skipping_na``: the simple mean of the values that are present; n.a (None) values are
  left out and their labels returned, so the caller can say so. A mean of nothing is n.a.
* ``aggregate_components``: a composite indicator's realisation from its components'
  realisations by ``mean``, ``weighted_mean``, ``sum``, ``min`` or ``max``.
  ``mean``/``weighted_mean``/``min``/``max`` leave an n.a component out and name it in a note
  (``weighted_mean`` renormalises over the weights of the components present). ``sum`` with an
  n.a component is n.a — a total with a part missing would silently understate the figure —
  and the note names the missing components. Weights must be given for every component, be
  finite and not negative; otherwise ``KinerjaValidationError``.

All arithmetic is ``Decimal`` at 34 digits; nothing is rounded.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal, DecimalException, localcontext

from kinerja.core.numbers import COMPUTE_CONTEXT
from kinerja.core.types import Aggregation, KinerjaValidationError, MeanResult

__all__ = ["aggregate_components", "mean_skipping_na"]


def _check_value(label: str, value: Decimal) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise KinerjaValidationError(f"nilai '{label}' bukan angka: {value!r}")
    dec = Decimal(value)
    if not dec.is_finite():
        raise KinerjaValidationError(f"nilai '{label}' bukan angka terhingga: {value!r}")
    return dec


def _out_of_range(exc: DecimalException) -> KinerjaValidationError:
    return KinerjaValidationError("rata-rata/jumlah tidak dapat dihitung: angka di luar jangkauan")


def mean_skipping_na(values: Sequence[tuple[str, Decimal | None]]) -> MeanResult:
    """Simple mean of the present values; ``skipped`` lists the labels of the None values."""
    present = [_check_value(label, v) for label, v in values if v is not None]
    skipped = tuple(label for label, v in values if v is None)
    if not present:
        return MeanResult(value=None, used=0, skipped=skipped)
    try:
        with localcontext(COMPUTE_CONTEXT):
            total = sum(present, Decimal(0))
            return MeanResult(value=total / len(present), used=len(present), skipped=skipped)
    except DecimalException as exc:
        raise _out_of_range(exc) from exc


def _skipped_note(labels: Sequence[str]) -> str:
    return f"komponen tanpa realisasi, tidak dihitung: {', '.join(labels)}"


def aggregate_components(
    values: Sequence[tuple[str, Decimal | None]],
    aggregation: Aggregation,
    weights: Mapping[str, Decimal] | None = None,
) -> tuple[Decimal | None, tuple[str, ...]]:
    """Combine component realisations; returns (value or None for n.a, notes in Indonesian)."""
    try:
        aggregation = Aggregation(aggregation)
    except ValueError as exc:
        raise KinerjaValidationError(f"cara agregasi tidak dikenal: {aggregation!r}") from exc
    if not values:
        return None, ("tidak ada komponen",)
    labels = [label for label, _ in values]
    if len(set(labels)) != len(labels):
        raise KinerjaValidationError(f"komponen ganda: {', '.join(labels)}")
    present = [(label, _check_value(label, v)) for label, v in values if v is not None]
    skipped = [label for label, v in values if v is None]

    weight_of: dict[str, Decimal] = {}
    if aggregation is Aggregation.WEIGHTED_MEAN:
        weight_of = _weights(labels, weights)

    notes: list[str] = []
    if not present:
        return None, (f"semua komponen tanpa realisasi: {', '.join(skipped)}",)
    if skipped:
        if aggregation is Aggregation.SUM:
            return None, (f"jumlah tidak lengkap, komponen tanpa realisasi: {', '.join(skipped)} (n.a)",)
        notes.append(_skipped_note(skipped))
    nums = [v for _, v in present]
    try:
        with localcontext(COMPUTE_CONTEXT):
            if aggregation is Aggregation.SUM:
                return sum(nums, Decimal(0)), tuple(notes)
            if aggregation is Aggregation.MIN:
                return min(nums), tuple(notes)
            if aggregation is Aggregation.MAX:
                return max(nums), tuple(notes)
            if aggregation is Aggregation.MEAN:
                return sum(nums, Decimal(0)) / len(nums), tuple(notes)
            total_weight = sum((weight_of[label] for label, _ in present), Decimal(0))
            if total_weight == 0:
                notes.append("jumlah bobot komponen yang ada realisasinya 0 (n.a)")
                return None, tuple(notes)
            weighted = sum((weight_of[label] * v for label, v in present), Decimal(0))
            return weighted / total_weight, tuple(notes)
    except DecimalException as exc:
        raise _out_of_range(exc) from exc


def _weights(labels: Sequence[str], weights: Mapping[str, Decimal] | None) -> dict[str, Decimal]:
    if not weights:
        raise KinerjaValidationError("rata-rata tertimbang tanpa bobot komponen")
    missing = [label for label in labels if label not in weights]
    if missing:
        raise KinerjaValidationError(f"bobot belum ada untuk komponen: {', '.join(missing)}")
    extra = sorted(str(k) for k in weights if k not in labels)
    if extra:
        raise KinerjaValidationError(f"bobot untuk yang bukan komponen: {', '.join(extra)}")
    out: dict[str, Decimal] = {}
    for label in labels:
        weight = _check_value(f"bobot {label}", weights[label])
        if weight < 0:
            raise KinerjaValidationError(f"bobot {label} tidak boleh negatif")
        out[label] = weight
    return out
