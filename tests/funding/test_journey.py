"""The shared applicant journey (trinno_portal/funding/journey/): every scheme's pages
resolve to it under the names they always had, and the wizard follows the steps the
scheme lists."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import resolve, reverse

from audits.call import services as audit_services
from trinno_portal.funding.journey import views
from trinno_portal.funding.journey.urls import journey_patterns
from trinno_portal.funding.models import Application
from trinno_portal.funding.schemes import scheme_for, schemes
from trinno_portal.funding.submission import application_submit
from trinno_portal.funding.transitions import transition_run

from ..audits.conftest import MINIMAL_PDF, audit_call, fill_draft, member  # noqa: F401

PAGES = ("detail", "review", "withdraw", "answer", "receipt")


@pytest.mark.parametrize("code", [s.code for s in schemes()])
def test_every_scheme_s_applicant_pages_are_the_shared_ones(code):
    journey = scheme_for(code).journey
    assert journey is not None
    for page in PAGES:
        match = resolve(reverse(getattr(journey.urls, page), args=[7]))
        assert match.func is getattr(views, f"application_{page}")
        assert match.kwargs == {"pk": 7, "scheme": code}
    if journey.urls.step:
        match = resolve(reverse(journey.urls.step, args=[7, "documents"]))
        assert match.func is views.application_step
        assert match.kwargs["scheme"] == code


def test_a_page_the_scheme_does_not_name_is_refused_when_the_urls_load():
    with pytest.raises(LookupError):
        journey_patterns("voucher", step="domande/<int:pk>/passo/<slug:step>/")


@pytest.fixture
def draft(audit_call, member):  # noqa: F811
    return audit_services.audit_application_start(
        call=audit_call, enterprise=member.enterprise, user=member.user
    )


@pytest.mark.django_db
def test_an_application_under_another_scheme_s_urls_is_a_404(client, draft, member):  # noqa: F811
    client.force_login(member.user)
    assert client.get(reverse("audits:application_review", args=[draft.pk])).status_code == 200
    assert client.get(reverse("catalogue:call_review", args=[draft.pk])).status_code == 404
    assert client.get(reverse("vouchers:voucher_review", args=[draft.pk])).status_code == 404
    step = reverse("catalogue:call_step", args=[draft.pk, "de_minimis"])
    assert client.get(step).status_code == 404


@pytest.mark.django_db
def test_a_step_the_scheme_does_not_list_is_a_404(client, draft, member):  # noqa: F811
    client.force_login(member.user)
    url = reverse("audits:application_step", args=[draft.pk, "services"])
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_the_wizard_follows_the_scheme_s_steps(client, draft, member):  # noqa: F811
    client.force_login(member.user)
    draft.call.rules = {**draft.call.rules, "requires_stamp_duty": False}
    draft.call.save(update_fields=["rules"])
    journey = scheme_for("audit").journey
    application = Application.objects.select_related("call").get(pk=draft.pk)
    slugs = [s.slug for s in journey.steps(application)]
    assert slugs == ["project", "provider", "costs", "de_minimis", "documents"]
    # The last form step leads to the documents (no stamp duty step on this call).
    response = client.post(
        reverse("audits:application_step", args=[draft.pk, "de_minimis"]),
        {
            "version": draft.version,
            "aid-TOTAL_FORMS": "0",
            "aid-INITIAL_FORMS": "0",
            "declared": "on",
        },
    )
    assert response.status_code == 302
    assert response.url == reverse("audits:application_step", args=[draft.pk, "documents"])
    page = client.get(reverse("audits:application_step", args=[draft.pk, "stamp"]))
    assert page.status_code == 404


@pytest.mark.django_db
def test_the_documents_step_names_each_document_by_its_kind(client, draft, member):  # noqa: F811
    client.force_login(member.user)
    url = reverse("audits:application_step", args=[draft.pk, "documents"])
    upload = SimpleUploadedFile("preventivo.pdf", MINIMAL_PDF, content_type="application/pdf")
    response = client.post(url, {"kind": "quote", "file": upload})
    assert response.status_code == 302
    body = client.get(url).content.decode()
    assert "<td>Preventivo del fornitore</td>" in body
    assert "preventivo.pdf" in body


@pytest.mark.django_db
def test_the_applicant_s_page_says_by_when_to_answer_a_request(client, draft, member):  # noqa: F811
    client.force_login(member.user)
    application = fill_draft(draft)
    application_submit(application=application, by=member.user, version=application.version)
    application = transition_run(
        application=application, transition="request_info", by=None, reason="Send the quote"
    )
    assert application.due_on is not None
    body = client.get(reverse("audits:application_detail", args=[draft.pk])).content.decode()
    assert f"Rispondi entro il {application.due_on:%d/%m/%Y}" in body


@pytest.mark.django_db
def test_a_call_without_resources_left_says_so_and_starts_no_draft(
    client,
    audit_call,  # noqa: F811
    member,  # noqa: F811
):
    from trinno_portal.funding.models import Call

    Call.objects.filter(pk=audit_call.pk).update(committed=audit_call.total_budget)
    client.force_login(member.user)
    body = client.get(reverse("audits:call")).content.decode()
    assert "portal-call-refusal" in body
    assert reverse("audits:application_start") not in body
    response = client.post(
        reverse("audits:application_start"), {"enterprise": member.enterprise.pk}
    )
    assert response.url == reverse("audits:call")
    assert not Application.objects.exists()
