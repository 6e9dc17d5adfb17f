"""Writes of the RNA: a grant registered before its concession (with the single
undertaking's de minimis checked), the concession confirmed within 20 days, variations
and revocations. Callers: funding.approval (the approve transition, wherever it is asked
from), the Celery task, the admin actions, tests."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trinno_portal.accounts.models import Enterprise
from trinno_portal.funding.models import Application, Call, DeMinimisEntry, LedgerSource
from trinno_portal.funding.services import FundingError
from trinno_portal.pec.services import pec_notice_queue_kind
from trinno_portal.rna import rules, selectors
from trinno_portal.rna.client import (
    KO,
    OK,
    AidRegistration,
    AidVariation,
    ConcessionConfirmation,
    RnaAnswer,
    rna_client,
)
from trinno_portal.rna.models import (
    AidEvent,
    AidGrant,
    AidMeasure,
    ConfirmationStatus,
    EventKind,
    SelectionMethod,
)


class RnaRefused(FundingError):
    """The concession cannot go ahead: the message says why, in the user's language."""


def aid_measure_set(
    *,
    call: Call,
    car: str,
    office: str,
    responsible_officer: str,
    selection_method: str = SelectionMethod.RANKING,
    de_minimis: bool = True,
) -> AidMeasure:
    measure, _created = AidMeasure.objects.update_or_create(
        call=call,
        defaults={
            "car": car,
            "office": office,
            "responsible_officer": responsible_officer,
            "selection_method": selection_method,
            "de_minimis": de_minimis,
        },
    )
    return measure


def _event(grant: AidGrant, kind: str, answer: RnaAnswer, **fields) -> AidEvent:
    return AidEvent.objects.create(
        grant=grant,
        kind=kind,
        at=timezone.now(),
        outcome=answer.outcome,
        code=answer.code,
        errors=answer.errors,
        upload_file=answer.upload_file,
        **fields,
    )


def _de_minimis_check(application: Application, grant: Decimal, on: dt.date) -> None:
    ids = selectors.single_undertaking_ids(application.enterprise)
    # Locked in the order of their keys: two concessions to enterprises of the same
    # single undertaking are checked one after the other, never both against the
    # ledger as it was before either (and never in a deadlock).
    list(Enterprise.objects.select_for_update().filter(pk__in=ids).order_by("pk").values("pk"))
    aid = rules.single_undertaking_aid(selectors.ledger_lines(ids), excluding=application.pk)
    outcome = rules.concession_de_minimis(aid, grant, on)
    if not outcome.passed:
        raise RnaRefused(
            _(
                "The concession would exceed the de minimis ceiling of the single "
                "undertaking: %(why)s"
            )
            % {"why": outcome.message}
        )


@transaction.atomic
def grant_register(
    *, application: Application, granted_on: dt.date | None = None
) -> AidGrant | None:
    """Check the single undertaking's de minimis and register the grant in the RNA,
    inside the approving transaction: a refusal rolls the whole approval back.

    Only enterprises receive state aid; a person's voucher is not registered."""
    if not application.enterprise_id:
        return None
    measure = AidMeasure.objects.filter(call_id=application.call_id).first()
    if measure is None:
        raise RnaRefused(
            _("The call has no CAR: register the measure in the RNA and enter its CAR first.")
        )
    on = granted_on or timezone.localdate()
    amount = application.grant_amount
    if measure.de_minimis:
        _de_minimis_check(application, amount, on)
    enterprise = application.enterprise
    answer = rna_client().register(
        AidRegistration(
            car=measure.car,
            grant_reference=application.protocol_number or str(application.pk),
            beneficiary_tax_code=enterprise.tax_code,
            beneficiary_name=enterprise.legal_name,
            beneficiary_size=enterprise.size_class,
            project_title=application.call.title,
            cup=application.cup,
            amount=amount,
            granted_on=on,
            regulation="2023/2831" if measure.de_minimis else "",
        )
    )
    if answer.outcome == KO:
        raise RnaRefused(
            _("The RNA refused the registration of the grant: %(errors)s")
            % {"errors": "; ".join(answer.errors)}
        )
    grant = AidGrant.objects.create(
        application=application,
        car=measure.car,
        cor=answer.code,
        beneficiary_tax_code=enterprise.tax_code,
        amount=amount,
        registered_at=timezone.now(),
        granted_on=on,
        confirm_by=rules.confirmation_due(on),
    )
    _event(grant, EventKind.REGISTRATION, answer, amount=amount)
    if grant.cor:
        DeMinimisEntry.objects.filter(application=application, source=LedgerSource.PORTAL).update(
            cor_code=grant.cor
        )
    return grant


@transaction.atomic
def grant_cor_set(*, grant: AidGrant, cor: str) -> AidGrant:
    """The COR from the RNA's result file (the upload-file client), entered by staff: on
    the grant and on its line of the de minimis ledger."""
    cor = cor.strip()
    AidGrant.objects.filter(pk=grant.pk).update(cor=cor)
    DeMinimisEntry.objects.filter(application_id=grant.pk, source=LedgerSource.PORTAL).update(
        cor_code=cor
    )
    grant.cor = cor
    return grant


def grant_confirm(*, grant: AidGrant) -> bool:
    """Send the confirmation of one concession; True if the RNA has it. A grant whose
    COR has not come back cannot be confirmed yet: it is only flagged when late."""
    today = timezone.localdate()
    late = today > grant.confirm_by
    if not grant.cor:
        if late and not grant.late:
            AidGrant.objects.filter(pk=grant.pk).update(late=True)
        return False
    answer = rna_client().confirm(
        ConcessionConfirmation(
            cor=grant.cor,
            granted_on=grant.granted_on,
            act=grant.application.protocol_number,
        )
    )
    status = {
        OK: ConfirmationStatus.CONFIRMED,
        KO: ConfirmationStatus.REFUSED,
    }.get(answer.outcome, ConfirmationStatus.CONFIRMED)
    with transaction.atomic():
        # Claimed with a guarded UPDATE: of two workers, one records the confirmation.
        claimed = AidGrant.objects.filter(
            pk=grant.pk, confirmation=ConfirmationStatus.PENDING
        ).update(confirmation=status, confirmed_at=timezone.now(), late=late)
        if claimed:
            _event(grant, EventKind.CONFIRMATION, answer)
    return bool(claimed) and status == ConfirmationStatus.CONFIRMED


def confirmations_send() -> dict[str, int]:
    """Every pending confirmation (the daily beat job): sent, or flagged late."""
    counts = {"confirmed": 0, "waiting": 0}
    pending = AidGrant.objects.filter(confirmation=ConfirmationStatus.PENDING).select_related(
        "application"
    )
    for grant in pending.iterator(chunk_size=200):
        counts["confirmed" if grant_confirm(grant=grant) else "waiting"] += 1
    counts["late"] = AidGrant.objects.filter(
        confirmation=ConfirmationStatus.PENDING, late=True
    ).count()
    return counts


@transaction.atomic
def grant_vary(
    *, application: Application, new_amount: Decimal, reason: str, on: dt.date | None = None
) -> AidEvent:
    """Record a change of the amount granted (the final grant lower than the grant)."""
    return _variation(application, new_amount, reason, on, revocation=False)


def grant_final_amount_record(*, application: Application, amount: Decimal) -> AidEvent | None:
    """The final grant, where it is lower than the grant registered, as a variation
    (DM 115/2017, art. 9(6)); nothing for a grant not registered (a person's voucher, a
    grant conceded before the register was wired in) or whose COR has not come back."""
    grant = AidGrant.objects.filter(application=application).first()
    if grant is None or not grant.cor or grant.revoked_on or amount >= grant.amount:
        return None
    return grant_vary(
        application=application,
        new_amount=amount,
        reason=_("Final grant recomputed on the eligible costs paid"),
    )


@transaction.atomic
def grant_revoke(*, application: Application, reason: str, on: dt.date | None = None) -> AidEvent:
    """Record the revocation of the grant: the aid becomes zero in the Register and in
    the de minimis ledger, so it no longer counts toward the ceiling."""
    return _variation(application, Decimal("0.00"), reason, on, revocation=True)


def _variation(
    application: Application,
    new_amount: Decimal,
    reason: str,
    on: dt.date | None,
    *,
    revocation: bool,
) -> AidEvent:
    grant = AidGrant.objects.select_for_update().filter(application=application).first()
    if grant is None or not grant.cor:
        raise RnaRefused(_("This grant has no COR in the RNA: nothing to vary."))
    if grant.revoked_on:
        raise RnaRefused(_("This grant was already revoked."))
    if new_amount < 0 or new_amount > grant.amount:
        raise RnaRefused(_("The new amount must be between zero and the amount granted."))
    if not reason.strip():
        raise RnaRefused(_("Give the reason of the variation."))
    day = on or timezone.localdate()
    answer = rna_client().vary(
        AidVariation(
            cor=grant.cor, new_amount=new_amount, on=day, reason=reason, revocation=revocation
        )
    )
    if answer.outcome == KO:
        raise RnaRefused(
            _("The RNA refused the variation: %(errors)s") % {"errors": "; ".join(answer.errors)}
        )
    if revocation:
        AidGrant.objects.filter(pk=grant.pk).update(revoked_on=day)
        pec_notice_queue_kind(
            application=application, kind="revocation", context={"reason": reason}
        )
    DeMinimisEntry.objects.filter(application=application, source=LedgerSource.PORTAL).update(
        amount=new_amount
    )
    return _event(
        grant,
        EventKind.REVOCATION if revocation else EventKind.VARIATION,
        answer,
        amount=new_amount,
        reason=reason,
    )
