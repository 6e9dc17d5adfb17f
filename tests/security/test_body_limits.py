"""Request bodies are refused over the page's limit before anything reads them
(security/limits.py; gunicorn and proxy limits: README)."""

import io

import pytest

from trinno_portal.security.limits import body_limit

MIB = 1024 * 1024


class CountingInput:
    """A wsgi.input that says how much of it was read."""

    def __init__(self, size: int, chunk: bytes = b"a") -> None:
        self.size = size
        self.read_bytes = 0

    def read(self, n: int = -1) -> bytes:
        left = self.size - self.read_bytes
        n = left if n is None or n < 0 else min(n, left)
        self.read_bytes += n
        return b"a" * n

    def readline(self, n: int = -1) -> bytes:
        return self.read(n)


@pytest.mark.django_db
def test_it_refuses_a_declared_200_mib_login_before_reading_it(client):
    body = CountingInput(200 * MIB)
    response = client.generic(
        "POST",
        "/accounts/login/",
        b"x",
        content_type="multipart/form-data; boundary=xyz",
        CONTENT_LENGTH=str(200 * MIB),
        **{"wsgi.input": body},
    )
    assert response.status_code == 413
    assert "troppo grande" in response.content.decode()
    assert body.read_bytes == 0


@pytest.mark.django_db
def test_it_stops_reading_a_chunked_body_at_the_limit(client, settings):
    body = CountingInput(50 * MIB)
    response = client.generic(
        "POST",
        "/accounts/login/",
        b"",
        CONTENT_TYPE="application/octet-stream",
        HTTP_TRANSFER_ENCODING="chunked",
        **{"wsgi.input": body},
    )
    assert response.status_code == 413
    assert body.read_bytes <= settings.REQUEST_BODY_MAX_BYTES + 1


@pytest.mark.django_db
def test_a_small_chunked_form_still_arrives(client, roles):
    form = b"login=nobody%40example.it&password=wrong-password-1"
    environ = {"wsgi.input": io.BytesIO(form)}
    response = client.generic(
        "POST",
        "/accounts/login/",
        b"",
        CONTENT_TYPE="application/x-www-form-urlencoded",
        HTTP_TRANSFER_ENCODING="chunked",
        **environ,
    )
    assert response.status_code == 200  # the form, with its error: the fields were read
    assert response.context["form"].data["login"] == "nobody@example.it"


def test_upload_pages_take_a_document_and_others_a_form(settings):
    assert body_limit("audits:application_step") == settings.DOCUMENT_MAX_BYTES + MIB
    assert body_limit("catalogue:call_step") > settings.DOCUMENT_MAX_BYTES
    assert body_limit("account_login") == settings.REQUEST_BODY_MAX_BYTES
    assert body_limit(None) == settings.REQUEST_BODY_MAX_BYTES


@pytest.mark.django_db
def test_an_upload_page_is_not_refused_for_a_document_sized_body(client, member):
    client.force_login(member.user)
    body = CountingInput(5 * MIB)
    response = client.generic(
        "POST",
        "/audit/domanda/999999/passo/documenti/",
        b"x",
        content_type="multipart/form-data; boundary=xyz",
        CONTENT_LENGTH=str(5 * MIB),
        **{"wsgi.input": body},
    )
    assert response.status_code != 413


def test_gunicorn_caps_request_lines_and_headers():
    from trinno_portal import gunicorn_conf

    assert gunicorn_conf.limit_request_line <= 8190
    assert gunicorn_conf.limit_request_fields <= 100
    assert gunicorn_conf.limit_request_field_size <= 8190
