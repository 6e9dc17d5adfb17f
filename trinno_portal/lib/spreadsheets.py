"""Pure helpers for the CSV and XLSX files the portal writes."""

# A cell starting with one of these is a formula to Excel and LibreOffice: a company name
# like "=HYPERLINK(...)" would run when an official opens the export (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """Text that a spreadsheet would run as a formula, made plain text with a quote."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def unneutralise(value: object) -> object:
    """The text neutralise() wrote, read back (for files the portal imports again)."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_PREFIXES):
        return value[1:]
    return value
