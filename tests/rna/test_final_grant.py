"""A final grant lower than the grant is a variation of the aid in the RNA."""

import pytest

from tests.factories import UserFactory
from tests.funding.aftercare_support import paid, reported
from trinno_portal.funding.dispatch import application_act
from trinno_portal.funding.models import DeMinimisEntry, LedgerSource
from trinno_portal.funding.workflow import Actor
from trinno_portal.rna.models import AidEvent, EventKind

pytestmark = pytest.mark.django_db


def test_a_lower_final_grant_is_sent_as_a_variation(catalogue_call, submit_catalogue):
    # One invoice paid before the application date does not count: the grant falls.
    application = reported(
        catalogue_call, submit_catalogue, paid("20000.00"), paid("90.00", days=-900)
    )
    application_act(
        application=application,
        transition="accept_final_report",
        by=UserFactory(is_staff=True),
        actor=Actor.STAFF,
    )
    application.refresh_from_db()
    assert application.final_grant < application.grant_amount
    variation = AidEvent.objects.get(grant_id=application.pk, kind=EventKind.VARIATION)
    assert variation.amount == application.final_grant
    ledger = DeMinimisEntry.objects.get(application=application, source=LedgerSource.PORTAL)
    assert ledger.amount == application.final_grant
