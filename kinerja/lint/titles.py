"""The rule titles of the data check in the page's language. ``RULE_TITLES`` (rules.py) stays the
Indonesian text of ``kinerja lint``; the page shows ``title(code)``: English when English is
chosen. The findings' messages and advice are still Indonesian on the English page (docs/i18n.md).
"""

from __future__ import annotations

from django.utils.translation import get_language

from kinerja.lint.rules import RULE_TITLES

ENGLISH: dict[str, str] = {
    "L001": "Unknown unit reference",
    "L101": "Renstra target empty for a year of the period",
    "L102": "Indicator code twice in one Renstra",
    "L103": "Objective code twice in one Renstra",
    "L104": "Indicator name twice in one Renstra",
    "L105": "Same formula and variable meanings on two indicators",
    "L106": "Indicator without a unit of measure",
    "L107": "Renstra holds years outside the unit's validity",
    "L108": "Renstra adoption details incomplete",
    "L109": "Indicator name mentions another unit",
    "L110": "Indicator with the same name in another unit with different targets",
    "L111": "Draft Renstra version (not adopted)",
    "L201": "Objective supports no objective of the unit above",
    "L202": "Unknown 'supports' reference",
    "L203": "Support to a unit that is not above, or a level not higher",
    "L301": "Unknown component of a composite indicator",
    "L302": "Component without realisation in the PK year",
    "L303": "Component weights incomplete or wrong",
    "L304": "Components of different scale or unit",
    "L401": "Revised PK without reason a/b/c",
    "L402": "PK version 1 target differs from the Renstra without explanation",
    "L403": "Revised PK same as the previous version",
    "L404": "PK names an indicator outside the unit's Renstra",
    "L405": "Renstra indicator missing from the PK",
    "L406": "PK without Renstra, or versions out of order",
    "L501": "No realisation yet for a PK indicator",
    "L502": "Realisation value differs from the formula over its inputs",
    "L503": "Realisation inputs do not fit the formula",
    "L504": "Formula denominators differ between indicators of one objective",
    "L505": "Formula denominator equals the target (computes achievement)",
    "L506": "Realisation for an unknown indicator",
    "L507": "Realisation without supporting evidence",
    "L508": "Realisation not yet approved",
    "L601": "Initial budget + revisions differ from the final budget",
    "L602": "Budget realisation exceeds the ceiling",
    "L603": "Budget revision without date or description",
    "L604": "Renstra funding details differ from their total",
    "L605": "Unit's funding needs exceed those of the unit above",
    "L606": "Account details exceed the unit's ceiling",
    "L607": "Budget revision or realisation without a ceiling",
    "L701": "LKj chapter text not written",
    "L702": "Realisation analysis narrative empty",
    "L703": "Supporting/hindering factors or follow-up empty",
    "L704": "Text holds unfilled placeholders",
}


def title(code: str) -> str:
    if (get_language() or "").startswith("en") and code in ENGLISH:
        return ENGLISH[code]
    return RULE_TITLES.get(code, "")
