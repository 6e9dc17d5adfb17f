"""Security 4: response headers. The deploy check with production settings is
tests/portal/test_settings.py::test_it_passes_the_deploy_check_with_production_settings."""

import pytest
from django.core.checks import run_checks
from django.test import override_settings

from trinno_portal.security.middleware import csp_header


@pytest.mark.django_db
def test_it_sends_a_csp_without_inline_script(client):
    response = client.get("/")
    csp = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )
    assert csp["script-src"] == "'self'"
    assert "unsafe-inline" not in csp["script-src"] and "unsafe-eval" not in csp["script-src"]
    assert csp["default-src"] == "'self'"
    assert csp["frame-ancestors"] == "'none'"
    assert csp["object-src"] == "'none'"
    assert csp["base-uri"] == "'self'"
    assert csp["form-action"] == "'self'"
    assert csp["img-src"] == "'self' data:"


@pytest.mark.django_db
def test_it_sends_the_other_security_headers(client):
    response = client.get("/")
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


@pytest.mark.django_db
@override_settings(SECURE_HSTS_SECONDS=31536000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True)
def test_it_sends_hsts_over_https(client):
    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


@pytest.mark.django_db
def test_it_sends_the_headers_on_errors_and_on_the_admin_too(client):
    assert "Content-Security-Policy" in client.get("/no-such-page/")
    assert "Content-Security-Policy" in client.get("/admin/login/")


def test_it_warns_when_the_policy_allows_inline_script(settings):
    settings.CONTENT_SECURITY_POLICY = {
        **settings.CONTENT_SECURITY_POLICY,
        "script-src": "'self' 'unsafe-inline'",
    }
    ids = {m.id for m in run_checks(include_deployment_checks=True, tags=["security"])}
    assert "trinno.W003" in ids


def test_it_warns_in_production_without_mfa_for_staff(settings):
    settings.DEBUG = False
    settings.MFA_REQUIRED_FOR_STAFF = False
    ids = {m.id for m in run_checks(include_deployment_checks=True, tags=["security"])}
    assert "trinno.W004" in ids


def test_it_writes_the_policy_as_one_header():
    assert csp_header({"a": "'self'", "b": "'none'"}) == "a 'self'; b 'none'"


def test_no_template_has_inline_script():
    """Inline script would be blocked by the policy: none may be written."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "templates"
    offenders = []
    for path in root.rglob("*.html"):
        text = path.read_text()
        for tag in re.findall(r"<script\b[^>]*>", text):
            if "src=" not in tag and "application/json" not in tag:
                offenders.append(f"{path}: {tag}")
        if re.search(r"\son[a-z]+=\"", text):
            offenders.append(f"{path}: inline event handler")
    assert not offenders, offenders
