"""Every edit form of the portal, opened on saved data in Italian and in English and sent
back unchanged, saves: what the portal writes into a form it must read back (dates in
<input type="date">, 3.200.000,00 in a number field).

The list of forms is checked against the portal's URLs: a new page is either an edit
form here or named, with the reason, among the pages that edit nothing saved."""

import datetime as dt
from decimal import Decimal

import lxml.html
import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation

from monitoring.models import Risk, SubActivity
from tests.accounts.factories import EnterpriseLinkFactory, LocalUnitFactory
from tests.audits.conftest import fill_draft as fill_audit_draft
from tests.catalogue_call.conftest import fill_draft as fill_catalogue_draft
from tests.catalogue_call.conftest import start as start_catalogue
from tests.voucher_call.conftest import draft as voucher_draft
from trinno_portal.funding.deminimis import DeclaredAid

# url name -> why the page is not an edit form of saved data (its fields are covered by
# tests/portal/test_localized_forms.py all the same).
NOT_AN_EDIT_FORM = {
    "health": "no form",
    "payments:claims": "a new claim each time: a submitted claim is read, not edited",
    "payments:claim_check": "each check is a new decision on a submitted claim",
    "payments:expenditure_xlsx": "a download",
    "payments:order_pdf": "a download",
    "rna:grant": "a public page to read",
    "rna:transparency": "a public list and its downloads",
    "home": "no form",
    "accounts:enterprise_list": "a list",
    "accounts:enterprise_create": "a new record: nothing saved to send back",
    "accounts:enterprise_detail": "a page to read",
    "accounts:local_unit_create": "a new record",
    "accounts:local_unit_delete": "a confirmation",
    "accounts:link_create": "a new record",
    "accounts:link_delete": "a confirmation",
    "accounts:membership_invite": "a new invitation",
    "accounts:membership_remove": "a confirmation",
    "accounts:invitation_accept": "a confirmation",
    "funding:my_applications": "a list",
    "funding:document_download": "a file",
    "funding:notifications": "a list",
    "funding:intake_wait": "a waiting page that reloads itself: nothing to edit",
    "funding:call_document": "a file",
    "signatures:delegation_download": "a file",
    "signatures:final_report_pdf": "a PDF of what the final report's page holds",
    "evaluation:list": "a list",
    "evaluation:declare": "a new declaration of no conflict of interest",
    "evaluation:document": "a file",
    "evaluation:sheet": "a score sheet submitted once, then read-only",
    "rankings:list": "a public list",
    "rankings:detail": "a public page to read",
    "rankings:decree": "a PDF",
    "funding:notification_open": "a button that marks an entry read",
    "funding:notifications_read": "a button that marks every entry read",
    "audits:dashboard": "a list",
    "audits:call": "a page to read",
    "audits:simulator": "a calculation: nothing saved (its fields: test_localized_forms)",
    "audits:simulator_api": "JSON",
    "audits:application_start": "a new record",
    "audits:application_detail": "a page to read",
    "audits:application_review": "a confirmation",
    "audits:application_withdraw": "a confirmation",
    "audits:application_answer": "a new answer",
    "procedure:preavviso_answer": "new observations on a notice of intended rejection",
    "audits:application_receipt": "a PDF",
    "audits:application_letter": "a PDF",
    "audits:application_sign_letter": "an upload",
    "audits:application_final_report": "invoices are added, not edited (the project phase)",
    "audits:selfassessment_start": "a new record",
    "audits:selfassessment_fill": "radio answers only, no number or date",
    "audits:selfassessment_result": "a page to read",
    "audits:selfassessment_history": "a page to read",
    "catalogue:list": "a search (GET)",
    "catalogue:editions": "a list",
    "catalogue:edition": "a list",
    "catalogue:service": "a page to read",
    "catalogue:diff": "a comparison (GET)",
    "catalogue:diff_pdf": "a PDF",
    "catalogue:call": "a page to read",
    "catalogue:call_dashboard": "a list",
    "catalogue:call_start": "a new record",
    "catalogue:call_application": "a page to read",
    "catalogue:call_review": "a confirmation",
    "catalogue:call_withdraw": "a confirmation",
    "catalogue:call_answer": "a new answer",
    "catalogue:call_receipt": "a PDF",
    "vouchers:course_list": "a list",
    "vouchers:course_detail": "a page to read",
    "vouchers:agency_home": "a redirect",
    "vouchers:agency_dashboard": "a list",
    "vouchers:course_create": "a new record",
    "vouchers:course_manage": "a page to read",
    "vouchers:course_submit": "a confirmation",
    "vouchers:course_recall": "a confirmation",
    "vouchers:course_withdraw": "a confirmation",
    "vouchers:voucher_dashboard": "a list",
    "vouchers:voucher_apply": "a new record",
    "vouchers:voucher_detail": "a page to read",
    "vouchers:voucher_answer": "a new answer",
    "vouchers:voucher_review": "a confirmation",
    "vouchers:voucher_withdraw": "a confirmation",
    "vouchers:voucher_enrolment": "a confirmation",
    "vouchers:voucher_receipt": "a PDF",
    "vouchers:agency_vouchers": "a list",
    "vouchers:agency_voucher": "a page to read",
    "monitoring:dashboard": "a period (GET)",
    "monitoring:report_request": "a new report",
    "monitoring:report_detail": "a page to read",
    "monitoring:report_status": "a fragment",
    "monitoring:report_pdf": "a file",
    "monitoring:report_xlsx": "a file",
    "monitoring:report_regenerate": "a confirmation",
    "monitoring:open_data_csv": "a file",
    "monitoring:open_data_json": "a file",
    "monitoring:recommendation_pdf": "a file",
    "monitoring:training_offer": "a period (GET)",
    "privacy:privacy": "a page to read",
    "privacy:my_data": "a file",
    "privacy:enterprise_data": "a file",
    "privacy:person_erase": "a confirmation",
    "privacy:enterprise_erase": "a confirmation",
    "pages:accessibility": "a new report (typed values kept: tests/pages)",
    "pages:help": "a page to read",
    "accounts:enterprise_claim": "a claim, made once",
    "funding:agreement_accept": "an upload of the signed agreement",
    "funding:agreement_download": "a file",
    "funding:final_report": "a report filed once (typed values kept: tests/funding)",
    "monitoring:open_data_catalogue": "a file",
    "monitoring:open_data_dictionary": "a page to read",
    "outreach:event_list": "a page to read",
    "outreach:event_detail": "a new registration (typed values kept: tests/outreach)",
    "outreach:event_calendar": "a file",
    "outreach:material": "a file",
    "outreach:registration_manage": "a confirmation",
    "outreach:feedback": "a survey answered once",
    "outreach:check_in": "a search and a button per participant",
    "outreach:advice_request": "a new request",
    "signatures:application_form": "a file",
    "spid:acs": "a SAML endpoint",
    "spid:link": "a confirmation",
    "spid:login": "a redirect to the identity provider",
    "spid:metadata": "a file",
    "spid:test_idp_metadata": "a file",
    "spid:test_idp_sso": "the local test identity provider",
}
EDIT_FORMS = {
    "accounts:enterprise_update",
    "accounts:local_unit_update",
    "accounts:link_update",
    "audits:application_step",
    "catalogue:call_step",
    "vouchers:profile",
    "vouchers:course_edit",
    "vouchers:voucher_edit",
    "monitoring:subactivity_edit",
    "monitoring:risk_edit",
}
# Pages of the libraries the portal mounts (allauth, the admin) are theirs.
FOREIGN_NAMESPACES = ("admin", "mfa", "socialaccount", "usersessions", "headless")


def _portal_url_names(resolver: URLResolver | None = None, prefix: str = "") -> set[str]:
    names = set()
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            module = getattr(entry.urlconf_module, "__name__", "")
            if entry.namespace in FOREIGN_NAMESPACES or module.startswith("allauth"):
                continue
            names |= _portal_url_names(
                entry, prefix + (f"{entry.namespace}:" if entry.namespace else "")
            )
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(prefix + entry.name)
    return names


def test_every_page_is_an_edit_form_tested_here_or_says_why_it_is_not():
    names = _portal_url_names()
    unclassified = names - EDIT_FORMS - set(NOT_AN_EDIT_FORM)
    assert not unclassified, f"classify these pages here: {sorted(unclassified)}"
    assert EDIT_FORMS <= names


def resubmit(client, url: str):
    """GET the page, send its form back with the values it shows, as a browser would."""
    page = client.get(url)
    assert page.status_code == 200, url
    html = lxml.html.fromstring(page.content.decode())
    forms = [
        f
        for f in html.forms
        if (f.method or "").upper() == "POST"
        and f.xpath(".//input[@name='csrfmiddlewaretoken']")
        and not f.xpath(".//input[@name='language']")  # the language switch
    ]
    assert forms, f"no form on {url}"
    form = max(forms, key=lambda f: len(f.inputs))
    data: dict[str, list[str]] = {}
    for name, value in form.form_values():
        data.setdefault(name, []).append(value)
    button = form.xpath(".//button[@type='submit'][@name] | .//input[@type='submit'][@name]")
    if button:
        data.setdefault(button[0].get("name"), []).append(button[0].get("value") or "")
    return client.post(form.action or url, data), data


def assert_saved(response, url: str, data) -> None:
    if response.status_code != 302:
        body = response.content.decode()
        errors = lxml.html.fromstring(body).xpath(
            "//*[contains(@class,'invalid-feedback') or contains(@class,'errorlist') "
            "or contains(@class,'alert-danger')]//text()"
        )
        pytest.fail(f"{url} did not save its own values {data}: {' '.join(errors).split()}")


LANGUAGES = ["it", "en"]


def _check(client, language: str, name: str, **kwargs) -> None:
    with translation.override(language):
        url = reverse(name, kwargs=kwargs)
    response, data = resubmit(client, url)
    assert_saved(response, url, data)


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_company_profile_its_units_and_links_save_unchanged(client, member, language):
    enterprise = member.enterprise
    enterprise.founded_on = dt.date(2015, 3, 10)
    enterprise.turnover = Decimal("3200000.00")
    enterprise.balance_sheet = Decimal("1440.50")
    enterprise.staff_awu = Decimal("8.50")
    enterprise.save()
    unit = LocalUnitFactory(enterprise=enterprise)
    link = EnterpriseLinkFactory(
        enterprise=enterprise, holding_percent=Decimal("33.50"), turnover=Decimal("5500000.00")
    )
    client.force_login(member.user)
    _check(client, language, "accounts:enterprise_update", pk=enterprise.pk)
    enterprise.refresh_from_db()
    assert enterprise.founded_on == dt.date(2015, 3, 10)
    assert enterprise.turnover == Decimal("3200000.00")
    assert enterprise.balance_sheet == Decimal("1440.50")
    _check(client, language, "accounts:local_unit_update", pk=enterprise.pk, unit_pk=unit.pk)
    _check(client, language, "accounts:link_update", pk=enterprise.pk, link_pk=link.pk)
    link.refresh_from_db()
    assert link.holding_percent == Decimal("33.50")
    assert link.turnover == Decimal("5500000.00")


AID = DeclaredAid(
    granting_body="Regione Toscana",
    measure="Bando ricerca",
    regulation="1407/2013",
    granted_on=dt.date(2023, 10, 3),
    amount=Decimal("12500.00"),
)


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_step_of_an_audit_draft_saves_unchanged(client, audit_call, member, language):
    from audits.call import services
    from trinno_portal.funding.models import Application

    application = services.audit_application_start(
        call=audit_call, enterprise=member.enterprise, user=member.user
    )
    fill_audit_draft(application, investment=Decimal("12345.67"))
    services.audit_de_minimis_replace(
        application=application,
        version=Application.objects.get(pk=application.pk).version,
        declared=True,
        aid=[AID],
    )
    client.force_login(member.user)
    for step, _title in services.steps_for(audit_call):
        if step != "documents":
            _check(client, language, "audits:application_step", pk=application.pk, step=step)
    application.refresh_from_db()
    assert [i.amount for i in application.cost_items.all()] == [Decimal("12345.67")]


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_step_of_a_catalogue_draft_saves_unchanged(client, member, language, request):
    from catalogue.call import services as services_call

    call = request.getfixturevalue("catalogue_call")
    application = fill_catalogue_draft(start_catalogue(call, member))
    client.force_login(member.user)
    for step, _title in services_call.STEPS:
        if step not in ("documents",):
            _check(client, language, "catalogue:call_step", pk=application.pk, step=step)


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_voucher_pages_save_unchanged(client, language, request):
    call = request.getfixturevalue("voucher_call")
    person = request.getfixturevalue("entrepreneur")
    person.declared_enterprise = "Oreficeria Aretina srl (P.IVA 00743110157)"
    person.heard_from = "agency_event"
    person.save()
    application = voucher_draft(call, person, request.getfixturevalue("course"), amount="2400.00")
    client.force_login(person.user)
    _check(client, language, "vouchers:profile")
    _check(client, language, "vouchers:voucher_edit", pk=application.pk)
    application.voucher.refresh_from_db()


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_course_of_an_agency_saves_unchanged(client, language, request):
    from tests.vouchers.factories import CourseFactory

    agency = request.getfixturevalue("course_agency")
    user = request.getfixturevalue("course_agency_user")
    course = CourseFactory(agency=agency, hours=Decimal("40.5"), cost=Decimal("1440.00"))
    client.force_login(user)
    _check(client, language, "vouchers:course_edit", pk=course.pk)
    course.refresh_from_db()
    assert (course.hours, course.cost) == (Decimal("40.5"), Decimal("1440.00"))


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_plan_of_the_monitoring_saves_unchanged(client, staff_user, language):
    client.force_login(staff_user)
    sub, risk = SubActivity.objects.first(), Risk.objects.first()
    assert sub and risk, "load_portal_data loads the action plan"
    _check(client, language, "monitoring:subactivity_edit", pk=sub.pk)
    _check(client, language, "monitoring:risk_edit", pk=risk.pk)
