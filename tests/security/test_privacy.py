"""Security 7: personal data. JSON export, erasure by anonymisation that keeps the
monitoring's figures, the privacy page."""

import json
from decimal import Decimal

import pytest
from django.db.models import Count, Sum
from django.utils import timezone

from tests.factories import ApplicationFactory, MembershipFactory, PersonFactory
from trinno_portal.accounts.models import Enterprise, Person, User
from trinno_portal.funding.models import Application, StatusChange
from trinno_portal.funding.workflow import Status
from trinno_portal.privacy import services


def _aggregates():
    """What the monitoring computes: applications and money by province and status."""
    return list(
        Application.objects.values("province", "status", "scheme")
        .annotate(n=Count("id"), grant=Sum("grant_amount"), cost=Sum("total_cost"))
        .order_by("province", "status", "scheme")
    )


@pytest.fixture
def sme_with_applications(member):
    for i, status in enumerate([Status.APPROVED, Status.ELIGIBLE, Status.DRAFT]):
        application = ApplicationFactory(
            enterprise=member.enterprise,
            created_by=member.user,
            status=status,
            province="AR",
            grant_amount=Decimal("4500.00") + i,
            total_cost=Decimal("9000.00"),
            submitted_at=timezone.now() if status != Status.DRAFT else None,
            protocol_number=f"AUD-2026-{i:06d}" if status != Status.DRAFT else None,
        )
        StatusChange.objects.create(
            application=application,
            transition="submit",
            from_status=Status.DRAFT,
            to_status=status,
            at=timezone.now(),
        )
    ApplicationFactory(province="FI", status=Status.APPROVED, grant_amount=Decimal("1000"))
    return member


def test_it_exports_an_enterprise_with_its_applications(sme_with_applications):
    enterprise = sme_with_applications.enterprise
    data = services.enterprise_data_export(enterprise=enterprise)
    assert data["subject"] == "enterprise"
    assert data["enterprise"][0]["legal_name"] == enterprise.legal_name
    assert len(data["applications"]) == 3
    assert data["members"][0]["user__email"] == sme_with_applications.user.email
    assert "funding.StatusChange" in data["applications"][0]["related"]
    json.dumps(data)  # plain JSON, nothing left to serialise


def test_it_exports_a_person_without_the_password_hash(roles):
    person = PersonFactory(first_name="Giulia")
    ApplicationFactory(enterprise=None, person=person, created_by=person.user)
    data = services.person_data_export(user=person.user)
    assert data["person"][0]["first_name"] == "Giulia"
    assert data["account"]["email"] == person.user.email
    assert len(data["applications"]) == 1
    assert "password" not in json.dumps(data)


def test_the_owner_downloads_the_json_and_nobody_else(
    client, sme_with_applications, other_applicant
):
    enterprise = sme_with_applications.enterprise
    client.force_login(sme_with_applications.user)
    response = client.get(f"/privacy/impresa/{enterprise.pk}/dati.json")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert json.loads(response.content)["enterprise"][0]["vat_number"] == enterprise.vat_number
    client.force_login(other_applicant)
    assert client.get(f"/privacy/impresa/{enterprise.pk}/dati.json").status_code == 404


def test_it_erases_an_enterprise_and_keeps_the_monitoring_figures(sme_with_applications):
    enterprise = sme_with_applications.enterprise
    old_name, old_vat = enterprise.legal_name, enterprise.vat_number
    before = _aggregates()
    services.enterprise_erase(enterprise=enterprise)
    enterprise.refresh_from_db()
    assert _aggregates() == before
    assert old_name not in enterprise.legal_name and enterprise.vat_number != old_vat
    assert enterprise.pec.endswith("@erased.invalid")
    assert enterprise.address == "" and enterprise.province == "AR"
    assert not enterprise.memberships.exists()
    assert Application.objects.filter(enterprise=enterprise).count() == 3
    assert not Enterprise.objects.filter(legal_name=old_name).exists()


def test_it_erases_a_person_and_their_account(roles):
    person = PersonFactory(first_name="Giulia", last_name="Bianchi")
    ApplicationFactory(
        enterprise=None,
        person=person,
        created_by=person.user,
        status=Status.APPROVED,
        province="AR",
        grant_amount=Decimal("3000"),
    )
    before = _aggregates()
    services.person_erase(person=Person.objects.get(pk=person.pk))
    person.refresh_from_db()
    user = User.objects.get(pk=person.user_id)
    assert _aggregates() == before
    assert "Bianchi" not in str(person) and person.tax_code.startswith("ANON")
    assert person.birth_date.month == 1 and person.birth_date.day == 1
    assert user.email.endswith("@erased.invalid") and not user.is_active
    assert not user.has_usable_password()


@pytest.mark.django_db
def test_the_privacy_page_is_public_and_linked_from_every_page(client):
    page = client.get("/privacy/")
    assert page.status_code == 200
    assert "Informativa sulla privacy" in page.content.decode()
    assert 'href="/privacy/"' in client.get("/").content.decode()


def test_a_member_downloads_from_the_privacy_page(client, member):
    client.force_login(member.user)
    content = client.get("/privacy/").content.decode()
    assert "/privacy/i-miei-dati.json" in content
    assert f"/privacy/impresa/{member.enterprise.pk}/dati.json" in content
    mine = client.get("/privacy/i-miei-dati.json")
    assert json.loads(mine.content)["account"]["email"] == member.user.email


def test_other_members_keep_nothing_after_an_erasure(sme_with_applications):
    delegate = MembershipFactory(enterprise=sme_with_applications.enterprise, role="delegate")
    services.enterprise_erase(enterprise=sme_with_applications.enterprise)
    assert not delegate.user.memberships.exists()
