"""The shared life after approval (funding/aftercare/services.py), run by the
innovation-services call: agreement, implementation, final report, final grant, budget
released, monitoring, closure. Every action through the dispatcher."""

from decimal import Decimal

import pytest
from django.utils import timezone
from django.utils.translation import override

from trinno_portal.funding.aftercare import services
from trinno_portal.funding.aftercare.models import GrantAgreement, ProjectFinalReport
from trinno_portal.funding.deadlines import add_months
from trinno_portal.funding.dispatch import application_act
from trinno_portal.funding.models import Application, BudgetCommitment, DeMinimisEntry, Envelope
from trinno_portal.funding.services import FundingError, TransitionNotAllowed
from trinno_portal.funding.workflow import Actor, Status

from ..factories import UserFactory
from .aftercare_support import approved, document, in_progress, paid, reported

pytestmark = pytest.mark.django_db


def _staff(application, transition):
    return application_act(
        application=application,
        transition=transition,
        by=UserFactory(is_staff=True),
        actor=Actor.STAFF,
    )


def test_it_refuses_the_agreement_without_the_signed_copy(catalogue_call, submit_catalogue):
    application = approved(catalogue_call, submit_catalogue)
    with override("en"), pytest.raises(FundingError, match="signed"):
        application_act(
            application=application,
            transition="start_project",
            by=application.created_by,
            actor=Actor.APPLICANT,
        )
    assert Application.objects.get(pk=application.pk).status == Status.APPROVED
    assert not GrantAgreement.objects.exists()


def test_it_starts_the_implementation_period_on_accepting_the_agreement(
    catalogue_call, submit_catalogue
):
    application = in_progress(catalogue_call, submit_catalogue)
    assert application.status == Status.IN_PROGRESS
    agreement = application.agreement
    today = timezone.localdate()
    assert agreement.kind == "grant_agreement"
    assert (agreement.starts_on, agreement.ends_on) == (today, add_months(today, 6))
    # The due date of the state follows (funding/deadlines.py: project_months).
    assert Application.objects.get(pk=application.pk).due_on == add_months(today, 6)


def test_the_approved_state_has_an_action_now_and_no_longer_goes_overdue_unanswered(
    catalogue_call, submit_catalogue
):
    application = approved(catalogue_call, submit_catalogue)
    from trinno_portal.funding.dispatch import actions_for

    assert [t.name for t in actions_for(application, Actor.APPLICANT)] == ["start_project"]


def _with_the_invoice_only(call, submit_catalogue):
    application = in_progress(call, submit_catalogue)
    document(application, services.INVOICE)
    return application


@pytest.mark.parametrize(
    ("setup", "status"),
    [(_with_the_invoice_only, Status.IN_PROGRESS), (approved, Status.APPROVED)],
    ids=["without the proofs of payment", "before the project started"],
)
def test_it_refuses_the_final_report_and_saves_nothing(
    catalogue_call, submit_catalogue, setup, status
):
    application = setup(catalogue_call, submit_catalogue)
    with pytest.raises(FundingError):
        services.final_report_submit(
            application=application,
            by=application.created_by,
            summary="s",
            results="r",
            invoices=[paid("100.00")],
        )
    assert not ProjectFinalReport.objects.exists()
    assert Application.objects.get(pk=application.pk).status == status


def test_it_recomputes_the_final_grant_releases_the_rest_and_closes(
    catalogue_call, submit_catalogue
):
    # Approved: 30,000 EUR of services at 50 %, 15,000 EUR on two envelopes.
    application = reported(
        catalogue_call, submit_catalogue, paid("20000.00"), paid("500.00", days=-400)
    )
    assert application.status == Status.FINAL_REPORT
    application = _staff(application, "accept_final_report")
    assert application.status == Status.MONITORING
    assert application.final_grant == Decimal("10000.00")
    recomputation = ProjectFinalReport.objects.get(application=application).recomputation["en"]
    assert "invoiced before" in recomputation["lines"][1]["reason"]
    assert recomputation["amount"] == "10000.00"
    assert [line["counted"] for line in recomputation["lines"]] == ["20000.00", "0.00"]
    catalogue_call.refresh_from_db()
    assert catalogue_call.committed == Decimal("10000.00")
    assert set(Envelope.objects.filter(committed__gt=0).values_list("committed", flat=True)) == {
        Decimal("10000.00")
    }
    assert BudgetCommitment.objects.filter(application=application, amount__lt=0).count() == 2
    assert DeMinimisEntry.objects.get(source="portal").amount == Decimal("10000.00")
    # Monitoring: due after monitoring_months (6 by default), then closure.
    assert application.due_on == add_months(timezone.localdate(), 6)
    application = _staff(application, "close")
    assert application.status == Status.CLOSED


def test_it_keeps_the_approved_grant_when_everything_was_paid(catalogue_call, submit_catalogue):
    application = reported(catalogue_call, submit_catalogue, paid("31000.00"))
    application = _staff(application, "accept_final_report")
    assert application.final_grant == Decimal("15000.00")
    catalogue_call.refresh_from_db()
    assert catalogue_call.committed == Decimal("15000.00")


def test_the_final_report_is_accepted_once(catalogue_call, submit_catalogue):
    application = reported(catalogue_call, submit_catalogue, paid("20000.00"))
    _staff(application, "accept_final_report")
    with pytest.raises(TransitionNotAllowed):
        _staff(Application.objects.get(pk=application.pk), "accept_final_report")
    catalogue_call.refresh_from_db()
    assert catalogue_call.committed == Decimal("10000.00")
