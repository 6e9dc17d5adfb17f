"""The back office: import with a preview, draft, publish, export; published editions
are read-only."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from catalogue.editions.models import Edition, EditionState, Service
from catalogue.editions.services import catalogue_fixtures_load
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

GOOD = (
    "code,name,name_en,min_cost,max_cost,intensity_micro,intensity_small,intensity_medium\n"
    "A.1,Audit,Audit,5000,20000,60,50,40\n"
    "C.2,Fiere,Fairs,15000,100000,50,40,30\n"
)


@pytest.fixture
def staff(client, staff_user):
    client.login(email=staff_user.email, password=PASSWORD)
    return client


def _upload(staff, content: str, name: str = "catalogo.csv"):
    return staff.post(
        reverse("admin:catalogue_edition_import"),
        {
            "file": SimpleUploadedFile(name, content.encode()),
            "title": "Catalogo importato",
            "title_en": "Imported catalogue",
        },
    )


@pytest.fixture(autouse=True)
def _no_catalogue_yet(staff):
    # The roles fixture loads every reference fixture, the catalogue included: these tests
    # start from an empty catalogue (the tests that need the fixtures load them again).
    Service.objects.all().delete()
    Edition.objects.update(based_on=None)
    Edition.objects.all().delete()


def test_it_imports_an_edition_only_after_the_preview_is_confirmed(staff):
    response = _upload(staff, GOOD)
    assert response.status_code == 200
    assert response.context["preview"].ok
    assert not Edition.objects.exists()
    token = response.context["token"]
    response = staff.post(
        reverse("admin:catalogue_edition_import"), {"token": token, "confirm": "1"}
    )
    edition = Edition.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:catalogue_edition_change", args=[edition.pk])
    assert (edition.state, edition.title) == (EditionState.DRAFT, "Catalogo importato")
    assert list(edition.services.values_list("code", flat=True)) == ["A.1", "C.2"]
    # The same preview cannot be imported twice.
    staff.post(reverse("admin:catalogue_edition_import"), {"token": token, "confirm": "1"})
    assert Edition.objects.count() == 1


def test_it_shows_row_errors_and_saves_nothing(staff):
    response = _upload(
        staff, GOOD + "A.3,Troppo,Too much,1,2,120,50,40\nA.1,Doppio,Dup,1,2,1,1,1\n"
    )
    html = response.content.decode()
    assert "non è stato salvato nulla" in html
    assert "tra 0 e 100" in html
    assert "compare più di una volta" in html
    assert response.context["token"] is None
    assert not Edition.objects.exists() and not Service.objects.exists()
    # What was typed is kept.
    assert 'value="Catalogo importato"' in html


def test_it_refuses_a_malformed_file_with_a_clear_message(staff):
    response = _upload(staff, "PK\x03\x04 broken", name="catalogo.xlsx")
    assert "Impossibile leggere il file" in response.content.decode()
    response = _upload(staff, GOOD, name="catalogo.pdf")
    assert "Carica un file .xlsx o .csv" in response.content.decode()
    assert not Edition.objects.exists()


def test_it_drafts_changes_and_publishes_through_the_admin(staff):
    catalogue_fixtures_load()
    decree = Edition.objects.get(number=1)
    response = staff.post(
        reverse("admin:catalogue_edition_draft", args=[decree.pk]),
        {"title": "Nuova edizione", "title_en": "New edition"},
    )
    draft = Edition.objects.get(number=3)
    assert response["Location"] == reverse("admin:catalogue_edition_change", args=[draft.pk])
    service = draft.services.get(code="C.2")
    url = reverse("admin:catalogue_service_change", args=[service.pk])
    form = staff.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k != "edition"}
    data.update({"intensity_micro": "65", "source": "x", "illustrative": ""})
    data = {k: v for k, v in data.items() if v != ""}
    assert staff.post(url, data).status_code == 302
    service.refresh_from_db()
    assert str(service.intensity_micro) == "65.00"

    publish = reverse("admin:catalogue_edition_publish", args=[draft.pk])
    response = staff.post(
        publish,
        {
            "act_type": "resolution",
            "act_number": "12",
            "act_date": "2016-01-01",
            "valid_from": "2016-01-01",
        },
    )
    assert "successiva al 30/03/2016" in response.content.decode()
    response = staff.post(
        publish,
        {
            "act_type": "resolution",
            "act_number": "12",
            "act_date": "2019-12-02",
            "valid_from": "2020-01-01",
        },
    )
    assert response.status_code == 302
    decree.refresh_from_db()
    draft.refresh_from_db()
    assert (decree.state, decree.valid_until) == (EditionState.SUPERSEDED, dt.date(2019, 12, 31))
    assert draft.state == EditionState.PUBLISHED


def test_it_shows_published_editions_and_their_services_read_only(staff):
    catalogue_fixtures_load()
    decree = Edition.objects.get(number=1)
    service = decree.services.get(code="A.1")
    url = reverse("admin:catalogue_service_change", args=[service.pk])
    page = staff.get(url)
    assert page.status_code == 200
    assert not page.context["has_change_permission"]
    staff.post(url, {"code": "A.1", "name": "Cambiato", "name_en": "Changed"})
    service.refresh_from_db()
    assert service.name == "Audit e assessment del potenziale"
    edition_page = staff.get(reverse("admin:catalogue_edition_change", args=[decree.pk]))
    assert "non si modifica mai direttamente" in edition_page.content.decode()
    assert (
        staff.get(reverse("admin:catalogue_edition_publish", args=[decree.pk])).status_code == 302
    )


@pytest.mark.parametrize(("fmt", "content_type"), [("xlsx", "spreadsheetml"), ("csv", "text/csv")])
def test_it_exports_any_edition(staff, fmt, content_type):
    catalogue_fixtures_load()
    decree = Edition.objects.get(number=1)
    response = staff.get(reverse("admin:catalogue_edition_export", args=[decree.pk, fmt]))
    assert content_type in response["Content-Type"]
    assert f"catalogo-edizione-1.{fmt}" in response["Content-Disposition"]


def test_it_keeps_the_back_office_from_applicants(client, applicant):
    client.login(email=applicant.email, password=PASSWORD)
    response = client.get(reverse("admin:catalogue_edition_import"))
    assert response.status_code == 302
