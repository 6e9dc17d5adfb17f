"""Fixtures of the innovation-services call: the call of fixtures/calls_catalogue.json,
the catalogue of fixtures/catalogue.json (edition 1 in force), and a filled draft."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from catalogue.call import services as services_call
from catalogue.editions.services import catalogue_fixtures_load
from tests.signed import application_form_sign
from trinno_portal.funding.fixtures import calls_fixtures_load
from trinno_portal.funding.models import Application, Call, Document
from trinno_portal.funding.submission import application_submit

from ..audits.conftest import MINIMAL_PDF

# B.2.4 (ERP, 15,000-100,000) is a digital service, A.2 (feasibility study, 5,000-20,000)
# is not; both give 50 % to a micro enterprise.
DEFAULT_SERVICES = (("B.2.4", Decimal("20000.00")), ("A.2", Decimal("10000.00")))


@pytest.fixture
def catalogue_call(db) -> Call:
    calls_fixtures_load()
    catalogue_fixtures_load()
    return Call.objects.get(code="servizi-innovazione-2018")


def start(call, membership) -> Application:
    return services_call.catalogue_application_start(
        call=call, enterprise=membership.enterprise, user=membership.user
    )


def _version(application) -> int:
    return Application.objects.get(pk=application.pk).version


def requested(services=DEFAULT_SERVICES) -> list[services_call.RequestedService]:
    return [
        services_call.RequestedService(
            code,
            "Digital Innovation Hub Toscana",
            "00743110157",
            "Qualified provider of the catalogue",
            cost,
        )
        for code, cost in services
    ]


def fill_draft(application, *, services=DEFAULT_SERVICES, quotes=True) -> Application:
    """Complete every step of a draft through the services, as the forms would."""
    services_call.catalogue_services_replace(
        application=application,
        version=_version(application),
        project_summary="ERP and a new product",
        requested=requested(services),
    )
    services_call.catalogue_de_minimis_replace(
        application=application, version=_version(application), declared=True, aid=[]
    )
    if quotes:
        for code, _cost in services:
            Document.objects.create(
                application=application,
                kind=services_call.quote_kind(code),
                file=SimpleUploadedFile("quote.pdf", MINIMAL_PDF),
                original_name=f"preventivo-{code}.pdf",
                content_type="application/pdf",
                size=len(MINIMAL_PDF),
                sha256="0" * 64,
                uploaded_by=application.created_by,
            )
    # The form the legal representative signs attests the draft as it is now.
    return application_form_sign(application)


@pytest.fixture
def submit_catalogue(django_capture_on_commit_callbacks):
    """Submit as the view does; the eligibility job and the e-mail run on commit."""

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
