"""A unit named by its code on the command line: the one home of "which agency's PKR?".

Pages name a unit by its code and find it among the units the user may read
(``access.unit_for``); commands name it by its code and, when two agencies share the code, by the
agency too (``--agency``).
"""

from __future__ import annotations

from kinerja.core.types import KinerjaValidationError
from kinerja.organizations.models import Unit


def unit_by_code(code: str, agency: str | None = None) -> Unit:
    """The unit ``code`` (of agency ``agency`` when given); a clear message when there is none
    or when several agencies have one."""
    rows = Unit.objects.filter(code=code).select_related("agency", "parent").order_by("agency__code")
    if agency:
        rows = rows.filter(agency__code=agency)
    found = list(rows)
    if not found:
        where = f" pada instansi {agency}" if agency else ""
        raise KinerjaValidationError(f"unit {code} tidak ada di basis data{where}")
    if len(found) > 1:
        agencies = ", ".join(u.agency.code for u in found)
        raise KinerjaValidationError(
            f"unit {code} ada di beberapa instansi ({agencies}); sebutkan instansinya dengan --agency"
        )
    return found[0]
