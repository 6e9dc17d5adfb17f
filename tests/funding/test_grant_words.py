"""The words follow the status: an amount the eligibility job computed is "proposed"
until the approval concedes it, on the applicant's page of every scheme and in the
list of their applications (funding/workflow.py: grant_is_conceded)."""

import pytest
from django.urls import reverse

from tests.security.world import World
from trinno_portal.funding.approval import application_approve
from trinno_portal.funding.schemes import schemes
from trinno_portal.funding.workflow import COMMITTED_STATES, Status, grant_is_conceded

pytestmark = pytest.mark.django_db

GRANTED_WORDS = ("Contributo</dt>", "Voucher concesso")


def test_only_the_states_after_approval_concede():
    assert {s for s in Status.values if grant_is_conceded(s)} == set(COMMITTED_STATES)
    assert not grant_is_conceded(Status.ELIGIBLE)


@pytest.fixture
def world(django_capture_on_commit_callbacks):
    return World(django_capture_on_commit_callbacks)


def _applications(world):
    """An application of every scheme the portal has, with its owner."""
    made = {
        "audit": (world.audit_application, world.sme),
        "catalogue": (world.catalogue_application, world.sme),
        "voucher": (world.voucher_application, world.person_user),
    }
    assert set(made) == {scheme.code for scheme in schemes()}  # a new scheme joins here
    return made


def test_every_scheme_says_proposed_before_the_approval_and_granted_after(
    client, world, django_capture_on_commit_callbacks
):
    for code, (application, owner) in _applications(world).items():
        scheme = next(s for s in schemes() if s.code == code)
        client.force_login(owner)
        url = reverse(scheme.detail_url_name, args=[application.pk])
        if application.status != Status.APPROVED:
            assert application.grant_amount is not None, code  # the job proposed it
            html = client.get(url).content.decode()
            assert "proposto" in html, code
            assert not any(word in html for word in GRANTED_WORDS), code
            listing = client.get(reverse("funding:my_applications")).content.decode()
            assert "(proposto)" in listing, code
            with django_capture_on_commit_callbacks(execute=True):
                application_approve(application=application, by=world.staff)
        html = client.get(url).content.decode()
        assert any(word in html for word in GRANTED_WORDS), code
        assert "Contributo proposto" not in html and "Voucher proposto" not in html, code
