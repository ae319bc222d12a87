"""Text for CSV files that people open in a spreadsheet."""

from __future__ import annotations

# A cell starting with one of these is run as a formula by Excel, LibreOffice and Google
# Sheets (OWASP "CSV injection"); tab and carriage return can hide such a start.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(value: str) -> str:
    """``value`` shown as the text it is: a formula-like start gets a leading quote."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value
