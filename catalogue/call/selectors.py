"""Reads of the innovation-services call."""

from django.db.models import QuerySet
from django.utils import timezone

from catalogue.call.models import ServiceRequest
from catalogue.editions.models import Edition, Service
from trinno_portal.accounts.models import User
from trinno_portal.funding.models import Application, Call, Scheme


def catalogue_call_open() -> Call | None:
    """The innovation-services call open today (the portal runs one at a time)."""
    today = timezone.localdate()
    return (
        Call.objects.filter(scheme=Scheme.CATALOGUE, open_on__lte=today)
        .exclude(close_on__lt=today)
        .prefetch_related("envelopes")
        .order_by("-open_on")
        .first()
    )


def catalogue_applications_of(user: User) -> QuerySet[Application]:
    """The innovation-services applications of every enterprise the user acts for,
    newest first, with what the dashboard shows (a fixed number of queries)."""
    return (
        Application.objects.filter(scheme=Scheme.CATALOGUE, enterprise__memberships__user=user)
        .select_related("call", "enterprise", "catalogue__edition")
        .order_by("-created_at", "-id")
    )


def service_requests_of(application: Application) -> list[ServiceRequest]:
    return list(
        ServiceRequest.objects.filter(application=application)
        .select_related("service")
        .order_by("position", "id")
    )


def services_for_choice(edition: Edition) -> list[Service]:
    """The services an applicant can choose from, in catalogue order."""
    return list(
        Service.objects.filter(edition=edition)
        .only("code", "name", "name_en", "is_digital", "min_cost", "max_cost")
        .order_by("area", "sort_key")
    )


def receipt_context(application: Application) -> dict:
    """What the receipt of submission shows (PDF download and e-mail attachment)."""
    return {
        "application": application,
        "detail": application.catalogue,
        "requests": service_requests_of(application),
        "documents": list(application.documents.all()),
    }
