"""Writes of a draft that every scheme with a wizard makes alike: the draft started once
per enterprise and call, a step's fields saved under the draft's version and marked done,
the de minimis declaration. A scheme's services call them with its own detail row (the
one-to-one of Scheme.detail_model) and keep what is the scheme's own."""

from collections.abc import Callable, Sequence
from typing import Any

from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trinno_portal.accounts.models import Enterprise, User
from trinno_portal.funding.deminimis import DeclaredAid, de_minimis_declarations_replace
from trinno_portal.funding.models import Application, Call
from trinno_portal.funding.services import FundingError, application_touch
from trinno_portal.funding.workflow import Status


def draft_start(
    *,
    call: Call,
    enterprise: Enterprise,
    user: User,
    scheme: str,
    detail: Callable[[Application], models.Model],
) -> Application:
    """The enterprise's draft for the call: the existing one, or a new one with the
    scheme's detail row, `detail(application)`, made in the same transaction (a refusal
    raised there leaves no draft)."""
    if not call.is_open_on(timezone.localdate()):
        raise FundingError(_("This call is not open."))
    existing = Application.objects.filter(
        call=call, enterprise=enterprise, status=Status.DRAFT
    ).first()
    if existing:
        return existing
    try:
        with transaction.atomic():
            application = Application.objects.create(
                call=call, scheme=scheme, enterprise=enterprise, created_by=user
            )
            detail(application)
            return application
    except IntegrityError:
        # A second click created it a moment ago (one draft per enterprise and call).
        return Application.objects.get(call=call, enterprise=enterprise, status=Status.DRAFT)


def draft_step_complete(detail: models.Model, step: str) -> None:
    """Mark `step` done on the detail row (the caller saves it)."""
    if step not in detail.completed_steps:
        detail.completed_steps = [*detail.completed_steps, step]


@transaction.atomic
def draft_step_save(
    *, application: Application, version: int, detail: models.Model, step: str, **fields: Any
) -> None:
    """A step whose form sets fields of the detail row: saved under the draft's version
    and marked done."""
    application_touch(application=application, version=version)
    for name, value in fields.items():
        setattr(detail, name, value)
    draft_step_complete(detail, step)
    detail.save()


@transaction.atomic
def draft_de_minimis_replace(
    *,
    application: Application,
    version: int,
    detail: models.Model,
    declared: bool,
    aid: Sequence[DeclaredAid],
) -> None:
    """Replace the de minimis aid declared with this application (the shared ledger);
    the detail row keeps whether it was declared."""
    application_touch(application=application, version=version)
    de_minimis_declarations_replace(application=application, aid=aid)
    detail.de_minimis_declared = declared
    draft_step_complete(detail, "de_minimis")
    detail.save()
