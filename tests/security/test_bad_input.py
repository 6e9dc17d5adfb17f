"""The seven causes of a 500 found by fuzzing, each answered with a 400 or a form
error now."""

import pytest
from django.urls import reverse

from audits.call import services
from tests.audits.conftest import fill_draft
from trinno_portal.funding.models import Application


@pytest.fixture
def draft(member, audit_call):
    return fill_draft(
        services.audit_application_start(
            call=audit_call, enterprise=member.enterprise, user=member.user
        )
    )


def _step(application, step):
    return reverse("audits:application_step", args=[application.pk, step])


def test_a_document_deletion_with_a_bad_id_is_no_error(client, member, draft):
    client.force_login(member.user)
    for value in ("abc", "1e3", "9" * 40, ""):
        response = client.post(_step(draft, "documents"), {"delete": value})
        assert response.status_code == 302, value
    assert draft.documents.exists()


@pytest.mark.parametrize("investment", ["1e309", "1E+400", "9" * 38, "-1", "NaN", "sNaN", "abc"])
def test_the_simulator_api_answers_400_to_impossible_amounts(client, roles, investment):
    response = client.get(
        "/audit/api/simulatore/", {"size_class": "micro", "investment": investment}
    )
    assert response.status_code == 400
    assert "investment" in response.json()["errors"]


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["9" * 20, "-5", "x", "1" * 5000])
def test_the_course_list_takes_any_page_number(client, page):
    assert client.get("/voucher/corsi/", {"page": page}).status_code == 200


@pytest.mark.parametrize("value", ["sNaN", "NaN", "Infinity", "1e400"])
def test_a_cost_row_that_exists_refuses_a_signalling_nan(client, member, draft, value):
    client.force_login(member.user)
    version = Application.objects.get(pk=draft.pk).version
    response = client.post(
        _step(draft, "costs"),
        {
            "version": version,
            "costs-TOTAL_FORMS": "1",
            "costs-INITIAL_FORMS": "1",
            "costs-0-description": "Audit Industria 4.0",
            "costs-0-amount": value,
        },
    )
    assert response.status_code == 200  # the form again, with its error
    assert response.context["formset"].errors[0]["amount"]
    assert Application.objects.get(pk=draft.pk).version == version  # nothing saved


def test_an_aid_row_that_exists_refuses_a_signalling_nan(client, member, draft):
    from trinno_portal.lib.forms import MoneyField

    field = MoneyField(max_digits=12, decimal_places=2)
    assert field.has_changed(__import__("decimal").Decimal("100.00"), "sNaN") is True
    client.force_login(member.user)
    version = Application.objects.get(pk=draft.pk).version
    response = client.post(
        _step(draft, "de_minimis"),
        {
            "version": version,
            "declared": "on",
            "aid-TOTAL_FORMS": "1",
            "aid-INITIAL_FORMS": "1",
            "aid-0-granting_body": "Regione Toscana",
            "aid-0-measure": "Voucher",
            "aid-0-regulation": "1407/2013",
            "aid-0-granted_on": "2024-01-10",
            "aid-0-amount": "sNaN",
        },
    )
    assert response.status_code == 200


def test_the_course_form_refuses_a_theme_no_database_can_hold(roles):
    from vouchers.offer.forms import CourseForm

    form = CourseForm(data={"title": "Corso", "themes": ["9" * 40]})
    assert not form.is_valid()
    assert "themes" in form.errors


def test_a_ranking_for_the_last_month_of_9999_is_a_form_error(client, staff_user, audit_call):
    client.force_login(staff_user)
    response = client.post(
        reverse("admin:funding_ranking_build"), {"call": audit_call.pk, "month": "9999-12"}
    )
    assert response.status_code == 200
    assert "month" in response.context["form"].errors


def test_an_admin_search_of_2000_words_is_cut_with_a_warning(client, staff_user):
    client.force_login(staff_user)
    words = " ".join(f"parola{i}" for i in range(2000))
    response = client.get(reverse("admin:funding_application_changelist"), {"q": words})
    assert response.status_code == 200
    assert "prime 20 parole" in response.content.decode()
