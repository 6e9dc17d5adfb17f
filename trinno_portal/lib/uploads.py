"""File fields for files staff upload in the admin (event materials, report emblems).

The user's file name is not the stored name: a random one under the field's folder,
with the extension kept (the emblem's type is read from it), so that a name of 1,000
characters, a name with folders in it or two files called "logo.png" never fail the
form or overwrite each other. The form does not check the length of the name it is
given, which no longer matters (the stored name is always short).
"""

import uuid
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from trinno_portal.lib.files import (
    DocumentType,
    document_max_bytes,
    pdf_refusal,
    read_head_and_tail,
    sanitize_filename,
    sniff_document,
)


@deconstructible
class RandomName:
    """`upload_to` that stores `folder/<32 hex>.<ext>`, the extension taken from the
    user's name and cleaned."""

    def __init__(self, folder: str) -> None:
        self.folder = folder.rstrip("/")

    def __call__(self, instance: models.Model, filename: str) -> str:
        suffix = PurePosixPath(sanitize_filename(filename)).suffix.lower()[:8]
        return f"{self.folder}/{uuid.uuid4().hex}{suffix}"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RandomName) and other.folder == self.folder

    def __hash__(self) -> int:
        return hash(self.folder)


class UploadField(models.FileField):
    """A FileField stored under a random name (RandomName) whose form accepts a name of
    any length."""

    def __init__(self, *args, folder: str = "", **kwargs) -> None:
        if folder:
            kwargs["upload_to"] = RandomName(folder)
        kwargs.setdefault("max_length", 200)
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        field = super().formfield(**kwargs)
        field.max_length = None  # the stored name is RandomName's, never the user's
        return field


def validate_published_pdf(upload) -> None:
    """A file published to anyone (a call's text, an event's slides) is held to the rule
    of every document of the portal (lib/files.py): a PDF by its bytes, not active, within
    the size cap. The extension and the browser's Content-Type are the uploader's word."""
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
