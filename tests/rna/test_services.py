"""The RNA on the approve transition: the grant registered with its COR, the single
undertaking's de minimis checked from the ledger, confirmations, variations."""

import datetime as dt
from decimal import Decimal
from xml.etree import ElementTree as ET

import pytest
from django.utils import timezone

from audits.call import services as audit_services
from tests.audits.conftest import fill_draft
from tests.factories import EnterpriseFactory, MembershipFactory, UserFactory
from trinno_portal.accounts.models import EnterpriseLink, LinkKind
from trinno_portal.funding.dispatch import application_act
from trinno_portal.funding.models import Call, DeMinimisEntry, LedgerSource, Regulation
from trinno_portal.funding.workflow import Actor, Status
from trinno_portal.rna import services
from trinno_portal.rna.fake import COR_BASE
from trinno_portal.rna.models import AidEvent, AidGrant, ConfirmationStatus, FakeRnaRecord
from trinno_portal.rna.selectors import grant_cor

pytestmark = pytest.mark.django_db


def _eligible(submit, call: Call, member=None):
    member = member or MembershipFactory()
    application = audit_services.audit_application_start(
        call=call, enterprise=member.enterprise, user=member.user
    )
    submit(fill_draft(application), member.user)
    assert application.status == Status.ELIGIBLE
    return application


def _approve(application):
    return application_act(
        application=application,
        transition="approve",
        by=UserFactory(is_staff=True),
        actor=Actor.STAFF,
    )


def _aid(enterprise, amount, on=None, source=LedgerSource.DECLARED):
    return DeMinimisEntry.objects.create(
        enterprise=enterprise,
        source=source,
        granting_body="Camera di Commercio di Arezzo",
        regulation=Regulation.GENERAL_2023,
        granted_on=on or timezone.localdate() - dt.timedelta(days=200),
        amount=Decimal(amount),
    )


def test_it_registers_the_grant_and_prints_its_cor(submit, audit_call):
    application = _approve(_eligible(submit, audit_call))

    grant = AidGrant.objects.get(application=application)
    record = FakeRnaRecord.objects.get(operation="register")
    assert grant.cor == str(COR_BASE + record.pk) == grant_cor(application)
    assert record.payload["car"] == "11235"
    assert record.payload["beneficiary_tax_code"] == application.enterprise.tax_code
    assert Decimal(record.payload["amount"]) == application.grant_amount
    assert grant.confirm_by == grant.granted_on + dt.timedelta(days=20)
    ledger = DeMinimisEntry.objects.get(application=application, source=LedgerSource.PORTAL)
    assert ledger.cor_code == grant.cor


def test_it_refuses_a_concession_over_the_single_undertakings_ceiling(submit, audit_call):
    member = MembershipFactory()
    parent = EnterpriseFactory()
    # The parent holds 60% of the applicant: one single undertaking (2023/2831, art. 2(2)).
    EnterpriseLink.objects.create(
        enterprise=member.enterprise,
        name=parent.legal_name,
        vat_number=parent.vat_number,
        kind=LinkKind.LINKED,
        holding_percent=Decimal("60"),
        staff_awu=Decimal("5"),
        turnover=Decimal("100000"),
        balance_sheet=Decimal("100000"),
    )
    application = _eligible(submit, audit_call, member)
    _aid(parent, "298000.00")
    committed = Call.objects.get(pk=audit_call.pk).committed

    with pytest.raises(services.RnaRefused, match="de minimis"):
        _approve(application)

    application.refresh_from_db()
    assert application.status == Status.ELIGIBLE
    assert not AidGrant.objects.exists()
    assert not DeMinimisEntry.objects.filter(source=LedgerSource.PORTAL).exists()
    assert Call.objects.get(pk=audit_call.pk).committed == committed


def test_the_same_declared_aid_counts_once(submit, audit_call):
    member = MembershipFactory()
    application = _eligible(submit, audit_call, member)
    # 150,000 declared twice (with two applications) is 150,000, not 300,000.
    _aid(member.enterprise, "150000.00")
    _aid(member.enterprise, "150000.00")

    _approve(application)

    assert AidGrant.objects.filter(application=application).exists()


def test_a_call_without_car_is_refused(submit, audit_call):
    application = _eligible(submit, audit_call)
    audit_call.aid_measure.delete()

    with pytest.raises(services.RnaRefused, match="CAR"):
        _approve(application)
    application.refresh_from_db()
    assert application.status == Status.ELIGIBLE


def test_the_beat_job_confirms_and_flags_the_late(
    submit, audit_call, time_machine, settings, tmp_path
):
    settings.RNA_CLIENT = "xml"
    settings.RNA_UPLOAD_DIR = tmp_path
    application = _approve(_eligible(submit, audit_call))
    grant = AidGrant.objects.get(application=application)
    # The upload file is written; the COR comes with the RNA's answer.
    assert grant.cor == ""
    path = AidEvent.objects.get(grant=grant).upload_file
    upload = ET.fromstring(open(path, "rb").read())  # noqa: S314 - our own file
    assert upload.tag == "LISTA_AIUTI"
    assert upload.findtext("AIUTO/CAR") == "11235"
    assert upload.findtext("AIUTO/SOGGETTO_BENEFICIARIO/CODICE_FISCALE_BENEFICIARIO") == (
        application.enterprise.tax_code
    )

    time_machine.move_to(dt.datetime.combine(grant.confirm_by + dt.timedelta(days=1), dt.time(9)))
    assert services.confirmations_send() == {"confirmed": 0, "waiting": 1, "late": 1}

    AidGrant.objects.filter(pk=grant.pk).update(cor="7654321")
    settings.RNA_CLIENT = "fake"
    assert services.confirmations_send() == {"confirmed": 1, "waiting": 0, "late": 0}
    grant.refresh_from_db()
    assert (grant.confirmation, grant.late) == (ConfirmationStatus.CONFIRMED, True)
    # Once confirmed, the job leaves it alone.
    assert services.confirmations_send() == {"confirmed": 0, "waiting": 0, "late": 0}


def test_a_revocation_is_recorded_and_frees_the_ledger(submit, audit_call):
    application = _approve(_eligible(submit, audit_call))

    services.grant_vary(application=application, new_amount=Decimal("100.00"), reason="Final")
    event = services.grant_revoke(application=application, reason="Project abandoned")

    assert event.code.startswith("V")
    assert list(
        AidEvent.objects.filter(grant_id=application.pk).values_list("kind", flat=True)
    ) == [
        "register",
        "variation",
        "revocation",
    ]
    ledger = DeMinimisEntry.objects.get(application=application, source=LedgerSource.PORTAL)
    assert ledger.amount == 0
    with pytest.raises(services.RnaRefused):
        services.grant_revoke(application=application, reason="again")


def test_staff_enter_the_cor_from_the_admin(submit, audit_call, settings, tmp_path, client):
    settings.RNA_CLIENT = "xml"
    settings.RNA_UPLOAD_DIR = tmp_path
    application = _approve(_eligible(submit, audit_call))
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    url = f"/admin/rna/aidgrant/{application.pk}/change/"
    assert client.get(url).status_code == 200

    response = client.post(url, {"cor": " 7654321 ", **_inline(application)})

    assert response.status_code == 302
    assert AidGrant.objects.get(pk=application.pk).cor == "7654321"
    ledger = DeMinimisEntry.objects.get(application=application, source=LedgerSource.PORTAL)
    assert ledger.cor_code == "7654321"


def _inline(application) -> dict:
    prefix = "events"
    event = AidEvent.objects.get(grant_id=application.pk)
    return {
        f"{prefix}-0-id": str(event.pk),
        f"{prefix}-0-grant": str(application.pk),
        f"{prefix}-TOTAL_FORMS": "1",
        f"{prefix}-INITIAL_FORMS": "1",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
