"""National scale: the same synthetic rows computed by Kinerja and by one DuckDB query (#12).

    .venv/bin/python -m bench.scale [--rows 1e4,1e5,1e6,1e7] [--max-rows 1e6] [--skip-product]
                                    [--product-max-rows 1e5] [--import-max-rows 1e5]
                                    [--db-max-rows 1e6] [--product-path auto|rebuild|figures]

For each size (realisation rows) a synthetic agency is generated with numpy (``generate``): units
each with a Renstra 2020-2024 of 3 to 7 indicators in two objectives (a mix of plain values,
the formula ``n / T * 100``, lower-is-better and indicators capped at 100; quarter rules last,
sum and average), a target per year, quarterly realisations (some missing) and now and then the
year's own record, which wins over the quarters; the agency caps achievement at 120. Then, each
in a fresh process so that the peak resident memory is that method's alone:

* ``duckdb``: the rows loaded into an in-memory DuckDB (load timed apart), then ONE set-based
  SQL statement (``REFERENCE_SQL``) that makes every indicator's, objective's and unit's
  achievement of every unit-year (``CREATE TABLE ... AS``): the physical-limit reference.
* ``engine``: ``kinerja.core.engine.compute_unit_year`` over ``UnitYearInput`` built directly
  from the same arrays, unit by unit (no database); the time includes building the inputs.
* ``import`` (up to ``--import-max-rows``): a fresh SQLite database (or ``DATABASE_URL``), the
  units and Renstra imported, then the realisations as one data-only interchange document
  through ``kinerja.interchange.db.import_document`` (timed).
* ``bulk insert`` (up to ``--db-max-rows``): the same units and Renstra imported into another
  fresh database, then the same realisation rows (and their formula inputs) written into the
  same tables by plain ``executemany`` INSERTs in one transaction: the reference of the import
  target, and the way to fill a database beyond what an import can hold in memory.
* ``product``: every unit-year's official figures from the database (the imported one, else the
  bulk-inserted one): the stored-results ``rebuild(agency_code=...)`` (``kinerja recompute``;
  looked up in ``kinerja.results.rebuild``, then ``kinerja.results.store``) when it exists, else
  (or with ``--product-path figures``) what the pages did before it,
  ``figures_for(unit_document(unit), unit, year)`` per unit-year: quadratic, so only up to
  ``--product-max-rows``.

The engine's achievements are cross-checked against DuckDB's (and the product path's against
the engine's): every indicator and unit of every unit-year, rounded to 10 places, must agree to
1e-9; the count of mismatches is printed. Then one table: per size and method wall seconds, CPU
seconds, peak RSS, the ratio to the DuckDB query (an import: to the bulk insert) and the growth
exponent log(t2/t1)/log(n2/n1) against the previous size. Figures only; no thresholds, no
pass/fail. DuckDB is a benchmark dependency: ``pip install -e '.[bench]'``.

On the shared 2-core development machine (2026-12-04, docs/scale.md) the default sizes took
4 minutes; ``--max-rows 1e7 --skip-product`` (DuckDB and the engine from 10^4 to 10^7) 2 min 14 s,
of which the 10^7 engine run is 110 s. The database path at 10^7 was not run there: the rebuild
grows by about 2,2 GB per million rows (``--memory-limit`` stops a process at 16 GB).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np

AGENCY = "SKALA"
YEARS = (2020, 2021, 2022, 2023, 2024)
AGENCY_CAP = 120  # the agency's max_achievement (percent)
INDICATOR_CAP = 100  # max_achievement of the "capped" indicators
FORMULA = "n / T * 100"
SEED = 12

# indicator kinds and quarter rules, as small integers in the arrays
VALUE, FORMULA_KIND, LOWER, CAPPED = 0, 1, 2, 3
KIND_SHARE = (0.35, 0.30, 0.20, 0.15)
LAST, SUM, AVERAGE = 0, 1, 2
RULE_SHARE = (0.5, 0.2, 0.3)
RULE_NAMES = ("last", "sum", "average")
P_ANNUAL = 0.10  # a unit-indicator-year has the year's own record
P_QUARTER = 0.85  # each quarter's record is present
P_ZERO_T = 0.003  # a formula record with T = 0 (n.a: division by zero)
BULK_BATCH = 50_000
MEMORY_ENV = "BENCH_SCALE_MEMORY_GB"  # the children's address-space limit (--memory-limit)
ROWS_PER_UNIT = 5 * 5 * (P_ANNUAL + 4 * P_QUARTER)  # 5 indicators on average, 5 years

METHODS = ("duckdb load", "duckdb query", "engine", "import", "bulk insert", "product")


# --- data -------------------------------------------------------------------------------------


def generate(rows: int, seed: int = SEED) -> dict[str, np.ndarray]:
    """Exactly ``rows`` realisation rows of a synthetic agency, as numpy arrays.

    Indicators (one row per unit-indicator): ``ind_unit``, ``ind_pos`` (0-based, code
    ``IKK pos+1``), ``ind_obj`` (0 = SK1, 1 = SK2), ``ind_kind``, ``ind_rule``, and
    ``target`` (indicators x years, in hundredths). Realisations, ordered by indicator, year,
    period: ``r_ind``, ``r_year``, ``r_q`` (0 = the year's record, 1..4 = quarter), ``r_v``
    (hundredths for a value, the integer ``n`` for a formula indicator) and ``r_t`` (the formula's
    ``T``, 0 for a value indicator). The units are as many as the rows need; the last unit may
    have fewer records than the others."""
    rng = np.random.default_rng(seed)
    units = int(rows / ROWS_PER_UNIT * 1.1) + 2
    k = rng.integers(3, 8, units)
    ind_unit = np.repeat(np.arange(units, dtype=np.int32), k)
    n_ind = len(ind_unit)
    starts = np.concatenate(([0], np.cumsum(k)[:-1]))
    ind_pos = (np.arange(n_ind) - starts[ind_unit]).astype(np.int8)
    ind_obj = (ind_pos >= (k[ind_unit] + 1) // 2).astype(np.int8)
    ind_kind = rng.choice(4, n_ind, p=KIND_SHARE).astype(np.int8)
    ind_rule = rng.choice(3, n_ind, p=RULE_SHARE).astype(np.int8)
    base = rng.integers(5_000, 10_000, n_ind)  # 50,00 .. 99,99
    target = base[:, None] + np.arange(len(YEARS))[None, :] * 100  # +1 a year

    # slots: indicator x year x period (0 = year, 1..4 quarters)
    present = rng.random((n_ind, len(YEARS), 5)) < np.array([P_ANNUAL] + [P_QUARTER] * 4)
    ind_idx, year_idx, q = np.nonzero(present)
    if len(ind_idx) < rows:  # never with the 10 % margin, but keep the promise
        raise RuntimeError("generator margin too small")
    ind_idx, year_idx, q = ind_idx[:rows], year_idx[:rows], q[:rows]
    last_unit = int(ind_unit[ind_idx[-1]])
    n_ind = int(np.searchsorted(ind_unit, last_unit, side="right"))

    kind = ind_kind[ind_idx]
    rule = ind_rule[ind_idx]
    tgt = target[ind_idx, year_idx]
    factor = rng.uniform(0.6, 1.35, rows)
    factor[kind == LOWER] = rng.uniform(0.5, 2.2, int((kind == LOWER).sum()))
    quarterly_sum = (rule == SUM) & (q > 0)
    value = np.round(tgt * factor / np.where(quarterly_sum, 4, 1)).astype(np.int64)
    t = np.where(kind == FORMULA_KIND, rng.integers(1_000, 20_000_000, rows), 0)
    # n / T * 100 close to the target (a percentage): n = T * target / 100 * factor
    n = np.round(t * (tgt / 10_000) * factor / np.where(quarterly_sum, 4, 1)).astype(np.int64)
    zero_t = (kind == FORMULA_KIND) & (rng.random(rows) < P_ZERO_T)
    t[zero_t] = 0
    return {
        "ind_unit": ind_unit[:n_ind],
        "ind_pos": ind_pos[:n_ind],
        "ind_obj": ind_obj[:n_ind],
        "ind_kind": ind_kind[:n_ind],
        "ind_rule": ind_rule[:n_ind],
        "target": target[:n_ind].astype(np.int64),
        "r_ind": ind_idx.astype(np.int32),
        "r_year": (np.array(YEARS, dtype=np.int16)[year_idx]),
        "r_q": q.astype(np.int8),
        "r_v": np.where(kind == FORMULA_KIND, n, value).astype(np.int64),
        "r_t": t.astype(np.int64),
    }


def save(data: dict[str, np.ndarray], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, array in data.items():
        np.save(folder / f"{name}.npy", array)


def load(folder: Path) -> dict[str, np.ndarray]:
    return {p.stem: np.load(p, mmap_mode="r") for p in folder.glob("*.npy") if not p.stem.startswith("out_")}


def n_units(data: dict[str, np.ndarray]) -> int:
    return int(data["ind_unit"][-1]) + 1


def unit_code(u: int) -> str:
    return f"U{u:06d}"


def _hundredths(value: int) -> Decimal:
    return Decimal(value).scaleb(-2)


def _unit_blocks(data: dict[str, np.ndarray]) -> Iterator[tuple[int, range, list[Any]]]:
    """Per unit: its index, its indicator rows and its realisation rows as Python tuples
    (local indicator, year, period, v, t)."""
    units = n_units(data)
    ind_start = np.searchsorted(data["ind_unit"], np.arange(units + 1))
    r_start = np.searchsorted(data["r_ind"], ind_start)
    for u in range(units):
        i0, i1 = int(ind_start[u]), int(ind_start[u + 1])
        r0, r1 = int(r_start[u]), int(r_start[u + 1])
        rows = list(
            zip(
                (np.asarray(data["r_ind"][r0:r1]) - i0).tolist(),
                np.asarray(data["r_year"][r0:r1]).tolist(),
                np.asarray(data["r_q"][r0:r1]).tolist(),
                np.asarray(data["r_v"][r0:r1]).tolist(),
                np.asarray(data["r_t"][r0:r1]).tolist(),
                strict=True,
            )
        )
        yield u, range(i0, i1), rows


# --- the reference: one DuckDB statement --------------------------------------------------------

REFERENCE_SQL = f"""
CREATE TABLE figures AS
WITH rec AS (  -- each record's value: the formula over its inputs, or its value
    SELECT r.ind, r.year, r.q,
           CASE WHEN i.kind = {FORMULA_KIND} THEN
                     CASE WHEN r.t = 0 THEN NULL ELSE r.v::DOUBLE / r.t * 100 END
                ELSE r.v / 100.0 END AS val
    FROM realisation r JOIN indicator i ON i.id = r.ind
), per_year AS (
    SELECT ind, year,
           bool_or(q = 0) AS has_year,
           any_value(val) FILTER (WHERE q = 0) AS year_val,
           arg_max(val, q) FILTER (WHERE q > 0 AND val IS NOT NULL) AS last_val,
           sum(val) FILTER (WHERE q > 0) AS sum_val,
           avg(val) FILTER (WHERE q > 0) AS avg_val
    FROM rec GROUP BY ind, year
), realised AS (  -- the year's record wins; else the quarters by the indicator's rule
    SELECT p.ind, p.year,
           CASE WHEN p.has_year THEN p.year_val
                WHEN i.rule = {LAST} THEN p.last_val
                WHEN i.rule = {SUM} THEN p.sum_val
                ELSE p.avg_val END AS r
    FROM per_year p JOIN indicator i ON i.id = p.ind
), uncapped AS (
    SELECT i.id AS ind, i.unit, i.obj, i.kind, t.year, x.r,
           CASE WHEN x.r IS NULL THEN NULL
                WHEN i.kind = {LOWER} THEN greatest(0, (2 - x.r / (t.target / 100.0)) * 100)
                ELSE x.r / (t.target / 100.0) * 100 END AS raw
    FROM indicator i JOIN target t ON t.ind = i.id
    LEFT JOIN realised x ON x.ind = i.id AND x.year = t.year
), achieved AS (
    SELECT ind, unit, obj, year, r, raw,
           CASE WHEN raw IS NULL THEN NULL
                WHEN kind = {CAPPED} THEN least(raw, {INDICATOR_CAP}, {AGENCY_CAP})
                ELSE least(raw, {AGENCY_CAP}) END AS ach
    FROM uncapped
), objective AS (
    SELECT unit, year, obj, avg(ach) AS obj_ach FROM achieved GROUP BY unit, year, obj
), unit_year AS (
    SELECT unit, year, avg(obj_ach) AS unit_ach FROM objective GROUP BY unit, year
)
SELECT a.ind, a.unit, a.year, a.r, a.raw, a.ach, o.obj_ach, u.unit_ach
FROM achieved a
JOIN objective o ON o.unit = a.unit AND o.year = a.year AND o.obj = a.obj
JOIN unit_year u ON u.unit = a.unit AND u.year = a.year
"""


def _filled(array: Any) -> np.ndarray:
    if isinstance(array, np.ma.MaskedArray):
        return np.asarray(array.astype(np.float64).filled(np.nan))
    return np.asarray(array, dtype=np.float64)


def measure_duckdb(folder: Path) -> dict[str, Any]:
    import duckdb

    data = load(folder)
    n_ind = len(data["ind_unit"])
    ind_arrays = {
        "id": np.arange(n_ind, dtype=np.int32),
        "unit": np.asarray(data["ind_unit"]),
        "obj": np.asarray(data["ind_obj"]),
        "kind": np.asarray(data["ind_kind"]),
        "rule": np.asarray(data["ind_rule"]),
    }
    target = np.asarray(data["target"])
    target_arrays = {
        "ind": np.repeat(np.arange(n_ind, dtype=np.int32), len(YEARS)),
        "year": np.tile(np.array(YEARS, dtype=np.int16), n_ind),
        "target": target.reshape(-1),
    }
    real_arrays = {
        "ind": np.asarray(data["r_ind"]),
        "year": np.asarray(data["r_year"]),
        "q": np.asarray(data["r_q"]),
        "v": np.asarray(data["r_v"]),
        "t": np.asarray(data["r_t"]),
    }
    con = duckdb.connect()
    clock = _Clock()
    for name, arrays in (("indicator", ind_arrays), ("target", target_arrays), ("realisation", real_arrays)):
        con.register(f"{name}_np", arrays)
        con.execute(f"CREATE TABLE {name} AS SELECT * FROM {name}_np")
        con.unregister(f"{name}_np")
    load_t = clock.lap()
    con.execute(REFERENCE_SQL)
    query_t = clock.lap()
    out = con.sql("SELECT ind, unit, year, ach, unit_ach FROM figures").fetchnumpy()
    slot = np.asarray(out["year"]).astype(np.int64) - YEARS[0]
    ind_ach = np.full(n_ind * len(YEARS), np.nan)
    ind_ach[np.asarray(out["ind"]).astype(np.int64) * len(YEARS) + slot] = _filled(out["ach"])
    unit_ach = np.full(n_units(data) * len(YEARS), np.nan)
    unit_ach[np.asarray(out["unit"]).astype(np.int64) * len(YEARS) + slot] = _filled(out["unit_ach"])
    np.save(folder / "out_duckdb_ind.npy", ind_ach)
    np.save(folder / "out_duckdb_unit.npy", unit_ach)
    return {"load": load_t, "query": query_t, "figures": int(len(slot)), "cpu_laps": clock.cpu_laps}


# --- Kinerja: the engine alone ------------------------------------------------------------------


def _specs(data: dict[str, np.ndarray], code: str, inds: range) -> tuple[list[Any], list[str], Any]:
    from kinerja.core.types import IndicatorSpec, ObjectiveSpec, Polarity, QuarterRule

    rules = (QuarterRule.LAST, QuarterRule.SUM, QuarterRule.AVERAGE)
    specs = []
    keys = []
    objectives: list[list[str]] = [[], []]
    cap = Decimal(INDICATOR_CAP)
    for i in inds:
        kind = int(data["ind_kind"][i])
        ind_code = f"IKK {int(data['ind_pos'][i]) + 1}"
        key = f"{code}:{ind_code}"
        specs.append(
            IndicatorSpec(
                key=key,
                code=ind_code,
                polarity=Polarity.LOWER_IS_BETTER if kind == LOWER else Polarity.HIGHER_IS_BETTER,
                max_achievement=cap if kind == CAPPED else None,
                formula=FORMULA if kind == FORMULA_KIND else None,
                quarter_rule=rules[int(data["ind_rule"][i])],
            )
        )
        keys.append(key)
        objectives[int(data["ind_obj"][i])].append(key)
    objective_specs = tuple(
        ObjectiveSpec(code=f"SK{j + 1}", indicator_keys=tuple(ks)) for j, ks in enumerate(objectives) if ks
    )
    return specs, keys, objective_specs


def engine_inputs(data: dict[str, np.ndarray]) -> Iterator[tuple[int, int, Any]]:
    """(unit, year, ``UnitYearInput``) for every unit-year, built from the arrays unit by unit."""
    from kinerja.core.types import NumericTarget, Policy, RealizationInput, UnitYearInput

    policy = Policy(max_achievement=Decimal(AGENCY_CAP))
    for u, inds, rows in _unit_blocks(data):
        code = unit_code(u)
        specs, keys, objectives = _specs(data, code, inds)
        by_key = {s.key: s for s in specs}
        formula = [s.formula is not None for s in specs]
        targets = np.asarray(data["target"][inds.start : inds.stop]).tolist()
        annual: dict[int, dict[str, Any]] = {y: {} for y in YEARS}
        quarterly: dict[int, dict[str, dict[int, Any]]] = {y: {} for y in YEARS}
        for local, year, q, v, t in rows:
            if formula[local]:
                rec = RealizationInput(inputs=(("n", Decimal(v)), ("T", Decimal(t))))
            else:
                rec = RealizationInput(value=_hundredths(v))
            if q == 0:
                annual[year][keys[local]] = rec
            else:
                quarterly[year].setdefault(keys[local], {})[q] = rec
        for y_idx, year in enumerate(YEARS):
            yield (
                u,
                year,
                UnitYearInput(
                    unit=code,
                    year=year,
                    objectives=objectives,
                    indicators=by_key,
                    targets={
                        k: NumericTarget(_hundredths(t[y_idx])) for k, t in zip(keys, targets, strict=True)
                    },
                    annual=annual[year],
                    quarterly=quarterly[year],
                    policy=policy,
                ),
            )


def _as_float(value: Decimal | None) -> float:
    return math.nan if value is None else float(value)


def measure_engine(folder: Path) -> dict[str, Any]:
    from kinerja.core.engine import compute_unit_year

    data = load(folder)
    n_ind = len(data["ind_unit"])
    ind_ach = np.full(n_ind * len(YEARS), np.nan)
    unit_ach = np.full(n_units(data) * len(YEARS), np.nan)
    ind_start = np.searchsorted(data["ind_unit"], np.arange(n_units(data) + 1)).tolist()
    position = {}  # key -> local index, rebuilt per unit below
    clock = _Clock()
    compute = 0.0
    count = 0
    for u, year, inp in engine_inputs(data):
        start = time.perf_counter()
        result = compute_unit_year(inp)
        compute += time.perf_counter() - start
        count += 1
        slot = year - YEARS[0]
        unit_ach[u * len(YEARS) + slot] = _as_float(result.achievement)
        if year == YEARS[0]:
            position = {k: ind_start[u] + j for j, k in enumerate(inp.indicators)}
        for obj in result.objectives:
            for ind in obj.indicators:
                ind_ach[position[ind.key] * len(YEARS) + slot] = _as_float(ind.achievement)
    total = clock.lap()
    np.save(folder / "out_engine_ind.npy", ind_ach)
    np.save(folder / "out_engine_unit.npy", unit_ach)
    return {"s": total, "compute": compute, "unit_years": count, "cpu_laps": clock.cpu_laps}


# --- Kinerja: the product path (database) -------------------------------------------------------


def plan_document(data: dict[str, np.ndarray]) -> Any:
    """The agency, its units (a root and one unit per synthetic unit) and their Renstra."""
    from kinerja.core.types import NumericTarget, Polarity
    from kinerja.interchange import document as d

    units = [d.Unit(code="ROOT", name="Kementerian Skala", level="kementerian")]
    plans = []
    rule_names = RULE_NAMES
    ind_start = np.searchsorted(data["ind_unit"], np.arange(n_units(data) + 1)).tolist()
    targets = np.asarray(data["target"]).tolist()
    for u in range(n_units(data)):
        code = unit_code(u)
        units.append(d.Unit(code=code, name=f"Unit {u}", level="eselon2", parent="ROOT"))
        objectives = [
            d.Objective(code="SK1", level="SK", statement="s1"),
            d.Objective(code="SK2", level="SK", statement="s2"),
        ]
        for i in range(ind_start[u], ind_start[u + 1]):
            kind = int(data["ind_kind"][i])
            objectives[int(data["ind_obj"][i])].indicators.append(
                d.Indicator(
                    code=f"IKK {int(data['ind_pos'][i]) + 1}",
                    name=f"Indikator {int(data['ind_pos'][i]) + 1}",
                    polarity=Polarity.LOWER_IS_BETTER if kind == LOWER else Polarity.HIGHER_IS_BETTER,
                    max_achievement=Decimal(INDICATOR_CAP) if kind == CAPPED else None,
                    formula=FORMULA if kind == FORMULA_KIND else None,
                    variables={"n": "pembilang", "T": "penyebut"} if kind == FORMULA_KIND else {},
                    quarter_rule=rule_names[int(data["ind_rule"][i])],  # type: ignore[arg-type]
                    targets={
                        y: NumericTarget(_hundredths(t)) for y, t in zip(YEARS, targets[i], strict=True)
                    },
                )
            )
        plans.append(
            d.Plan(
                unit=code,
                period=(YEARS[0], YEARS[-1]),
                missions=["misi"],
                objectives=[o for o in objectives if o.indicators],
            )
        )
    return d.Document(
        agency=d.Agency(code=AGENCY, name="Instansi Skala"),
        policy=d.PolicyDoc(max_achievement=Decimal(AGENCY_CAP)),
        units=units,
        plans=plans,
    )


def realisation_document(data: dict[str, np.ndarray]) -> Any:
    """The realisations alone, as a data-only interchange document (status approved)."""
    from kinerja.interchange import document as d

    out = []
    for u, inds, rows in _unit_blocks(data):
        code = unit_code(u)
        codes = [f"IKK {int(data['ind_pos'][i]) + 1}" for i in inds]
        formula = [int(data["ind_kind"][i]) == FORMULA_KIND for i in inds]
        for local, year, q, v, t in rows:
            period = d.Period(year, q or None)
            if formula[local]:
                out.append(
                    d.Realization(
                        unit=code,
                        indicator=codes[local],
                        period=period,
                        inputs={"n": Decimal(v), "T": Decimal(t)},
                    )
                )
            else:
                out.append(
                    d.Realization(unit=code, indicator=codes[local], period=period, value=_hundredths(v))
                )
    return d.Document(agency=d.Agency(code=AGENCY, name="Instansi Skala"), realizations=out)


def _django(database: str) -> None:
    os.environ["DATABASE_URL"] = database
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kinerja.settings")
    if "KINERJA_DATA_DIR" not in os.environ:  # uploads and the secret key: never the user's folder
        os.environ["KINERJA_DATA_DIR"] = tempfile.mkdtemp(prefix="kinerja-scale-data-")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def _fresh_agency() -> None:
    from kinerja.organizations.models import Agency

    if Agency.objects.filter(code=AGENCY).exists():
        raise SystemExit(
            f"agency {AGENCY} is already in the database (a run that was stopped?); the benchmark needs a "
            "database without it"
        )


def measure_import(folder: Path, database: str) -> dict[str, Any]:
    _django(database)
    from kinerja.interchange.db import import_document

    _fresh_agency()
    data = load(folder)
    plans = plan_document(data)
    clock = _Clock()
    import_document(plans, source="skala-renstra")
    plans_t = clock.lap()
    del plans
    doc = realisation_document(data)
    clock.lap()
    summary = import_document(doc, source="skala-realisasi")
    return {
        "s": clock.lap(),
        "plans": plans_t,
        "realisations": summary.realizations,
        "cpu_laps": clock.cpu_laps,
    }


def _bulk_batches(
    data: dict[str, np.ndarray], ids: dict[str, Any], first_id: int
) -> Iterator[tuple[list[Any], list[Any]]]:
    """Rows for the realisation and input tables, about ``BULK_BATCH`` realisations at a time."""
    from django.db import connection
    from django.utils import timezone

    now = connection.ops.adapt_datetimefield_value(timezone.now())
    agency = ids["agency"]
    next_id = first_id
    real_rows: list[tuple[Any, ...]] = []
    input_rows: list[tuple[Any, ...]] = []
    for u, inds, rows in _unit_blocks(data):
        code = unit_code(u)
        unit = ids["units"][code]
        ind_ids = [ids["indicators"][(code, f"IKK {int(data['ind_pos'][i]) + 1}")] for i in inds]
        formula = [int(data["ind_kind"][i]) == FORMULA_KIND for i in inds]
        for local, year, q, v, t in rows:
            value = None if formula[local] else _hundredths(v)
            real_rows.append(
                (next_id, agency, unit, ind_ids[local], year, q or None, value)
                + ("", "", "", "", "", "approved", True, 1, now, now)
            )
            if formula[local]:
                input_rows.append((agency, next_id, "n", Decimal(v), 0))
                input_rows.append((agency, next_id, "T", Decimal(t), 1))
            next_id += 1
        if len(real_rows) >= BULK_BATCH:
            yield real_rows, input_rows
            real_rows, input_rows = [], []
    yield real_rows, input_rows


def measure_bulk(folder: Path, database: str) -> dict[str, Any]:
    """The same realisation rows written by plain INSERTs (``executemany``) into the same tables,
    in one transaction: the least an import of them costs. The rows are made in batches; only the
    INSERTs and the commit are timed."""
    _django(database)
    from django.core.management.color import no_style
    from django.db import connection, transaction
    from django.db.models import Max

    from kinerja.interchange.db import import_document
    from kinerja.measurement.models import Realization, RealizationInput
    from kinerja.organizations.models import Agency, Unit
    from kinerja.planning.models import Indicator

    _fresh_agency()
    data = load(folder)
    clock = _Clock()
    import_document(plan_document(data), source="skala-renstra")
    plans_t = clock.lap()
    agency = Agency.objects.get(code=AGENCY)
    ids = {
        "agency": agency.pk,
        "units": dict(Unit.objects.filter(agency=agency).values_list("code", "id")),
        "indicators": {
            (owner, code): pk
            for pk, owner, code in Indicator.objects.filter(agency=agency).values_list(
                "id", "owner__code", "code"
            )
        },
    }
    first_id = (Realization.objects.aggregate(m=Max("id"))["m"] or 0) + 1
    real_sql = (
        f"INSERT INTO {Realization._meta.db_table} (id, agency_id, unit_id, indicator_id, year, quarter, "
        "value_number, value_label, analysis, supporting, inhibiting, follow_up, status, locked, "
        f"version, created_at, updated_at) VALUES ({', '.join(['%s'] * 17)})"
    )
    input_sql = (
        f"INSERT INTO {RealizationInput._meta.db_table} (agency_id, realization_id, name, value, position) "
        "VALUES (%s, %s, %s, %s, %s)"
    )
    wall = cpu = 0.0
    count = 0
    with transaction.atomic():
        with connection.cursor() as cursor:
            for real_rows, input_rows in _bulk_batches(data, ids, first_id):
                clock = _Clock()
                cursor.executemany(real_sql, real_rows)
                cursor.executemany(input_sql, input_rows)
                wall += clock.lap()
                cpu += clock.cpu_laps[-1]
                count += len(real_rows)
            clock = _Clock()  # from here on: the sequences and the commit
            for sql in connection.ops.sequence_reset_sql(no_style(), [Realization, RealizationInput]):
                cursor.execute(sql)
    wall += clock.lap()
    cpu += clock.cpu_laps[-1]
    return {"s": wall, "plans": plans_t, "realisations": count, "cpu_laps": [cpu]}


REBUILD_PLACES = ("kinerja.results.rebuild", "kinerja.results.store")


def _rebuild_name() -> str | None:
    """Where the stored-results ``rebuild(agency_code=None, year=None)`` is, if anywhere. Read
    from the source, without importing it (the parent process has no Django set up)."""
    import importlib.util

    for module in REBUILD_PLACES:
        try:
            spec = importlib.util.find_spec(module)
        except ModuleNotFoundError:
            continue
        if spec is not None and spec.origin and "\ndef rebuild(" in Path(spec.origin).read_text():
            return f"{module}.rebuild"
    return None


def _rebuild() -> Any:
    """The rebuild function itself (after ``django.setup()``)."""
    import importlib

    name = _rebuild_name()
    if name is None:
        raise SystemExit("no rebuild function found")
    module, _, function = name.rpartition(".")
    return name, getattr(importlib.import_module(module), function)


def measure_product(folder: Path, database: str, path: str) -> dict[str, Any]:
    _django(database)
    from kinerja.organizations.models import Unit

    data = load(folder)
    unit_ach = np.full(n_units(data) * len(YEARS), np.nan)
    if path == "rebuild":
        name, rebuild = _rebuild()
        clock = _Clock()
        rebuild(agency_code=AGENCY)
        total = clock.lap()
        from kinerja.results.models import StoredResult

        for code, year, achievement in StoredResult.objects.filter(
            agency__code=AGENCY, basis="official"
        ).values_list("unit__code", "year", "achievement"):
            if code != "ROOT":
                unit_ach[int(code[1:]) * len(YEARS) + year - YEARS[0]] = _as_float(achievement)
        np.save(folder / "out_product_unit.npy", unit_ach)
        return {"s": total, "path": name, "cpu_laps": clock.cpu_laps}
    from kinerja.figures.unit_year import figures_for
    from kinerja.interchange.db import unit_document

    units = {u.code: u for u in Unit.objects.filter(agency__code=AGENCY).select_related("agency")}
    clock = _Clock()
    for u in range(n_units(data)):
        code = unit_code(u)
        doc = unit_document(units[code])
        for slot, year in enumerate(YEARS):
            unit_ach[u * len(YEARS) + slot] = _as_float(figures_for(doc, code, year).result.achievement)
    total = clock.lap()
    np.save(folder / "out_product_unit.npy", unit_ach)
    return {"s": total, "path": "figures_for(unit_document(unit), unit, year)", "cpu_laps": clock.cpu_laps}


# --- measuring ------------------------------------------------------------------------------------


class _Clock:
    def __init__(self) -> None:
        self.wall = time.perf_counter()
        self.cpu = time.process_time()
        self.cpu_laps: list[float] = []

    def lap(self) -> float:
        wall, cpu = time.perf_counter(), time.process_time()
        elapsed = wall - self.wall
        self.cpu_laps.append(cpu - self.cpu)
        self.wall, self.cpu = wall, cpu
        return elapsed


def peak_mb() -> float:
    """This process's peak resident memory. On Linux ``VmHWM``: ``ru_maxrss`` of a process started
    by fork (or vfork) and exec carries its parent's peak, which here holds the generated arrays."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _child(method: str, folder: Path, database: str, path: str) -> dict[str, Any]:
    limit_gb = float(os.environ.get(MEMORY_ENV) or 0)
    if limit_gb > 0:  # a run that outgrows the machine fails alone instead of starving its neighbours
        limit = int(limit_gb * 2**30)
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    if method == "duckdb":
        out = measure_duckdb(folder)
    elif method == "engine":
        out = measure_engine(folder)
    elif method == "import":
        out = measure_import(folder, database)
    elif method == "bulk":
        out = measure_bulk(folder, database)
    elif method == "drop":
        out = drop_agency(database)
    else:
        out = measure_product(folder, database, path)
    out["peak_mb"] = peak_mb()
    out["cpu_total"] = time.process_time()
    return out


def _spawn(
    method: str, folder: Path, database: str = "", path: str = "", notes: list[str] | None = None
) -> dict[str, Any] | None:
    """Run one measurement in a fresh process. A failure (out of memory under ``--memory-limit``
    ...) is a note in ``notes`` and None; without ``notes`` it stops the benchmark."""
    proc = subprocess.run(
        [sys.executable, "-m", "bench.scale", "--measure", method, str(folder), database, path],
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        last = (proc.stderr.strip().splitlines() or ["?"])[-1][:160]
        if notes is None:
            sys.stderr.write(proc.stderr)
            raise SystemExit(f"{method} failed (exit {proc.returncode})")
        notes.append(f"{method}: failed (exit {proc.returncode}: {last})")
        print(f"  {method}: failed (exit {proc.returncode}: {last})", flush=True)
        return None
    out: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return out


def mismatches(a: np.ndarray, b: np.ndarray) -> int:
    """Values that differ after rounding to 10 places by more than 1e-9, or n.a on one side only."""
    ra, rb = np.round(a, 10), np.round(b, 10)
    na_a, na_b = np.isnan(ra), np.isnan(rb)
    both = ~na_a & ~na_b
    return int((na_a != na_b).sum() + (np.abs(ra[both] - rb[both]) > 1e-9).sum())


def _count(text: str) -> int:
    return int(float(text))


def _sizes(text: str, max_rows: int) -> list[int]:
    return sorted({n for n in (_count(t) for t in text.split(",") if t.strip()) if n <= max_rows})


def _database(tmp: Path, name: str) -> str:
    return os.environ.get("DATABASE_URL") or f"sqlite:///{tmp / name}"


def drop_agency(database: str) -> dict[str, Any]:
    """Remove everything of the benchmark's agency: one DELETE per table that has an agency
    column, in one transaction (the foreign keys are checked at the commit). The ORM's cascade
    would load and signal every row: with 10^5 realisations it had not finished after minutes."""
    _django(database)
    from django.apps import apps
    from django.db import connection, transaction

    from kinerja.organizations.models import Agency

    agency = Agency.objects.filter(code=AGENCY).first()
    if agency is None:
        return {"deleted": 0}
    quote = connection.ops.quote_name
    deleted = 0
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        for model in apps.get_models(include_auto_created=True):
            if model is Agency or model._meta.proxy or not model._meta.managed:
                continue
            if "agency_id" in {f.attname for f in model._meta.concrete_fields}:
                cursor.execute(f"DELETE FROM {quote(model._meta.db_table)} WHERE agency_id = %s", [agency.pk])
                deleted += max(cursor.rowcount, 0)
        cursor.execute(f"DELETE FROM {quote(Agency._meta.db_table)} WHERE id = %s", [agency.pk])
    return {"deleted": deleted}


def _drop_agency(database: str) -> None:
    """With DATABASE_URL (a shared database), remove what the benchmark wrote."""
    _spawn("drop", Path("."), database)


def run_size(rows: int, tmp: Path, args: argparse.Namespace) -> dict[str, Any]:
    folder = tmp / f"rows{rows}"
    start = time.perf_counter()
    data = generate(rows)
    save(data, folder)
    units = n_units(data)
    facts: dict[str, Any] = {
        "rows": rows,
        "units": units,
        "unit_years": units * len(YEARS),
        "indicators": len(data["ind_unit"]),
        "formula_inputs": int((data["ind_kind"][data["r_ind"]] == FORMULA_KIND).sum()) * 2,
        "generate_s": time.perf_counter() - start,
        "methods": {},
        "notes": [],
    }
    del data
    print(
        f"\n{rows:,} realisation rows: {units:,} units, {facts['indicators']:,} indicators, "
        f"{facts['unit_years']:,} unit-years (generated in {facts['generate_s']:.1f} s)",
        flush=True,
    )
    methods = facts["methods"]
    duck = _spawn("duckdb", folder)  # the reference: its failure stops the benchmark
    assert duck is not None
    methods["duckdb load"] = {"s": duck["load"], "cpu": duck["cpu_laps"][0], "mb": duck["peak_mb"]}
    methods["duckdb query"] = {"s": duck["query"], "cpu": duck["cpu_laps"][1], "mb": duck["peak_mb"]}
    print(f"  duckdb: load {duck['load']:.2f} s, query {duck['query']:.2f} s", flush=True)
    eng = _spawn("engine", folder, notes=facts["notes"])
    if eng is None:
        return facts
    methods["engine"] = {"s": eng["s"], "cpu": eng["cpu_laps"][0], "mb": eng["peak_mb"]}
    print(f"  engine: {eng['s']:.2f} s (compute_unit_year alone {eng['compute']:.2f} s)", flush=True)
    facts["engine_compute_s"] = eng["compute"]
    out = {
        name: np.load(folder / f"out_{name}.npy")
        for name in ("duckdb_ind", "duckdb_unit", "engine_ind", "engine_unit")
    }
    facts["check_ind"] = (mismatches(out["engine_ind"], out["duckdb_ind"]), len(out["engine_ind"]))
    facts["check_unit"] = (mismatches(out["engine_unit"], out["duckdb_unit"]), len(out["engine_unit"]))
    facts["na_units"] = int(np.isnan(out["engine_unit"]).sum())
    print(
        f"  engine vs DuckDB: {facts['check_ind'][0]} mismatches of {facts['check_ind'][1]:,} indicator "
        f"achievements, {facts['check_unit'][0]} of {facts['check_unit'][1]:,} unit achievements",
        flush=True,
    )
    if args.skip_product:
        return facts
    if rows > args.db_max_rows:
        facts["notes"].append(f"import, bulk insert, product: skipped (--db-max-rows {args.db_max_rows:,})")
        return facts
    shared = bool(os.environ.get("DATABASE_URL"))
    if rows <= args.import_max_rows:
        db_import = _database(tmp, f"import{rows}.sqlite3")
        imp = _spawn("import", folder, db_import, notes=facts["notes"])
        if imp is not None:
            methods["import"] = {"s": imp["s"], "cpu": imp["cpu_laps"][-1], "mb": imp["peak_mb"]}
            facts["import_plans_s"] = imp["plans"]
            print(f"  import: Renstra {imp['plans']:.2f} s, realisations {imp['s']:.2f} s", flush=True)
            _product(facts, folder, db_import, rows, args, out["engine_unit"])
        if shared:
            _drop_agency(db_import)
        (tmp / f"import{rows}.sqlite3").unlink(missing_ok=True)
    else:
        facts["notes"].append(f"import: skipped (--import-max-rows {args.import_max_rows:,})")
    db_bulk = _database(tmp, f"bulk{rows}.sqlite3")
    bulk = _spawn("bulk", folder, db_bulk, notes=facts["notes"])
    if bulk is not None:
        methods["bulk insert"] = {"s": bulk["s"], "cpu": bulk["cpu_laps"][-1], "mb": bulk["peak_mb"]}
        facts.setdefault("import_plans_s", bulk["plans"])
        print(
            f"  bulk insert: Renstra (import) {bulk['plans']:.2f} s, realisations {bulk['s']:.2f} s",
            flush=True,
        )
        if "product" not in methods and not any(n.startswith("product") for n in facts["notes"]):
            _product(facts, folder, db_bulk, rows, args, out["engine_unit"], " (bulk-inserted database)")
    if shared:
        _drop_agency(db_bulk)
    (tmp / f"bulk{rows}.sqlite3").unlink(missing_ok=True)
    return facts


def _product(
    facts: dict[str, Any],
    folder: Path,
    database: str,
    rows: int,
    args: argparse.Namespace,
    engine_unit: np.ndarray,
    where: str = "",
) -> None:
    """The product path on ``database``: ``rebuild`` when it exists, else ``figures_for`` per
    unit-year up to ``--product-max-rows``, cross-checked against the engine."""
    rebuild = args.product_path == "rebuild" or (args.product_path == "auto" and _rebuild_name() is not None)
    if not rebuild and rows > args.product_max_rows:
        facts["notes"].append(
            f"product: skipped (quadratic, see docs/scale.md; --product-max-rows {args.product_max_rows:,})"
        )
        return
    prod = _spawn("product", folder, database, "rebuild" if rebuild else "figures", notes=facts["notes"])
    if prod is None:
        return
    facts["methods"]["product"] = {
        "s": prod["s"],
        "cpu": prod["cpu_laps"][0],
        "mb": prod["peak_mb"],
        "path": prod["path"] + where,
    }
    print(f"  product: {prod['path']}{where}: {prod['s']:.2f} s", flush=True)
    product_unit = np.load(folder / "out_product_unit.npy")
    facts["check_product"] = (mismatches(product_unit, engine_unit), len(product_unit))
    print(
        f"  product vs engine: {facts['check_product'][0]} mismatches of {len(product_unit):,} "
        "unit achievements",
        flush=True,
    )


def _exponent(previous: tuple[int, float] | None, rows: int, seconds: float) -> str:
    if previous is None or previous[1] <= 0 or seconds <= 0 or previous[0] == rows:
        return ""
    return f"{math.log(seconds / previous[1]) / math.log(rows / previous[0]):.2f}"


def _ratio(value: float, reference: float | None) -> str:
    return "" if not reference else f"{value / reference:.1f}"


def table(results: list[dict[str, Any]]) -> str:
    """One line per size and method: wall and CPU seconds, peak RSS, the ratios to the DuckDB
    query (an import: to the bulk insert), the growth exponents against the previous size."""
    head = (
        f"{'rows':>10} {'units':>7} {'method':<12} {'s':>8} {'CPU s':>8} {'peak MB':>7} "
        f"{'×query':>7} {'×q CPU':>7} {'×bulk':>6} {'exp':>5} {'expCPU':>6}"
    )
    lines = [head, "-" * len(head)]
    previous: dict[str, tuple[tuple[int, float], tuple[int, float]]] = {}
    for res in results:
        methods = res["methods"]
        query = methods["duckdb query"]
        rows = res["rows"]
        for name in METHODS:
            m = methods.get(name)
            if m is None:
                continue
            compute = name not in ("duckdb load", "import", "bulk insert")
            bulk = methods.get("bulk insert") if name == "import" else None
            before = previous.get(name)
            lines.append(
                f"{rows:>10,} {res['units']:>7,} {name:<12} {m['s']:8.2f} {m['cpu']:8.2f} {m['mb']:7.0f} "
                f"{_ratio(m['s'], query['s'] if compute else None):>7} "
                f"{_ratio(m['cpu'], query['cpu'] if compute else None):>7} "
                f"{_ratio(m['s'], bulk['s'] if bulk else None):>6} "
                f"{_exponent(before[0] if before else None, rows, m['s']):>5} "
                f"{_exponent(before[1] if before else None, rows, m['cpu']):>6}"
            )
            previous[name] = ((rows, m["s"]), (rows, m["cpu"]))
        for note in res["notes"]:
            lines.append(f"{'':>10} {'':>7} {note}")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--rows", default="1e4,1e5,1e6,1e7", help="realisation rows per size, comma-separated"
    )
    parser.add_argument(
        "--max-rows", type=_count, default=10**6, help="leave out sizes above this (1e7 to run 10^7)"
    )
    parser.add_argument("--skip-product", action="store_true", help="no database: only DuckDB and the engine")
    parser.add_argument(
        "--product-max-rows", type=_count, default=10**5, help="largest size for figures_for per unit-year"
    )
    parser.add_argument(
        "--import-max-rows", type=_count, default=10**5, help="largest size for import_document"
    )
    parser.add_argument(
        "--db-max-rows",
        type=_count,
        default=10**6,
        help="largest size loaded into a database at all (by bulk insert above --import-max-rows)",
    )
    parser.add_argument(
        "--product-path",
        choices=("auto", "rebuild", "figures"),
        default="auto",
        help="auto: the stored-results rebuild when it exists, else figures_for per unit-year",
    )
    parser.add_argument(
        "--memory-limit",
        type=float,
        default=16,
        help="address-space limit of each measuring process in GB (0: none); a method that needs more fails alone",
    )
    parser.add_argument("--json", help="also write the figures to this JSON file")
    parser.add_argument("--measure", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        method, folder, database, path = args.measure
        print(json.dumps(_child(method, Path(folder), database, path)))
        return 0
    try:
        import duckdb
    except ImportError:
        print("DuckDB is missing: .venv/bin/pip install -e '.[bench]'", file=sys.stderr)
        return 2
    rebuild = _rebuild_name()
    print(
        f"bench.scale: DuckDB {duckdb.__version__}, numpy {np.__version__}, Python {sys.version.split()[0]}, "
        f"{os.cpu_count()} CPUs; product path: "
        + (rebuild or "figures_for(unit_document(unit), unit, year)")
        + f"; database: {'DATABASE_URL' if os.environ.get('DATABASE_URL') else 'fresh SQLite files'}"
    )
    os.environ[MEMORY_ENV] = str(args.memory_limit)
    results = []
    with tempfile.TemporaryDirectory(prefix="kinerja-scale-") as tmp:
        os.environ["KINERJA_DATA_DIR"] = str(Path(tmp) / "data")  # the children's, removed at the end
        for rows in _sizes(args.rows, args.max_rows):
            results.append(run_size(rows, Path(tmp), args))
    print(
        "\ns: wall-clock seconds; CPU s: the process's CPU time (DuckDB may use every core, Kinerja uses "
        "one; on a busy machine CPU s is the steadier figure); peak MB: the process's peak RSS; ×query: "
        "to the DuckDB query; ×bulk: import to bulk insert; exp: growth exponent from the previous size."
    )
    print(table(results))
    print("\nCross-check (rounded to 10 places, tolerance 1e-9):")
    for res in results:
        if "check_ind" not in res:
            print(f"  {res['rows']:>10,} rows: no engine figures ({'; '.join(res['notes'])})")
            continue
        line = (
            f"  {res['rows']:>10,} rows: engine vs DuckDB {res['check_ind'][0]} of {res['check_ind'][1]:,} "
            f"indicator and {res['check_unit'][0]} of {res['check_unit'][1]:,} unit achievements differ "
            f"({res['na_units']:,} unit-years n.a on both sides)"
        )
        if "check_product" in res:
            line += f"; product vs engine {res['check_product'][0]} of {res['check_product'][1]:,}"
        print(line)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
