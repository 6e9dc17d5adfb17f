"""An innovation-services operation in progress with its CUP, and a claim's parts."""

import datetime as dt
from decimal import Decimal

from django.contrib.auth.models import Group
from django.utils import timezone

from trinno_portal.accounts.roles import Role
from trinno_portal.funding.payments import rules, services

from ..factories import UserFactory
from ..funding.aftercare_support import document, in_progress

CUP = "J11B25000120007"
PROVIDER_VAT = "00743110157"  # the provider declared with the application


def operation(call, submit_catalogue, **rules_payments):
    if rules_payments:
        call.rules = {**call.rules, "payments": rules_payments}
        call.save(update_fields=["rules"])
    application = in_progress(call, submit_catalogue)
    services.cup_assign(application=application, cup=CUP, by=None)
    return application


def line(amount="10000.00", *, days=1, vat=PROVIDER_VAT, cup=CUP, reference="TRN-1"):
    on = timezone.localdate() + dt.timedelta(days=days)
    return rules.CostLine(
        "1/2026",
        on,
        "Digital Innovation Hub Toscana",
        vat,
        Decimal(amount),
        Decimal(amount) * Decimal("0.22"),
        cup,
        on,
        reference,
    )


def claim(application, kind="balance", lines=None, requested="10000.00"):
    docs = [
        document(application, k)
        for k in (
            services.INVOICE,
            services.PAYMENT_PROOF,
            services.DELIVERABLE,
            services.GUARANTEE,
        )
    ]
    return services.claim_submit(
        application=application,
        by=application.created_by,
        kind=kind,
        lines=[line()] if lines is None else lines,
        documents=docs,
        requested=Decimal(requested),
    )


def _in(role):
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get_or_create(name=role)[0])
    return user


def officer():
    return _in(Role.AGENCY_STAFF)


def controller():
    return _in(Role.CONTROL)


def accept_all(claim_):
    return {x.pk: (x.proposed, "") for x in claim_.lines.all()}
