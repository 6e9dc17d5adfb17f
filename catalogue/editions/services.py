"""Writes on the catalogue. Every change goes through these functions: the admin, the
importer and the fixture loader call them, and they refuse to change an edition that is
not a draft (a published or superseded edition is the text of a regional act)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from catalogue.editions.models import ActType, Edition, EditionState, Service
from catalogue.editions.rules import (
    RECORD_FIELDS,
    code_sort_key,
    duplicate_codes,
    publication_problems,
    service_record_clean,
)
from trinno_portal.lib.cache import cache_version_bump

EDITION_EDITABLE_FIELDS = (
    "number",
    "title",
    "title_en",
    "act_type",
    "act_number",
    "act_date",
    "valid_from",
    "notes",
    "illustrative",
    "source",
)
FIXTURE_FILE = Path(settings.BASE_DIR) / "fixtures" / "catalogue.json"
# The version of the public pages' cache (catalogue/views.py). Only a publication changes
# what an anonymous visitor sees: drafts are shown to staff alone, who are never served
# from the cache, and published editions are never changed in place.
PUBLIC_PAGES_CACHE = "catalogue:public"


class EditionLocked(ValidationError):
    """A published or superseded edition is never changed in place."""


def _locked_draft(edition: Edition) -> Edition:
    """The edition re-read under a row lock, if it is still a draft.

    Re-reading matters: the object in hand may be stale, and another officer may have
    published the draft a moment ago.
    """
    fresh = Edition.objects.select_for_update().get(pk=edition.pk)
    if fresh.state != EditionState.DRAFT:
        raise EditionLocked(
            _(
                "Edition %(number)s is %(state)s and cannot be changed: draft a new "
                "edition from it and change that."
            )
            % {"number": fresh.number, "state": fresh.get_state_display().lower()}
        )
    return fresh


def _record_valid(raw: Mapping[str, object]) -> dict[str, object]:
    record, errors = service_record_clean(raw)
    if errors:
        raise ValidationError(errors)
    return record


def _service_from_record(edition: Edition, record: Mapping[str, object]) -> Service:
    values = {field: record[field] for field in RECORD_FIELDS}
    return Service(edition=edition, sort_key=code_sort_key(values["code"]), **values)


def edition_create(
    *,
    number: int | None = None,
    title: str,
    title_en: str,
    act_type: str = ActType.DECREE,
    act_number: str = "",
    act_date: dt.date | None = None,
    valid_from: dt.date | None = None,
    notes: str = "",
    illustrative: bool = False,
    source: str = "",
) -> Edition:
    """A new, empty draft edition (numbered after the last one unless told)."""
    if number is None:
        number = (Edition.objects.aggregate(n=Max("number"))["n"] or 0) + 1
    if Edition.objects.filter(number=number).exists():
        raise ValidationError(
            _("An edition numbered %(number)s already exists.") % {"number": number}
        )
    return Edition.objects.create(
        number=number,
        title=title,
        title_en=title_en,
        act_type=act_type,
        act_number=act_number,
        act_date=act_date,
        valid_from=valid_from,
        notes=notes,
        illustrative=illustrative,
        source=source,
    )


@transaction.atomic
def edition_update(*, edition: Edition, **changes: object) -> Edition:
    """Change a draft edition's own data (title, act, validity...)."""
    draft = _locked_draft(edition)
    unknown = set(changes) - set(EDITION_EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable on an edition: {sorted(unknown)}")
    if "number" in changes and changes["number"] != draft.number:
        if Edition.objects.filter(number=changes["number"]).exists():
            raise ValidationError(
                _("An edition numbered %(number)s already exists.") % {"number": changes["number"]}
            )
    for name, value in changes.items():
        setattr(draft, name, value)
    draft.save()
    return draft


@transaction.atomic
def edition_delete(*, edition: Edition) -> None:
    """Throw a draft away (a published edition stays for ever: calls point at it)."""
    _locked_draft(edition).delete()


@transaction.atomic
def edition_draft_from(
    *,
    edition: Edition,
    number: int | None = None,
    title: str | None = None,
    title_en: str | None = None,
) -> Edition:
    """A new draft edition that copies `edition` and all its services."""
    draft = edition_create(
        number=number,
        title=title or _("Draft from edition %(number)s") % {"number": edition.number},
        title_en=title_en or f"Draft from edition {edition.number}",
        act_type=edition.act_type,
        illustrative=edition.illustrative,
        source=edition.source,
    )
    draft.based_on = edition
    draft.save(update_fields=["based_on"])
    records = edition.services.values(*RECORD_FIELDS)
    Service.objects.bulk_create(_service_from_record(draft, record) for record in records)
    return draft


@transaction.atomic
def edition_import(
    *,
    records: Iterable[Mapping[str, object]],
    number: int | None = None,
    title: str,
    title_en: str,
    **edition_fields: object,
) -> Edition:
    """A new draft edition holding the imported service records, all or nothing."""
    cleaned = [_record_valid(raw) for raw in records]
    dupes = duplicate_codes(r["code"] for r in cleaned)
    if dupes:
        raise ValidationError(
            _("These codes appear more than once: %(codes)s.") % {"codes": ", ".join(sorted(dupes))}
        )
    draft = edition_create(number=number, title=title, title_en=title_en, **edition_fields)
    Service.objects.bulk_create(_service_from_record(draft, record) for record in cleaned)
    return draft


def edition_publish(
    *,
    edition: Edition,
    act_type: str | None = None,
    act_number: str | None = None,
    act_date: dt.date | None = None,
    valid_from: dt.date | None = None,
) -> Edition:
    """Publish a draft: it becomes the edition in force from `valid_from`, and the edition
    published before it is superseded (valid until the day before), in one transaction."""
    try:
        with transaction.atomic():
            draft = _locked_draft(edition)
            for name, value in (
                ("act_type", act_type),
                ("act_number", act_number),
                ("act_date", act_date),
                ("valid_from", valid_from),
            ):
                if value is not None:
                    setattr(draft, name, value)
            current = Edition.objects.select_for_update().filter(state=EditionState.PUBLISHED)
            current = current.first()
            problems = publication_problems(
                act_number=draft.act_number,
                act_date=draft.act_date,
                valid_from=draft.valid_from,
                service_count=draft.services.count(),
                previous_valid_from=current.valid_from if current else None,
            )
            if problems:
                raise ValidationError(problems)
            if current is not None:
                # Supersede first: the database allows one published edition at a time.
                current.state = EditionState.SUPERSEDED
                day_before = draft.valid_from - dt.timedelta(days=1)
                if current.valid_until is None or current.valid_until > day_before:
                    current.valid_until = day_before
                current.save(update_fields=["state", "valid_until", "updated_at"])
            draft.state = EditionState.PUBLISHED
            draft.published_at = timezone.now()
            draft.save()
            # After the commit, not before: a visitor's page rendered in between would
            # read the old edition and be cached under the new version.
            transaction.on_commit(lambda: cache_version_bump(PUBLIC_PAGES_CACHE))
    except IntegrityError as exc:
        # Two officers published two drafts at the same moment; the constraint kept one.
        raise ValidationError(
            _("Another edition was published at the same moment: reload and try again.")
        ) from exc
    return draft


@transaction.atomic
def service_create(*, edition: Edition, **record: object) -> Service:
    """Add a service to a draft edition."""
    draft = _locked_draft(edition)
    cleaned = _record_valid(record)
    if draft.services.filter(code=cleaned["code"]).exists():
        raise ValidationError(
            _("Edition %(number)s already has a service %(code)s.")
            % {"number": draft.number, "code": cleaned["code"]}
        )
    service = _service_from_record(draft, cleaned)
    service.save()
    return service


@transaction.atomic
def service_update(*, service: Service, **changes: object) -> Service:
    """Change a service of a draft edition; refused on published or superseded editions."""
    _locked_draft(service.edition)
    unknown = set(changes) - set(RECORD_FIELDS)
    if unknown:
        raise ValueError(f"not a service field: {sorted(unknown)}")
    current = {field: getattr(service, field) for field in RECORD_FIELDS}
    if "code" in changes and "area" not in changes:
        current["area"] = ""  # a new code brings its own area (its first letter)
    cleaned = _record_valid({**current, **changes})
    if (
        cleaned["code"] != service.code
        and Service.objects.filter(edition_id=service.edition_id, code=cleaned["code"]).exists()
    ):
        raise ValidationError(
            _("Edition %(number)s already has a service %(code)s.")
            % {"number": service.edition.number, "code": cleaned["code"]}
        )
    for field in RECORD_FIELDS:
        setattr(service, field, cleaned[field])
    service.sort_key = code_sort_key(service.code)
    service.save()
    return service


@transaction.atomic
def service_delete(*, service: Service) -> None:
    """Remove a service from a draft edition."""
    _locked_draft(service.edition)
    service.delete()


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def catalogue_fixtures_load(path: Path = FIXTURE_FILE) -> str:
    """Load the editions of fixtures/catalogue.json that are not in the database yet.

    Idempotent: an edition whose number exists is left alone, so staff changes to a
    draft survive a reload. A later edition lists only its changes from the one it is
    drafted from (`based_on`), which is how Activity 1 reads: remove, change, add.
    """
    data = json.loads(path.read_text(encoding="utf-8"))
    created = []
    for spec in data["editions"]:
        if Edition.objects.filter(number=spec["number"]).exists():
            continue
        with transaction.atomic():
            meta = {
                "title": spec["title"],
                "title_en": spec["title_en"],
                "act_type": spec.get("act_type", ActType.DECREE),
                "act_number": spec.get("act_number", ""),
                "act_date": _date(spec.get("act_date")),
                "valid_from": _date(spec.get("valid_from")),
                "notes": spec.get("notes", ""),
                "illustrative": spec.get("illustrative", False),
                "source": spec.get("source", ""),
            }
            if "based_on" in spec:
                base = Edition.objects.get(number=spec["based_on"])
                edition = edition_draft_from(edition=base, number=spec["number"])
                edition = edition_update(edition=edition, **meta)
                changes = spec.get("changes", {})
                for code in changes.get("remove", []):
                    service_delete(service=edition.services.get(code=code))
                for code, fields in changes.get("update", {}).items():
                    service_update(service=edition.services.get(code=code), **fields)
                for record in changes.get("add", []):
                    service_create(edition=edition, **record)
            else:
                edition = edition_import(records=spec["services"], number=spec["number"], **meta)
            if spec.get("state") == EditionState.PUBLISHED:
                edition_publish(edition=edition)
        created.append(str(spec["number"]))
    return f"{len(data['editions'])} editions, new: {', '.join(created) or 'none'}"
