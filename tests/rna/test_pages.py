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
