"""Load the calls of fixtures/calls*.json (one file per scheme) and the agency's identity
of fixtures/agency.json, idempotently; with the demo, a stand-in call text for each call."""

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import translation

from trinno_portal.funding.models import (
    AgencyIdentity,
    Call,
    CallDocument,
    CallDocumentKind,
    Envelope,
)
from trinno_portal.lib.pdf import render_pdf
from trinno_portal.rna.services import aid_measure_set


def agency_identity_load() -> str:
    """The agency's identity, only while staff have not filled it in the admin."""
    data = json.loads(
        (Path(settings.BASE_DIR) / "fixtures" / "agency.json").read_text(encoding="utf-8")
    )
    if AgencyIdentity.objects.exists():
        return "kept"
    AgencyIdentity.objects.create(**data["agency"])
    return "loaded"


def calls_fixtures_load() -> int:
    return sum(
        calls_file_load(path)
        for path in sorted((Path(settings.BASE_DIR) / "fixtures").glob("calls*.json"))
    )


@transaction.atomic
def calls_file_load(path: Path) -> int:
    data = json.loads(path.read_text(encoding="utf-8"))
    for item in data["calls"]:
        envelopes = item.pop("envelopes")
        rna = item.pop("rna", None)
        item["open_on"] = dt.date.fromisoformat(item["open_on"])
        if item.get("close_on"):
            item["close_on"] = dt.date.fromisoformat(item["close_on"])
        item["total_budget"] = Decimal(item["total_budget"])
        call, _created = Call.objects.update_or_create(code=item.pop("code"), defaults=item)
        for env in envelopes:
            env["amount"] = Decimal(env["amount"])
            Envelope.objects.update_or_create(call=call, code=env.pop("code"), defaults=env)
        if rna:
            # The call's measure in the RNA (its CAR), which every concession needs.
            aid_measure_set(call=call, **rna)
    return len(data["calls"])


def call_documents_demo_load() -> str:
    """A generated PDF marked DEMO as the call text of each call that has no document yet.

    The fixtures cannot ship the calls' real texts and annexes (acts of the agency that
    staff upload in the admin): the demo shows where they appear, with a stand-in.
    """
    made = 0
    for call in Call.objects.filter(documents__isnull=True).order_by("pk"):
        with translation.override("it"):
            pdf = render_pdf("funding/pdf/demo_call_text.html", {"call": call})
        CallDocument.objects.create(
            call=call,
            kind=CallDocumentKind.CALL_TEXT,
            title="Testo del bando (DEMO)",
            title_en="Call text (DEMO)",
            file=ContentFile(pdf, name="bando.pdf"),
        )
        made += 1
    return f"{made} demo call texts"
