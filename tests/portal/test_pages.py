import pytest
from django.test import override_settings
from django.urls import path

from trinno_portal import urls as portal_urls


@pytest.mark.django_db
def test_it_serves_the_home_page_in_italian_by_default(client):
    response = client.get("/")
    assert response.status_code == 200
    assert response.headers["Content-Language"] == "it"
    body = response.content.decode()
    assert '<html lang="it">' in body
    assert "Voucher formativi FSE per Industria 4.0" in body
    assert "Vai al contenuto principale" in body


@pytest.mark.django_db
def test_it_serves_the_home_page_in_english_under_en(client):
    response = client.get("/en/")
    assert response.status_code == 200
    body = response.content.decode()
    assert '<html lang="en">' in body
    assert "ESF training vouchers for Industry 4.0" in body
    assert 'href="/" lang="it"' in body  # the switch back to Italian


@pytest.mark.django_db
def test_it_answers_404_with_the_portal_page(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Pagina non trovata" in response.content.decode()


def _boom(request):
    raise RuntimeError("simulated failure")


urlpatterns = [path("boom/", _boom), *portal_urls.urlpatterns]


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_it_answers_500_with_a_page_that_needs_nothing(client):
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    assert "Si è verificato un errore" in response.content.decode()


@pytest.mark.django_db
def test_it_answers_the_health_check(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.content == b"ok"


@pytest.mark.django_db
def test_it_serves_login_and_signup_in_the_portal_layout(client):
    for url in ("/accounts/login/", "/accounts/signup/", "/en/accounts/login/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert 'id="main-content"' in response.content.decode()
