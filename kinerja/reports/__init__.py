"""Official documents generated from the data: Laporan Kinerja, Perjanjian Kinerja, Renstra matrix."""
