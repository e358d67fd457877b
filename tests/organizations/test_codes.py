"""One rule for codes (kinerja/core/codes.py), asked by the importer and by the model behind the
admin; any unit code it accepts names a page that resolves back to it (issue #11, finding 3)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import resolve, reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from kinerja.core.codes import code_problem, unit_code_problem
from kinerja.organizations.models import Unit


@pytest.mark.parametrize("code", ["PKR", "DIT-PKR", "1.01.01", "KEMENSOS", "U_001"])
def test_ordinary_unit_codes_pass(code: str) -> None:
    assert unit_code_problem(code) is None


@pytest.mark.parametrize(
    ("code", "needle"),
    [
        ("DIT/PKR", "huruf A-Z"),
        ("PKR?x", "huruf A-Z"),
        ('PK"R', "huruf A-Z"),
        ("PK\nR", "karakter kendali"),
        ("PK\x00R", "karakter kendali"),
        ("PKR:1", "':'"),
        ("ＯＰＥＲＡＴＯＲ", "huruf A-Z"),  # fullwidth letters look like ASCII
        ("-PKR", "huruf A-Z"),
        ("A" * 65, "terlalu panjang"),
    ],
)
def test_unit_codes_that_break_pages_are_refused(code: str, needle: str) -> None:
    problem = unit_code_problem(code)
    assert problem is not None and needle in problem


def test_other_codes_keep_spaces_and_dots_but_no_control_characters() -> None:
    assert code_problem("IKK 1.1") is None
    assert code_problem("IKK\t1.1") is not None


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.text(min_size=1, max_size=64))
def test_every_accepted_unit_code_names_a_page_that_resolves_to_it(code: str) -> None:
    if unit_code_problem(code) is not None:
        return
    url = reverse("web:unit", args=[code])
    assert resolve(url).kwargs["code"] == code


def test_model_validation_refuses_what_the_importer_refuses(demo: dict[str, Any]) -> None:
    unit = Unit(agency=demo["PKR"].agency, code="DIT/PKR", name="x", level="eselon2")
    with pytest.raises(ValidationError) as info:
        unit.full_clean()
    assert "huruf A-Z" in str(info.value.message_dict["code"])
