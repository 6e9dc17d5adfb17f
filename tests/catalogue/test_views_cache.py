"""The public catalogue pages served from the cache to anonymous visitors (issue 8)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import add_message, constants
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.cache import SessionStore
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import RequestFactory
from django.utils import timezone

from catalogue.editions.models import Edition
from catalogue.editions.services import PUBLIC_PAGES_CACHE, catalogue_fixtures_load, edition_publish
from trinno_portal.lib.cache import anonymous_page_cache, cache_version_bump

pytestmark = pytest.mark.django_db

PAGES = [
    "/catalogo/",
    "/catalogo/?q=digitale",
    "/catalogo/edizioni/",
    "/catalogo/edizioni/1/servizi/B.3.1/",
    "/catalogo/differenze/",
]


@pytest.fixture
def catalogue():
    catalogue_fixtures_load()


@pytest.mark.parametrize("url", PAGES)
def test_it_serves_the_second_anonymous_visit_without_a_query(
    client, catalogue, django_assert_num_queries, url
):
    first = client.get(url)
    assert first.status_code == 200
    with django_assert_num_queries(0):
        second = client.get(url)
    assert second.status_code == 200
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    # Middleware still answers for this request: no cookie handed over, the policy headers on.
    assert not second.cookies
    assert "script-src" in second["Content-Security-Policy"]


def test_it_shows_a_publication_at_once(client, catalogue, django_capture_on_commit_callbacks):
    before = client.get("/catalogo/").content.decode()
    assert "Edizione 1" in before
    assert "Digital temporary manager" not in before
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        edition_publish(
            edition=Edition.objects.get(number=2),
            act_number="77",
            act_date=today,
            valid_from=today,
        )
    html = client.get("/catalogo/").content.decode()
    assert "Edizione 2" in html
    assert "Digital temporary manager" in html  # edition 2 renamed B.3.1
    editions = client.get("/catalogo/edizioni/").content.decode()
    assert "edizione digitale" in editions


def test_it_renders_the_page_for_a_logged_in_user(client, applicant, catalogue):
    anonymous = client.get("/catalogo/").content.decode()
    assert "Accedi" in anonymous
    client.force_login(applicant)
    logged_in = client.get("/catalogo/")
    html = logged_in.content.decode()
    assert applicant.get_short_name() in html
    assert "Esci" in html and logged_in.context is not None  # rendered, not the copy
    client.logout()
    again = client.get("/catalogo/").content.decode()
    assert applicant.get_short_name() not in again
    assert "Esci" not in again


def test_it_does_not_cache_what_a_logged_in_user_sees(
    client, applicant, catalogue, django_assert_num_queries
):
    client.force_login(applicant)
    client.get("/catalogo/edizioni/")
    client.logout()
    html = client.get("/catalogo/edizioni/").content.decode()
    assert applicant.get_short_name() not in html
    assert "Accedi" in html


def test_it_caches_english_and_italian_apart(client, catalogue, django_assert_num_queries):
    italian = client.get("/catalogo/edizioni/1/servizi/C.2/").content.decode()
    english = client.get("/en/catalogo/edizioni/1/servizi/C.2/").content.decode()
    assert "International fairs and exhibitions" in english
    assert "International fairs and exhibitions" not in italian
    with django_assert_num_queries(0):
        assert client.get("/en/catalogo/edizioni/1/servizi/C.2/").content.decode() == english
        assert client.get("/catalogo/edizioni/1/servizi/C.2/").content.decode() == italian


def test_it_keys_on_the_whole_query_string(client, catalogue):
    assert "C.2" in client.get("/catalogo/?q=fiere").content.decode()
    other = client.get("/catalogo/?q=showrooms").content.decode()
    assert "C.3" in other and ">C.2<" not in other


def test_it_does_not_cache_an_error(client, catalogue, django_assert_num_queries):
    assert client.get("/catalogo/edizioni/1/servizi/Z.9/").status_code == 404
    with django_assert_num_queries(2):
        assert client.get("/catalogo/edizioni/1/servizi/Z.9/").status_code == 404


# --- The decorator on its own -------------------------------------------------------------


def _request(path: str = "/page/"):
    request = RequestFactory().get(path)
    request.user = AnonymousUser()
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def test_it_never_stores_a_page_that_carries_a_csrf_token():
    calls = []

    @anonymous_page_cache("test", seconds=60)
    def view(request):
        calls.append(1)
        return HttpResponse(f"<input name=csrfmiddlewaretoken value={get_token(request)}>")

    first, second = view(_request()), view(_request())
    assert len(calls) == 2
    assert first.content != second.content  # each visitor keeps a token of their own


def test_it_renders_the_page_for_a_visitor_with_a_message_waiting():
    @anonymous_page_cache("test", seconds=60)
    def view(request):
        return HttpResponse(" ".join(str(m) for m in request._messages))

    view(_request())  # cached: an empty page
    request = _request()
    add_message(request, constants.SUCCESS, "You have signed out.")
    assert view(request).content == b"You have signed out."
    assert view(_request()).content == b""


def test_it_forgets_every_page_when_the_version_moves():
    answers = iter(["old", "new"])

    @anonymous_page_cache("test", seconds=60)
    def view(request):
        return HttpResponse(next(answers))

    assert view(_request()).content == view(_request()).content == b"old"
    cache_version_bump("test")
    assert view(_request()).content == b"new"


def test_it_keeps_the_catalogue_when_another_version_moves(client, catalogue):
    client.get("/catalogo/")
    cache_version_bump("something-else")
    assert client.get("/catalogo/").context is None  # served from the cache
    cache_version_bump(PUBLIC_PAGES_CACHE)
    assert client.get("/catalogo/").context is not None  # rendered again
