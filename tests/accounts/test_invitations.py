import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tests.factories import MembershipFactory, UserFactory
from trinno_portal.accounts import services
from trinno_portal.accounts.models import MemberRole, Membership

pytestmark = pytest.mark.django_db
SITE = "https://portale.example.it"


@pytest.fixture
def legal_rep() -> Membership:
    return MembershipFactory(role=MemberRole.LEGAL_REPRESENTATIVE)


def _invite(legal_rep, email="delega@example.it") -> str:
    return services.membership_invite(
        enterprise=legal_rep.enterprise, email=email, invited_by=legal_rep.user, site_url=SITE
    )


def test_it_emails_a_link_that_makes_the_invitee_a_delegate(legal_rep):
    token = _invite(legal_rep, "Delega@Example.it")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["delega@example.it"]
    assert legal_rep.enterprise.legal_name in message.subject
    assert SITE + reverse("accounts:invitation_accept", args=[token]) in message.body

    invitee = UserFactory(email="delega@example.it")
    membership = services.membership_invitation_accept(token=token, user=invitee)
    assert membership.role == MemberRole.DELEGATE
    assert membership.enterprise == legal_rep.enterprise
    # The link is used up: a second accept is refused and changes nothing.
    with pytest.raises(ValidationError) as exc:
        services.membership_invitation_accept(token=token, user=invitee)
    assert exc.value.code == "used"
    assert list(legal_rep.enterprise.memberships.order_by("pk")) == [legal_rep, membership]


def test_it_requires_the_invited_address_to_accept(legal_rep):
    token = _invite(legal_rep)
    with pytest.raises(ValidationError) as exc:
        services.membership_invitation_accept(token=token, user=UserFactory())
    assert exc.value.code == "wrong_user"
    assert legal_rep.enterprise.memberships.count() == 1


def test_it_lets_only_the_legal_representative_invite_and_remove(legal_rep):
    delegate = MembershipFactory(enterprise=legal_rep.enterprise, role=MemberRole.DELEGATE)
    with pytest.raises(PermissionDenied):
        services.membership_invite(
            enterprise=legal_rep.enterprise,
            email="x@example.it",
            invited_by=delegate.user,
            site_url=SITE,
        )
    with pytest.raises(PermissionDenied):
        services.membership_remove(membership=delegate, removed_by=delegate.user)
    with pytest.raises(ValidationError):
        services.membership_remove(membership=legal_rep, removed_by=legal_rep.user)
    assert not mail.outbox

    services.membership_remove(membership=delegate, removed_by=legal_rep.user)
    assert list(legal_rep.enterprise.memberships.all()) == [legal_rep]


def test_it_does_not_invite_a_member_twice(legal_rep):
    with pytest.raises(ValidationError) as exc:
        _invite(legal_rep, legal_rep.user.email.upper())
    assert "email" in exc.value.message_dict


def test_it_refuses_expired_and_tampered_links(legal_rep):
    invitee = UserFactory(email="delega@example.it")
    with time_machine.travel(dt.datetime(2026, 1, 1, tzinfo=dt.UTC)):
        token = _invite(legal_rep)
    with time_machine.travel(dt.datetime(2026, 1, 14, 23, tzinfo=dt.UTC)):
        services.invitation_read(token=token)  # still valid on day 14
    with time_machine.travel(dt.datetime(2026, 1, 15, 1, tzinfo=dt.UTC)):
        with pytest.raises(ValidationError) as exc:
            services.membership_invitation_accept(token=token, user=invitee)
        assert exc.value.code == "expired"
    with pytest.raises(ValidationError) as exc:
        services.invitation_read(token=token[:-2] + "xx")
    assert exc.value.code == "invalid"


def test_it_voids_links_of_a_former_legal_representative(legal_rep):
    token = _invite(legal_rep)
    legal_rep.delete()
    with pytest.raises(ValidationError) as exc:
        services.invitation_read(token=token)
    assert exc.value.code == "lapsed"
