"""Bilingual fields of the portal's own data (a title and its English title).

Reference data that staff keep in both languages (calls, envelopes, catalogue services,
course themes, indicators, survey questions) has an Italian field and an `_en` field; a
page shows the one of the active language, falling back to Italian, the portal's
language of record, where the English one is empty.
"""

from django.utils.translation import get_language


def in_language(italian: str, english: str) -> str:
    """`english` on an English page when there is one, otherwise `italian`."""
    return english if english and get_language() == "en" else italian
