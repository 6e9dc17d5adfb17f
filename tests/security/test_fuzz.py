"""Security 6: hypothesis posts arbitrary input to every public form. Never a 500,
never invalid data saved. Few examples each (CI time); the strategies aim at the edges:
empty, huge, unicode, markup, numbers that are not numbers."""

import pytest
from django.core.cache import cache
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trinno_portal.accounts.models import Enterprise, User
from trinno_portal.funding.models import Application

FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
text = st.one_of(
    st.text(max_size=300),
    st.sampled_from(
        [
            "",
            " ",
            "<script>alert(1)</script>",
            "=cmd|' /C calc'!A0",
            "1e999",
            "NaN",
            "-1",
            "9" * 40,
            "0,5",
            "12.345",
            "2026-02-30",
            "\x00",
            "ℌ𝔢𝔩𝔩𝔬",
            "' OR 1=1 --",
        ]
    ),
)


def _clean(value: str) -> str:
    return value.replace("\x00", "")  # the test client cannot send NUL in a form field


@pytest.fixture
def anonymous(db):
    cache.clear()
    return Client(raise_request_exception=False)


@FUZZ
@given(email=text, p1=text, p2=text)
def test_signup_never_fails_and_saves_only_valid_accounts(anonymous, email, p1, p2):
    before = User.objects.count()
    response = anonymous.post(
        "/accounts/signup/",
        {"email": _clean(email), "password1": _clean(p1), "password2": _clean(p2)},
    )
    assert response.status_code in (200, 302, 429)
    if response.status_code != 302:
        assert User.objects.count() == before


@FUZZ
@given(login=text, password=text)
def test_login_never_fails(anonymous, login, password):
    response = anonymous.post(
        "/accounts/login/", {"login": _clean(login), "password": _clean(password)}
    )
    assert response.status_code in (200, 429)
    assert "_auth_user_id" not in anonymous.session


@FUZZ
@given(size=text, investment=text)
def test_the_simulator_never_fails(anonymous, audit_call, size, investment):
    params = {"size_class": _clean(size), "investment": _clean(investment)}
    assert anonymous.get("/audit/simulatore/", params).status_code == 200
    assert anonymous.get("/audit/api/simulatore/", params).status_code in (200, 400)


@FUZZ
@given(q=text, area=text, size=text, page=text)
def test_the_catalogue_search_never_fails(anonymous, q, area, size, page):
    params = {"q": _clean(q), "area": _clean(area), "size": _clean(size), "page": _clean(page)}
    assert anonymous.get("/catalogo/", params).status_code in (200, 404)


ENTERPRISE = st.fixed_dictionaries(
    {
        "legal_name": text,
        "vat_number": st.one_of(text, st.just("00743110157")),
        "tax_code": text,
        "legal_form": text,
        "pec": text,
        "ateco_code": st.one_of(text, st.just("32.12.10")),
        "founded_on": text,
        "address": text,
        "municipality": text,
        "postal_code": text,
        "province": st.one_of(text, st.just("AR")),
        "size_reference_year": text,
        "staff_awu": text,
        "turnover": text,
        "balance_sheet": text,
    }
)


@FUZZ
@given(data=ENTERPRISE)
def test_the_company_profile_form_never_fails_nor_saves_nonsense(applicant, data):
    client = Client(raise_request_exception=False)
    client.force_login(applicant)
    before = Enterprise.objects.count()
    response = client.post("/imprese/nuova/", {k: _clean(v) for k, v in data.items()})
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert Enterprise.objects.count() == before
    else:
        # Saved: then it is a valid profile (the form's own checks held).
        from stdnum.it import iva

        saved = Enterprise.objects.order_by("-pk").first()
        assert iva.is_valid(saved.vat_number)


@FUZZ
@given(summary=text, start=text, end=text, version=text)
def test_an_audit_step_never_fails_nor_saves_nonsense(
    member, audit_call, summary, start, end, version
):
    from audits.call import services

    application = services.audit_application_start(
        call=audit_call, enterprise=member.enterprise, user=member.user
    )
    client = Client(raise_request_exception=False)
    client.force_login(member.user)
    before = Application.objects.get(pk=application.pk).version
    response = client.post(
        f"/audit/domanda/{application.pk}/passo/project/",
        {
            "project_summary": _clean(summary),
            "planned_start": _clean(start),
            "planned_end": _clean(end),
            "version": _clean(version),
        },
    )
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert Application.objects.get(pk=application.pk).version == before
