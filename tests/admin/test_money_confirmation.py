"""Every staff move that commits, releases or cuts money asks for a confirmation that
shows its effect (funding/effects.py), from the change page and from the bulk action."""

import pytest
from django.urls import reverse

from trinno_portal.funding.admin_transitions import STAFF_TRANSITIONS
from trinno_portal.funding.effects import MONEY_TRANSITIONS
from trinno_portal.funding.schemes import schemes
from trinno_portal.funding.workflow import COMMITTED_STATES, Status

CHANGELIST = "/admin/funding/application/"


def test_every_move_of_money_is_in_the_confirmed_set():
    commits = {
        t.name
        for t in STAFF_TRANSITIONS
        if t.target in COMMITTED_STATES and not set(t.sources) <= COMMITTED_STATES
    }
    # A scheme's preview is how a move that sets an amount shows it.
    sets_an_amount = {
        name
        for scheme in schemes()
        for name, how in scheme.workflow.items()
        if getattr(how, "preview", None) is not None
    }
    assert commits | sets_an_amount <= MONEY_TRANSITIONS
    assert "accept_final_report" in sets_an_amount  # every scheme previews its final grant
    # Every scheme that accepts a final report previews its final grant; the voucher has
    # none of its own to accept (its balance claim paid writes the final grant).
    accepting = [s for s in schemes() if s.uses("accept_final_report")]
    assert accepting and all(s.workflow["accept_final_report"].preview for s in accepting)


@pytest.mark.django_db
@pytest.mark.parametrize("origin", ["change_page", "bulk"])
def test_an_approval_waits_for_the_confirmation(client, staff_user, eligible, origin):
    application = eligible()
    client.force_login(staff_user)
    if origin == "change_page":
        url = reverse("admin:funding_application_transition", args=[application.pk, "approve"])
        page = client.post(url)
    else:
        page = client.post(CHANGELIST, {"action": "approve", "_selected_action": [application.pk]})
    assert page.status_code == 200
    assert page.templates[0].name == "admin/funding/transition_confirm.html"
    (effect,) = page.context["effects"]
    assert effect.committed_after == application.grant_amount and not effect.refusal
    # The call and each envelope, before and after.
    assert all(
        b.available_before - b.available_after == application.grant_amount for b in effect.budgets
    )
    application.refresh_from_db()
    assert application.status == Status.ELIGIBLE
