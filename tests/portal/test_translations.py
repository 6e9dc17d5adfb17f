"""The Italian and English catalogues are complete, and compiled from their sources."""

import re
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parents[2] / "locale"


def _entries(po: Path) -> list[tuple[str, str, bool]]:
    text = po.read_text(encoding="utf-8")
    entries = []
    for block in text.split("\n\n"):
        fuzzy = "#, fuzzy" in block
        msgid = "".join(re.findall(r'^(?:msgid )?"(.*)"$', block.split("msgstr")[0], re.M))
        parts = block.split("msgstr", 1)
        msgstr = "".join(re.findall(r'"(.*)"', parts[1])) if len(parts) > 1 else ""
        if "msgid" in block:
            entries.append((msgid, msgstr, fuzzy))
    return entries


@pytest.mark.parametrize("language", ["it", "en"])
def test_it_translates_every_string(language):
    po = LOCALE / language / "LC_MESSAGES" / "django.po"
    entries = [e for e in _entries(po) if e[0]]
    assert len(entries) > 20
    untranslated = [msgid for msgid, msgstr, _ in entries if not msgstr]
    fuzzy = [msgid for msgid, _, is_fuzzy in entries if is_fuzzy]
    assert untranslated == []
    assert fuzzy == []


@pytest.mark.parametrize("language", ["it", "en"])
def test_it_ships_compiled_catalogues_newer_than_their_sources(language):
    po = LOCALE / language / "LC_MESSAGES" / "django.po"
    mo = po.with_suffix(".mo")
    assert mo.exists(), "run `make messages`"
    assert mo.stat().st_mtime >= po.stat().st_mtime, "run `make messages`"
