"""The PEC account: a second e-mail connection, never the default one (the portal's
ordinary mail goes through EMAIL_URL). Its SMTP settings come from PEC_EMAIL_URL, its
receipts mailbox from PEC_IMAP_URL (settings.py)."""

from __future__ import annotations

import imaplib
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.mail import get_connection


def pec_connection():
    config = settings.PEC_EMAIL
    return get_connection(
        backend=config["EMAIL_BACKEND"],
        host=config.get("EMAIL_HOST"),
        port=config.get("EMAIL_PORT"),
        username=config.get("EMAIL_HOST_USER"),
        password=config.get("EMAIL_HOST_PASSWORD"),
        use_tls=config.get("EMAIL_USE_TLS", False),
        use_ssl=config.get("EMAIL_USE_SSL", False),
        timeout=config.get("EMAIL_TIMEOUT", 30),
    )


def imap_mailbox() -> tuple[imaplib.IMAP4, str] | None:
    """The receipts mailbox, logged in and its folder name; None if not configured."""
    url = settings.PEC_IMAP_URL
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme not in ("imap", "imaps"):
        raise ValueError("PEC_IMAP_URL must be imap:// or imaps://")
    cls = imaplib.IMAP4_SSL if parts.scheme == "imaps" else imaplib.IMAP4
    port = parts.port or (993 if parts.scheme == "imaps" else 143)
    client = cls(parts.hostname, port, timeout=30)
    client.login(unquote(parts.username or ""), unquote(parts.password or ""))
    return client, (parts.path.lstrip("/") or "INBOX")
