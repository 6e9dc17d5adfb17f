"""The COR on the applicant's application page and on the letter of the grant."""

import pytest
from django.urls import reverse

from tests.factories import MembershipFactory
from tests.rna.test_services import _approve, _eligible
from trinno_portal.rna.selectors import grant_cor

pytestmark = pytest.mark.django_db


def test_the_applicant_sees_the_cor_of_the_grant(client, submit, audit_call):
    member = MembershipFactory()
    application = _eligible(submit, audit_call, member)
    client.force_login(member.user)
    url = reverse("audits:application_detail", args=[application.pk])
    assert 'id="rna-cor"' not in client.get(url).content.decode()

    _approve(application)

    body = client.get(url).content.decode()
    assert 'id="rna-cor"' in body and grant_cor(application) in body


def test_the_grant_agreement_prints_the_cor(client, catalogue_call, submit_catalogue, monkeypatch):
    from django.template.loader import render_to_string

    from tests.funding.aftercare_support import approved
    from trinno_portal.funding.aftercare import views

    # The PDF's HTML, before it is printed: the text the agreement carries.
    monkeypatch.setattr(
        views, "render_pdf", lambda template, context: render_to_string(template, context).encode()
    )
    application = approved(catalogue_call, submit_catalogue)
    client.force_login(application.created_by)

    response = client.get(reverse("funding:agreement_download", args=[application.pk]))

    cor = grant_cor(application)
    assert cor and cor in response.content.decode()
