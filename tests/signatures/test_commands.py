"""manage.py verify_signature and sign_demo."""

import json
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command

from tests.signatures.pki import LEGAL_REP_CF, NOW, blank_pdf
from trinno_portal.lib.signatures_pki import sign_cades, sign_pades

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _at_now():
    with time_machine.travel(NOW, tick=True):
        yield


@pytest.fixture
def files(pki, tmp_path):
    (tmp_path / "root.pem").write_bytes(pki.root.cert_pem)
    (tmp_path / "ca.crl").write_bytes(pki.crl)
    (tmp_path / "root.crl").write_bytes(pki.root_crl)
    return tmp_path


def _run(*args):
    out = StringIO()
    try:
        call_command("verify_signature", *map(str, args), stdout=out)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    return code, json.loads(out.getvalue())


def test_it_prints_the_report_and_exits_0_for_a_valid_signature(pki, files):
    signed = files / "domanda.pdf.p7m"
    signed.write_bytes(sign_cades(b"%PDF-1.7 x", signer=pki.signer, chain=pki.chain))
    code, report = _run(
        signed,
        "--trust-store",
        files / "root.pem",
        "--crl",
        files / "ca.crl",
        "--crl",
        files / "root.crl",
    )
    assert code == 0
    assert report["valid"] and report["revocation_checked"]
    assert report["signatures"][0]["signer_tax_code"] == LEGAL_REP_CF


def test_it_exits_1_and_says_so_when_revocation_could_not_be_checked(pki, files):
    signed = files / "domanda.pdf"
    signed.write_bytes(sign_pades(blank_pdf(), signer=pki.signer, chain=pki.chain))
    code, report = _run(signed, "--trust-store", files)
    assert code == 1
    assert report["valid"] and not report["revocation_checked"]


def test_it_exits_1_for_a_revoked_certificate(pki, files):
    signed = files / "revoked.p7m"
    signed.write_bytes(sign_cades(b"x", signer=pki.revoked, chain=pki.chain))
    code, report = _run(
        signed,
        "--trust-store",
        files / "root.pem",
        "--crl",
        files / "ca.crl",
        "--crl",
        files / "root.crl",
    )
    assert code == 1
    assert report["failed_checks"] == ["revocation"]


def test_it_uses_the_portal_trust_store_by_default(pki, files):
    signed = files / "x.p7m"
    signed.write_bytes(sign_cades(b"x", signer=pki.signer, chain=pki.chain))
    code, report = _run(signed)  # nothing trusted in an empty portal
    assert code == 1
    assert "chain" in report["failed_checks"]


def test_it_refuses_missing_files(files):
    with pytest.raises(CommandError):
        call_command("verify_signature", str(files / "missing.p7m"))
    (files / "x.p7m").write_bytes(b"x")
    with pytest.raises(CommandError, match="not a CRL"):
        call_command("verify_signature", str(files / "x.p7m"), "--crl", str(files / "root.pem"))


def test_sign_demo_signs_a_pdf_that_the_portal_accepts(tmp_path, settings):
    settings.SIGNATURE_DEMO_DIR = tmp_path / "demo"
    settings.DEMO_MODE = True
    from trinno_portal.signatures.demo import DEMO_TAX_CODE, demo_pki_ensure

    demo_pki_ensure()
    assert oct((tmp_path / "demo" / "signer-key.pem").stat().st_mode)[-3:] == "600"
    pdf = tmp_path / "domanda.pdf"
    pdf.write_bytes(blank_pdf())
    call_command("sign_demo", str(pdf), stdout=StringIO())
    code, report = _run(tmp_path / "domanda-signed.pdf")
    assert code == 0, report
    assert report["signatures"][0]["signer_tax_code"] == DEMO_TAX_CODE

    # Outside the embedded default the demo CA is not trusted, whatever the table holds.
    settings.DEMO_MODE = False
    code, report = _run(tmp_path / "domanda-signed.pdf")
    assert code == 1 and "chain" in report["failed_checks"]
    with pytest.raises(CommandError, match="DEMO_MODE"):
        call_command("sign_demo", str(pdf))
