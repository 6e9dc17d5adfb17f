"""The portal's roles. Each role is a Django group whose permissions come from
fixtures/roles.json (loaded by `manage.py load_portal_data`)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    APPLICANT = "applicant", _("Applicant (SME or individual)")
    # Arezzo Innovazione's officers, who triage applications in the admin.
    AGENCY_STAFF = "agency_staff", _("Arezzo Innovazione staff")
    # The Managing Authority (ERDF and ESF): reads dashboards and reports, changes nothing.
    REGION_OFFICIAL = "region_official", _("Region official (read-only)")
    # Accredited training agencies publish courses in /voucher/ente/; what they reach is
    # decided by vouchers.AgencyMembership, so the group holds no model permission.
    TRAINING_AGENCY = "training_agency", _("Training agency")
    # The independent second-level control of payment claims (Reg. (EU) 2021/1060,
    # art. 74(1)(a)): never the officer who made the first-level check.
    CONTROL = "control", _("Second-level control")
    # Members of a call's evaluation committee: they reach only the applications assigned
    # to them (procedure.EvaluatorAssignment), so the group holds no model permission.
    EVALUATOR = "evaluator", _("Evaluator")
