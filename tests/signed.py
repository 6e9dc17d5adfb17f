"""A signed document as an accepted upload leaves it (the document and its valid
verification report), for the tests of what comes after: the submission, the letter's
acceptance, the final report. The verification itself is tested in tests/signatures, and
the browser tests sign for real with the demo key."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from trinno_portal.funding.models import Application, Document
from trinno_portal.signatures.application_form import (
    APPLICATION_FORM_KIND,
    application_form_reference,
)
from trinno_portal.signatures.models import SignatureVerification

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def signed_document_attach(application: Application, kind: str) -> Document:
    """Attach a document of `kind` that passed verification; the application form is
    signed at the draft's present version."""
    application = Application.objects.get(pk=application.pk)
    document = Document.objects.create(
        application=application,
        kind=kind,
        file=SimpleUploadedFile(f"{kind}.pdf", PDF),
        original_name=f"{kind}.pdf",
        content_type="application/pdf",
        size=len(PDF),
        sha256="0" * 64,
        uploaded_by=application.created_by,
    )
    SignatureVerification.objects.create(
        document=document,
        valid=True,
        revocation_checked=True,
        signer_name="Test Legale Rappresentante",
        verified_at=timezone.now(),
        signed_reference=(
            application_form_reference(application) if kind == APPLICATION_FORM_KIND else ""
        ),
    )
    return document


def application_form_sign(application: Application) -> Application:
    """The draft with its form signed as it is now (where its call asks for it)."""
    from trinno_portal.signatures.application_form import application_form_required

    if application_form_required(application):
        signed_document_attach(application, APPLICATION_FORM_KIND)
    application.refresh_from_db()
    return application


def demo_signed_upload(pdf: bytes, name: str = "firmato.pdf") -> dict:
    """A PDF signed with the embedded default's demo key (demo_pki_ensure first), as a
    browser test hands it to a file input."""
    from trinno_portal.lib.signatures_pki import sign_pades
    from trinno_portal.signatures.demo import demo_chain

    signer, chain = demo_chain()
    signed = sign_pades(pdf, signer=signer, chain=chain)
    return {"name": name, "mimeType": "application/pdf", "buffer": signed}
