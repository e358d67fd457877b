"""Export packs: the KemenPAN-RB evaluation ZIP (every file real and named in the manifest with
its SHA-256) and the SMART CSV (Dit. PKR 2022's pagu and realisation from seed 001)."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
from decimal import Decimal
from typing import Any

import openpyxl
from docx import Document as Docx

from kinerja.budget.models import BudgetEntry
from tests.api.conftest import token_client


def test_evaluation_pack(users: dict[str, Any]) -> None:
    c = token_client(users["pimpinan.pkr"], scope="read")
    response = c.get("/api/v1/packs/PKR/2022/evaluation")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    manifest = json.loads(archive.read("manifest.json"))
    assert manifest["unit"] == "PKR" and manifest["year"] == 2022 and manifest["missing"] == []
    assert response["X-Kinerja-Data-Hash"] == manifest["data_hash"]
    names = [f["name"] for f in manifest["files"]]
    assert set(names) | {"manifest.json"} == set(archive.namelist())
    for f in manifest["files"]:
        assert hashlib.sha256(archive.read(f["name"])).hexdigest() == f["sha256"]
    # the PK in force is the revised version 2 (seed 001: "PK terakhir Oktober")
    assert names == [
        "01_Renstra_PKR.xlsx",
        "01b_IKU_PKR_2022.csv",
        "02_PK_PKR_2022_v2.pdf",
        "03_PK_PKR_2022_v2.docx",
        "04_Rencana_Aksi_PKR_2022.xlsx",
        "05_LKj_PKR_2022.pdf",
        "06_LKj_PKR_2022.docx",
        "data/kinerja-PKR.yaml",
    ]
    pk_docx = next(n for n in names if n.endswith(".docx") and "PK" in n)
    assert (
        "PERJANJIAN KINERJA"
        in "\n".join(p.text for p in Docx(io.BytesIO(archive.read(pk_docx))).paragraphs).upper()
    )
    lkj_pdf = next(n for n in names if n.endswith(".pdf") and "LKj" in n)
    assert archive.read(lkj_pdf).startswith(b"%PDF")
    renstra = next(n for n in names if n.endswith(".xlsx") and "Renstra" in n)
    assert openpyxl.load_workbook(io.BytesIO(archive.read(renstra))).active is not None
    iku = next(n for n in names if "IKU" in n)
    rows = list(csv.DictReader(io.StringIO(archive.read(iku).decode("utf-8-sig"))))
    ikk11 = next(r for r in rows if r["kode_indikator"] == "PKR:IKK 1.1")
    assert ikk11["target_2022"] == "99"
    # outside the unit scope: refused
    assert token_client(users["operator.rehsos"]).get("/api/v1/packs/PKR/2022/evaluation").status_code == 403


def test_smart_csv(users: dict[str, Any], demo: dict[str, Any]) -> None:
    pkr = demo["PKR"]
    for position, (kind, month, amount) in enumerate(
        [("rpd", 1, 100), ("rpd", 2, 100), ("rpd", 3, 100)]
        + [("realisasi_bulanan", 1, 50), ("realisasi_bulanan", 2, 150), ("realisasi_bulanan", 3, 100)]
    ):
        BudgetEntry.objects.create(
            agency=pkr.agency,
            unit=pkr,
            year=2022,
            kind=kind,
            month=month,
            amount=amount,
            position=100 + position,
        )
    response = token_client(users["operator.pkr"], scope="read").get("/api/v1/packs/PKR/2022/smart")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    value = {r["ukuran"]: r["nilai"] for r in rows if not r["kode"] and not r["bulan"]}
    assert int(value["pagu"]) > 0 and int(value["realisasi_anggaran"]) > 0
    absorption = Decimal(int(value["realisasi_anggaran"]) * 100) / Decimal(int(value["pagu"]))
    assert Decimal(value["penyerapan"]) == absorption.quantize(Decimal("0.01"))
    capaian = {r["kode"]: r["nilai"] for r in rows if r["ukuran"] == "capaian_indikator_pk"}
    assert capaian["PKR:IKK 1.1"] == "100.00"  # capped: 99,25 against 99
    assert capaian["PKR:IKK 2.2"] == ""  # n.a (no value, the LKj's explanation)
    monthly = {(r["ukuran"], r["bulan"]): r["nilai"] for r in rows if r["bulan"]}
    assert monthly[("rpd", "1")] == "100" and monthly[("realisasi_bulanan", "2")] == "150"
    # cumulative realisation over cumulative plan, months 1..12: (50 + 11 x 100) / 12 = 95,83;
    # mean monthly deviation over the planned months: (50 + 50 + 0) / 3 = 33,33
    assert value["konsistensi_rpd"] == "95.83" and value["deviasi_rpd"] == "33.33"
