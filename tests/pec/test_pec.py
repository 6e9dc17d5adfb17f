"""Legal notices by PEC through the PEC account (a local SMTP server here), and the
provider's receipts read by IMAP (a local IMAP server here)."""

import email
from email.message import EmailMessage

import pytest
from django.core import mail

from tests.factories import MembershipFactory, UserFactory
from tests.pec.servers import ImapServer, SmtpServer
from tests.rna.test_services import _approve, _eligible
from trinno_portal.funding.dispatch import application_act
from trinno_portal.funding.workflow import Actor, Status
from trinno_portal.pec import services
from trinno_portal.pec.models import NoticeStatus, PecNotice
from trinno_portal.rna.selectors import grant_cor

pytestmark = pytest.mark.django_db


@pytest.fixture
def smtp(settings):
    with SmtpServer() as server:
        settings.PEC_EMAIL = {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": server.port,
        }
        settings.PEC_FROM_EMAIL = "protocollo@pec.arezzoinnovazione.example.it"
        yield server


def _receipt(notice: PecNotice, kind: str, n: int) -> bytes:
    message = EmailMessage()
    message["From"] = "posta-certificata@pec.provider.example.it"
    message["Subject"] = f"{kind.upper()}: {notice.subject}"
    message["Message-ID"] = f"<receipt-{n}@pec.provider.example.it>"
    message["X-Ricevuta"] = kind
    message["X-Riferimento-Message-ID"] = notice.message_id
    message.set_content("Ricevuta")
    return message.as_bytes()


def test_a_concession_goes_by_pec_with_its_cor(
    smtp, submit, audit_call, django_capture_on_commit_callbacks
):
    member = MembershipFactory(enterprise__pec="oreficeria@pec.example.it")
    application = _eligible(submit, audit_call, member)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        _approve(application)

    notice = PecNotice.objects.get(application=application)
    assert (notice.kind, notice.recipient, notice.status) == (
        "concession",
        "oreficeria@pec.example.it",
        NoticeStatus.SENT,
    )
    [(sender, recipients, data)] = smtp.messages
    sent = email.message_from_bytes(data)
    assert sender == "protocollo@pec.arezzoinnovazione.example.it"
    assert recipients == ["oreficeria@pec.example.it"]
    assert "".join(sent["Message-ID"].split()) == notice.message_id
    assert grant_cor(application) in sent.get_payload(decode=True).decode()
    # Not through the default connection: the ordinary mail never carries it.
    assert all("oreficeria@pec.example.it" not in m.to for m in mail.outbox)


def test_a_rejection_from_the_dispatcher_sends_its_notice(
    smtp, submit, audit_call, django_capture_on_commit_callbacks
):
    application = _eligible(submit, audit_call)
    with django_capture_on_commit_callbacks(execute=True):
        application_act(
            application=application,
            transition="reject",
            by=UserFactory(is_staff=True),
            actor=Actor.STAFF,
            reason="Spese non ammissibili",
        )
    assert PecNotice.objects.get(application=application).kind == "rejection"
    assert len(smtp.messages) == 1


def test_a_server_that_refuses_leaves_the_move_and_records_the_failure(
    settings, submit, audit_call, django_capture_on_commit_callbacks
):
    with SmtpServer() as closed:
        port = closed.port
    settings.PEC_EMAIL = {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": port,
        "EMAIL_TIMEOUT": 2,
    }
    application = _eligible(submit, audit_call)
    with django_capture_on_commit_callbacks(execute=True):
        _approve(application)
    application.refresh_from_db()
    assert application.status == Status.APPROVED
    notice = PecNotice.objects.get(application=application)
    assert notice.status == NoticeStatus.FAILED and notice.error


def test_the_receipts_are_read_by_imap_and_attached(
    smtp, settings, submit, audit_call, django_capture_on_commit_callbacks
):
    application = _eligible(submit, audit_call)
    with django_capture_on_commit_callbacks(execute=True):
        _approve(application)
    notice = PecNotice.objects.get(application=application)
    unrelated = EmailMessage()
    unrelated["Message-ID"] = "<newsletter@example.it>"
    unrelated.set_content("Newsletter")
    messages = [
        _receipt(notice, "accettazione", 1),
        unrelated.as_bytes(),
        _receipt(notice, "avvenuta-consegna", 2),
    ]
    with ImapServer(messages, user="ricevute", password="s3gret0") as imap:
        settings.PEC_IMAP_URL = f"imap://ricevute:s3gret0@127.0.0.1:{imap.port}/INBOX"
        assert services.receipts_fetch() == 2
        # Read once: the second run finds them seen.
        assert services.receipts_fetch() == 0
        assert imap.seen == {1, 2, 3}

    notice.refresh_from_db()
    assert notice.status == NoticeStatus.DELIVERED
    assert list(notice.receipts.values_list("kind", flat=True)) == [
        "accettazione",
        "avvenuta-consegna",
    ]


def test_a_late_acceptance_does_not_undo_the_delivery(
    smtp, submit, audit_call, django_capture_on_commit_callbacks
):
    application = _eligible(submit, audit_call)
    with django_capture_on_commit_callbacks(execute=True):
        _approve(application)
    notice = PecNotice.objects.get(application=application)
    services.receipt_attach(raw=_receipt(notice, "avvenuta-consegna", 1))
    services.receipt_attach(raw=_receipt(notice, "accettazione", 2))
    assert services.receipt_attach(raw=_receipt(notice, "accettazione", 2)) is None
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.DELIVERED
