"""The outreach's part of indicator 1 (enterprises receiving financial or non-financial
support): participation in an event (checked in) and advice taken in charge, in the period.

monitoring.selectors.enterprise_measures joins these to the approved applications and
the self-assessments in its one query (decision 0010): an enterprise with a profile counts
once whatever the sources (grouped by enterprise); one known only by its Partita IVA (no
profile, none with that number since) counts once by that number, by the province it gave.
Start-ups are profiles: those without one are never counted as start-ups."""

import datetime as dt

from django.db.models import Exists, F, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from trinno_portal.accounts.models import Enterprise

from .models import Advice, AttendeeKind, Registration, RegistrationStatus


def attended(lower: dt.datetime, upper: dt.datetime) -> QuerySet[Registration]:
    """Enterprise participants present at an event in [lower, upper)."""
    return Registration.objects.filter(
        kind=AttendeeKind.ENTERPRISE,
        status=RegistrationStatus.CONFIRMED,
        checked_in_at__gte=lower,
        checked_in_at__lt=upper,
    ).order_by()


def advised(lower: dt.datetime, upper: dt.datetime) -> QuerySet[Advice]:
    return (
        Advice.objects.filter(opened_at__gte=lower, opened_at__lt=upper)
        .exclude(vat_number="")
        .order_by()
        | Advice.objects.filter(
            opened_at__gte=lower, opened_at__lt=upper, enterprise__isnull=False
        ).order_by()
    )


def profiled(rows: QuerySet) -> QuerySet:
    """Rows of an enterprise with a profile, as `profile`: the one linked, or the one that
    has the Partita IVA now (created after the registration or the contact)."""
    by_vat = Enterprise.objects.filter(vat_number=OuterRef("vat_number")).values("id")[:1]
    return rows.annotate(profile=Coalesce(F("enterprise_id"), Subquery(by_vat))).filter(
        profile__isnull=False
    )


def unprofiled(rows: QuerySet) -> QuerySet:
    """Rows with a Partita IVA that no profile has (linked or not at the time)."""
    return (
        rows.filter(enterprise__isnull=True)
        .exclude(vat_number="")
        .exclude(Exists(Enterprise.objects.filter(vat_number=OuterRef("vat_number"))))
    )
