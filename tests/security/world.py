"""A small portal with one object of every kind, owned by known users, for the access
matrix: each URL with an object in it is built from the objects made here."""

import datetime as dt
from decimal import Decimal
from functools import cached_property

from django.utils import timezone

from tests.accounts.factories import EnterpriseLinkFactory, LocalUnitFactory
from tests.audits.conftest import MINIMAL_PDF
from tests.audits.conftest import fill_draft as audit_fill_draft
from tests.conftest import _user
from tests.factories import MembershipFactory, PersonFactory
from tests.vouchers.factories import AgencyMembershipFactory, CourseFactory, TrainingAgencyFactory
from trinno_portal.accounts.models import MemberRole
from trinno_portal.accounts.roles import Role
from trinno_portal.funding.approval import application_approve
from trinno_portal.funding.eligibility import application_evaluate_eligibility
from trinno_portal.funding.fixtures import calls_fixtures_load
from trinno_portal.funding.models import Call
from trinno_portal.funding.submission import application_submit

ROLES = ("owner", "other_sme", "person", "agency", "official", "staff", "anonymous")


class World:
    """Users of every role and their objects. Build inside a test with the database."""

    def __init__(self, capture_on_commit):
        self.capture = capture_on_commit
        calls_fixtures_load()
        self.sme = _user("sme-owner@example.it", Role.APPLICANT)
        self.other_sme = _user("sme-other@example.it", Role.APPLICANT)
        self.person_user = _user("persona@example.it", Role.APPLICANT)
        self.agency_user = _user("ente-formazione@example.it", None)
        self.official = _user("funzionario@example.it", Role.REGION_OFFICIAL, is_staff=True)
        self.staff = _user("operatore@example.it", Role.AGENCY_STAFF, is_staff=True)
        self.membership = MembershipFactory(user=self.sme)
        self.enterprise = self.membership.enterprise
        MembershipFactory(user=self.other_sme)
        self.person = PersonFactory(user=self.person_user)

    def user(self, role: str):
        return {
            "owner": None,  # decided per URL: see Case.owner
            "sme": self.sme,
            "other_sme": self.other_sme,
            "person": self.person_user,
            "agency": self.agency_user,
            "official": self.official,
            "staff": self.staff,
            "anonymous": None,
        }[role]

    # --- accounts ----------------------------------------------------------------------
    @cached_property
    def local_unit(self):
        return LocalUnitFactory(enterprise=self.enterprise)

    @cached_property
    def link(self):
        return EnterpriseLinkFactory(enterprise=self.enterprise)

    @cached_property
    def delegate_membership(self):
        return MembershipFactory(enterprise=self.enterprise, role=MemberRole.DELEGATE)

    # --- audit -------------------------------------------------------------------------
    @cached_property
    def audit_call(self) -> Call:
        return Call.objects.get(code="audit-industria-40")

    @cached_property
    def audit_application(self):
        """An approved audit application of the SME, with a real uploaded document."""
        from audits.call import services

        application = audit_fill_draft(
            services.audit_application_start(
                call=self.audit_call, enterprise=self.enterprise, user=self.sme
            )
        )
        with self.capture(execute=True):
            application_submit(application=application, by=self.sme, version=application.version)
        # The job queued on commit runs eagerly without a broker; with one, run it here.
        application_evaluate_eligibility(application_id=application.pk)
        application.refresh_from_db()
        with self.capture(execute=True):
            application_approve(application=application, by=self.staff)
        application.refresh_from_db()
        return application

    @cached_property
    def document(self):
        from trinno_portal.funding.models import Document

        return Document.objects.filter(application=self.audit_application).first()

    @cached_property
    def assessment(self):
        from audits.selfassessment.services import (
            assessment_start,
            selfassessment_fixtures_load,
        )

        selfassessment_fixtures_load()
        return assessment_start(enterprise=self.enterprise, user=self.sme)

    # --- catalogue ---------------------------------------------------------------------
    @cached_property
    def catalogue_application(self):
        from catalogue.editions.services import catalogue_fixtures_load
        from tests.catalogue_call.conftest import fill_draft, start

        catalogue_fixtures_load()
        call = Call.objects.get(code="servizi-innovazione-2018")
        application = fill_draft(start(call, self.membership))
        with self.capture(execute=True):
            application_submit(application=application, by=self.sme, version=application.version)
        application.refresh_from_db()
        return application

    @cached_property
    def edition(self):
        from catalogue.editions.models import Edition
        from catalogue.editions.services import catalogue_fixtures_load

        catalogue_fixtures_load()
        return Edition.objects.filter(state="published").order_by("number").first()

    @cached_property
    def service(self):
        return self.edition.services.order_by("code").first()

    # --- vouchers ----------------------------------------------------------------------
    @cached_property
    def agency(self):
        from vouchers.offer.services import vouchers_fixtures_load

        vouchers_fixtures_load()
        agency = TrainingAgencyFactory(name="Formazione Valdarno")
        AgencyMembershipFactory(user=self.agency_user, agency=agency)
        return agency

    @cached_property
    def course(self):
        from vouchers.offer.models import CourseState

        return CourseFactory(
            agency=self.agency,
            hours=Decimal("40.0"),
            cost=Decimal("4000.00"),
            state=CourseState.APPROVED,
            approved_at=timezone.now(),
            start_date=timezone.localdate() + dt.timedelta(days=30),
            end_date=timezone.localdate() + dt.timedelta(days=60),
        )

    @cached_property
    def draft_course(self):
        return CourseFactory(agency=self.agency)

    @cached_property
    def voucher_application(self):
        from vouchers.call import services as services_voucher

        call = Call.objects.get(code="voucher-formativi-i40-2018")
        application = services_voucher.voucher_application_save(
            call=call,
            person=self.person,
            course=self.course,
            amount=Decimal("3000.00"),
            user=self.person_user,
        )
        with self.capture(execute=True):
            application_submit(
                application=application, by=self.person_user, version=application.version
            )
        application.refresh_from_db()
        return application

    # --- monitoring --------------------------------------------------------------------
    @cached_property
    def report(self):
        from django.core.files.base import ContentFile

        from monitoring.models import Report

        report = Report.objects.create(
            requested_by=self.official,
            language="it",
            data_date=timezone.localdate(),
            parameters={"start": "2019-01-01", "end": timezone.localdate().isoformat()},
            state="done",
            finished_at=timezone.now(),
        )
        report.file.save("report.pdf", ContentFile(MINIMAL_PDF), save=False)
        report.xlsx_file.save("report.xlsx", ContentFile(b"PK\x03\x04"), save=False)
        report.save()
        return report

    @cached_property
    def subactivity(self):
        from monitoring.models import SubActivity
        from monitoring.services import monitoring_fixtures_load

        monitoring_fixtures_load()
        return SubActivity.objects.first()

    @cached_property
    def risk(self):
        from monitoring.models import Risk
        from monitoring.services import monitoring_fixtures_load

        monitoring_fixtures_load()
        return Risk.objects.first()
