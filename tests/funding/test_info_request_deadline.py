"""The reply deadline of a request for information (soccorso istruttorio, law 241/1990
art. 6) is on the applicant's page of every scheme's application: the shared fragment
templates/funding/_info_request.html shows the application's due date in that state
(funding/deadlines.py: info_answer_days)."""

import pytest
from django.urls import reverse

from trinno_portal.funding.submission import application_submit
from trinno_portal.funding.transitions import transition_run
from trinno_portal.funding.workflow import Status

from ..audits.conftest import audit_call, fill_draft, member  # noqa: F401
from ..catalogue_call.conftest import catalogue_call, start  # noqa: F401
from ..catalogue_call.conftest import fill_draft as fill_catalogue_draft
from ..voucher_call.conftest import (  # noqa: F401
    course,
    course_agency,
    draft,
    entrepreneur,
    make_person,
    voucher_call,
)

pytestmark = pytest.mark.django_db

SAID = {
    "": "Rispondi entro il {date}: fino ad allora la domanda attende te.",
    "/en": "Answer by {date}: until then the application waits for you.",
}


def _asked(application, user):
    application_submit(application=application, by=user, version=application.version)
    application = transition_run(
        application=application, transition="request_info", by=None, reason="Manca il preventivo"
    )
    assert application.status == Status.INFO_REQUESTED
    assert application.due_on is not None
    return application


def _assert_deadline_said(client, user, url_name, application, django_assert_max_num_queries):
    client.force_login(user)
    for prefix, words in SAID.items():
        url = f"{prefix}{reverse(url_name, args=[application.pk])}"
        with django_assert_max_num_queries(16):
            body = client.get(url).content.decode()
        assert "Manca il preventivo" in body, url
        assert words.format(date=f"{application.due_on:%d/%m/%Y}") in body, url


def test_the_audit_page_says_by_when_to_answer(
    client,
    audit_call,  # noqa: F811
    member,  # noqa: F811
    django_assert_max_num_queries,
):
    from audits.call import services

    application = services.audit_application_start(
        call=audit_call, enterprise=member.enterprise, user=member.user
    )
    application = _asked(fill_draft(application), member.user)
    _assert_deadline_said(
        client, member.user, "audits:application_detail", application, django_assert_max_num_queries
    )


def test_the_catalogue_call_page_says_by_when_to_answer(
    client,
    catalogue_call,  # noqa: F811
    member,  # noqa: F811
    django_assert_max_num_queries,
):
    application = fill_catalogue_draft(start(catalogue_call, member))
    application = _asked(application, member.user)
    _assert_deadline_said(
        client,
        member.user,
        "catalogue:call_application",
        application,
        django_assert_max_num_queries,
    )


def test_the_voucher_page_says_by_when_to_answer(
    client,
    voucher_call,  # noqa: F811
    entrepreneur,  # noqa: F811
    course,  # noqa: F811
    django_assert_max_num_queries,
):
    application = draft(voucher_call, entrepreneur, course)
    application = _asked(application, entrepreneur.user)
    _assert_deadline_said(
        client,
        entrepreneur.user,
        "vouchers:voucher_detail",
        application,
        django_assert_max_num_queries,
    )
