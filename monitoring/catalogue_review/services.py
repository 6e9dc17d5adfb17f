"""Writes of Activity 1's process: a proposal saved, its review by the working group,
the recommendation report that gathers the reviewed proposals, and the new catalogue
edition drafted from the accepted ones through the catalogue's own services (so the
draft is an ordinary draft: editable, publishable, compared on the diff page)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from catalogue.editions.models import Edition, Service
from catalogue.editions.rules import RECORD_FIELDS, code_area
from catalogue.editions.services import (
    edition_draft_from,
    service_create,
    service_delete,
    service_update,
)
from trinno_portal.accounts.models import User

from .models import CatalogueProposal, Outcome, ProposalKind, ProposalReview, RecommendationReport
from .rules import (
    INTENSITY_FIELDS,
    ProposalData,
    accepted_conflict,
    proposal_edit,
    proposal_problems,
)


def _service_record(service: Service | None) -> dict[str, object] | None:
    if service is None:
        return None
    return {name: getattr(service, name) for name in RECORD_FIELDS}


def proposal_data(proposal: CatalogueProposal) -> ProposalData:
    """The proposal as the pure rules read it."""
    new_service: dict[str, object] = {}
    if proposal.kind == ProposalKind.ADD:
        code = proposal.new_code.strip().upper()
        new_service = {
            "code": code,
            "area": code_area(code),
            "name": proposal.new_name,
            "name_en": proposal.new_name_en or proposal.new_name,
            "description": proposal.new_description,
            "is_digital": proposal.new_is_digital,
            "min_cost": proposal.new_min_cost,
            "max_cost": proposal.new_max_cost,
            "illustrative": False,
        }
    return ProposalData(
        kind=proposal.kind,
        service=_service_record(proposal.service if proposal.service_id else None),
        intensities={name: getattr(proposal, name) for name in INTENSITY_FIELDS},
        new_service=new_service,
    )


def proposal_problems_for(proposal: CatalogueProposal) -> list[str]:
    """What the rules object to in a proposal, against the codes of its edition."""
    if proposal.service_id and proposal.service.edition_id != proposal.edition_id:
        return [_("The service is not in the edition the proposal concerns.")]
    codes = Service.objects.filter(edition_id=proposal.edition_id).values_list("code", flat=True)
    return proposal_problems(proposal_data(proposal), edition_codes=set(codes))


def proposal_review_problems(*, proposal: CatalogueProposal, outcome: str) -> list[str]:
    """Why the working group cannot record `outcome` on the proposal. A rejection always
    can; an acceptance needs the proposal to stand against its edition and no other
    accepted proposal, not yet drafted, on the same service (rules.accepted_conflict)."""
    if outcome != Outcome.ACCEPTED:
        return []
    problems = proposal_problems_for(proposal)
    if problems:
        return problems
    accepted = (
        CatalogueProposal.objects.filter(
            edition_id=proposal.edition_id, review__outcome=Outcome.ACCEPTED
        )
        .exclude(pk=proposal.pk)
        .exclude(report__draft_edition__isnull=False)
        .select_related("service")
    )
    if accepted_conflict(proposal.subject_code, accepted_codes=[p.subject_code for p in accepted]):
        return [
            _("Another accepted proposal changes %(code)s: one change of a service per edition.")
            % {"code": proposal.subject_code}
        ]
    return []


def proposals_waiting(*, edition: Edition):
    """The reviewed proposals on `edition` that no report holds yet."""
    return CatalogueProposal.objects.filter(
        edition=edition, report__isnull=True, review__isnull=False
    )


@transaction.atomic
def proposal_save(*, proposal: CatalogueProposal, by: User) -> CatalogueProposal:
    """Save a new proposal, or change one the working group has not reviewed yet."""
    if proposal.pk:
        locked = CatalogueProposal.objects.select_for_update().get(pk=proposal.pk)
        if ProposalReview.objects.filter(proposal=locked).exists():
            raise ValidationError(_("The working group has reviewed this proposal: it is closed."))
    else:
        proposal.proposed_by = by
    if proposal.kind == ProposalKind.ADD:
        proposal.service = None
        proposal.new_code = proposal.new_code.strip().upper()
    problems = proposal_problems_for(proposal)
    if problems:
        raise ValidationError(problems)
    proposal.save()
    return proposal


def proposal_review(
    *,
    proposal: CatalogueProposal,
    outcome: str,
    reasons: str,
    by: User,
    working_group: str = "",
) -> ProposalReview:
    """The working group's decision, recorded once. An acceptance is refused when the
    proposal no longer stands against its edition, or when another accepted proposal
    changes the same service (rules.accepted_conflict)."""
    if not reasons.strip():
        raise ValidationError(_("Give the working group's reasons."))
    try:
        with transaction.atomic():
            # Locked so that two acceptances on one service cannot both pass the check.
            Edition.objects.select_for_update().get(pk=proposal.edition_id)
            proposal = CatalogueProposal.objects.select_related("service").get(pk=proposal.pk)
            if ProposalReview.objects.filter(proposal=proposal).exists():
                raise ValidationError(_("The working group has reviewed this proposal already."))
            problems = proposal_review_problems(proposal=proposal, outcome=outcome)
            if problems:
                raise ValidationError(problems)
            return ProposalReview.objects.create(
                proposal=proposal,
                outcome=outcome,
                reasons=reasons.strip(),
                working_group=working_group.strip(),
                reviewed_by=by,
            )
    except IntegrityError as exc:
        # A second reviewer's save at the same moment: the one-to-one kept the first.
        raise ValidationError(_("The working group has reviewed this proposal already.")) from exc


@transaction.atomic
def recommendation_report_create(*, edition: Edition, title: str, by: User) -> RecommendationReport:
    """A report to the Region gathering every reviewed proposal on `edition` that no
    report holds yet. Proposals under review wait for the next report."""
    waiting = proposals_waiting(edition=edition).select_for_update(of=("self",))
    proposals = list(waiting.order_by("id"))
    if not proposals:
        raise ValidationError(
            _("No reviewed proposal on edition %(number)s waits for a report.")
            % {"number": edition.number}
        )
    report = RecommendationReport.objects.create(edition=edition, title=title, created_by=by)
    CatalogueProposal.objects.filter(pk__in=[p.pk for p in proposals]).update(report=report)
    return report


@transaction.atomic
def recommendation_edition_draft(*, report: RecommendationReport) -> Edition:
    """A new draft edition: a copy of the edition reviewed, with the report's accepted
    proposals applied and nothing else, so the diff page shows exactly them."""
    report = RecommendationReport.objects.select_for_update().get(pk=report.pk)
    if report.draft_edition_id:
        raise ValidationError(
            _("Edition %(number)s was drafted from this report already.")
            % {"number": report.draft_edition.number}
        )
    accepted = (
        report.proposals.filter(review__outcome=Outcome.ACCEPTED)
        .select_related("service")
        .order_by("id")
    )
    edits = [proposal_edit(proposal_data(p)) for p in accepted]
    if not edits:
        raise ValidationError(_("The report has no accepted proposal to draft an edition from."))
    base = Edition.objects.get(pk=report.edition_id)
    draft = edition_draft_from(
        edition=base,
        title=_("Edition drafted from the recommendations: %(title)s") % {"title": report.title},
        title_en=f"Edition drafted from the recommendations: {report.title}",
    )
    services = {s.code: s for s in draft.services.all()}
    for edit in edits:
        if edit.action == "remove":
            service_delete(service=services[edit.code])
        elif edit.action == "update":
            service_update(service=services[edit.code], **edit.fields)
        else:
            service_create(edition=draft, **edit.fields)
    report.draft_edition = draft
    report.save(update_fields=["draft_edition"])
    return draft
