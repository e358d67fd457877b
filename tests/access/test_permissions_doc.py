"""docs/permissions.md prints the matrix the code applies, so the two cannot drift apart."""

from __future__ import annotations

from pathlib import Path

from kinerja.organizations.permissions import ACTIONS, ROLES, matrix_markdown

DOC = Path(__file__).resolve().parents[2] / "docs" / "permissions.md"


def test_the_documented_matrix_is_the_code_matrix() -> None:
    text = DOC.read_text(encoding="utf-8")
    start, end = "<!-- matrix:start -->\n", "\n<!-- matrix:end -->"
    assert start in text and end in text
    table = text.split(start, 1)[1].split(end, 1)[0]
    assert table == matrix_markdown(), (
        "docs/permissions.md is out of date; paste kinerja.organizations.permissions.matrix_markdown()"
    )


def test_every_role_and_action_is_explained() -> None:
    text = DOC.read_text(encoding="utf-8")
    for role in ROLES:
        assert f"| `{role}` |" in text, role
    for action in ACTIONS:
        assert text.count(f"| `{action}` |") == 2, action  # in the matrix and in the glossary table
