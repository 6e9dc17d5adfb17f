import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.db.models import F
from django.utils import timezone

from catalogue.call import services as services_call
from catalogue.call.models import CatalogueApplication, ServiceRequest
from catalogue.editions.models import Edition
from catalogue.editions.selectors import edition_in_force
from trinno_portal.funding.approval import application_approve
from trinno_portal.funding.models import (
    Application,
    BudgetCommitment,
    DeMinimisEntry,
    Envelope,
    LedgerSource,
)
from trinno_portal.funding.services import BudgetExhausted, FundingError, StaleApplication
from trinno_portal.funding.workflow import Status

from ..factories import MembershipFactory, UserFactory
from .conftest import fill_draft, requested, start

pytestmark = pytest.mark.django_db


def test_it_opens_one_draft_on_the_edition_in_force(catalogue_call, member):
    first = start(catalogue_call, member)
    second = start(catalogue_call, member)
    assert first.pk == second.pk
    assert first.scheme == "catalogue"
    assert first.catalogue.edition == edition_in_force()
    assert Application.objects.count() == 1


def test_it_refuses_a_service_not_in_the_edition_in_force_and_saves_nothing(catalogue_call, member):
    application = start(catalogue_call, member)
    version = application.version
    with pytest.raises(FundingError) as exc:
        services_call.catalogue_services_replace(
            application=application,
            version=version,
            project_summary="x",
            requested=requested([("B.2.4", Decimal("20000")), ("Z.9.9", Decimal("5000"))]),
        )
    assert "Z.9.9" in str(exc.value)
    assert not ServiceRequest.objects.exists()
    assert Application.objects.get().version == version


def test_it_records_costs_aid_and_the_digital_amount_of_the_draft(catalogue_call, member):
    application = fill_draft(start(catalogue_call, member))
    assert application.total_cost == Decimal("30000.00")
    # What the monitoring reads: the cost requested for digital services (B.2.4 only).
    assert application.digital_amount == Decimal("20000.00")
    rows = {r.service.code: r for r in ServiceRequest.objects.select_related("service")}
    assert rows["B.2.4"].is_digital and not rows["A.2"].is_digital
    assert rows["B.2.4"].intensity == Decimal("50.00")
    assert rows["B.2.4"].aid_amount == Decimal("10000.00")
    assert rows["A.2"].aid_amount == Decimal("5000.00")
    assert all(r.service.edition_id == application.catalogue.edition_id for r in rows.values())


def test_it_refuses_a_save_from_a_stale_tab(catalogue_call, member):
    application = start(catalogue_call, member)
    old = application.version
    services_call.catalogue_de_minimis_replace(
        application=application, version=old, declared=True, aid=[]
    )
    with pytest.raises(StaleApplication):
        services_call.catalogue_services_replace(
            application=application, version=old, project_summary="x", requested=requested()
        )
    assert not ServiceRequest.objects.exists()


def test_it_lists_what_is_missing_before_submission(catalogue_call, member, submit_catalogue):
    application = fill_draft(start(catalogue_call, member), quotes=False)
    problems = services_call.catalogue_application_problems(application)
    assert any("B.2.4" in p for p in problems) and any("A.2" in p for p in problems)
    with pytest.raises(FundingError):
        submit_catalogue(application, member.user)
    assert Application.objects.get().status == Status.DRAFT


def test_it_submits_with_a_protocol_number_and_the_exact_grant(
    catalogue_call, member, submit_catalogue
):
    application = fill_draft(start(catalogue_call, member))
    mail.outbox.clear()
    application = submit_catalogue(application, member.user)
    year = timezone.localdate().year
    assert application.protocol_number == f"SIN-{year}-000001"
    assert application.status == Status.ELIGIBLE
    assert application.total_cost == Decimal("30000.00")
    assert application.eligible_cost == Decimal("30000.00")
    assert application.grant_amount == Decimal("15000.00")
    assert application.digital_amount == Decimal("20000.00")
    assert application.size_class == "micro" and application.province == "AR"
    detail = CatalogueApplication.objects.get(pk=application.pk)
    assert (detail.sector, detail.ateco_code) == ("manufacturing", "32.12.10")
    outcomes = {o.rule: o for o in application.eligibility_outcomes.all()}
    assert set(outcomes) == {
        "sme",
        "sector",
        "tuscan_seat",
        "project_cost",
        "services",
        "de_minimis",
        "budget",
        "budget_year",
    }
    assert all(o.passed for o in outcomes.values())
    assert "15.000,00 EUR" in outcomes["services"].message
    # English messages write numbers the English way.
    assert outcomes["project_cost"].message_en.startswith("The project cost of 30,000.00 EUR")
    # The receipt went to the members, with the PDF; the eligibility outcome follows it.
    receipts = [m for m in mail.outbox if m.attachments]
    assert len(receipts) == 1 and len(mail.outbox) == 2
    assert application.protocol_number in receipts[0].subject
    assert receipts[0].attachments[0][2] == "application/pdf"


def test_it_marks_not_eligible_an_activity_outside_the_sectors(catalogue_call, submit_catalogue):
    m = MembershipFactory(enterprise__ateco_code="01.13.10")
    application = submit_catalogue(fill_draft(start(catalogue_call, m)), m.user)
    assert application.status == Status.NOT_ELIGIBLE
    failed = list(application.eligibility_outcomes.filter(passed=False))
    assert [o.rule for o in failed] == ["sector"]
    assert "01.13.10" in failed[0].message


def test_it_marks_not_eligible_beyond_the_de_minimis_headroom(catalogue_call, submit_catalogue):
    m = MembershipFactory()
    DeMinimisEntry.objects.create(
        enterprise=m.enterprise,
        source=LedgerSource.DECLARED,
        granting_body="Regione Toscana",
        regulation="2023/2831",
        granted_on=timezone.localdate() - dt.timedelta(days=30),
        amount=Decimal("290000.00"),
    )
    application = submit_catalogue(fill_draft(start(catalogue_call, m)), m.user)
    assert application.status == Status.NOT_ELIGIBLE
    assert application.eligibility_outcomes.get(rule="de_minimis").passed is False


def _eligible(call, submit_catalogue, ateco="32.12.10"):
    m = MembershipFactory(enterprise__ateco_code=ateco)
    application = submit_catalogue(fill_draft(start(call, m)), m.user)
    assert application.status == Status.ELIGIBLE
    return application


def test_it_commits_the_grant_on_the_sector_and_the_year_envelope(catalogue_call, submit_catalogue):
    manufacturing = _eligible(catalogue_call, submit_catalogue)
    tertiary = _eligible(catalogue_call, submit_catalogue, ateco="62.01.00")
    officer = UserFactory(is_staff=True)
    application_approve(application=manufacturing, by=officer)
    application_approve(application=tertiary, by=officer)
    envelopes = {e.code: e.committed for e in Envelope.objects.filter(call=catalogue_call)}
    # Approved today (after 2020): the last year envelope with money pays (2020).
    assert envelopes == {
        "manufacturing": Decimal("15000.00"),
        "tertiary": Decimal("15000.00"),
        "y2019": Decimal("0.00"),
        "y2020": Decimal("30000.00"),
    }
    catalogue_call.refresh_from_db()
    assert catalogue_call.committed == Decimal("30000.00")
    assert BudgetCommitment.objects.filter(application=manufacturing).count() == 2


def test_it_draws_on_2019_when_approved_in_2019(catalogue_call, submit_catalogue, time_machine):
    time_machine.move_to(dt.datetime(2019, 3, 12, 10, tzinfo=dt.UTC))
    application = _eligible(catalogue_call, submit_catalogue)
    application_approve(application=application, by=UserFactory(is_staff=True))
    codes = set(BudgetCommitment.objects.values_list("envelope__code", flat=True))
    assert codes == {"manufacturing", "y2019"}
    assert application.protocol_number == "SIN-2019-000001"


def test_it_refuses_an_approval_the_envelopes_cannot_pay_and_changes_nothing(
    catalogue_call, submit_catalogue
):
    application = _eligible(catalogue_call, submit_catalogue)
    # The sector has money, but both year envelopes are spent.
    Envelope.objects.filter(call=catalogue_call, kind="year").update(committed=F("amount"))
    with pytest.raises(BudgetExhausted):
        application_approve(application=application, by=UserFactory(is_staff=True))
    application.refresh_from_db()
    assert application.status == Status.ELIGIBLE
    assert not BudgetCommitment.objects.exists()
    assert Envelope.objects.get(call=catalogue_call, code="manufacturing").committed == 0


def test_it_marks_not_eligible_when_the_sector_envelope_ran_out(catalogue_call, submit_catalogue):
    Envelope.objects.filter(call=catalogue_call, code="manufacturing").update(
        committed=F("amount") - Decimal("100.00")
    )
    m = MembershipFactory()
    application = submit_catalogue(fill_draft(start(catalogue_call, m)), m.user)
    assert application.status == Status.NOT_ELIGIBLE
    assert application.eligibility_outcomes.get(rule="budget").passed is False
    assert application.eligibility_outcomes.get(rule="budget_year").passed is True


def test_it_cannot_start_without_an_edition_in_force(catalogue_call, member):
    Edition.objects.update(valid_from=timezone.localdate() + dt.timedelta(days=10))
    with pytest.raises(FundingError):
        start(catalogue_call, member)
    assert not Application.objects.exists()
