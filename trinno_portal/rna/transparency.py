"""What d.lgs. 33/2013, arts. 26-27 publish of each grant above 1,000 EUR, read from the
database at each request (so a concession is public as soon as it commits).

Natural persons (art. 26(4)): a voucher to a person may reveal an economic hardship (the
ESF vouchers go to the unemployed too), so a person's name and codice fiscale are never
published; a freelancer is an undertaking and is published by name, with the Partita IVA
instead of the personal codice fiscale (decision 21)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from trinno_portal.funding.models import Application
from trinno_portal.lib.i18n import in_language
from trinno_portal.rna.rules import is_freelancer_tax_code

# Art. 26(2): acts granting more than 1,000 EUR to the same beneficiary.
THRESHOLD = Decimal("1000.00")
PAGE_SIZE = 50
LICENSE = "CC BY 4.0"
LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"
FIELDS = (
    "beneficiary",
    "tax_code",
    "amount",
    "granted_on",
    "legal_basis",
    "office",
    "responsible_officer",
    "selection_method",
    "cor",
    "project_url",
)


@dataclass(frozen=True)
class PublishedGrant:
    pk: int
    beneficiary: str
    tax_code: str
    amount: Decimal
    granted_on: dt.date
    legal_basis: str
    office: str
    responsible_officer: str
    selection_method: str
    cor: str
    call: str


def published_grants() -> QuerySet[Application]:
    return (
        Application.objects.filter(approved_at__isnull=False, grant_amount__gt=THRESHOLD)
        .exclude(aid_grant__revoked_on__isnull=False)
        .select_related("call__aid_measure", "enterprise", "aid_grant")
        .order_by("-approved_at", "-pk")
    )


def _row(application: Application) -> PublishedGrant:
    measure = getattr(application.call, "aid_measure", None)
    enterprise = application.enterprise
    if enterprise is None:
        beneficiary = _("Natural person (data omitted, art. 26(4) d.lgs. 33/2013)")
        tax_code = ""
    else:
        beneficiary = enterprise.legal_name
        tax_code = (
            enterprise.vat_number
            if is_freelancer_tax_code(enterprise.tax_code)
            else enterprise.tax_code
        )
    grant = getattr(application, "aid_grant", None)
    return PublishedGrant(
        pk=application.pk,
        beneficiary=beneficiary,
        tax_code=tax_code,
        amount=application.grant_amount,
        granted_on=application.approved_at.date(),
        legal_basis=application.call.legal_basis,
        office=measure.office if measure else "",
        responsible_officer=measure.responsible_officer if measure else "",
        selection_method=measure.get_selection_method_display() if measure else "",
        cor=grant.cor if grant else "",
        call=in_language(application.call.title, application.call.title_en),
    )


def grants_page(cursor: str = "") -> tuple[list[PublishedGrant], str]:
    """One page, newest first, and the cursor of the next ("" on the last): a keyset
    on (approved_at, pk), so no page counts or skips the whole table."""
    qs = published_grants()
    if cursor:
        try:
            stamp, pk = cursor.rsplit("_", 1)
            at = dt.datetime.fromisoformat(stamp)
            qs = qs.filter(Q(approved_at__lt=at) | Q(approved_at=at, pk__lt=int(pk)))
        except ValueError:
            pass  # a forged cursor shows the first page
    rows = list(qs[: PAGE_SIZE + 1])
    more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    next_cursor = f"{rows[-1].approved_at.isoformat()}_{rows[-1].pk}" if more else ""
    return [_row(a) for a in rows], next_cursor


def grants_all() -> Iterator[PublishedGrant]:
    """Every published grant, read in chunks for the streamed downloads."""
    for application in published_grants().iterator(chunk_size=500):
        yield _row(application)


def grant_published(pk: int) -> PublishedGrant | None:
    application = published_grants().filter(pk=pk).first()
    return _row(application) if application else None
