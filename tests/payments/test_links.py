"""The officer reaches the claims from where they work: the application's admin page,
the work queue and the admin index."""

import pytest
from django.urls import reverse

from .support import claim, officer, operation

pytestmark = pytest.mark.django_db


def test_it_links_the_application_and_the_queue_to_the_claims(
    catalogue_call, submit_catalogue, client, roles
):
    application = operation(catalogue_call, submit_catalogue)
    c = claim(application)
    client.force_login(officer())
    change = client.get(reverse("admin:funding_application_change", args=[application.pk]))
    claims_url = (
        reverse("admin:payments_paymentclaim_changelist")
        + f"?application__id__exact={application.pk}"
    )
    assert claims_url.replace("&", "&amp;") in change.content.decode()
    listed = client.get(claims_url)
    assert listed.status_code == 200
    assert reverse("payments:claim_check", args=[c.pk]) in listed.content.decode()
    queue = client.get(reverse("admin:funding_application_changelist"))
    assert "?status__exact=submitted" in queue.content.decode()
    index = client.get(reverse("admin:index"))
    assert reverse("admin:payments_paymentclaim_changelist") in index.content.decode()
