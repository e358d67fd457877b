"""Help for every SAKIP term where it appears: one list of the terms (``TERMS``), shown

* in a page as ``{% term "Renstra" %}`` (``templatetags/glossary.py``): the word as written, in an
  ``<abbr>`` whose ``title`` is the meaning (a tooltip on hover, read by screen readers), linked to
  its entry on the glossary page, so that on a phone, without hover or JavaScript, a tap opens
  the explanation;
* on the glossary page ``/istilah/`` (``web:glossary``), every term with its meaning, in the
  user's language.

The meanings follow docs/glossary.md and ../shared/rules.md.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import Promise
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Term:
    term: str
    meaning: Promise | str

    @property
    def anchor(self) -> str:
        return "istilah-" + slugify(self.term)


TERMS: dict[str, Term] = {
    t.term: t
    for t in [
        Term(
            "SAKIP",
            _(
                "Sistem Akuntabilitas Kinerja Instansi Pemerintah: siklus perencanaan, pengukuran, pelaporan dan evaluasi kinerja (Perpres 29/2014)."
            ),
        ),
        Term(
            "Renstra",
            _(
                "Rencana Strategis: rencana lima tahun sebuah unit berisi visi, misi, tujuan, sasaran, indikator dan targetnya."
            ),
        ),
        Term(
            "Perjanjian Kinerja",
            _(
                "PK: janji kinerja tahunan yang ditandatangani pimpinan unit dan atasannya; targetnya yang diukur tahun itu."
            ),
        ),
        Term(
            "PK",
            _("Perjanjian Kinerja: janji kinerja tahunan yang ditandatangani pimpinan unit dan atasannya."),
        ),
        Term("Rencana Aksi", _("Target triwulanan (TW I–IV) setiap indikator Perjanjian Kinerja.")),
        Term("Realisasi", _("Nilai indikator yang terukur untuk suatu periode.")),
        Term(
            "Capaian",
            _(
                "Realisasi dibandingkan dengan target, dalam persen; untuk indikator yang makin kecil makin baik dihitung terbalik."
            ),
        ),
        Term(
            "Target berlaku",
            _(
                "Target yang dipakai mengukur capaian: dari PK yang terakhir ditandatangani, bila tidak ada dari Renstra."
            ),
        ),
        Term("Tanpa batas", _("Capaian sebelum dibatasi oleh batas atas indikator.")),
        Term("Predikat", _("Kategori capaian: Sangat Baik, Baik, Cukup, Kurang, Sangat Kurang.")),
        Term("n.a", _("Belum dapat dihitung: realisasi atau target belum ada; tidak ikut dirata-rata.")),
        Term("SS", _("Sasaran Strategis: sasaran tingkat kementerian.")),
        Term("SP", _("Sasaran Program: sasaran unit Eselon I.")),
        Term("SK", _("Sasaran Kegiatan: sasaran unit Eselon II.")),
        Term("IKU", _("Indikator Kinerja Utama.")),
        Term("IKSS", _("Indikator Kinerja Sasaran Strategis (tingkat kementerian).")),
        Term("IKP", _("Indikator Kinerja Program (Eselon I).")),
        Term("IKK", _("Indikator Kinerja Kegiatan (Eselon II).")),
        Term(
            "Pohon kinerja",
            _(
                "Hubungan sasaran: sasaran unit di bawah mendukung sasaran unit di atasnya, sampai Sasaran Strategis."
            ),
        ),
        Term("LKj", _("Laporan Kinerja: laporan tahunan capaian kinerja unit.")),
        Term("APIP", _("Aparat Pengawasan Intern Pemerintah (Inspektorat) yang mereviu LKj.")),
        Term("Pagu", _("Batas anggaran unit dalam setahun (pagu awal, pagu akhir setelah revisi).")),
        Term("TW", _("Triwulan: tiga bulan (TW I = Januari–Maret).")),
        Term("Bukti dukung", _("Dokumen pendukung sebuah realisasi.")),
    ]
}


def term(word: str) -> Term | None:
    return TERMS.get(word)


@login_required
def glossary_page(request: HttpRequest) -> HttpResponse:
    return render(
        request, "web/glossary.html", {"terms": sorted(TERMS.values(), key=lambda t: t.term.lower())}
    )
