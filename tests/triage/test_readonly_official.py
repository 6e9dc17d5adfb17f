"""A Region official opens every page of the back office and changes nothing: every
admin URL of every registered model, read with GET and attacked with POST."""

import pytest
from django.contrib import admin
from django.urls import reverse

from trinno_portal.funding.admin_transitions import staff_transition_run
from trinno_portal.funding.models import Application
from trinno_portal.funding.queue.models import ApplicationNote
from trinno_portal.funding.queue.services import application_assign
from trinno_portal.funding.ranking import ranking_build

pytestmark = pytest.mark.django_db

# Values tried for the URL parameters other than the object id (transitions, ranking
# operations...): each one a change an official must not make.
PARAMETER_VALUES = ["approve", "reject", "request_info", "freeze", "refresh", "close"]


def _snapshot() -> dict:
    return {
        model._meta.label: sorted(map(repr, model._default_manager.values()))
        for model in admin.site._registry
    }


def _urls(model_admin, obj) -> list[tuple[str, str]]:
    """(name, URL) of every named admin URL of a model, filled with `obj`."""
    urls = []
    for pattern in model_admin.get_urls():
        if not pattern.name:
            continue
        params = list(pattern.pattern.converters)
        ids = [p for p in params if p in ("object_id", "id", "pk")]
        if ids and obj is None:
            continue
        others = [p for p in params if p not in ids]
        values = PARAMETER_VALUES if others else [None]
        for value in values:
            kwargs = {p: value for p in others}
            kwargs.update({p: obj.pk for p in ids})
            urls.append((pattern.name, reverse(f"admin:{pattern.name}", kwargs=kwargs)))
    return urls


@pytest.fixture
def back_office(eligible, staff_user, audit_call):
    """A back office with something in every list: applications in several states,
    notes, a ranking, the catalogue, the calls."""
    first, second, third = eligible(), eligible(), eligible()
    application_assign(application=first, officer=staff_user, by=staff_user)
    ApplicationNote.objects.create(application=first, author=staff_user, text="Nota")
    staff_transition_run(application=second, transition="approve", by=staff_user)
    ranking_build(call=audit_call, period_start=third.submitted_at.date().replace(day=1))
    return [first, second, third]


def test_it_lets_an_official_open_everything_and_change_nothing(client, official, back_office):
    client.force_login(official)
    before = _snapshot()
    opened = 0
    for model, model_admin in admin.site._registry.items():
        label = model._meta.label
        prefix = f"{model._meta.app_label}_{model._meta.model_name}"
        changelist = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        listing = client.get(changelist)
        if not official.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}"):
            assert listing.status_code in (302, 403), label
            continue
        assert listing.status_code == 200, label
        assert listing.context["action_form"] is None, label  # no action at all
        assert not listing.context["has_add_permission"], label
        obj = model_admin.get_queryset(listing.wsgi_request).first()
        if obj is not None:
            page = client.get(
                reverse(
                    f"admin:{model._meta.app_label}_{model._meta.model_name}_change",
                    args=[obj.pk],
                )
            )
            assert page.status_code == 200, label
            assert 'name="_save"' not in page.text, label
            assert not page.context["has_change_permission"], label
            assert not page.context["has_delete_permission"], label
            opened += 1
            client.post(changelist, {"action": "delete_selected", "_selected_action": [obj.pk]})
        for name, url in _urls(model_admin, obj):
            read = client.get(url)
            assert read.status_code in (200, 302, 403, 404), (name, url, read.status_code)
            if name in {f"{prefix}_change", f"{prefix}_changelist", f"{prefix}_history"}:
                assert read.status_code == 200, (name, url)
            if name in {f"{prefix}_add", f"{prefix}_delete"}:
                assert read.status_code == 403, (name, url)
            written = client.post(url, {"post": "yes", "apply": "yes", "reason": "x", "text": "x"})
            assert written.status_code in (200, 302, 403, 404, 405), (name, url)
            if name.endswith(("_add", "_delete", "_change", "_transition", "_note", "_assign_me")):
                assert written.status_code in (403, 405), (name, url, written.status_code)
    assert opened >= 8
    assert _snapshot() == before
    assert Application.objects.filter(status="approved").count() == 1
