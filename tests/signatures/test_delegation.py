"""The signed delegation after the invitation: staff read it and its report in the admin,
the legal representative and the back office download it (404 for anybody else), the
delegate's membership shows it, and removing the delegate revokes it at once while the
signed file stays, as history."""

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import MembershipFactory, PersonFactory, UserFactory
from tests.signatures.pki import LEGAL_REP_CF, NOW, blank_pdf
from trinno_portal.accounts.models import Invitation, MemberRole
from trinno_portal.accounts.services import (
    membership_invitation_accept,
    membership_invite,
    membership_remove,
)
from trinno_portal.lib.signatures_pki import sign_pades
from trinno_portal.signatures.models import SignedDelegation, TrustSource
from trinno_portal.signatures.services import revocation_list_add, trusted_certificate_add

pytestmark = pytest.mark.django_db
DELEGATE = "delegato@example.it"


@pytest.fixture(autouse=True)
def _at_now(settings, tmp_path):
    settings.SIGNATURE_DELEGATION_REQUIRED = True
    settings.MEDIA_ROOT = tmp_path / "media"
    with time_machine.travel(NOW, tick=True):
        yield


@pytest.fixture
def legal_rep(pki):
    trusted_certificate_add(der=pki.root.cert_der, source=TrustSource.MANUAL, now=NOW)
    revocation_list_add(der=pki.crl)
    revocation_list_add(der=pki.root_crl)
    member = MembershipFactory()
    PersonFactory(user=member.user, tax_code=LEGAL_REP_CF)
    return member


@pytest.fixture
def signed(pki) -> bytes:
    return sign_pades(blank_pdf("Delega"), signer=pki.signer, chain=pki.chain)


@pytest.fixture
def accepted(legal_rep, signed):
    """The delegate in, through the invitation that carried the signed delegation."""
    token = membership_invite(
        enterprise=legal_rep.enterprise,
        email=DELEGATE,
        invited_by=legal_rep.user,
        site_url="https://portal.example",
        signed_delegation=SimpleUploadedFile("delega firmata.pdf", signed),
    )
    delegate = UserFactory(email=DELEGATE)
    membership = membership_invitation_accept(token=token, user=delegate)
    return membership, SignedDelegation.objects.get()


def _url(delegation) -> str:
    return reverse("signatures:delegation_download", args=[delegation.pk])


def test_the_legal_representative_and_the_back_office_download_it(
    client, accepted, legal_rep, signed, staff_user, official
):
    _membership, delegation = accepted
    for user in (legal_rep.user, staff_user, official):
        client.force_login(user)
        response = client.get(_url(delegation))
        assert response.status_code == 200, user
        assert b"".join(response.streaming_content) == signed
        assert response["Content-Type"] == "application/pdf"
        assert "attachment" in response["Content-Disposition"]
        assert response["Cache-Control"] == "private, no-store"


def test_anybody_else_gets_404_the_delegate_too(client, accepted):
    membership, delegation = accepted
    # Another company's legal representative; the delegate, whose page shows the
    # delegation but whose file it is not.
    for user in (MembershipFactory().user, membership.user):
        client.force_login(user)
        assert client.get(_url(delegation)).status_code == 404
    client.logout()
    assert client.get(_url(delegation)).status_code == 302  # to the login page


def test_the_delegates_membership_shows_it(client, accepted, legal_rep):
    membership, delegation = accepted
    url = reverse("accounts:enterprise_detail", args=[legal_rep.enterprise.pk])
    client.force_login(legal_rep.user)
    page = client.get(url).content.decode()
    assert "Delega firmata da" in page and LEGAL_REP_CF in page
    assert _url(delegation) in page
    client.force_login(membership.user)
    page = client.get(url).content.decode()
    assert "Delega firmata da" in page
    assert _url(delegation) not in page  # the download is the legal representative's


def test_removing_the_delegate_revokes_it_and_keeps_it_in_history(
    client, accepted, legal_rep, signed
):
    membership, delegation = accepted
    membership_remove(membership=membership, removed_by=legal_rep.user)
    invitation = Invitation.objects.get()
    assert invitation.revoked_at is not None
    assert not legal_rep.enterprise.memberships.filter(role=MemberRole.DELEGATE).exists()
    # The signed file and its report stay, and the legal representative still has it.
    delegation.refresh_from_db()
    assert delegation.report["valid"] is True
    client.force_login(legal_rep.user)
    response = client.get(_url(delegation))
    assert b"".join(response.streaming_content) == signed
    page = client.get(
        reverse("accounts:enterprise_detail", args=[legal_rep.enterprise.pk])
    ).content.decode()
    assert "Delega firmata da" not in page


def test_staff_read_it_with_its_report_in_the_admin(client, accepted, legal_rep, staff_user):
    membership, delegation = accepted
    client.force_login(staff_user)
    changelist = client.get(reverse("admin:signatures_signeddelegation_changelist"))
    assert changelist.status_code == 200
    assert DELEGATE in changelist.content.decode()
    page = client.get(reverse("admin:signatures_signeddelegation_change", args=[delegation.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    # Every check of the report, as the other signed documents' pages show them.
    for check in ("integrity", "chain", "revocation", "signer"):
        assert f"<td>{check}</td>" in html
    assert LEGAL_REP_CF in html and _url(delegation) in html
    assert "in vigore dal" in html
    # Read-only: nothing to save, nothing to delete.
    assert 'name="_save"' not in html
    membership_remove(membership=membership, removed_by=legal_rep.user)
    html = client.get(
        reverse("admin:signatures_signeddelegation_change", args=[delegation.pk])
    ).content.decode()
    assert "revocata il" in html
