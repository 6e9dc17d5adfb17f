"""The public catalogue: browse, search, filter, a page per service, differences."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from pypdf import PdfReader

from catalogue.editions.models import EditionState
from catalogue.editions.services import PUBLIC_PAGES_CACHE, catalogue_fixtures_load
from trinno_portal.lib.cache import cache_version_bump

from .factories import EditionFactory, PublishedEditionFactory, ServiceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    catalogue_fixtures_load()


def _codes(response) -> list[str]:
    return [s.code for s in response.context["page"].services]


def test_it_lists_the_edition_in_force_by_area(client, catalogue):
    response = client.get(reverse("catalogue:list"))
    assert response.status_code == 200
    assert response.context["edition"].number == 1
    assert _codes(response)[:3] == ["A.1", "A.2", "A.3"]
    assert response.context["page"].has_next
    page2 = client.get(reverse("catalogue:list"), {"page": 2})
    assert len(_codes(response)) == len(_codes(page2)) == 20
    assert not set(_codes(response)) & set(_codes(page2))
    assert not page2.context["page"].has_next
    area_c = client.get(reverse("catalogue:list"), {"area": "C"})
    assert {c[0] for c in _codes(area_c)} == {"C"}
    assert 'href="?area=B"' in area_c.content.decode()


def test_it_searches_in_italian_and_english_and_filters(client, catalogue):
    it = client.get(reverse("catalogue:list"), {"q": "fiere"})
    assert _codes(it) == ["C.2"]
    en = client.get(reverse("catalogue:list"), {"q": "showrooms"})
    assert _codes(en) == ["C.3"]
    by_code = client.get(reverse("catalogue:list"), {"q": "B.1.3"})
    assert _codes(by_code) == ["B.1.3"]
    digital = client.get(reverse("catalogue:list"), {"digital": "1", "area": "B"})
    assert _codes(digital) == ["B.2.4", "B.4.3", "B.5.1", "B.5.2", "B.5.3", "B.5.4", "B.5.5"]
    micro = client.get(reverse("catalogue:list"), {"size": "micro", "area": "C"})
    assert "C.3" not in _codes(micro)  # offices abroad give micro enterprises no aid
    nothing = client.get(reverse("catalogue:list"), {"q": "zzzz"})
    assert "Nessun servizio corrisponde alla ricerca." in nothing.content.decode()


@pytest.mark.parametrize(
    ("typed", "found_in_text"),
    [
        ("brevetto", "brevett"),  # the catalogue says "brevetti"
        ("gestionale", "gestional"),  # it says "gestionali"
        ("Patents", "patent"),  # English, plural, capitalised
        ("Brevetti", "brevett"),
    ],
)
def test_it_finds_other_forms_of_the_word_typed_on_either_engine(
    client, catalogue, django_assert_max_num_queries, typed, found_in_text
):
    """The visitor types one form of a word, the services hold another: the search
    finds them on SQLite (lib/search.py's stems) and on PostgreSQL (full-text)."""
    from catalogue.editions.models import Service

    holding = {
        s.code
        for s in Service.objects.filter(edition__number=1)
        if found_in_text in f"{s.name} {s.name_en} {s.description} {s.description_en}".lower()
    }
    assert holding  # the fixtures hold the other form
    with django_assert_max_num_queries(12):
        response = client.get(reverse("catalogue:list"), {"q": typed})
    assert set(_codes(response)) >= holding
    assert (
        client.get(reverse("catalogue:list"), {"q": f"{typed} zzzz"}).context["page"].services == []
    )  # every word must match


def test_it_ignores_malformed_parameters_instead_of_failing(client, catalogue):
    response = client.get(reverse("catalogue:list"), {"size": "huge", "page": "x", "area": "Z"})
    assert response.status_code == 200


def test_it_shows_a_service_with_its_illustrative_badge_in_both_languages(client, catalogue):
    response = client.get(reverse("catalogue:service", kwargs={"number": 1, "code": "B.3.1"}))
    html = response.content.decode()
    assert "Temporary manager" in html
    assert "illustrativo" in html
    assert "decree 1389" not in html  # Italian page
    public = client.get(reverse("catalogue:service", kwargs={"number": 1, "code": "C.2"}))
    assert "illustrativo" not in public.content.decode().split("<main")[1].split("Fonte")[0]
    english = client.get("/en/catalogo/edizioni/1/servizi/C.2/")
    assert "International fairs and exhibitions" in english.content.decode()
    assert client.get("/catalogo/edizioni/1/servizi/Z.9/").status_code == 404


def test_it_hides_drafts_from_the_public_and_shows_them_to_staff(client, admin_client, catalogue):
    assert client.get(reverse("catalogue:edition", kwargs={"number": 2})).status_code == 404
    assert client.get("/catalogo/edizioni/2/servizi/B.3.1/").status_code == 404
    assert admin_client.get("/catalogo/edizioni/2/servizi/B.3.1/").status_code == 200
    response = client.get(reverse("catalogue:diff"), {"da": 1, "a": 2})
    assert response.status_code == 200
    assert response.context.get("diff") is None


def test_it_lists_the_differences_between_two_editions_field_by_field(admin_client, catalogue):
    response = admin_client.get(reverse("catalogue:diff"), {"da": 1, "a": 2})
    diff = response.context["diff"]
    assert [s["code"] for s in diff.removed] == ["B.2.2", "B.3.3", "B.4.1", "B.7.1"]
    assert [s["code"] for s in diff.added] == ["B.5.6", "B.5.7"]
    manager = next(c for c in diff.changed if c.code == "B.3.1")
    fields = {f.field: (f.old, f.new) for f in manager.fields}
    assert fields["name"] == ("Temporary manager", "Digital temporary manager")
    assert fields["is_digital"] == (False, True)
    html = response.content.decode()
    assert "Digital temporary manager" in html and "<del>Temporary manager</del>" in html


def test_it_prints_the_differences_to_pdf(admin_client, catalogue):
    response = admin_client.get(reverse("catalogue:diff_pdf"), {"da": 1, "a": 2})
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Digital temporary manager" in text
    assert "B.7.1" in text


def test_it_answers_a_pdf_without_editions_with_the_page_and_400(client, catalogue):
    response = client.get(reverse("catalogue:diff_pdf"), {"da": 1, "a": 99})
    assert response.status_code == 400


def _edition_with(n: int):
    edition = PublishedEditionFactory(valid_from=dt.date(2020, 1, 1))
    for i in range(n):
        ServiceFactory(edition=edition, code=f"B.{i // 9 + 1}.{i % 9 + 1}", is_digital=i % 2 == 0)
    return edition


@pytest.mark.parametrize(
    "params", [{}, {"q": "Servizio"}, {"digital": "1", "size": "small", "area": "B"}, {"page": "2"}]
)
def test_it_runs_a_constant_number_of_queries_whatever_the_number_of_services(
    client, django_assert_num_queries, params
):
    edition = _edition_with(3)
    url = reverse("catalogue:list")
    with django_assert_num_queries(2):
        client.get(url, params)
    edition.state = EditionState.SUPERSEDED
    edition.save()
    _edition_with(45)
    # Set up by hand, not published by the service: move the public pages' cache on as
    # the publication would, or the second request is served from it.
    cache_version_bump(PUBLIC_PAGES_CACHE)
    with django_assert_num_queries(2):
        response = client.get(url, params)
    assert response.status_code == 200


def test_it_runs_a_constant_number_of_queries_on_the_diff_and_editions_pages(
    client, django_assert_num_queries
):
    old = PublishedEditionFactory(state=EditionState.SUPERSEDED)
    new = PublishedEditionFactory(valid_from=dt.date(2020, 1, 1), based_on=old)
    for i in range(30):
        ServiceFactory(edition=old, code=f"A.{i + 1}")
        ServiceFactory(edition=new, code=f"A.{i + 2}", intensity_micro=Decimal("60"))
    EditionFactory.create_batch(5, state=EditionState.SUPERSEDED)
    with django_assert_num_queries(3):
        response = client.get(reverse("catalogue:diff"), {"da": old.number, "a": new.number})
    assert len(response.context["diff"].changed) == 29
    with django_assert_num_queries(1):
        client.get(reverse("catalogue:editions"))
