import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from simple_history.middleware import HistoryRequestMiddleware

from catalogue.editions.models import Service
from catalogue.editions.services import service_update
from tests.catalogue.factories import ServiceFactory

pytestmark = pytest.mark.django_db


def _as(user, work):
    """Run `work` inside a request of `user`, as the portal's middleware would."""
    request = RequestFactory().post("/admin/")
    request.user = user

    def view(request):
        work()
        return HttpResponse()

    HistoryRequestMiddleware(view)(request)


def test_it_keeps_every_change_of_a_catalogue_service_with_who_and_when(staff_user, client):
    service = ServiceFactory(name="Temporary manager")
    _as(staff_user, lambda: service_update(service=service, name="Temporary manager digitale"))
    history = list(Service.history.filter(id=service.pk).order_by("history_date"))
    assert [h.history_type for h in history] == ["+", "~"]
    assert history[-1].history_user == staff_user
    assert history[-1].name == "Temporary manager digitale"

    client.force_login(staff_user)
    listing = client.get(reverse("admin:funding_historicalservice_changelist"))
    assert listing.status_code == 200 and service.code in listing.text
    page = client.get(
        reverse("admin:funding_historicalservice_change", args=[history[-1].history_id])
    )
    assert page.status_code == 200
    assert "Temporary manager digitale" in page.text and "→ Temporary manager digitale" in page.text
    assert 'name="_save"' not in page.text


def test_it_lets_nobody_edit_or_delete_the_history(staff_user, client):
    service = ServiceFactory()
    record = Service.history.get(id=service.pk)
    client.force_login(staff_user)
    change = reverse("admin:funding_historicalservice_change", args=[record.history_id])
    client.post(change, {"name": "Altro"})
    record.refresh_from_db()
    assert record.name == service.name
    delete = reverse("admin:funding_historicalservice_delete", args=[record.history_id])
    assert client.post(delete, {"post": "yes"}).status_code == 403
