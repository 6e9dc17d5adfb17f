"""Templated e-mail: every message is a triplet of templates under templates/,
<prefix>_subject.txt, <prefix>_body.txt and (optionally) <prefix>_body.html, rendered in
the recipient's language."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import Context, TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.utils import translation

Attachment = tuple[str, bytes, str]  # (file name, content, MIME type)


def _render_text(template_name: str, context: Mapping[str, Any]) -> str:
    # Plain text is not HTML: "Rossi & Figli srl" must not arrive as "Rossi &amp; Figli srl".
    template = get_template(template_name)
    return template.template.render(Context(dict(context), autoescape=False))


def _render_html(template_name: str, context: Mapping[str, Any]) -> str | None:
    try:
        return render_to_string(template_name, dict(context))
    except TemplateDoesNotExist:
        return None


def render_templated_email(
    *, template_prefix: str, context: Mapping[str, Any], language: str = "it"
) -> tuple[str, str, str | None]:
    """(subject, text body, HTML body or None) of a template triplet, in `language`."""
    with translation.override(language):
        # A header cannot span lines: a line break in a subject would end it, or worse,
        # inject headers; templates may wrap freely.
        subject = " ".join(_render_text(f"{template_prefix}_subject.txt", context).split())
        text = _render_text(f"{template_prefix}_body.txt", context)
        html = _render_html(f"{template_prefix}_body.html", context)
    return subject, text, html


def send_templated_email(
    *,
    template_prefix: str,
    context: Mapping[str, Any],
    to: list[str],
    language: str = "it",
    attachments: Iterable[Attachment] = (),
) -> None:
    """Render a template triplet in `language` and send it to `to`.

    `template_prefix` is a template path without the suffix, e.g. "emails/notice".
    """
    subject, text, html = render_templated_email(
        template_prefix=template_prefix, context=context, language=language
    )
    message = EmailMultiAlternatives(
        subject=subject, body=text, from_email=settings.DEFAULT_FROM_EMAIL, to=list(to)
    )
    if html is not None:
        message.attach_alternative(html, "text/html")
    for name, content, mimetype in attachments:
        message.attach(name, content, mimetype)
    message.send()
