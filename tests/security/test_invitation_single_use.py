"""A removed delegate cannot come back with the invitation link that first let them in:
invitations are single-use records, revoked with the membership."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories import MembershipFactory, UserFactory
from trinno_portal.accounts import services
from trinno_portal.accounts.models import MemberRole, Membership

pytestmark = pytest.mark.django_db


def test_a_removed_delegate_cannot_reuse_the_invitation_link(client):
    rep = MembershipFactory(role=MemberRole.LEGAL_REPRESENTATIVE)
    token = services.membership_invite(
        enterprise=rep.enterprise,
        email="consulente@example.it",
        invited_by=rep.user,
        site_url="https://portale.example.it",
    )
    delegate = UserFactory(email="consulente@example.it")
    membership = services.membership_invitation_accept(token=token, user=delegate)
    services.membership_remove(membership=membership, removed_by=rep.user)

    with pytest.raises(ValidationError):
        services.membership_invitation_accept(token=token, user=delegate)
    client.force_login(delegate)
    url = reverse("accounts:invitation_accept", args=[token])
    assert client.get(url).status_code == 400
    client.post(url)
    assert not Membership.objects.filter(user=delegate).exists()


def test_the_link_is_not_stored_in_the_database():
    rep = MembershipFactory(role=MemberRole.LEGAL_REPRESENTATIVE)
    token = services.membership_invite(
        enterprise=rep.enterprise, email="x@example.it", invited_by=rep.user, site_url="https://p"
    )
    invitation = rep.enterprise.invitations.get()
    assert token not in invitation.token_hash and len(invitation.token_hash) == 64
