"""The LKj's "C. Realisasi Anggaran" and "D. Analisis Efisiensi" with the output structure, read
back from the DOCX: PKR's RO table (18.658.193 of 18.800.000 KPM, seed 001), the ministry's budget
per jenis belanja and over the Renstra years, and its objective SS1 taking the money of the RO
that serve it through the Renstra cascade."""

from __future__ import annotations

import io

from docx import Document as Docx

from kinerja.reports.service import generate
from tests.figures.test_scenarios import demo_document


def _tables(unit: str) -> dict[str, list[list[str]]]:
    """Caption -> rows (header first) of the unit's 2022 LKj."""
    d = Docx(io.BytesIO(generate(demo_document(), "lkj", unit, 2022, "docx").content))
    out: dict[str, list[list[str]]] = {}
    body = d.element.body
    caption = ""
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = "".join(t.text or "" for t in child.iter() if t.tag.endswith("}t")).strip()
            if text.startswith("Tabel "):
                caption = text.split(" ", 2)[2]
        elif tag == "tbl" and caption:
            table = next(t for t in d.tables if t._tbl is child)
            out[caption] = [[c.text.strip() for c in r.cells] for r in table.rows]
            caption = ""
    return out


def test_pkr_prints_its_ro_and_why_efficiency_is_not_computed() -> None:
    tables = _tables("PKR")
    ro = tables["Capaian keluaran (RO) tahun 2022"]
    assert ro[0] == ["Rincian Output (RO)", "Target volume", "Realisasi volume", "Capaian RO (%)"]
    assert [
        "RO-SEMBAKO Keluarga Penerima Manfaat Program Sembako",
        "18.800.000 KPM",
        "18.658.193",
        "99,25",
    ] in ro
    money = tables["Anggaran per keluaran dan efisiensi tahun 2022"]
    distribution = next(r for r in money if r[0].endswith("Jasa distribusi bantuan sosial sembako"))
    assert distribution[1:4] == ["Rp56.673.731.000", "Rp35.402.495.625", "62,47"]
    kro = next(r for r in money if "KRO-BANSOS" in r[0])
    assert kro[2:4] == ["–", "n.a"]  # the bansos realisation is not printed in the seed
    trend = tables["Anggaran per tahun Renstra 2020–2024"]
    assert trend[3] == [
        "2022",
        "Rp45.181.963.000.000",
        "Rp28.191.006.288.000",
        "Rp28.047.596.940.329",
        "99,49",
    ]


def test_the_ministry_prints_jenis_belanja_years_and_objectives() -> None:
    tables = _tables("KEMENSOS")
    accounts = tables["Realisasi anggaran per jenis belanja tahun 2022"]
    assert ["Belanja Bansos", "Rp27.063.925.400.000", "–", "n.a"] in accounts
    trend = tables["Anggaran per tahun Renstra 2020–2024"]
    assert trend[3][:3] == ["2022", "Rp77.568.891.661.000", "Rp28.191.006.288.000"]
    objectives = tables["Capaian kinerja dan penyerapan anggaran tahun 2022"]
    ss1 = next(r for r in objectives if r[0].startswith("SS1 "))
    assert ss1[2] == "Rp27.120.599.131.000"  # PKR's KRO serves SK1 -> DAYASOS SP5 -> SS1
