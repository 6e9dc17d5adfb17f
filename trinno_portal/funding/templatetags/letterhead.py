"""{% agency_identity as agency %}: the agency's identity for the letterhead and the
signatory of a PDF (templates/pdf/_letterhead.html, _signatory.html). Read in the
template, once per document, so that every view, notification and service that renders
an applicant's PDF gets it without passing it along."""

from django import template

from trinno_portal.funding.models import AgencyIdentity
from trinno_portal.funding.selectors import agency_identity as agency_identity_read

register = template.Library()


@register.simple_tag
def agency_identity() -> AgencyIdentity:
    return agency_identity_read()
