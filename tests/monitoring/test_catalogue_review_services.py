"""Activity 1's process: proposals, the working group's review, the recommendation report
and the edition drafted from it."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from catalogue.editions.models import EditionState
from catalogue.editions.selectors import editions_diff
from monitoring.catalogue_review import services
from monitoring.catalogue_review.models import Outcome, ProposalKind
from tests.factories import UserFactory
from tests.monitoring.catalogue_review_data import add_fields, edition_with_services, propose

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return UserFactory(is_staff=True)


@pytest.fixture
def edition():
    return edition_with_services()


def accept(proposal, by, reasons="Coerente con la strategia S3."):
    return services.proposal_review(
        proposal=proposal, outcome=Outcome.ACCEPTED, reasons=reasons, by=by
    )


def reject(proposal, by):
    return services.proposal_review(
        proposal=proposal, outcome=Outcome.REJECTED, reasons="Poche evidenze.", by=by
    )


def test_it_drafts_an_edition_that_differs_by_exactly_the_accepted_proposals(edition, staff):
    accept(propose(edition, staff, ProposalKind.REMOVE, "C.1"), staff)
    accept(propose(edition, staff, ProposalKind.MAKE_DIGITAL, "B.1.1"), staff)
    raise_ = propose(
        edition, staff, ProposalKind.RAISE_INTENSITY, "A.1", intensity_micro=Decimal("70.00")
    )
    accept(raise_, staff)
    accept(propose(edition, staff, ProposalKind.ADD, **add_fields()), staff)
    reject(propose(edition, staff, ProposalKind.REMOVE, "B.2"), staff)

    report = services.recommendation_report_create(edition=edition, title="Round 1", by=staff)
    draft = services.recommendation_edition_draft(report=report)

    assert draft.state == EditionState.DRAFT and draft.based_on == edition
    diff = editions_diff(edition, draft)
    assert [r["code"] for r in diff.removed] == ["C.1"]  # B.2 was rejected: still there
    assert [r["code"] for r in diff.added] == ["B.3"]
    assert diff.added[0]["is_digital"] is True and diff.added[0]["area"] == "B"
    changes = {c.code: [(f.field, f.old, f.new) for f in c.fields] for c in diff.changed}
    assert changes == {
        "A.1": [("intensity_micro", Decimal("50.00"), Decimal("70.00"))],
        "B.1.1": [("is_digital", False, True)],
    }
    report.refresh_from_db()
    assert report.draft_edition == draft


def test_it_drafts_once_per_report(edition, staff):
    accept(propose(edition, staff, ProposalKind.REMOVE, "C.1"), staff)
    report = services.recommendation_report_create(edition=edition, title="R", by=staff)
    services.recommendation_edition_draft(report=report)
    with pytest.raises(ValidationError):
        services.recommendation_edition_draft(report=report)


def test_it_refuses_to_draft_without_an_accepted_proposal(edition, staff):
    reject(propose(edition, staff, ProposalKind.REMOVE, "C.1"), staff)
    report = services.recommendation_report_create(edition=edition, title="R", by=staff)
    with pytest.raises(ValidationError):
        services.recommendation_edition_draft(report=report)


def test_it_gathers_only_reviewed_proposals_not_yet_reported(edition, staff):
    reviewed = propose(edition, staff, ProposalKind.REMOVE, "C.1")
    accept(reviewed, staff)
    waiting = propose(edition, staff, ProposalKind.REMOVE, "B.2")
    report = services.recommendation_report_create(edition=edition, title="R", by=staff)
    assert list(report.proposals.all()) == [reviewed]
    waiting.refresh_from_db()
    assert waiting.report is None
    with pytest.raises(ValidationError):  # nothing reviewed left
        services.recommendation_report_create(edition=edition, title="R2", by=staff)


def test_it_reviews_a_proposal_once(edition, staff):
    proposal = propose(edition, staff, ProposalKind.REMOVE, "C.1")
    reject(proposal, staff)
    with pytest.raises(ValidationError):
        accept(proposal, staff)


def test_it_refuses_a_review_without_reasons(edition, staff):
    proposal = propose(edition, staff, ProposalKind.REMOVE, "C.1")
    with pytest.raises(ValidationError):
        accept(proposal, staff, reasons="  ")


def test_it_refuses_a_second_accepted_change_of_one_service(edition, staff):
    accept(propose(edition, staff, ProposalKind.MAKE_DIGITAL, "C.1"), staff)
    second = propose(edition, staff, ProposalKind.REMOVE, "C.1")
    with pytest.raises(ValidationError, match="C.1"):
        accept(second, staff)
    reject(second, staff)  # the working group can still say no


def test_it_refuses_a_raise_that_does_not_raise(edition, staff):
    with pytest.raises(ValidationError):
        propose(
            edition, staff, ProposalKind.RAISE_INTENSITY, "A.1", intensity_small=Decimal("40.00")
        )


def test_it_refuses_to_make_a_digital_service_digital(edition, staff):
    service = edition.services.get(code="A.1")
    service.is_digital = True
    service.save()
    with pytest.raises(ValidationError):
        propose(edition, staff, ProposalKind.MAKE_DIGITAL, "A.1")


def test_it_refuses_to_add_a_code_the_edition_has(edition, staff):
    with pytest.raises(ValidationError):
        propose(edition, staff, ProposalKind.ADD, **add_fields(code="B.2"))


def test_it_closes_a_proposal_once_reviewed(edition, staff):
    proposal = propose(edition, staff, ProposalKind.REMOVE, "C.1")
    reject(proposal, staff)
    proposal.rationale = "Cambiata dopo la decisione"
    with pytest.raises(ValidationError):
        services.proposal_save(proposal=proposal, by=staff)
