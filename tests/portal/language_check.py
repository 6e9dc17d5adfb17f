"""What a page shows that belongs to the other language, or is a raw code.

Used by the crawl (tests/portal/test_language_crawl.py). Three signs, each cheap and
without a dictionary:
- a sentence of the catalogue left in the wrong language: an English msgid on an
  Italian page, an Italian msgstr on an English page (both at least two words);
- words that only one of the two languages has (the, with / della, che);
- a choice's stored value shown instead of its label, or a transition's "a -> b".
Text that people typed (names, summaries) is in their language and is taken out first;
of the fields kept in both languages (title and title_en), the one of the page's
language is taken out, so that the other one shown by mistake is caught.
"""

import re
from functools import cache
from pathlib import Path

import lxml.html
from django.apps import apps
from django.db import models

LOCALE = Path(__file__).resolve().parents[2] / "locale"
PROJECT_APPS = (
    "accounts",
    "funding",
    "audits",
    "catalogue",
    "vouchers",
    "monitoring",
    "privacy",
    "procedure",
    "rna",
    "pec",
    "payments",
    "outreach",
    "outbox",
    "pages",
)

ONLY_ENGLISH = {
    "the",
    "and",
    "of",
    "with",
    "your",
    "is",
    "are",
    "this",
    "from",
    "has",
    "have",
    "will",
    "must",
    "which",
    "been",
    "yes",
    "submitted",
    "draft",
    "approved",
    "rejected",
    "eligible",
    "withdrawn",
    "position",
    "envelope",
    "quote",
    "by",
}
ONLY_ITALIAN = {
    "il",
    "della",
    "delle",
    "dei",
    "degli",
    "del",
    "che",
    "con",
    "una",
    "sono",
    "alla",
    "nella",
    "nel",
    "gli",
    "domanda",
    "domande",
    "impresa",
    "imprese",
    "bando",
    "bozza",
    "inviata",
    "ammissibile",
    "anche",
    "oppure",
}
# Names that stay Italian in English (the law's and the registers' own words).
NAMES = [
    "Arezzo Innovazione",
    "Regione Toscana",
    "Camera di Commercio",
    "Partita IVA",
    "codice fiscale",
    "Codice fiscale",
    "P.IVA",
    "gestione separata",
    "ditta individuale",
    "società cooperativa",
    "Agenzia per l'Italia Digitale",
    "Gazzetta Ufficiale",
    "Posta Elettronica Certificata",
    "marca da bollo",
    "Italiano",
    "Audit tecnologico",
    "Codice identificativo della misura",  # the RNA's name for the CAR
    "Via ",
    "srl",
    "società",
]


def _po_entries(language: str) -> list[tuple[str, str]]:
    text = (LOCALE / language / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    entries = []
    for block in text.split("\n\n"):
        if "\nmsgstr" not in block and not block.startswith("msgid"):
            continue
        head, _sep, tail = block.partition("\nmsgstr")
        if "msgid" not in head:
            continue
        msgid = "".join(re.findall(r'"(.*)"', head.split("msgid", 1)[1]))
        msgstr = "".join(re.findall(r'"(.*)"', tail))
        if msgid and msgstr:
            entries.append((msgid.replace('\\"', '"'), msgstr.replace('\\"', '"')))
    return entries


def _sentences(texts: set[str]) -> set[str]:
    # Only whole words of two or more, without placeholders: a fragment of a sentence
    # that the other language writes the same way is not a sign.
    return {
        t for t in texts if len(t.split()) >= 2 and "%" not in t and "{" not in t and "<" not in t
    }


@cache
def wrong_language_sentences(language: str) -> frozenset[str]:
    entries = _po_entries("it")
    same = {msgid for msgid, msgstr in entries if msgid == msgstr}
    english = {msgid for msgid, _ in entries} - same
    italian = {msgstr for msgid, msgstr in entries} - same
    if language == "it":
        return frozenset(_sentences(english - italian))
    return frozenset(_sentences(italian - english))


@cache
def page_words(language: str) -> frozenset[str]:
    """Every text the catalogue gives the language: a code that is also one is a word."""
    entries = _po_entries("it")
    return frozenset(msgstr if language == "it" else msgid for msgid, msgstr in entries)


def visible_text(html: str) -> str:
    tree = lxml.html.fromstring(html)
    for node in tree.xpath(
        "//script|//style|//template|//*[@lang and @lang!='it' and "
        "@lang!='en']|//*[@translate='no']|//*[@hidden]"
    ):
        node.drop_tree()
    # The language switch names the other language in its own words.
    for node in tree.xpath("//*[@lang]"):
        if node.tag != "html":
            node.drop_tree()
    # Field values are checked where they are written; code (<code>) is no language.
    for node in tree.xpath("//input|//textarea|//select|//code|//kbd|//samp"):
        node.drop_tree()
    return "\n".join(t.strip() for t in tree.itertext() if t.strip())


def typed_strings(language: str | None) -> set[str]:
    """What people and fixtures typed in the database, minus the other language's copy of
    bilingual fields (None: both copies, for the admin, which edits both side by side)."""
    found: set[str] = set()
    for model in apps.get_models():
        if model._meta.app_label not in PROJECT_APPS and model._meta.app_label != "funding":
            continue
        names = {f.name for f in model._meta.concrete_fields}
        fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, (models.CharField, models.TextField)) and not f.choices
        ]
        keep = []
        for name in fields:
            if language == "en" and f"{name}_en" in names:
                continue  # the Italian copy must not show on an English page
            if language == "it" and name.endswith("_en"):
                continue
            keep.append(name)
        if not keep:
            continue
        for row in model.objects.values_list(*keep)[:500]:
            found.update(v.strip() for v in row if isinstance(v, str) and len(v) > 2)
    return found


@cache
def raw_choice_values() -> dict[str, str]:
    """{stored value: choices class} for values that are codes, not words of a page."""
    values = {}
    for model in apps.get_models():
        for field in model._meta.get_fields():
            for value, label in getattr(field, "flatchoices", None) or []:
                if isinstance(value, str) and re.fullmatch(r"[a-z][a-z0-9_]+", value):
                    if str(label).lower() != value:
                        values[value] = f"{model.__name__}.{field.name}"
    return values


def _without_typed(line: str, typed: set[str]) -> str:
    # The admin's <title> and breadcrumbs join a record's name (typed: a file's name, a
    # company's) to the page's words with " | " and "›": each part is its own element.
    parts = [part.strip().removeprefix("›").strip() for part in line.split(" | ")]
    return " | ".join(part for part in parts if part not in typed)


def problems(html: str, language: str, typed: set[str]) -> list[str]:
    text = visible_text(html)
    # Typed text fills its own element (a cell, a paragraph): whole lines only, so that a
    # short value never cuts a word of the page.
    text = "\n".join(_without_typed(line, typed) for line in text.split("\n"))
    for name in NAMES:
        text = text.replace(name, " ")
    found = []
    for sentence in wrong_language_sentences(language):
        if re.search(rf"(?<!\w){re.escape(sentence)}(?!\w)", text):
            found.append(f"sentence of the other language: {sentence!r}")
    words = set(re.findall(r"[a-zàèéìòù]+", text.lower()))
    other = ONLY_ENGLISH if language == "it" else ONLY_ITALIAN
    for word in sorted(words & other):
        at = re.search(rf"(?<![a-zàèéìòù]){word}(?![a-zàèéìòù])", text.lower())
        where = text[max(0, at.start() - 50) : at.end() + 50] if at else ""
        found.append(f"word of the other language {word!r} in {where!r}")
    lines = set(text.split("\n"))
    words_of_page = page_words(language)
    for value, where in raw_choice_values().items():
        if value in lines and value not in words_of_page:
            found.append(f"raw value {value!r} of {where}")
    for line in lines:
        if language == "it" and re.search(r"\b\d{4}-\d{2}-\d{2}\b", line):
            found.append(f"ISO date in an Italian text: {line[:100]!r}")
        if re.search(r"(?<![\d.,])\d{4,}[.,]\d{2}(?!\d)", line):
            found.append(f"amount without its thousands separator: {line[:100]!r}")
        if re.search(r"\w\s*->\s*\w", line) or re.search(r"\b[a-z_]+: (ok|ko)\b", line):
            found.append(f"raw code: {line[:100]!r}")
    return found
