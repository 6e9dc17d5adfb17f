"""A crawl of the portal as each kind of user sees it, in Italian and in English: no page
shows words of the other language or a raw code (tests/portal/language_check.py)."""

from decimal import Decimal

import lxml.html
import pytest
from django.contrib import admin
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from audits.call import services as audit_services
from catalogue.models import Edition
from tests.audits.conftest import fill_draft as fill_audit_draft
from tests.catalogue_call.conftest import fill_draft as fill_catalogue_draft
from tests.catalogue_call.conftest import start as start_catalogue
from tests.voucher_call.conftest import draft as voucher_draft
from trinno_portal.accounts.models import User

from .language_check import problems, typed_strings

LANGUAGES = ["it", "en"]


@pytest.fixture
def portal(
    request, audit_call, member, submit, staff_user, official, django_capture_on_commit_callbacks
):
    catalogue_call = request.getfixturevalue("catalogue_call")
    voucher_call = request.getfixturevalue("voucher_call")
    person = request.getfixturevalue("entrepreneur")
    course = request.getfixturevalue("course")
    agency_user = request.getfixturevalue("course_agency_user")
    audit = audit_services.audit_application_start(
        call=audit_call, enterprise=member.enterprise, user=member.user
    )
    fill_audit_draft(audit, investment=Decimal("5500.00"))
    submit(audit, member.user)
    catalogue = fill_catalogue_draft(start_catalogue(catalogue_call, member))
    voucher = voucher_draft(voucher_call, person, course, amount="2400.00")
    edition = Edition.objects.order_by("number").first()
    service = edition.services.order_by("code").first()
    admin_user = User.objects.create_superuser(email="root@example.it", password="x-Root-2026")
    return {
        "member": member.user,
        "person": person.user,
        "agency": agency_user,
        "official": official,
        "staff": staff_user,
        "admin": admin_user,
        "public": [
            ("home", {}),
            ("catalogue:list", {}),
            ("catalogue:editions", {}),
            ("catalogue:edition", {"number": edition.number}),
            ("catalogue:service", {"number": edition.number, "code": service.code}),
            ("catalogue:diff", {}),
            ("audits:call", {}),
            ("audits:simulator", {}),
            ("catalogue:call", {}),
            ("vouchers:course_list", {}),
            ("vouchers:course_detail", {"pk": course.pk}),
            ("privacy:privacy", {}),
            ("pages:accessibility", {}),
            ("pages:help", {}),
            ("account_login", {}),
            ("account_signup", {}),
            ("account_reset_password", {}),
        ],
        "sme": [
            ("home", {}),
            ("funding:my_applications", {}),
            ("accounts:enterprise_list", {}),
            ("accounts:enterprise_detail", {"pk": member.enterprise.pk}),
            ("accounts:enterprise_update", {"pk": member.enterprise.pk}),
            ("audits:dashboard", {}),
            ("audits:application_detail", {"pk": audit.pk}),
            ("catalogue:call_dashboard", {}),
            ("catalogue:call_application", {"pk": catalogue.pk}),
            ("catalogue:call_review", {"pk": catalogue.pk}),
            ("audits:selfassessment_start", {}),
        ],
        "private": [
            ("home", {}),
            ("vouchers:profile", {}),
            ("vouchers:voucher_dashboard", {}),
            ("vouchers:voucher_detail", {"pk": voucher.pk}),
            ("vouchers:voucher_review", {"pk": voucher.pk}),
        ],
        "training": [
            ("vouchers:agency_dashboard", {"agency_pk": course.agency_id}),
            ("vouchers:course_manage", {"pk": course.pk}),
            ("vouchers:course_edit", {"pk": course.pk}),
            ("vouchers:agency_vouchers", {}),
        ],
        "region": [("home", {}), ("monitoring:dashboard", {})],
    }


def _crawl(client, pages, language: str, *, both_copies: bool = False) -> list[str]:
    typed = typed_strings(None if both_copies else language)
    found = []
    for name, kwargs in pages:
        with translation.override(language):
            url = reverse(name, kwargs=kwargs)
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        if "html" not in response.headers.get("Content-Type", ""):
            continue
        found += [f"{url}: {p}" for p in problems(response.content.decode(), language, typed)]
    return found


def _admin_pages() -> list[tuple[str, dict]]:
    pages = [("admin:index", {})]
    for model in admin.site._registry:
        opts = model._meta
        pages.append((f"admin:{opts.app_label}_{opts.model_name}_changelist", {}))
        obj = model._default_manager.order_by("pk").first()
        if obj is not None:
            pages.append(
                (f"admin:{opts.app_label}_{opts.model_name}_change", {"object_id": obj.pk})
            )
    return pages


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_no_page_shows_the_other_language_or_a_raw_code(client, portal, language):
    found = _as_everyone(client, portal, language, _crawl)
    assert not found, "\n".join(sorted(set(found)))


def _as_everyone(client, portal, language: str, check) -> list[str]:
    """`check` over the public pages anonymously, then each role's pages as that role."""
    found = check(client, portal["public"], language)
    for who, pages in (
        ("member", "sme"),
        ("person", "private"),
        ("agency", "training"),
        ("official", "region"),
    ):
        client.force_login(portal[who])
        found += check(client, portal[pages], language)
        client.logout()
    return found


def _footer_missing(client, pages, language: str) -> list[str]:
    with translation.override(language):
        links = [reverse("pages:accessibility"), reverse("pages:help")]
    missing = []
    for name, kwargs in pages:
        with translation.override(language):
            url = reverse(name, kwargs=kwargs)
        response = client.get(url, follow=True)
        if "html" not in response.headers.get("Content-Type", ""):
            continue
        hrefs = lxml.html.fromstring(response.content).xpath("//footer//a/@href")
        missing += [f"{url}: no footer link to {link}" for link in links if link not in hrefs]
    return missing


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_links_the_accessibility_statement_and_help(client, portal, language):
    # Law 4/2004 and AgID's guidelines: the statement is reachable from every page's footer.
    found = _as_everyone(client, portal, language, _footer_missing)
    assert not found, "\n".join(sorted(set(found)))


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_no_admin_page_shows_the_other_language_or_a_raw_code(client, portal, language):
    client.force_login(portal["admin"])
    pages = []
    for name, kwargs in _admin_pages():
        try:
            with translation.override(language):
                reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            continue
        pages.append((name, kwargs))
    found = _crawl(client, pages, language, both_copies=True)
    assert not found, "\n".join(sorted(set(found)))
