"""The legal representative proven: unconfirmed companies, the staff queue, claims and the
take-over by the proven representative."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from tests.accounts.factories import profile_data
from tests.factories import ApplicationFactory, EnterpriseFactory, MembershipFactory, UserFactory
from trinno_portal.accounts import rules, services
from trinno_portal.accounts.models import (
    Enterprise,
    EnterpriseEvent,
    Invitation,
    MemberRole,
    Membership,
    RepresentativeClaim,
    RepresentativeProof,
    RepresentativeStatus,
)
from trinno_portal.accounts.services_representative import (
    Evidence,
    enterprise_representative_confirm,
    enterprise_take_over,
    representative_claim_accept,
    representative_claim_open,
    representative_claim_reject,
)
from trinno_portal.accounts.views_representative import LEGAL_PERSON_SESSION_KEY
from trinno_portal.funding.services import ApplicantNotConfirmed
from trinno_portal.funding.services import application_protocol_submit as application_submit
from trinno_portal.funding.workflow import Status

VAT = "00743110157"
REP_CF = "RSSMRA80A01A390E"


def spid(cf: str = REP_CF, vat: str = VAT) -> Evidence:
    return Evidence(RepresentativeProof.SPID_LEGAL_PERSON, fiscal_number=cf, vat_number=vat)


def test_rule_refuses_submission_only_for_unconfirmed_companies():
    assert rules.submission_refusal(representative_status="unconfirmed")
    assert rules.submission_refusal(representative_status="confirmed") is None
    assert rules.submission_refusal(representative_status=None) is None
    assert rules.proves_representative(vat_number=VAT, fiscal_number=REP_CF, spid_iva_code=VAT)
    assert not rules.proves_representative(
        vat_number=VAT, fiscal_number=REP_CF, spid_iva_code="01234560512"
    )
    assert not rules.proves_representative(vat_number=VAT, fiscal_number="", spid_iva_code=VAT)


@pytest.mark.django_db
def test_it_makes_a_typed_partita_iva_an_unconfirmed_company_with_its_history():
    user = UserFactory()
    enterprise = services.enterprise_create(user=user, **profile_data())
    assert enterprise.representative_status == RepresentativeStatus.UNCONFIRMED
    assert list(enterprise.events.values_list("kind", flat=True)) == ["created"]


@pytest.mark.django_db
def test_spid_for_legal_persons_confirms_the_company_at_creation():
    user = UserFactory(fiscal_number=REP_CF)
    enterprise = services.enterprise_create(user=user, evidence=spid(), **profile_data())
    assert enterprise.representative_status == RepresentativeStatus.CONFIRMED
    assert enterprise.representative_tax_code == REP_CF
    assert enterprise.representative_proof == RepresentativeProof.SPID_LEGAL_PERSON
    # A SPID for another company proves nothing about this one.
    other = services.enterprise_create(
        user=user, evidence=spid(vat="01234560512"), **profile_data(vat_number="02100050513")
    )
    assert other.representative_status == RepresentativeStatus.UNCONFIRMED


@pytest.mark.django_db
def test_an_unconfirmed_company_keeps_its_draft_and_cannot_submit():
    enterprise = EnterpriseFactory(representative_status=RepresentativeStatus.UNCONFIRMED)
    application = ApplicationFactory(enterprise=enterprise)
    with translation.override("en"), pytest.raises(ApplicantNotConfirmed) as exc:
        application_submit(application=application, by=application.created_by, version=1)
    assert "legal representative has not been confirmed" in str(exc.value)
    application.refresh_from_db()
    assert application.status == Status.DRAFT and not application.protocol_number

    MembershipFactory(enterprise=enterprise)
    enterprise_representative_confirm(
        enterprise=enterprise, evidence=Evidence(RepresentativeProof.STAFF), by=UserFactory()
    )
    submitted = application_submit(
        application=application, by=application.created_by, version=application.version
    )
    assert submitted.status == Status.SUBMITTED


@pytest.mark.django_db
def test_staff_confirm_from_the_queue():
    squatter = UserFactory()
    enterprise = services.enterprise_create(user=squatter, **profile_data())
    officer = UserFactory(is_staff=True)
    enterprise_representative_confirm(
        enterprise=enterprise, evidence=Evidence(RepresentativeProof.STAFF), by=officer
    )
    enterprise.refresh_from_db()
    assert enterprise.representative_status == RepresentativeStatus.CONFIRMED
    assert enterprise.representative_confirmed_by == officer
    assert enterprise.events.last().kind == EnterpriseEvent.Kind.CONFIRMED
    # A SPID naming someone else does not confirm the registered representative.
    other = services.enterprise_create(user=UserFactory(), **profile_data(vat_number="02100050513"))
    with pytest.raises(ValidationError):
        enterprise_representative_confirm(
            enterprise=other, evidence=spid(vat="02100050513"), by=None
        )


@pytest.mark.django_db
def test_the_proven_representative_takes_a_squatted_company_over():
    squatter = UserFactory()
    enterprise = services.enterprise_create(user=squatter, **profile_data())
    token = services.membership_invite(
        enterprise=enterprise, email="amico@example.it", invited_by=squatter, site_url="https://x"
    )
    friend = UserFactory(email="amico@example.it")
    services.membership_invitation_accept(token=token, user=friend)
    pending = services.membership_invite(
        enterprise=enterprise, email="altro@example.it", invited_by=squatter, site_url="https://x"
    )
    draft = ApplicationFactory(enterprise=enterprise, created_by=squatter)

    real = UserFactory(fiscal_number=REP_CF)
    membership = enterprise_take_over(enterprise=enterprise, user=real, evidence=spid(), by=None)

    assert membership.role == MemberRole.LEGAL_REPRESENTATIVE
    assert list(Membership.objects.filter(enterprise=enterprise)) == [membership]
    assert not Invitation.objects.filter(enterprise=enterprise, revoked_at__isnull=True).exists()
    with pytest.raises(ValidationError):
        services.membership_invitation_accept(
            token=pending, user=UserFactory(email="altro@example.it")
        )
    enterprise.refresh_from_db()
    assert enterprise.representative_status == RepresentativeStatus.CONFIRMED
    assert enterprise.representative_tax_code == REP_CF
    event = enterprise.events.get(kind=EnterpriseEvent.Kind.TAKEN_OVER)
    assert {p["email"] for p in event.detail["removed"]} == {squatter.email, friend.email}
    assert event.detail["proof"] == "spid_legal_person"
    # The draft belongs to the company, and the company now to its representative.
    draft.refresh_from_db()
    assert draft.enterprise == enterprise and draft.status == Status.DRAFT


@pytest.mark.django_db
def test_a_take_over_needs_a_proof_for_this_company_and_this_person():
    enterprise = services.enterprise_create(user=UserFactory(), **profile_data())
    with pytest.raises(ValidationError):
        enterprise_take_over(
            enterprise=enterprise,
            user=UserFactory(fiscal_number=REP_CF),
            evidence=spid(vat="01234560512"),
            by=None,
        )
    with pytest.raises(ValidationError):
        # The proof names REP_CF; the account taking over is someone else.
        enterprise_take_over(
            enterprise=enterprise,
            user=UserFactory(fiscal_number="BNCLCU80A01A390X"),
            evidence=spid(),
            by=None,
        )
    assert enterprise.memberships.count() == 1


@pytest.mark.django_db
def test_staff_decide_claims():
    squatter = UserFactory()
    enterprise = services.enterprise_create(user=squatter, **profile_data())
    claimant = UserFactory()
    claim = representative_claim_open(enterprise=enterprise, user=claimant, note="Visura allegata")
    with pytest.raises(ValidationError):
        representative_claim_open(enterprise=enterprise, user=claimant)
    with pytest.raises(PermissionDenied):
        representative_claim_accept(claim=claim, by=squatter)
    officer = UserFactory(is_staff=True)
    representative_claim_accept(claim=claim, by=officer)
    claim.refresh_from_db()
    assert claim.status == RepresentativeClaim.Status.ACCEPTED
    assert list(enterprise.memberships.values_list("user", flat=True)) == [claimant.pk]
    with pytest.raises(ValidationError):
        representative_claim_reject(claim=claim, by=officer)

    late = representative_claim_open(enterprise=enterprise, user=squatter)
    representative_claim_reject(claim=late, by=officer)
    assert list(enterprise.memberships.values_list("user", flat=True)) == [claimant.pk]
    kinds = list(enterprise.events.values_list("kind", flat=True))
    assert kinds == ["created", "claimed", "taken_over", "claimed", "claim_rejected"]


@pytest.mark.django_db
def test_the_claim_page_hands_over_at_once_with_spid_for_legal_persons(client):
    squatter = UserFactory()
    enterprise = services.enterprise_create(user=squatter, **profile_data())
    real = UserFactory(fiscal_number=REP_CF)
    client.force_login(real)
    response = client.get(reverse("accounts:enterprise_create"))
    assert response.status_code == 200
    response = client.post(
        reverse("accounts:enterprise_create"),
        {**profile_data(), "founded_on": "2005-03-01"},
    )
    assert response.status_code == 200
    assert reverse("accounts:enterprise_claim") + "?piva=" + VAT in response.content.decode()
    assert not Membership.objects.filter(user=real).exists()

    session = client.session
    session[LEGAL_PERSON_SESSION_KEY] = {"vat_number": VAT, "fiscal_number": REP_CF}
    session.save()
    response = client.post(reverse("accounts:enterprise_claim"), {"vat_number": VAT})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:enterprise_detail", args=[enterprise.pk])
    assert list(enterprise.memberships.values_list("user", flat=True)) == [real.pk]

    client.force_login(squatter)
    assert (
        client.get(reverse("accounts:enterprise_detail", args=[enterprise.pk])).status_code == 404
    )


@pytest.mark.django_db
def test_the_claim_page_without_proof_opens_a_claim_for_staff(client):
    enterprise = services.enterprise_create(user=UserFactory(), **profile_data())
    claimant = UserFactory()
    client.force_login(claimant)
    response = client.post(reverse("accounts:enterprise_claim"), {"vat_number": "0123"})
    assert response.status_code == 200  # a form error, nothing lost
    response = client.post(
        reverse("accounts:enterprise_claim"), {"vat_number": VAT, "note": "Sono io"}
    )
    assert response.status_code == 302
    assert RepresentativeClaim.objects.get().enterprise == enterprise
    assert enterprise.memberships.get().user != claimant


@pytest.mark.django_db
def test_the_admin_queue_lists_and_confirms_unconfirmed_companies(
    client, django_assert_max_num_queries
):
    for vat in ("00743110157", "02100050513", "01234560512"):
        services.enterprise_create(user=UserFactory(), **profile_data(vat_number=vat))
    EnterpriseFactory()  # confirmed: not in the queue
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    url = reverse("admin:accounts_enterpriseawaitingconfirmation_changelist")
    with django_assert_max_num_queries(20):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count("00743110157") >= 1
    ids = list(
        Enterprise.objects.filter(representative_status="unconfirmed").values_list("pk", flat=True)
    )
    assert len(ids) == 3
    response = client.post(url, {"action": "confirm_representative", "_selected_action": ids})
    assert response.status_code == 302
    assert not Enterprise.objects.filter(representative_status="unconfirmed").exists()
