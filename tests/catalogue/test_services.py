"""Writes on the catalogue: drafting, editing, publishing, and what they refuse."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from catalogue.editions.models import Edition, EditionState, Service
from catalogue.editions.selectors import edition_in_force, edition_records
from catalogue.editions.services import (
    EditionLocked,
    catalogue_fixtures_load,
    edition_delete,
    edition_draft_from,
    edition_import,
    edition_publish,
    edition_update,
    service_create,
    service_delete,
    service_update,
)

from .factories import PublishedEditionFactory, ServiceFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def published():
    edition = PublishedEditionFactory(number=1)
    ServiceFactory(edition=edition, code="B.3.1", name="Temporary manager")
    ServiceFactory(edition=edition, code="A.1", name="Audit")
    return edition


def test_it_drafts_a_new_edition_as_a_copy_of_the_published_one(published):
    draft = edition_draft_from(edition=published)
    assert draft.state == EditionState.DRAFT
    assert draft.number == 2
    assert draft.based_on == published
    assert edition_records(draft) == edition_records(published)
    assert draft.services.count() == 2


def test_it_refuses_to_change_a_published_edition_or_its_services(published):
    service = published.services.get(code="B.3.1")
    with pytest.raises(EditionLocked, match="cannot be changed"):
        service_update(service=service, name="Digital temporary manager")
    with pytest.raises(EditionLocked):
        service_create(edition=published, **_record("B.3.2"))
    with pytest.raises(EditionLocked):
        service_delete(service=service)
    with pytest.raises(EditionLocked):
        edition_update(edition=published, title="Altro")
    with pytest.raises(EditionLocked):
        edition_delete(edition=published)
    service.refresh_from_db()
    assert service.name == "Temporary manager"


def test_it_refuses_a_stale_draft_that_was_published_meanwhile(published):
    draft = edition_draft_from(edition=published)
    stale = Edition.objects.get(pk=draft.pk)
    edition_publish(
        edition=draft, act_number="99", act_date=dt.date(2019, 7, 1), valid_from=dt.date(2019, 7, 1)
    )
    with pytest.raises(EditionLocked):
        service_update(service=stale.services.first(), name="x")


def test_it_publishes_a_draft_and_supersedes_the_previous_edition_at_once(published):
    draft = edition_draft_from(edition=published)
    service_update(service=draft.services.get(code="B.3.1"), name="Digital temporary manager")
    edition_publish(
        edition=draft,
        act_number="1234",
        act_date=dt.date(2019, 9, 2),
        valid_from=dt.date(2019, 10, 1),
    )
    published.refresh_from_db()
    draft.refresh_from_db()
    assert draft.state == EditionState.PUBLISHED
    assert draft.published_at is not None
    assert published.state == EditionState.SUPERSEDED
    assert published.valid_until == dt.date(2019, 9, 30)
    # Calls point at the edition in force on their day.
    assert edition_in_force(dt.date(2019, 9, 30)) == published
    assert edition_in_force(dt.date(2019, 10, 1)) == draft
    with pytest.raises(Edition.DoesNotExist):
        edition_in_force(dt.date(2015, 1, 1))


def test_it_refuses_to_publish_without_act_validity_or_services(published):
    draft = edition_draft_from(edition=published)
    with pytest.raises(ValidationError) as excinfo:
        edition_publish(edition=draft)
    assert "number of the approving act" in str(excinfo.value)
    assert "valid" in str(excinfo.value)
    with pytest.raises(ValidationError, match="after 30/03/2016"):
        edition_publish(
            edition=draft,
            act_number="1",
            act_date=dt.date(2016, 1, 1),
            valid_from=dt.date(2016, 3, 1),
        )
    draft.refresh_from_db()
    assert draft.state == EditionState.DRAFT
    published.refresh_from_db()
    assert published.state == EditionState.PUBLISHED


def test_it_refuses_to_publish_twice(published):
    with pytest.raises(EditionLocked):
        edition_publish(edition=published)


def test_it_edits_a_draft_within_the_rules(published):
    draft = edition_draft_from(edition=published)
    service = draft.services.get(code="A.1")
    with pytest.raises(ValidationError, match="between 0 and 100"):
        service_update(service=service, intensity_micro=Decimal("101"))
    with pytest.raises(ValidationError, match="already has a service B.3.1"):
        service_update(service=service, code="B.3.1")
    service = service_update(service=service, code="A.10", intensity_micro=Decimal("70"))
    assert service.sort_key == "A.010"
    added = service_create(edition=draft, **_record("C.4"))
    assert added.area == "C"
    service_delete(service=draft.services.get(code="B.3.1"))
    assert sorted(draft.services.values_list("code", flat=True)) == ["A.10", "C.4"]


def test_it_imports_all_or_nothing(published):
    with pytest.raises(ValidationError, match="more than once"):
        edition_import(records=[_record("A.1"), _record("A.1")], title="x", title_en="x")
    with pytest.raises(ValidationError):
        edition_import(
            records=[_record("A.1"), {**_record("A.2"), "max_cost": "1"}], title="x", title_en="x"
        )
    assert Edition.objects.count() == 1
    edition = edition_import(records=[_record("A.1"), _record("A.2")], title="x", title_en="y")
    assert edition.state == EditionState.DRAFT
    assert edition.services.count() == 2


def test_it_loads_the_fixtures_once_with_the_activity_1_changes():
    catalogue_fixtures_load()
    assert catalogue_fixtures_load().endswith("new: none")
    decree = Edition.objects.get(number=1)
    digital = Edition.objects.get(number=2)
    assert (decree.state, decree.act_number, decree.act_date) == (
        EditionState.PUBLISHED,
        "1389",
        dt.date(2016, 3, 30),
    )
    assert digital.state == EditionState.DRAFT and digital.illustrative
    assert decree.services.count() == 40
    public = set(decree.services.filter(illustrative=False).values_list("code", flat=True))
    assert public == {"A.1", "A.2", "B.1.1", "B.1.2", "B.1.3", "B.1.4", "C.1", "C.2", "C.3", "C.4"}
    assert all(s.source for s in Service.objects.all())
    manager = digital.services.get(code="B.3.1")
    assert (manager.name, manager.is_digital) == ("Digital temporary manager", True)
    assert manager.intensity_micro > decree.services.get(code="B.3.1").intensity_micro
    assert not digital.services.filter(code="B.7.1").exists()


def _record(code: str) -> dict:
    return {
        "code": code,
        "name": f"Servizio {code}",
        "name_en": f"Service {code}",
        "min_cost": Decimal("1000"),
        "max_cost": Decimal("2000"),
        "intensity_micro": Decimal("50"),
        "intensity_small": Decimal("40"),
        "intensity_medium": Decimal("30"),
    }
