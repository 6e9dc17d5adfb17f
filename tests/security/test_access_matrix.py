"""Security 1: the access matrix, built from the URL configuration itself.

Every URL pattern with an argument (an object in it) must have a case below, or the
test fails: a URL added tomorrow without an access rule cannot go unnoticed. For each
one, seven visitors ask for the same real object: its owner, another SME, a person, a
training agency, a Region official, Arezzo Innovazione staff and an anonymous visitor.
What is not theirs answers 404 (never 403: no hint that it exists); anonymous visitors
are sent to the login page.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from .world import ROLES, World

# --- rules ------------------------------------------------------------------------------
OWNED = "owned"  # owner only
OWNED_BO = "owned+back-office"  # owner, and staff and officials (read)
BACK_OFFICE = "back-office"  # staff and officials
STAFF = "staff"  # Arezzo Innovazione staff only
PUBLIC = "public"  # everybody
TOKEN = "token"  # a secret in the URL: a wrong one never shows anything, never fails


@dataclass(frozen=True)
class Case:
    kwargs: Callable[[World], dict]
    owner: str  # "sme", "person", "agency" or "" when the rule needs none
    rule: str = OWNED


def _app(w: World) -> dict:
    return {"pk": w.audit_application.pk}


def _cat(w: World) -> dict:
    return {"pk": w.catalogue_application.pk}


def _voucher(w: World) -> dict:
    return {"pk": w.voucher_application.pk}


def _ent(w: World) -> dict:
    return {"pk": w.enterprise.pk}


def _course(w: World) -> dict:
    return {"pk": w.course.pk}


def _report(w: World) -> dict:
    return {"pk": w.report.pk}


def _published_ranking(w: World) -> dict:
    """An approved ranking with its decree, on the public /graduatorie/ pages."""
    from django.utils import timezone

    from trinno_portal.funding.models import Ranking, RankingState
    from trinno_portal.procedure.models import ConcessionDecree

    today = timezone.localdate()
    ranking, _ = Ranking.objects.get_or_create(
        call=w.audit_application.call,
        period_start=today.replace(day=1),
        defaults={"period_end": today, "state": RankingState.APPROVED},
    )
    ConcessionDecree.objects.get_or_create(
        ranking=ranking,
        defaults={
            "year": today.year,
            "number": 1,
            "issued_on": today,
            "legal_basis": "-",
            "issued_by": w.staff,
        },
    )
    return {"pk": ranking.pk}


def _published(w: World) -> dict:
    """A grant on the transparency page: the audit application, approved above 1,000 EUR."""
    from django.utils import timezone

    from trinno_portal.funding.models import Application

    Application.objects.filter(pk=w.audit_application.pk).update(
        approved_at=timezone.now(), grant_amount="5000.00"
    )
    return {"pk": w.audit_application.pk}


def _claim(w: World):
    from django.utils import timezone

    from trinno_portal.funding.payments.models import PaymentClaim

    application = w.catalogue_application
    claim = application.payment_claims.first()
    return claim or PaymentClaim.objects.create(
        application=application,
        kind="balance",
        requested=1,
        submitted_at=timezone.now(),
        submitted_by=application.created_by,
    )


def _order(w: World) -> dict:
    from django.utils import timezone

    from trinno_portal.funding.payments.models import Durc, PaymentOrder

    claim = _claim(w)
    by = claim.submitted_by
    durc = Durc.objects.create(
        enterprise=claim.application.enterprise,
        outcome="regular",
        issued_on=timezone.localdate(),
        protocol="P",
        recorded_by=by,
        recorded_at=timezone.now(),
    )
    order = PaymentOrder.objects.get_or_create(
        claim=claim,
        defaults={
            "amount": 1,
            "iban": "IT60X0542811101000000123456",
            "cup": "J11B25000120007",
            "durc": durc,
            "issued_at": timezone.now(),
            "issued_by": by,
        },
    )[0]
    return {"pk": order.pk}


def _call_document(w: World) -> dict:
    """A published document of the audit call (its text): a public act."""
    from django.core.files.base import ContentFile

    from trinno_portal.funding.models import CallDocument

    document = CallDocument(call=w.audit_call, kind="call_text", title="Testo del bando")
    document.file.save("bando.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    return {"pk": document.pk}


def _notification(w: World) -> dict:
    """A notification in the SME owner's list, about its audit application."""
    from trinno_portal.funding.models import Notification

    notification = Notification.objects.create(
        recipient=w.sme,
        application=w.audit_application,
        kind="approve",
        title="Domanda approvata",
        body="La domanda è stata approvata.",
        link=f"/audit/domande/{w.audit_application.pk}/",
    )
    return {"pk": notification.pk}


def _intake(w: World) -> dict:
    """A click-day intake the SME owner sent for its audit application, still waiting."""
    from trinno_portal.funding.models import SubmissionIntake

    intake = SubmissionIntake.objects.create(
        application=w.audit_application, by=w.sme, version=w.audit_application.version
    )
    return {"pk": intake.pk}


def _event(w: World) -> dict:
    """A published event of the plan, with one material (outreach)."""
    if not hasattr(w, "outreach_event"):
        from django.core.files.base import ContentFile

        from monitoring.models import Activity
        from monitoring.outreach.models import Material
        from tests.outreach.conftest import make_event

        activity = Activity.objects.get_or_create(
            code="a1", defaults={"title_it": "A1", "title_en": "A1"}
        )[0]
        w.outreach_event = make_event(activity)
        w.outreach_material = Material(event=w.outreach_event, title="Slide")
        w.outreach_material.file.save("slide.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    return {"pk": w.outreach_event.pk}


def _material(w: World) -> dict:
    _event(w)
    return {"pk": w.outreach_material.pk}


def _recommendation(w: World) -> dict:
    """A recommendation report on the catalogue, with one rejected proposal (Activity 1)."""
    if not hasattr(w, "recommendation"):
        from monitoring.catalogue_review import services
        from tests.monitoring.catalogue_review_data import edition_with_services, propose

        staff = w.user("staff")
        edition = edition_with_services()
        proposal = propose(edition, staff, "remove", "C.1")
        services.proposal_review(proposal=proposal, outcome="rejected", reasons="No.", by=staff)
        w.recommendation = services.recommendation_report_create(
            edition=edition, title="R", by=staff
        )
    return {"pk": w.recommendation.pk}


def _delegation(w: World) -> dict:
    """A signed delegation the SME's legal representative gave with an invitation."""
    from datetime import timedelta

    from django.core.files.base import ContentFile
    from django.utils import timezone

    from trinno_portal.accounts.models import Invitation
    from trinno_portal.signatures.models import SignedDelegation

    invitation = Invitation.objects.create(
        enterprise=w.enterprise,
        email="delegato@example.it",
        invited_by=w.sme,
        token_hash="d" * 64,
        expires_at=timezone.now() + timedelta(days=14),
    )
    delegation = SignedDelegation(
        invitation=invitation,
        original_name="delega.pdf",
        content_type="application/pdf",
        sha256="0" * 64,
        verified_at=timezone.now(),
    )
    delegation.file.save("delega.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    delegation.save()
    return {"pk": delegation.pk}


CASES: dict[str, Case] = {
    # Company profiles and what hangs from them.
    "accounts:enterprise_detail": Case(_ent, "sme"),
    "accounts:enterprise_update": Case(_ent, "sme"),
    "accounts:local_unit_create": Case(_ent, "sme"),
    "accounts:link_create": Case(_ent, "sme"),
    "accounts:membership_invite": Case(_ent, "sme"),
    "accounts:local_unit_update": Case(lambda w: {**_ent(w), "unit_pk": w.local_unit.pk}, "sme"),
    "accounts:local_unit_delete": Case(lambda w: {**_ent(w), "unit_pk": w.local_unit.pk}, "sme"),
    "accounts:link_update": Case(lambda w: {**_ent(w), "link_pk": w.link.pk}, "sme"),
    "accounts:link_delete": Case(lambda w: {**_ent(w), "link_pk": w.link.pk}, "sme"),
    "accounts:membership_remove": Case(
        lambda w: {**_ent(w), "membership_pk": w.delegate_membership.pk}, "sme"
    ),
    "accounts:invitation_accept": Case(lambda w: {"token": "not-a-real-token"}, "", TOKEN),
    # Documents: the applicant, and the back office that triages them.
    "funding:notification_open": Case(_notification, "sme"),
    "funding:intake_wait": Case(_intake, "sme"),
    "funding:call_document": Case(_call_document, "", PUBLIC),
    "funding:document_download": Case(lambda w: {"pk": w.document.pk}, "sme", OWNED_BO),
    # Technological audit.
    "audits:application_detail": Case(_app, "sme"),
    "audits:application_step": Case(lambda w: {**_app(w), "step": "project"}, "sme"),
    "audits:application_review": Case(_app, "sme"),
    "audits:application_withdraw": Case(_app, "sme"),
    "audits:application_answer": Case(_app, "sme"),
    "procedure:preavviso_answer": Case(_app, "sme"),
    # The evaluator's pages: only the evaluator assigned (none of these roles) reaches
    # them; tests/procedure/test_evaluation_views.py has the evaluator's side.
    "evaluation:sheet": Case(_app, ""),
    "evaluation:declare": Case(_app, ""),
    "evaluation:document": Case(
        lambda w: {"pk": w.document.application_id, "document": w.document.pk}, ""
    ),
    "rankings:detail": Case(_published_ranking, "", PUBLIC),
    "rankings:decree": Case(_published_ranking, "", PUBLIC),
    "audits:application_receipt": Case(_app, "sme"),
    "audits:application_letter": Case(_app, "sme"),
    "audits:application_sign_letter": Case(_app, "sme"),
    "audits:application_final_report": Case(_app, "sme"),
    # The application form to sign (any scheme's enterprise application).
    "signatures:application_form": Case(_app, "sme"),
    # The final report to sign, made from the report's page (POST).
    "signatures:final_report_pdf": Case(_app, "sme"),
    # A signed delegation: the legal representative who gave it, and the back office.
    "signatures:delegation_download": Case(_delegation, "sme", OWNED_BO),
    "audits:selfassessment_fill": Case(lambda w: {"pk": w.assessment.pk}, "sme"),
    "audits:selfassessment_result": Case(lambda w: {"pk": w.assessment.pk}, "sme"),
    "audits:selfassessment_history": Case(_ent, "sme"),
    # Catalogue (public) and the innovation-services call.
    "catalogue:edition": Case(lambda w: {"number": w.edition.number}, "", PUBLIC),
    "catalogue:service": Case(
        lambda w: {"number": w.edition.number, "code": w.service.code}, "", PUBLIC
    ),
    "catalogue:call_application": Case(_cat, "sme"),
    # The life after approval, on the shared pages (funding/aftercare/).
    "funding:agreement_download": Case(_cat, "sme"),
    "funding:agreement_accept": Case(_cat, "sme"),
    "funding:final_report": Case(_cat, "sme"),
    "catalogue:call_step": Case(lambda w: {**_cat(w), "step": "services"}, "sme"),
    "catalogue:call_review": Case(_cat, "sme"),
    "catalogue:call_withdraw": Case(_cat, "sme"),
    "catalogue:call_answer": Case(_cat, "sme"),
    "catalogue:call_receipt": Case(_cat, "sme"),
    # Training vouchers: courses (public when approved), agencies, people's vouchers.
    "vouchers:course_detail": Case(_course, "", PUBLIC),
    # Transparency (d.lgs. 33/2013, arts. 26-27): a published grant, for everybody.
    "rna:grant": Case(_published, "", PUBLIC),
    "vouchers:agency_dashboard": Case(lambda w: {"agency_pk": w.agency.pk}, "agency"),
    "vouchers:course_create": Case(lambda w: {"agency_pk": w.agency.pk}, "agency"),
    "vouchers:course_manage": Case(_course, "agency"),
    "vouchers:course_edit": Case(lambda w: {"pk": w.draft_course.pk}, "agency"),
    "vouchers:course_submit": Case(lambda w: {"pk": w.draft_course.pk}, "agency"),
    "vouchers:course_recall": Case(_course, "agency"),
    "vouchers:course_withdraw": Case(_course, "agency"),
    "vouchers:voucher_detail": Case(_voucher, "person"),
    "vouchers:voucher_edit": Case(_voucher, "person"),
    "vouchers:voucher_review": Case(_voucher, "person"),
    "vouchers:voucher_withdraw": Case(_voucher, "person"),
    "vouchers:voucher_enrolment": Case(_voucher, "person"),
    "vouchers:voucher_receipt": Case(_voucher, "person"),
    "vouchers:voucher_answer": Case(_voucher, "person"),
    "vouchers:agency_voucher": Case(_voucher, "agency"),
    # Payment claims (funding/payments/): the beneficiary's page; the checks and orders
    # are the agency's officers' (and the control's) only.
    "payments:claims": Case(_cat, "sme"),
    "payments:claim_check": Case(lambda w: {"pk": _claim(w).pk}, "", STAFF),
    "payments:order_pdf": Case(_order, "", STAFF),
    # Monitoring: the Managing Authority and Arezzo Innovazione.
    "monitoring:report_detail": Case(_report, "", BACK_OFFICE),
    "monitoring:report_status": Case(_report, "", BACK_OFFICE),
    "monitoring:report_pdf": Case(_report, "", BACK_OFFICE),
    "monitoring:report_xlsx": Case(_report, "", BACK_OFFICE),
    "monitoring:report_regenerate": Case(_report, "", BACK_OFFICE),
    "monitoring:subactivity_edit": Case(lambda w: {"pk": w.subactivity.pk}, "", STAFF),
    "monitoring:risk_edit": Case(lambda w: {"pk": w.risk.pk}, "", STAFF),
    "monitoring:recommendation_pdf": Case(_recommendation, "", BACK_OFFICE),
    # Outreach: public events; the registrant's pages by the secret in the e-mails; the
    # check-in at the door for staff.
    "outreach:event_detail": Case(_event, "", PUBLIC),
    "outreach:event_calendar": Case(_event, "", PUBLIC),
    "outreach:material": Case(_material, "", PUBLIC),
    "outreach:check_in": Case(_event, "", STAFF),
    "outreach:registration_manage": Case(
        lambda w: {"token": "00000000-0000-4000-8000-000000000000"}, "", TOKEN
    ),
    "outreach:feedback": Case(
        lambda w: {"token": "00000000-0000-4000-8000-000000000000"}, "", TOKEN
    ),
    # Personal data.
    "privacy:enterprise_data": Case(_ent, "sme"),
    "privacy:person_erase": Case(lambda w: {"pk": w.person.pk}, "", STAFF),
    "privacy:enterprise_erase": Case(_ent, "", STAFF),
    # allauth's e-mail confirmation and password reset links.
    "account_confirm_email": Case(lambda w: {"key": "bad-key"}, "", TOKEN),
    "account_reset_password_from_key": Case(
        lambda w: {"uidb36": "zz", "key": "bad-key"}, "", TOKEN
    ),
}


def _walk(resolver: URLResolver, namespace: str = ""):
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            ns = ":".join(filter(None, [namespace, p.namespace]))
            yield from _walk(p, ns)
        elif isinstance(p, URLPattern):
            name = f"{namespace}:{p.name}" if namespace and p.name else (p.name or "")
            yield name, namespace, p.pattern.regex.groupindex


def _urls_with_objects() -> list[tuple[str, str]]:
    found = set()
    for name, namespace, groups in _walk(get_resolver()):
        if groups and namespace != "admin":
            found.add((name or "<unnamed>", namespace))
    return sorted(found)


def _admin_urls_with_objects() -> list[str]:
    return sorted(
        {name for name, ns, groups in _walk(get_resolver()) if groups and ns == "admin" and name}
    )


# --- the checks ----------------------------------------------------------------------


def _login_redirect(response, admin_login: bool = False) -> bool:
    target = reverse("admin:login") if admin_login else reverse("account_login")
    return response.status_code == 302 and response["Location"].startswith(target)


def _get(client, url):
    response = client.get(url)
    if response.status_code == 405:  # a POST-only action: ask it the way a form would
        response = client.post(url, {})
    return response


def _allowed(response) -> bool:
    if response.status_code == 200:
        return True
    return response.status_code == 302 and not (
        _login_redirect(response) or _login_redirect(response, admin_login=True)
    )


def _expected_allowed(case: Case, role: str) -> bool:
    if case.rule == PUBLIC:
        return True
    if case.rule == BACK_OFFICE:
        return role in ("official", "staff")
    if case.rule == STAFF:
        return role == "staff"
    if role == "owner":
        return True
    return case.rule == OWNED_BO and role in ("official", "staff")


@pytest.fixture
def world(roles, django_capture_on_commit_callbacks, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return World(django_capture_on_commit_callbacks)


def _roles(case: Case) -> list[str]:
    """The visitors of a case, owner last (its POST-only actions may change the object).
    The owner of a person's or an agency's object is that role's user itself; rules
    without an owner have none."""
    roles = [r for r in ROLES if r != "owner" and r != case.owner]
    return roles + (["owner"] if case.owner else [])


def _role_user(world: World, case: Case, role: str):
    if role == "owner":
        return world.user(case.owner)
    return world.user(role)


@pytest.mark.parametrize(("name", "namespace"), _urls_with_objects())
def test_it_answers_each_role_as_the_rules_say(name, namespace, world, client):
    case = CASES.get(name)
    assert case is not None, (
        f"URL {name!r} takes an object but has no access rule: add it to CASES in "
        f"{__file__} with the object it shows and who owns it."
    )
    url = reverse(name, kwargs=case.kwargs(world))
    seen = {}
    for role in _roles(case):
        client.logout()
        user = _role_user(world, case, role)
        if user is not None:
            client.force_login(user)
        response = _get(client, url)
        seen[role] = response.status_code
        assert response.status_code < 500, (role, url, response.status_code)
        if case.rule == TOKEN:
            assert response.status_code in (200, 302, 400, 404), (role, url)
            continue
        if role == "anonymous" and case.rule != PUBLIC:
            assert _login_redirect(response), (role, url, response.status_code)
        elif _expected_allowed(case, role):
            assert _allowed(response), (role, url, response.status_code, seen)
        else:
            assert response.status_code == 404, (role, url, response.status_code, seen)


def test_it_knows_every_case_it_lists():
    # A case for a URL that no longer exists is a rule nobody checks any more.
    names = {name for name, _ns in _urls_with_objects()}
    assert set(CASES) <= names, set(CASES) - names


# --- the admin ----------------------------------------------------------------------


def _admin_kwargs(name: str) -> dict:
    pattern = next(
        groups
        for n, ns, groups in _walk(get_resolver())
        if ns == "admin" and f"{ns}:{n}" == name or n == name
    )
    special = {"name": "approve", "app_label": "funding", "fmt": "csv"}
    return {key: special.get(key, "1") for key in pattern}


def _admin_model(name: str):
    for model, model_admin in admin.site._registry.items():
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}_"
        if name.startswith(prefix):
            return model, model_admin, name[len(prefix) :]
    return None, None, None


def test_it_keeps_every_admin_object_page_to_the_back_office(world, client):
    """Applicants, agencies and anonymous visitors never get past the admin's login;
    staff and officials get what their permissions give, never an error. One test for
    all admin pages: they share one world, and a failure names its page."""
    world.audit_application, world.voucher_application, world.course, world.report  # noqa: B018
    for name in _admin_urls_with_objects():
        _check_admin_page(name, world, client)


def _check_admin_page(name, world, client):
    model, _model_admin, view = _admin_model(name)
    kwargs = _admin_kwargs(name)
    obj = model._default_manager.order_by("pk").first() if model is not None else None
    if obj is not None:
        key = "object_id" if "object_id" in kwargs else next(iter(kwargs))
        kwargs[key] = str(obj.pk)
    url = reverse(name, kwargs=kwargs)
    for role in ("anonymous", "owner", "other_sme", "person", "agency"):
        client.logout()
        user = world.sme if role == "owner" else world.user(role)
        if user is not None:
            client.force_login(user)
        response = client.get(url)
        assert _login_redirect(response, admin_login=True), (role, url, response.status_code)
    for role in ("official", "staff"):
        client.logout()
        user = world.user(role)
        client.force_login(user)
        response = client.get(url)
        assert response.status_code in (200, 302, 403, 404, 405), (role, url, response.status_code)
        if obj is not None and view in ("change", "history"):
            may_view = user.has_perm(
                f"{model._meta.app_label}.view_{model._meta.model_name}"
            ) or user.has_perm(f"{model._meta.app_label}.change_{model._meta.model_name}")
            assert (response.status_code == 200) == may_view, (role, url, response.status_code)
        if obj is not None and view == "delete" and role == "official":
            assert response.status_code == 403, (role, url, response.status_code)
