"""Uploads of the outreach: an event's materials are published to anyone, so they are
held to the rule of every document of the portal (trinno_portal/lib/files.py): a PDF by
its bytes, not active, within the size cap."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from trinno_portal.lib.files import (
    DocumentType,
    document_max_bytes,
    pdf_refusal,
    read_head_and_tail,
    sniff_document,
)


def validate_material(upload) -> None:
    if upload.size > document_max_bytes():
        raise ValidationError(
            _("The file is larger than %(mb)s MB."),
            code="too_large",
            params={"mb": document_max_bytes() // (1024 * 1024)},
        )
    head, tail = read_head_and_tail(upload)
    if sniff_document(head, tail) is not DocumentType.PDF or pdf_refusal(upload):
        raise ValidationError(
            _("Only a plain PDF can be published: this file is not one, or it holds scripts."),
            code="not_pdf",
        )
