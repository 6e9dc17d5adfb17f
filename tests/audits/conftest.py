import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from audits.call import services
from tests.signed import application_form_sign
from trinno_portal.funding.fixtures import calls_fixtures_load
from trinno_portal.funding.models import Call, Document
from trinno_portal.funding.submission import application_submit

from ..factories import MembershipFactory

MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


@pytest.fixture
def audit_call(db) -> Call:
    calls_fixtures_load()
    return Call.objects.get(code="audit-industria-40")


@pytest.fixture
def member(db):
    """An SME's legal representative (a micro jewellery maker in Arezzo)."""
    return MembershipFactory()


def fill_draft(
    application, *, investment=Decimal("9000.00"), start=None, quote=True, signed_form=True
):
    """Complete every step of an audit draft through the services, as the form would; the
    application form signed last (tests/signed.py), unless `signed_form` is False."""
    start = start or timezone.localdate() + dt.timedelta(days=7)
    v = lambda: application.__class__.objects.get(pk=application.pk).version  # noqa: E731
    services.audit_project_update(
        application=application,
        version=v(),
        project_summary="Audit of the production line",
        planned_start=start,
        planned_end=start + dt.timedelta(days=150),
    )
    services.audit_provider_update(
        application=application,
        version=v(),
        provider_name="Digital Innovation Hub Toscana",
        provider_vat_number="00743110157",
        provider_requirements="Qualified provider of the catalogue, service A.1",
    )
    services.audit_costs_replace(
        application=application, version=v(), items=[("Audit Industria 4.0", investment)]
    )
    services.audit_de_minimis_replace(application=application, version=v(), declared=True, aid=[])
    # A serial is used once in the whole portal: one per draft.
    services.audit_stamp_update(
        application=application,
        version=v(),
        serial=f"{application.pk:014d}",
        issued_on=timezone.localdate(),
    )
    if quote:
        Document.objects.create(
            application=application,
            kind="quote",
            file=SimpleUploadedFile("quote.pdf", MINIMAL_PDF),
            original_name="quote.pdf",
            content_type="application/pdf",
            size=len(MINIMAL_PDF),
            sha256="0" * 64,
            uploaded_by=application.created_by,
        )
    # The form the legal representative signs attests the draft as it is now.
    if not signed_form:
        application.refresh_from_db()
        return application
    return application_form_sign(application)


@pytest.fixture
def submit(django_capture_on_commit_callbacks):
    """Submit as the view does; the eligibility job queued on commit runs (eagerly)."""

    def _submit(application, user, version=None):
        with django_capture_on_commit_callbacks(execute=True):
            application_submit(
                application=application,
                by=user,
                version=application.version if version is None else version,
            )
        application.refresh_from_db()
        return application

    return _submit
