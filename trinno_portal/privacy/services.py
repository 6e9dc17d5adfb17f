"""Exports and erasure of personal data (GDPR arts. 15, 17 and 20).

Erasure is anonymisation, not deletion: the records of public funding must be kept
(Reg. (EU) 2021/1060 art. 82; GDPR art. 17(3)(b)), and the monitoring indicators count
and sum applications by province, status and date. So every identifying field is
overwritten, while amounts, province, size class, status, dates and protocol numbers
stay, and the aggregate figures are the same after an erasure as before.
"""

import datetime as dt
import json
from typing import Any

from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from trinno_portal.accounts.models import Enterprise, Person, User
from trinno_portal.funding.models import Application, Document

ERASED_DOMAIN = "erased.invalid"
# Fields of every row that hold no personal data but only internals.
_SKIP_FIELDS = {"password"}


def _rows(queryset: models.QuerySet) -> list[dict[str, Any]]:
    out = []
    for item in serializers.serialize("python", queryset):
        fields = {k: v for k, v in item["fields"].items() if k not in _SKIP_FIELDS}
        out.append({"model": item["model"], "pk": item["pk"], **fields})
    return out


def _related_rows(instance: models.Model, *, exclude: set[str] = frozenset()) -> dict:
    """Every row that points at `instance`, by model label: picks up the models that
    scheme apps add later without a change here."""
    found: dict[str, list] = {}
    for rel in instance._meta.related_objects:
        label = rel.related_model._meta.label
        if label in exclude or rel.many_to_many:
            continue
        qs = rel.related_model._default_manager.filter(**{rel.field.name: instance})
        rows = _rows(qs)
        if rows:
            found.setdefault(label, []).extend(rows)
    return found


def _applications(queryset: models.QuerySet) -> list[dict[str, Any]]:
    result = []
    for application in queryset.order_by("pk"):
        (row,) = _rows(Application.objects.filter(pk=application.pk))
        row["related"] = _related_rows(application, exclude={"funding.BudgetCommitment"})
        result.append(row)
    return result


def _user_rows(user: User) -> dict[str, Any]:
    return {
        "email": user.email,
        "full_name": user.full_name,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "email_addresses": list(user.emailaddress_set.values("email", "verified", "primary")),
        "two_factor": list(user.authenticator_set.values_list("type", flat=True)),
    }


def _envelope(subject: str, data: dict) -> dict[str, Any]:
    # Round-tripped through JSON so that what the service returns is what is downloaded.
    document = {"subject": subject, "exported_at": timezone.now(), **data}
    return json.loads(json.dumps(document, cls=DjangoJSONEncoder))


def person_data_export(*, user: User) -> dict[str, Any]:
    """Everything the portal holds about a person: account, profile, memberships and
    personal applications with every row attached to them."""
    person = Person.objects.filter(user=user).first()
    data: dict[str, Any] = {
        "account": _user_rows(user),
        "memberships": _rows(user.memberships.select_related("enterprise")),
        "person": _rows(Person.objects.filter(pk=person.pk)) if person else [],
        "applications": _applications(Application.objects.filter(person=person)) if person else [],
    }
    if person:
        data["related"] = _related_rows(person, exclude={"funding.Application"})
    return _envelope("person", data)


def enterprise_data_export(*, enterprise: Enterprise) -> dict[str, Any]:
    """Everything the portal holds about a company: profile, seats, links, members,
    self-assessments, de minimis ledger and applications with their rows."""
    data = {
        "enterprise": _rows(Enterprise.objects.filter(pk=enterprise.pk)),
        "members": list(
            enterprise.memberships.values("user__email", "user__full_name", "role", "created_at")
        ),
        "related": _related_rows(
            enterprise, exclude={"funding.Application", "accounts.Membership"}
        ),
        "applications": _applications(Application.objects.filter(enterprise=enterprise)),
    }
    return _envelope("enterprise", data)


def _erase_documents(applications: models.QuerySet) -> None:
    # The file is the personal data; name, size and hash stay as the record that a
    # document was filed, so the history still reads right.
    for document in Document.objects.filter(application__in=applications).exclude(file=""):
        document.file.delete(save=False)
        document.original_name = "erased.pdf"
        document.file = ""
        document.save(update_fields=["file", "original_name"])


def user_erase(*, user: User) -> None:
    """The account can no longer log in and says nothing about who held it."""
    user.email = f"erased-{user.pk}@{ERASED_DOMAIN}"
    user.full_name = ""
    user.is_active = False
    user.set_unusable_password()
    user.save(update_fields=["email", "full_name", "is_active", "password"])
    user.emailaddress_set.all().delete()
    user.authenticator_set.all().delete()


@transaction.atomic
def person_erase(*, person: Person) -> Person:
    """Anonymise a person and their account; their applications keep amounts, province,
    status and dates for the monitoring."""
    person.first_name = "Anonimo"
    person.last_name = f"#{person.pk}"
    # Codice fiscale is unique: a placeholder no real code can equal (16 characters).
    person.tax_code = f"ANON{person.pk:012d}"
    # The year of birth stays (age bands of the ESF indicators); the day goes.
    person.birth_date = dt.date(person.birth_date.year, 1, 1)
    person.residence_address = ""
    person.residence_municipality = ""
    person.declared_enterprise = ""
    person.professional_order = ""
    person.save()
    _erase_documents(Application.objects.filter(person=person))
    user_erase(user=person.user)
    return person


@transaction.atomic
def enterprise_erase(*, enterprise: Enterprise) -> Enterprise:
    """Anonymise a company: names, identifiers, addresses, PEC, links and members' access
    go; province, size class, ATECO and the applications' figures stay."""
    pk = enterprise.pk
    enterprise.legal_name = f"Impresa anonimizzata #{pk}"
    # Partita IVA is unique and 11 characters long; "X" keeps it from ever being valid.
    enterprise.vat_number = f"X{pk:010d}"
    enterprise.tax_code = enterprise.vat_number
    enterprise.pec = f"erased-enterprise-{pk}@{ERASED_DOMAIN}"
    enterprise.address = ""
    enterprise.municipality = ""
    enterprise.postal_code = ""
    enterprise.save()
    enterprise.local_units.update(address="", municipality="", postal_code="")
    enterprise.links.update(name="", vat_number="")
    enterprise.memberships.all().delete()
    Person.objects.filter(enterprise=enterprise).update(enterprise=None)
    _erase_documents(Application.objects.filter(enterprise=enterprise))
    return enterprise
