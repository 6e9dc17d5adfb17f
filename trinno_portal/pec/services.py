"""Writes of the PEC app: a notice sent to the enterprise's PEC address through the PEC
account, kept with its Message-ID and time; the provider's receipts read from the
receipts mailbox and attached to their notice."""

from __future__ import annotations

import email
import email.policy
import logging
from email.utils import make_msgid

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone

from trinno_portal.funding.models import Application
from trinno_portal.lib.email import render_templated_email
from trinno_portal.pec.connection import imap_mailbox, pec_connection
from trinno_portal.pec.kinds import NoticeKind, kind_for_transition, kind_named
from trinno_portal.pec.models import NoticeStatus, PecNotice, PecReceipt

log = logging.getLogger(__name__)

# X-Ricevuta values (DM 2 November 2005, technical rules of the PEC) and what they make
# of the notice. Others (presa-in-carico, preavviso-errore-consegna) are kept, no change.
RECEIPT_STATUS = {
    "accettazione": NoticeStatus.ACCEPTED,
    "avvenuta-consegna": NoticeStatus.DELIVERED,
    "non-accettazione": NoticeStatus.FAILED,
    "errore-consegna": NoticeStatus.NOT_DELIVERED,
}
# A later receipt never takes a notice back: delivered stays delivered.
_RANK = {
    NoticeStatus.SENT: 0,
    NoticeStatus.ACCEPTED: 1,
    NoticeStatus.FAILED: 2,
    NoticeStatus.NOT_DELIVERED: 2,
    NoticeStatus.DELIVERED: 3,
}


def pec_notice_queue(*, transition: str, subject: object) -> None:
    """For notifications.notifications_queue: the PEC of a transition that has one, for
    an enterprise's application, sent once the move commits."""
    kind = kind_for_transition(transition)
    if kind is None or not isinstance(subject, Application) or not subject.enterprise_id:
        return
    transaction.on_commit(lambda: _send_logged(subject, kind))


def pec_notice_queue_kind(
    *, application: Application, kind: str, context: dict | None = None
) -> None:
    """A notice a service sends itself (the revocation), once its transaction commits."""
    if application.enterprise_id:
        notice_kind = kind_named(kind)
        transaction.on_commit(lambda: _send_logged(application, notice_kind, context))


def _send_logged(application: Application, kind: NoticeKind, context: dict | None = None) -> None:
    try:
        pec_notice_send(application=application, kind=kind.code, context=context)
    except Exception:  # noqa: BLE001 - the move committed; the failure is on the notice
        log.exception("PEC %s of application %s failed", kind.code, application.pk)


def pec_notice_send(
    *, application: Application, kind: str, context: dict | None = None
) -> PecNotice:
    """Send one notice of `kind` (pec/kinds.py) to the enterprise's PEC address. The
    notice is recorded even when the server refuses it (status failed, with the error),
    so that staff see what did not leave."""
    notice_kind = kind_named(kind)
    enterprise = application.enterprise
    subject, text, html = render_templated_email(
        template_prefix=notice_kind.template_prefix,
        context={"application": application, "call": application.call, **(context or {})},
    )
    domain = settings.PEC_FROM_EMAIL.rpartition("@")[2] or None
    message_id = make_msgid(domain=domain)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.PEC_FROM_EMAIL,
        to=[enterprise.pec],
        headers={"Message-ID": message_id},
        connection=pec_connection(),
    )
    if html is not None:
        message.attach_alternative(html, "text/html")
    status, error = NoticeStatus.SENT, ""
    try:
        message.send()
    except Exception as exc:  # noqa: BLE001 - any refusal is recorded on the notice
        status, error = NoticeStatus.FAILED, f"{type(exc).__name__}: {exc}"
    notice = PecNotice.objects.create(
        application=application,
        kind=kind,
        recipient=enterprise.pec,
        subject=subject[:250],
        message_id=message_id,
        sent_at=timezone.now(),
        status=status,
        error=error,
    )
    return notice


def receipt_attach(*, raw: bytes) -> PecReceipt | None:
    """Attach one message of the receipts mailbox to its notice; None if it is not a
    receipt of ours (or already attached)."""
    message = email.message_from_bytes(raw, policy=email.policy.compat32)
    kind = (message.get("X-Ricevuta") or "").strip().lower()
    # Long headers arrive folded over lines: the identifiers without their whitespace.
    reference = "".join((message.get("X-Riferimento-Message-ID") or "").split())
    own_id = "".join((message.get("Message-ID") or "").split())
    if not kind or not reference or not own_id:
        return None
    notice = PecNotice.objects.filter(message_id=reference).first()
    if notice is None or PecReceipt.objects.filter(message_id=own_id).exists():
        return None
    with transaction.atomic():
        receipt = PecReceipt.objects.create(
            notice=notice, kind=kind, received_at=timezone.now(), message_id=own_id, raw=raw
        )
        status = RECEIPT_STATUS.get(kind)
        if status is not None and _RANK[status] > _RANK[NoticeStatus(notice.status)]:
            PecNotice.objects.filter(pk=notice.pk).update(status=status)
    return receipt


def receipts_fetch() -> int:
    """Read the unseen messages of the receipts mailbox (the beat job), attach each
    receipt and mark it seen; returns how many were attached."""
    opened = imap_mailbox()
    if opened is None:
        return 0
    client, folder = opened
    attached = 0
    try:
        client.select(folder)
        _status, data = client.search(None, "UNSEEN")
        for number in (data[0] or b"").split():
            _status, parts = client.fetch(number, "(RFC822)")
            raw = next((p[1] for p in parts if isinstance(p, tuple)), None)
            if raw is None:
                continue
            if receipt_attach(raw=raw) is not None:
                attached += 1
            client.store(number, "+FLAGS", "\\Seen")
    finally:
        try:
            client.logout()
        except Exception:  # noqa: BLE001 - the connection may already be gone
            log.debug("PEC mailbox logout failed", exc_info=True)
    return attached
