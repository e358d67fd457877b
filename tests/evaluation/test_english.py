"""The evaluation services answer in the user's language: the Indonesian message by default, the
English one when English is chosen (kinerja/evaluation/locale)."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from kinerja.evaluation import akip, skm
from kinerja.organizations.models import Unit


def _refusal(language: str) -> str:
    with translation.override(language), pytest.raises(skm.SurveyRefused) as info:
        skm.parse_answers(["4", "4", "7", "4", "4", "4", "4", "4", "4"])
    return info.value.message


def test_a_refusal_in_both_languages() -> None:
    assert _refusal("id") == "U3 (Waktu Penyelesaian) harus 1, 2, 3 atau 4, bukan '7'."
    assert _refusal("en") == "U3 (Waktu Penyelesaian) must be 1, 2, 3 or 4, not '7'."


def test_the_automatic_checks_in_english(pkr: Unit, users: dict[str, Any]) -> None:
    with translation.override("en"):
        checks = akip.auto_checks(pkr, 2022)
    assert checks["skm_done"].reason == "No SKM result for 2022 yet."
    assert checks["lkj_reviewed"].reason == "No APIP review of the LKj 2022 yet."
    with translation.override("id"):
        assert akip.auto_checks(pkr, 2022)["skm_done"].reason == "Belum ada hasil SKM 2022."
