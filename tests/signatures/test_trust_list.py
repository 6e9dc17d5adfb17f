"""The trust store loaded from an EU trusted list (ETSI TS 119 612)."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.signatures.pki import NOW
from tests.signatures.tsl import (
    LOTL_IT_LOCATION,
    italian_list,
    lotl,
    lotl_pointing_to,
    sign_list,
)
from trinno_portal.lib.signatures_tsl import TrustListError, parse_trust_list
from trinno_portal.signatures.models import TrustedCertificate, TrustListLoad
from trinno_portal.signatures.selectors import trust_input
from trinno_portal.signatures.services import trust_list_load


def _services(pki):
    return [
        ("CA/QC", "granted", "Test Qualified CA", pki.root.cert_der),
        ("TSA/QTST", "granted", "Test TSA", pki.tsa.cert_der),
        ("CA/QC", "withdrawn", "Old CA", pki.rogue_root.cert_der),
        ("CA/PKC", "granted", "Non-qualified CA", pki.ca.cert_der),
    ]


def test_it_reads_the_granted_qualified_services(pki):
    parsed = parse_trust_list(italian_list(_services(pki)))
    assert parsed.territory == "IT" and parsed.sequence_number == 170
    assert parsed.issued_at.isoformat() == "2026-05-20T00:00:00+00:00"
    assert [(s.name, s.service_type.rsplit("/", 2)[-2:]) for s in parsed.services] == [
        ("Test Qualified CA", ["CA", "QC"]),
        ("Test TSA", ["TSA", "QTST"]),
    ]
    assert parsed.services[0].certificates == (pki.root.cert_der,)
    assert parsed.services[0].provider == "Test Trust Services S.p.A."


def test_it_follows_the_lotl_to_italy():
    parsed = parse_trust_list(lotl())
    assert parsed.is_lotl
    assert parsed.pointer_for("it").location == LOTL_IT_LOCATION


@pytest.mark.parametrize(
    "data",
    [b"not xml", b"<x/>", b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>'],
)
def test_it_refuses_what_is_not_a_trusted_list(data):
    with pytest.raises(TrustListError):
        parse_trust_list(data)


def _load_italian(pki, services, **kwargs):
    # Italy's list given directly, signed by the certificate the caller pins for it.
    return trust_list_load(
        data=sign_list(italian_list(services, **kwargs), pki.ca),
        source="TSL-IT.xml",
        now=NOW,
        signers=(pki.ca.cert_der,),
    )


@pytest.mark.django_db
def test_a_new_list_replaces_the_old_one(pki):
    _load_italian(pki, _services(pki))
    assert TrustedCertificate.objects.filter(active=True).count() == 2
    # The next list drops the TSA: it is no longer trusted, the CA still is.
    _load_italian(pki, [_services(pki)[0]], sequence=171)
    active = TrustedCertificate.objects.filter(active=True)
    assert [c.service_name for c in active] == ["Test Qualified CA"]
    assert trust_input().anchors == (pki.root.cert_der,)
    assert TrustListLoad.objects.latest("loaded_at").certificates == 1


@pytest.mark.django_db
def test_the_command_loads_the_lotl_and_the_italian_list_from_files(pki, tmp_path, settings):
    # The LOTL signed by the Official Journal's certificate (pinned in the settings), and
    # Italy's list by the certificate the LOTL's pointer names.
    (tmp_path / "oj.pem").write_bytes(pki.root.cert_pem)
    settings.TRUST_LIST_LOTL_SIGNERS = str(tmp_path / "oj.pem")
    (tmp_path / "eu-lotl.xml").write_bytes(sign_list(lotl_pointing_to(pki.ca.cert_der), pki.root))
    (tmp_path / "TSL-IT.xml").write_bytes(sign_list(italian_list(_services(pki)), pki.ca))
    out = StringIO()
    call_command(
        "trust_list_refresh",
        str(tmp_path / "eu-lotl.xml"),
        "--lists-dir",
        str(tmp_path),
        stdout=out,
    )
    assert "IT list #170 issued 2026-05-20: 2 trusted certificates" in out.getvalue()
    assert TrustListLoad.objects.get().source == LOTL_IT_LOCATION
    assert trust_input().trust_list_date is not None


@pytest.mark.django_db
def test_the_command_says_what_is_wrong_with_a_bad_file(pki, tmp_path):
    (tmp_path / "bad.xml").write_bytes(b"<nope/>")
    with pytest.raises(CommandError, match="TrustServiceStatusList"):
        call_command("trust_list_refresh", str(tmp_path / "bad.xml"))
    (tmp_path / "oj.pem").write_bytes(pki.root.cert_pem)
    with pytest.raises(CommandError, match="non rimanda a DE"):
        (tmp_path / "eu-lotl.xml").write_bytes(sign_list(lotl(), pki.root))
        call_command(
            "trust_list_refresh",
            str(tmp_path / "eu-lotl.xml"),
            "--signers",
            str(tmp_path / "oj.pem"),
            "--territory",
            "DE",
            "--lists-dir",
            str(tmp_path),
        )
