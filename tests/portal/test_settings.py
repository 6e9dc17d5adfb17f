"""Settings come from the environment; production settings pass the deploy check."""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "p" * 30 + "-production-like-secret-for-tests-only",
    "ALLOWED_HOSTS": "portale.trinno.example",
    "CSRF_TRUSTED_ORIGINS": "https://portale.trinno.example",
    "DATABASE_URL": "sqlite:////tmp/trinno-deploy-check.sqlite3",
    # A production machine has AgID's registry loaded (spid_registry_load): written below.
    "SPID_IDP_REGISTRY_FILE": str(
        Path(tempfile.gettempdir()) / f"trinno-deploy-check-idp-registry-{os.getpid()}.xml"
    ),
}


@pytest.fixture(autouse=True, scope="module")
def _loaded_registry():
    """A registry as AgID publishes it: an identity provider with its signing certificate
    (a key made here), so that the SPID checks see what production has."""
    import base64
    import datetime as dt

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "idp.example.it")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=365))
        .sign(key, hashes.SHA256())
    )
    der = base64.b64encode(cert.public_bytes(serialization.Encoding.DER)).decode()
    Path(PRODUCTION_ENV["SPID_IDP_REGISTRY_FILE"]).write_text(
        '<md:EntitiesDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" '
        'xmlns:ds="http://www.w3.org/2000/09/xmldsig#">'
        '<md:EntityDescriptor entityID="https://idp.example.it">'
        '<md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">'
        '<md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>'
        f"{der}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>"
        '<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" '
        'Location="https://idp.example.it/sso"/>'
        "</md:IDPSSODescriptor></md:EntityDescriptor></md:EntitiesDescriptor>"
    )


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    # The browser tests' DJANGO_ALLOW_ASYNC_UNSAFE is for this test process only.
    dropped = {*PRODUCTION_ENV, "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in dropped}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_it_passes_the_deploy_check_with_production_settings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_deploy_check_warns_of_a_proxy_with_no_trusted_address():
    behind_a_proxy = {**PRODUCTION_ENV, "USE_X_FORWARDED_PROTO": "true"}
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=behind_a_proxy)
    assert result.returncode != 0 and "trinno.W006" in result.stderr + result.stdout
    trusted = {**behind_a_proxy, "TRUSTED_PROXIES": "10.0.0.0/8"}
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=trusted)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_example_environment_passes_the_deploy_check():
    # .env.example is what an installer copies: read as docker-compose would.
    example = {}
    for line in (ROOT / ".env.example").read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, _, value = line.partition("=")
            example[key.strip()] = value.split(" #")[0].strip()
    env = {
        **example,
        "DATABASE_URL": PRODUCTION_ENV["DATABASE_URL"],
        "SPID_IDP_REGISTRY_FILE": PRODUCTION_ENV["SPID_IDP_REGISTRY_FILE"],
    }
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr


def test_it_refuses_to_start_in_production_without_a_secret_key():
    env = {**PRODUCTION_ENV}
    env.pop("SECRET_KEY")
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_it_refuses_a_short_secret_key():
    result = _manage("check", env={**PRODUCTION_ENV, "SECRET_KEY": "short"})
    assert result.returncode != 0
    assert "at least 50 characters" in result.stderr


def test_it_fails_loudly_on_a_malformed_boolean():
    result = _manage("check", env={"DEBUG": "perhaps"})
    assert result.returncode != 0


def test_it_runs_on_the_embedded_default():
    # The test run itself uses the embedded default: no broker, eager tasks, Rome time.
    assert settings.TIME_ZONE == "Europe/Rome"
    assert settings.LANGUAGE_CODE == "it"
    assert [code for code, _ in settings.LANGUAGES] == ["it", "en"]
    if not os.environ.get("CELERY_BROKER_URL"):
        assert settings.CELERY_TASK_ALWAYS_EAGER
