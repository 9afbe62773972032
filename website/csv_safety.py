"""Spreadsheet formula injection (wagtail#3466), defused in every CSV the admin exports."""

# A cell that starts with one of these is run as a formula by Excel, LibreOffice and Sheets.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """The value as text; one that a spreadsheet would read as a formula is quoted with a leading '."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text
