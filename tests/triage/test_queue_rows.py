"""The work queue's rows (admin_queue_rows.py) write what Django's result list would,
cell for cell, except the submission time, written short on purpose."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.contrib import admin
from django.contrib.admin.templatetags.admin_list import items_for_result
from django.test import RequestFactory
from django.utils import timezone, translation

from trinno_portal.funding.models import Application
from trinno_portal.funding.queue.rows import QueueRows

from .conftest import bulk_applications

pytestmark = pytest.mark.django_db


def _changelist(user, query: str = ""):
    request = RequestFactory().get(f"/admin/funding/application/{query}")
    request.user = user
    return admin.site._registry[Application].get_changelist_instance(request)


@pytest.mark.parametrize("language", ["it", "en"])
def test_it_writes_the_cells_django_writes(staff_user, other_officer, audit_call, language):
    rows = bulk_applications(audit_call, 6)
    # The empty and unusual values too: no protocol number, no grant, nobody assigned,
    # an officer, markup in a name, a late due date (its own warning cell).
    Application.objects.filter(pk=rows[0].pk).update(protocol_number=None, grant_amount=None)
    Application.objects.filter(pk=rows[1].pk).update(
        assigned_to=other_officer, due_on=timezone.localdate() - dt.timedelta(days=3)
    )
    Application.objects.filter(pk=rows[2].pk).update(grant_amount=Decimal("1234567.80"))
    rows[3].person.last_name = "<b>Rossi</b>"
    rows[3].person.save()
    with translation.override(language):
        cl = _changelist(staff_user)
        ours = list(cl.rows().cells_of_rows())
        joined = list(cl.rows())
        django = [list(items_for_result(cl, result, None)) for result in cl.result_list]
    assert len(ours) == len(django) == 6
    assert joined == [["".join(cells)] for cells in ours]
    submitted = cl.list_display.index("submitted_at")
    for fast, slow, application in zip(ours, django, cl.result_list, strict=True):
        for i, (a, b) in enumerate(zip(fast, slow, strict=True)):
            if i == submitted:
                local = timezone.localtime(application.submitted_at)
                assert a == f'<td class="field-submitted_at nowrap">{local:%d/%m/%Y %H:%M}</td>'
            else:
                assert _same(a) == _same(b), (cl.list_display[i], a, b)
    assert "&lt;b&gt;Rossi&lt;/b&gt;" in "".join(sum(joined, []))


def _same(html: str) -> str:
    # Attribute order is the only difference allowed (Django's CheckboxInput writes
    # type, name, value, then the attrs).
    return re.sub(r"<input [^>]*>", lambda m: " ".join(sorted(m.group(0).split())), html)


def test_a_column_without_a_formatter_is_refused(staff_user, audit_call, monkeypatch):
    bulk_applications(audit_call, 1)
    cl = _changelist(staff_user)
    cl.list_display = [*cl.list_display, "eligible_cost"]
    with pytest.raises(LookupError, match="eligible_cost"):
        QueueRows(cl, lambda application, today: "")


def test_the_page_shows_the_rows_with_their_links(client, staff_user, audit_call):
    rows = bulk_applications(audit_call, 3)
    client.force_login(staff_user)
    html = client.get("/admin/funding/application/?status__exact=eligible").text
    for application in rows:
        assert f"/admin/funding/application/{application.pk}/change/?_changelist_filters=" in html
        assert f'value="{application.pk}" class="action-select"' in html
