"""Data linter: problems in the data to fix before a report is made."""
