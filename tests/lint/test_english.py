"""The data checks in English when English is chosen: every finding's message and advice on the
demo's Dit. PKR 2022 comes from the English catalogue; the CLI and files stay Indonesian."""

from __future__ import annotations

from django.utils import translation

from kinerja.interchange.parse import load_document
from kinerja.lint.run import lint_document
from tests.conftest import DEMO_DIR


def test_findings_in_both_languages() -> None:
    doc = load_document(DEMO_DIR / "kemensos.yaml", check_refs=False)
    with translation.override("id"):
        indonesian = lint_document(doc, unit="PKR", year=2022).findings
    with translation.override("en"):
        english = lint_document(doc, unit="PKR", year=2022).findings
    assert [f.code for f in english] == [f.code for f in indonesian] and len(english) == 13
    for id_, en in zip(indonesian, english, strict=True):
        assert en.message != id_.message and en.advice != id_.advice, id_.code
    by_code = {f.code: f.message for f in english}
    assert by_code["L703"] == (
        "The narrative of realisation IKK 3.1 2022 does not yet contain supporting factors, "
        "inhibiting factors, follow-up."
    )
    assert by_code["L401"].startswith("PK PKR 2022 version 2") and "is a PK revision" in by_code["L401"]
