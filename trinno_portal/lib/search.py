"""Search words as the catalogue's texts hold them: a visitor types "brevetto" and the
service says "brevetti", types "gestionale" and it says "software gestionali".

Each word of a query stands for itself and its Snowball stems in Italian and English
(the stemmers PostgreSQL's full-text search uses too, docs/decisions/0028-search-stems.md),
so that a substring search on SQLite finds what PostgreSQL's stemmed search finds.
"""

import re
from functools import cache

import snowballstemmer

# Shorter stems match too much ("ai" in every word): below this length the word alone.
MIN_STEM_LENGTH = 4
MAX_WORDS = 8
# Words are split at anything but letters, digits and the dot of a service code ("A.1.2"):
# "sicurezza-informatica" is two words.
_SEPARATORS = re.compile(r"[^\w.]+")


@cache
def _stemmer(language: str):
    return snowballstemmer.stemmer(language)


def word_forms(word: str) -> tuple[str, ...]:
    """The word in lower case and its Italian and English stems, shortest first, each
    kept only when it is not already contained in a shorter one."""
    word = word.lower()
    forms = {word}
    for language in ("italian", "english"):
        stem = _stemmer(language).stemWord(word)
        if len(stem) >= MIN_STEM_LENGTH:
            forms.add(stem)
    kept: list[str] = []
    for form in sorted(forms, key=len):
        if not any(shorter in form for shorter in kept):
            kept.append(form)
    return tuple(kept)


def query_forms(query: str) -> list[tuple[str, ...]]:
    """Each word of the query (at most MAX_WORDS) with its forms: a text matches the
    query when, for every word, it contains one of its forms."""
    words = [word.strip(".") for word in _SEPARATORS.split(query)]
    return [word_forms(word) for word in words if word][:MAX_WORDS]
