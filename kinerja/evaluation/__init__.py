"""Reviu dan evaluasi: the inspectorate's (APIP) reviu of a unit-year's Laporan Kinerja."""
