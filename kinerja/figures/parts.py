"""A whole agency's ``Document`` cut into what each unit-year's figures read, in one pass.

Computing every unit-year of an agency from the whole document costs the square of its size
(each unit-year scans every plan and realisation). ``Parts(doc).part(unit, year)`` gives the
small document of one unit-year (the same cut ``interchange.exporter.unit_year_document`` reads
from the database), after indexing the whole once, so a rebuild of all stored results grows
with the agency, not with its square. The figures of a part are those of the whole
(tests/figures/test_parts.py).
"""

from __future__ import annotations

from collections import defaultdict

from kinerja.interchange import document as d
from kinerja.interchange.refs import indicator_key, resolve_ref


class Parts:
    def __init__(self, doc: d.Document) -> None:
        self.doc = doc
        self.unit_of: dict[str, d.Unit] = {u.code: u for u in doc.units}
        self.unit_index = {u.code: i for i, u in enumerate(doc.units)}
        self.plans_of_unit: dict[str, list[int]] = defaultdict(list)
        self.plans_of_key: dict[str, list[int]] = defaultdict(list)
        self.components_of_key: dict[str, set[str]] = defaultdict(set)
        self.own_keys: dict[int, list[str]] = defaultdict(list)
        for i, plan in enumerate(doc.plans):
            self.plans_of_unit[plan.unit].append(i)
            for obj in plan.objectives:
                for ind in obj.indicators:
                    key = indicator_key(ind, plan)
                    self.own_keys[i].append(key)
                    self.plans_of_key[key].append(i)
                    self.components_of_key[key].update(resolve_ref(c, plan.unit) for c in ind.components)
        self.records: dict[tuple[int, str], list[int]] = defaultdict(list)
        for i, r in enumerate(doc.realizations):
            self.records[(r.period.year, resolve_ref(r.indicator, r.unit))].append(i)
        self.agreements: dict[tuple[str, int], list[d.Agreement]] = defaultdict(list)
        for a in doc.agreements:
            self.agreements[(a.unit, a.year)].append(a)
        self.action_plans: dict[tuple[str, int], list[d.ActionPlan]] = defaultdict(list)
        for ap in doc.action_plans:
            self.action_plans[(ap.unit, ap.year)].append(ap)

    def units(self) -> list[str]:
        """The units that have a plan: those that can have figures."""
        return sorted(self.plans_of_unit)

    def _chain(self, code: str, into: set[str]) -> None:
        while code and code not in into:
            into.add(code)
            unit = self.unit_of.get(code)
            code = unit.parent if unit is not None and unit.parent else ""

    def part(self, unit: str, year: int) -> d.Document:
        own = self.plans_of_unit.get(unit, [])
        keys = {key for i in own for key in self.own_keys[i]}
        todo = list(keys)
        while todo:
            for comp in self.components_of_key.get(todo.pop(), ()):
                if comp not in keys:
                    keys.add(comp)
                    todo.append(comp)
        plan_ids = set(own) | {i for key in keys for i in self.plans_of_key.get(key, ())}
        record_ids = sorted(i for key in keys for i in self.records.get((year, key), ()))
        realizations = [self.doc.realizations[i] for i in record_ids]
        plans = [self.doc.plans[i] for i in sorted(plan_ids)]
        names: set[str] = set()
        for code in {unit, *(p.unit for p in plans), *(k.split(":", 1)[0] for k in keys)}:
            self._chain(code, names)
        names.update(r.unit for r in realizations)
        return d.Document(
            format=self.doc.format,
            agency=self.doc.agency,
            policy=self.doc.policy,
            units=[
                self.doc.units[i] for i in sorted(self.unit_index[c] for c in names if c in self.unit_index)
            ],
            plans=plans,
            agreements=list(self.agreements.get((unit, year), ())),
            action_plans=list(self.action_plans.get((unit, year), ())),
            realizations=realizations,
        )
