"""The innovation-services call as a scheme (trinno_portal/funding/schemes.py): what it
is, in one place. settings.FUNDING_SCHEMES names CATALOGUE."""

from django.utils.translation import gettext_lazy as _

from catalogue.call.eligibility import envelopes_for, evaluate, prefetch
from catalogue.call.models import CatalogueApplication
from catalogue.call.notifications import catalogue_notify_submitted
from catalogue.call.services import catalogue_application_problems, catalogue_snapshot
from trinno_portal.funding.models import Scheme as SchemeCode
from trinno_portal.funding.schemes import COMMON_NOTIFICATIONS, COMMON_TRANSITIONS, Scheme

CATALOGUE = Scheme(
    code=SchemeCode.CATALOGUE,
    label=_("Innovation services (catalogue)"),
    detail_model=CatalogueApplication,
    detail_url_name="catalogue:call_application",
    evaluate=evaluate,
    prefetch=prefetch,
    envelopes=envelopes_for,
    workflow=COMMON_TRANSITIONS,
    notifications={**COMMON_NOTIFICATIONS, "submit": catalogue_notify_submitted},
    problems=catalogue_application_problems,
    snapshot=catalogue_snapshot,
    admin_inlines=(
        "catalogue.call.admin.CatalogueApplicationInline",
        "catalogue.call.admin.ServiceRequestInline",
    ),
)
