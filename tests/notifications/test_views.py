import pytest
from django.utils import timezone

from trinno_portal.funding.models import Notification

from ..factories import UserFactory

pytestmark = pytest.mark.django_db


def _notification(user, **kwargs):
    return Notification.objects.create(
        recipient=user,
        kind="approve",
        title="Domanda P-1 approvata",
        title_en="Application P-1 approved",
        body="Corpo",
        body_en="Body",
        link="/audit/domanda/1/",
        **kwargs,
    )


def test_it_lists_only_the_users_own_in_both_languages(client):
    me, other = UserFactory(), UserFactory()
    _notification(me)
    Notification.objects.create(recipient=other, kind="x", title="ALTRUI", body="b")
    client.force_login(me)
    body = client.get("/pratiche/notifiche/").content.decode()
    assert "Domanda P-1 approvata" in body and "ALTRUI" not in body
    assert "Application P-1 approved" in client.get("/en/pratiche/notifiche/").content.decode()


def test_it_pages_without_counting_in_constant_queries(client, django_assert_max_num_queries):
    me = UserFactory()
    client.force_login(me)
    _notification(me)
    with django_assert_max_num_queries(10) as few:
        client.get("/pratiche/notifiche/")
    for _ in range(30):
        _notification(me)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/pratiche/notifiche/")
    assert 'href="?pagina=2"' in response.content.decode()


def test_opening_marks_read_and_leads_to_the_page_in_the_pages_language(client):
    me = UserFactory()
    n = _notification(me)
    client.force_login(me)
    response = client.post(f"/en/pratiche/notifiche/{n.pk}/apri/")
    assert response.status_code == 302 and response["Location"] == "/en/audit/domanda/1/"
    n.refresh_from_db()
    assert n.read_at is not None


def test_anothers_notification_is_404(client):
    n = _notification(UserFactory())
    client.force_login(UserFactory())
    assert client.post(f"/pratiche/notifiche/{n.pk}/apri/").status_code == 404
    n.refresh_from_db()
    assert n.read_at is None


def test_the_dashboard_counts_the_unread_and_all_can_be_marked_read(client):
    me = UserFactory()
    _notification(me)
    _notification(me, read_at=timezone.now())
    client.force_login(me)
    assert "Notifiche da leggere: 1" in client.get("/pratiche/").content.decode()
    client.post("/pratiche/notifiche/lette/")
    assert not Notification.objects.filter(recipient=me, read_at__isnull=True).exists()
