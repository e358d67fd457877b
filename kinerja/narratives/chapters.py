"""The narrative texts of the Laporan Kinerja that are written in the browser, in the order the
LKj prints them (``kinerja/reports/lkj.py`` reads them from the unit-year's texts by ``key``).

``multiline`` texts keep their line breaks (a blank line starts a new paragraph, numbered lists
are typed one item per line); the others are one line (the place and date of the signature).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Chapter:
    key: str
    part: Promise | str  # where the LKj prints it ("Bab I Pendahuluan")
    title: Promise | str  # the heading it prints under ("A. Gambaran Umum Organisasi")
    help: Promise | str = ""
    multiline: bool = True
    max_length: int = 50_000
    # what the LKj prints while no text is approved
    when_empty: Promise | str = _("LKj mencetak tanda bahwa bagian ini belum diisi.")


FRONT = _("Kata Pengantar")
BAB_I = _("Bab I Pendahuluan")
BAB_III = _("Bab III Akuntabilitas Kinerja")
BAB_IV = _("Bab IV Penutup")

CHAPTERS: tuple[Chapter, ...] = (
    Chapter(
        "kata_pengantar",
        FRONT,
        _("Kata Pengantar"),
        _("Ditandatangani oleh pimpinan unit di bawah teks ini."),
        when_empty=_("LKj mencetak kata pengantar baku yang disusun dari data."),
    ),
    Chapter(
        "tempat",
        FRONT,
        _("Tempat penandatanganan"),
        _("Mis. Jakarta. Kosong: tempat penandatanganan PK yang berlaku."),
        multiline=False,
        max_length=200,
        when_empty=_("LKj memakai tempat penandatanganan Perjanjian Kinerja yang berlaku."),
    ),
    Chapter(
        "tanggal_penandatanganan",
        FRONT,
        _("Tanggal penandatanganan"),
        _("Ditulis seperti akan dicetak, mis. 15 Februari 2023; diisi saat pimpinan menandatangani."),
        multiline=False,
        max_length=100,
        when_empty=_("LKj mencetak titik-titik untuk tanggal yang diisi tangan."),
    ),
    Chapter("pendahuluan", BAB_I, _("A. Gambaran Umum Organisasi")),
    Chapter("tugas_fungsi", BAB_I, _("B. Tugas dan Fungsi")),
    Chapter("struktur", BAB_I, _("C. Struktur Organisasi")),
    Chapter("isu_strategis", BAB_I, _("D. Isu Strategis")),
    Chapter(
        "capaian_kinerja_lainnya",
        BAB_III,
        _("B. Capaian Kinerja Lainnya"),
        when_empty=_("LKj mencetak bahwa tidak ada capaian kinerja lain yang dilaporkan."),
    ),
    Chapter(
        "analisis_efisiensi",
        BAB_III,
        _("D. Analisis Efisiensi"),
        _("Dicetak setelah tabel dan kalimat efisiensi yang dihitung dari data anggaran."),
        when_empty=_("LKj hanya mencetak tabel dan kalimat efisiensi yang dihitung dari data."),
    ),
    Chapter(
        "penutup",
        BAB_IV,
        _("Penutup"),
        _("Dicetak setelah ringkasan capaian yang disusun dari data: simpulan dan langkah perbaikan."),
        when_empty=_("LKj hanya mencetak ringkasan capaian yang disusun dari data."),
    ),
)

BY_KEY: dict[str, Chapter] = {c.key: c for c in CHAPTERS}
KEYS: tuple[str, ...] = tuple(BY_KEY)
