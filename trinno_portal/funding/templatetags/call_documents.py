"""{% call_documents "audit" %}: the documents of the scheme's open calls (the call text,
its annexes, the FAQ, the forms), listed on the scheme's public call page. Read in the
template so that the three schemes' pages, each with its own view, show them alike."""

from django import template
from django.utils import timezone

from trinno_portal.funding.selectors import call_documents_open

register = template.Library()


@register.inclusion_tag("funding/_call_documents.html")
def call_documents(scheme: str) -> dict:
    return {"documents": call_documents_open(scheme, on=timezone.localdate())}
