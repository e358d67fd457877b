"""Spreadsheet round-trip: an XLSX template per unit-year (Renstra targets, Rencana Aksi,
realisations) to fill in offline, and its upload, checked as a whole and saved all or nothing."""
