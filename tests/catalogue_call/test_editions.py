"""Edition pinning: publishing a new catalogue edition leaves existing applications on
their own edition and services; new drafts get the new one."""

from decimal import Decimal

import pytest
from django.utils import timezone

from catalogue.call import services as services_call
from catalogue.call.models import ServiceRequest
from catalogue.editions import services as catalogue_services
from catalogue.editions.models import Edition, Service
from catalogue.editions.selectors import edition_in_force
from trinno_portal.funding.models import Application
from trinno_portal.funding.services import FundingError
from trinno_portal.funding.workflow import Status

from ..factories import MembershipFactory
from .conftest import fill_draft, requested, start

pytestmark = pytest.mark.django_db


def _publish_new_edition() -> Edition:
    """A new edition: B.2.4 at 60 % for micro enterprises, A.2 removed."""
    current = edition_in_force()
    draft = catalogue_services.edition_draft_from(edition=current)
    catalogue_services.service_update(
        service=draft.services.get(code="B.2.4"), intensity_micro=Decimal("60.00")
    )
    catalogue_services.service_delete(service=draft.services.get(code="A.2"))
    return catalogue_services.edition_publish(
        edition=draft,
        act_number="4242",
        act_date=timezone.localdate(),
        valid_from=timezone.localdate(),
    )


def test_it_leaves_a_submitted_application_on_its_own_edition(catalogue_call, submit_catalogue):
    m = MembershipFactory()
    old_edition = edition_in_force()
    application = submit_catalogue(fill_draft(start(catalogue_call, m)), m.user)
    before = {r.service_id: r.intensity for r in ServiceRequest.objects.all()}

    new_edition = _publish_new_edition()

    assert edition_in_force() == new_edition
    application = Application.objects.get(pk=application.pk)
    assert application.catalogue.edition == old_edition
    requests = list(
        ServiceRequest.objects.filter(application=application).select_related("service")
    )
    assert {r.service.edition_id for r in requests} == {old_edition.pk}
    assert {r.service_id: r.intensity for r in requests} == before
    # Its services are still the old edition's: A.2 exists there, B.2.4 still at 50 %.
    assert Service.objects.get(edition=old_edition, code="B.2.4").intensity_micro == 50
    assert application.grant_amount == Decimal("15000.00")


def test_it_gives_a_new_draft_the_new_edition(catalogue_call):
    new_edition = _publish_new_edition()
    m = MembershipFactory()
    application = fill_draft(start(catalogue_call, m), services=[("B.2.4", Decimal("20000.00"))])
    assert application.catalogue.edition == new_edition
    request = ServiceRequest.objects.select_related("service").get(application=application)
    assert request.service.edition == new_edition
    assert request.aid_amount == Decimal("12000.00")  # 60 % in the new edition


def test_it_asks_an_older_draft_to_choose_its_services_again(catalogue_call, submit_catalogue):
    m = MembershipFactory()
    application = fill_draft(start(catalogue_call, m))
    old_edition = application.catalogue.edition
    _publish_new_edition()

    # The draft keeps its edition until its services are saved again...
    application = Application.objects.get(pk=application.pk)
    assert application.catalogue.edition == old_edition
    problems = services_call.catalogue_application_problems(application)
    assert any("edizione" in p or "edition" in p for p in problems)
    with pytest.raises(FundingError):
        submit_catalogue(application, m.user)
    # ...and A.2, removed by the new edition, can no longer be chosen.
    with pytest.raises(FundingError):
        services_call.catalogue_services_replace(
            application=application,
            version=application.version,
            project_summary="x",
            requested=requested(),
        )
    assert Application.objects.get(pk=application.pk).catalogue.edition == old_edition
    services_call.catalogue_services_replace(
        application=application,
        version=Application.objects.get(pk=application.pk).version,
        project_summary="x",
        requested=requested([("B.2.4", Decimal("20000.00"))]),
    )
    application = Application.objects.get(pk=application.pk)
    assert application.catalogue.edition == edition_in_force()
    assert application.status == Status.DRAFT
