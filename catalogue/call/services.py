"""Writes of the innovation-services application: the draft, step by step, and its
submission. Workflow, protocol numbers, eligibility and budget are the shared machinery's
(trinno_portal.funding); this module only adds what the call asks for.

Every step saves under the draft's version (application_touch): a form opened in a
second tab, or after the application was submitted, is refused and saves nothing.

Edition pinning: a draft is made on the edition in force that day and keeps it. Saving
the services step chooses services of the edition in force at that moment, so a draft
started before a new edition moves to it only when the applicant re-saves its services;
submission is refused while the draft's services come from an edition no longer in force.
A submitted application never changes edition.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalogue.call import eligibility
from catalogue.call import rules as rules_call
from catalogue.call.models import CatalogueApplication, ServiceRequest
from catalogue.editions.models import Edition, Service
from catalogue.editions.selectors import edition_in_force
from trinno_portal.accounts.models import Enterprise, User
from trinno_portal.funding.deminimis import DeclaredAid
from trinno_portal.funding.journey.services import (
    draft_de_minimis_replace,
    draft_start,
    draft_step_complete,
)
from trinno_portal.funding.models import (
    Application,
    Call,
    Scheme,
)
from trinno_portal.funding.services import FundingError, application_touch

# The steps of the application form, in order: (code, title).
STEPS: tuple[tuple[str, object], ...] = (
    ("services", gettext_lazy("Services and providers")),
    ("de_minimis", gettext_lazy("De minimis")),
    ("documents", gettext_lazy("Documents")),
)
QUOTE_PREFIX = "quote-"
OPTIONAL_DOCUMENTS: dict[str, object] = {
    "requirements": gettext_lazy("Provider's qualifications"),
    "other": gettext_lazy("Other document"),
}


def quote_kind(code: str) -> str:
    """The document kind of the quote for one service (one quote per service at least)."""
    return f"{QUOTE_PREFIX}{code}"


def _edition_now() -> Edition:
    try:
        return edition_in_force()
    except Edition.DoesNotExist as exc:
        raise FundingError(
            _("No catalogue edition is in force today: applications cannot be made.")
        ) from exc


def catalogue_application_start(*, call: Call, enterprise: Enterprise, user: User) -> Application:
    """The enterprise's draft for the call: the existing one, or a new one on the edition
    in force today."""
    return draft_start(
        call=call,
        enterprise=enterprise,
        user=user,
        scheme=Scheme.CATALOGUE,
        detail=lambda application: CatalogueApplication.objects.create(
            application=application, edition=_edition_now()
        ),
    )


@dataclass(frozen=True)
class RequestedService:
    code: str
    provider_name: str
    provider_vat_number: str
    provider_requirements: str
    cost: Decimal


@transaction.atomic
def catalogue_services_replace(
    *,
    application: Application,
    version: int,
    project_summary: str,
    requested: Sequence[RequestedService],
) -> rules_call.CatalogueFunding:
    """Replace the requested services with services of the edition in force.

    A code that is not in the edition in force is refused with a message naming it, and
    nothing is saved (the form says the same before it gets here)."""
    edition = _edition_now()
    codes = [r.code for r in requested]
    services = {s.code: s for s in Service.objects.filter(edition=edition, code__in=codes)}
    unknown = [code for code in codes if code not in services]
    if unknown:
        raise FundingError(
            _("Not in the catalogue edition in force (edition %(number)s): %(codes)s.")
            % {"number": edition.number, "codes": ", ".join(unknown)}
        )
    if len(set(codes)) != len(codes):
        raise FundingError(_("Each service can be requested once."))
    application_touch(application=application, version=version)
    size_class = application.enterprise.size_class
    application.catalogue_services.all().delete()
    ServiceRequest.objects.bulk_create(
        ServiceRequest(
            application=application,
            service=services[r.code],
            provider_name=r.provider_name,
            provider_vat_number=r.provider_vat_number,
            provider_requirements=r.provider_requirements,
            cost=r.cost,
            is_digital=services[r.code].is_digital,
            position=i,
        )
        for i, r in enumerate(requested)
    )
    funding = _snapshot_lines(application, size_class)
    detail = application.catalogue
    detail.edition = edition
    detail.project_summary = project_summary
    draft_step_complete(detail, "services")
    detail.save()
    return funding


def _snapshot_lines(application: Application, size_class: str) -> rules_call.CatalogueFunding:
    """Store each service's intensity and aid for the size class, and the totals the
    lists and the monitoring read (total cost, digital amount)."""
    funding = eligibility.funding_for(application, size_class)
    by_code = {line.code: line for line in funding.lines}
    requests = list(application.catalogue_services.select_related("service"))
    for request in requests:
        line = by_code[request.service.code]
        request.intensity = request.service.intensity_for(size_class)
        request.aid_amount = line.aid
        request.is_digital = request.service.is_digital
    ServiceRequest.objects.bulk_update(requests, ["intensity", "aid_amount", "is_digital"])
    Application.objects.filter(pk=application.pk).update(
        total_cost=funding.total_cost, digital_amount=funding.digital_amount
    )
    application.total_cost = funding.total_cost
    application.digital_amount = funding.digital_amount
    return funding


def catalogue_de_minimis_replace(
    *, application: Application, version: int, declared: bool, aid: Sequence[DeclaredAid]
) -> None:
    """Replace the de minimis aid declared with this application (the shared ledger)."""
    draft_de_minimis_replace(
        application=application,
        version=version,
        detail=application.catalogue,
        declared=declared,
        aid=aid,
    )


def catalogue_application_problems(application: Application) -> list[str]:
    """What is still missing before the draft can be submitted (empty: ready)."""
    detail = application.catalogue
    problems = []
    titles = dict(STEPS)
    for code, _title in STEPS:
        if code != "documents" and code not in detail.completed_steps:
            problems.append(_("Complete the step “%(step)s”.") % {"step": titles[code]})
    codes = list(
        application.catalogue_services.order_by("position").values_list("service__code", flat=True)
    )
    if not codes:
        problems.append(_("Request at least one service."))
    try:
        current = edition_in_force()
    except Edition.DoesNotExist:
        current = None
    if codes and (current is None or current.pk != detail.edition_id):
        problems.append(
            _(
                "A new edition of the catalogue is in force: check your services again in "
                "the step “%(step)s” and save it."
            )
            % {"step": titles["services"]}
        )
    if "de_minimis" in detail.completed_steps and not detail.de_minimis_declared:
        problems.append(_("Confirm the de minimis declaration."))
    kinds = set(application.documents.values_list("kind", flat=True))
    for code in codes:
        if quote_kind(code) not in kinds:
            problems.append(_("Upload the provider's quote for service %(code)s.") % {"code": code})
    return problems


def catalogue_snapshot(application: Application) -> dict:
    """The figures frozen at submission (funding.submission.application_submit): the
    size class may have changed since the services were saved, so the aid is computed
    again for the size class of today, and the sector from today's activity code."""
    enterprise = application.enterprise
    funding = _snapshot_lines(application, enterprise.size_class)
    CatalogueApplication.objects.filter(pk=application.pk).update(
        ateco_code=enterprise.ateco_code, sector=rules_call.sector_of(enterprise.ateco_code) or ""
    )
    return {
        "province": enterprise.province,
        "size_class": enterprise.size_class,
        "total_cost": funding.total_cost,
        "digital_amount": funding.digital_amount,
    }
