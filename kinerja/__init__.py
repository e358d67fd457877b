"""Kinerja: an open SAKIP system (Renstra, Perjanjian Kinerja, measurement, budget, Laporan Kinerja)."""

__version__ = "0.1.0"
