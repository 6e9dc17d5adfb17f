import pytest

from ..factories import ApplicationFactory, MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_it_lists_every_scheme_of_the_user_and_nothing_else(client, audit_call):
    member = MembershipFactory()
    mine = ApplicationFactory(
        call=audit_call, enterprise=member.enterprise, protocol_number="AUD-1"
    )
    person = PersonFactory(user=member.user)
    voucher = ApplicationFactory(
        call=audit_call, enterprise=None, person=person, protocol_number="VOU-1"
    )
    ApplicationFactory(call=audit_call, protocol_number="AUD-OTHER")
    client.force_login(member.user)
    body = client.get("/pratiche/").content.decode()
    assert "AUD-1" in body and "VOU-1" in body
    assert "AUD-OTHER" not in body
    assert f"/audit/domanda/{mine.pk}/" in body
    assert voucher.pk


def test_it_pages_without_counting_in_constant_queries(
    client, audit_call, django_assert_max_num_queries
):
    member = MembershipFactory()
    client.force_login(member.user)
    ApplicationFactory(call=audit_call, enterprise=member.enterprise)
    with django_assert_max_num_queries(10) as few:
        client.get("/pratiche/")
    baseline = len(few.captured_queries)
    for _ in range(60):
        ApplicationFactory(call=audit_call, enterprise=member.enterprise, status="submitted")
    with django_assert_max_num_queries(baseline):
        response = client.get("/pratiche/")
    assert 'href="?pagina=2"' in response.content.decode()


def test_it_sends_anonymous_visitors_to_the_login_page(client):
    response = client.get("/pratiche/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
