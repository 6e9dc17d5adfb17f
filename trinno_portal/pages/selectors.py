"""Reads of the accessibility and help pages: one query each for the single rows."""

from django.db.models import QuerySet

from .models import SINGLE_ROW, AccessibilityStatement, AgencyContacts, Faq


def accessibility_statement() -> AccessibilityStatement | None:
    return AccessibilityStatement.objects.filter(pk=SINGLE_ROW).first()


def agency_contacts() -> AgencyContacts | None:
    return AgencyContacts.objects.filter(pk=SINGLE_ROW).first()


def faqs_published() -> QuerySet[Faq]:
    return Faq.objects.filter(is_published=True).order_by("position", "pk")
