import pytest
from django.core import mail
from django.urls import reverse

from tests.accounts.factories import EnterpriseLinkFactory, LocalUnitFactory, profile_data
from tests.factories import EnterpriseFactory, MembershipFactory, UserFactory
from trinno_portal.accounts import services
from trinno_portal.accounts.models import Enterprise, MemberRole, SizeClass

pytestmark = pytest.mark.django_db


def _post_data(**overrides) -> dict:
    data = profile_data(**overrides)
    data["founded_on"] = data["founded_on"].isoformat()
    data["is_startup"] = "on" if data["is_startup"] else ""
    return {k: v for k, v in data.items() if v != ""}


@pytest.fixture
def member(client):
    membership = MembershipFactory()
    client.force_login(membership.user)
    return membership


def test_it_asks_for_a_login(client):
    response = client.get(reverse("accounts:enterprise_list"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_it_creates_a_profile_and_shows_its_size_class_with_the_steps(client):
    user = UserFactory()
    client.force_login(user)
    response = client.get(reverse("accounts:enterprise_create"))
    assert response.status_code == 200
    # The ten Tuscan provinces come first.
    html = response.content.decode()
    assert html.index('value="AR"') < html.index('value="AG"')

    response = client.post(reverse("accounts:enterprise_create"), _post_data(), follow=True)
    enterprise = Enterprise.objects.get(vat_number="00743110157")
    assert response.redirect_chain[-1][0] == reverse(
        "accounts:enterprise_detail", args=[enterprise.pk]
    )
    assert enterprise.size_class == SizeClass.MICRO
    page = response.content.decode()
    assert "Microimpresa" in page
    assert "Lavorazione di pietre preziose e semipreziose" in page
    assert "1.200.000" in page  # the explanation, in Italian number format
    assert enterprise.memberships.get().role == MemberRole.LEGAL_REPRESENTATIVE


def test_it_shows_the_wrong_vat_message_and_keeps_what_was_typed(client):
    client.force_login(UserFactory())
    response = client.post(
        reverse("accounts:enterprise_create"), _post_data(vat_number="0123", ateco_code="99")
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Partita IVA 0123 non è valida" in page
    assert 'value="0123"' in page
    assert 'value="Oreficeria Aretina srl"' in page
    assert 'value="99"' in page
    assert not Enterprise.objects.exists()


def test_it_explains_a_duplicate_vat_in_the_form(client):
    EnterpriseFactory(vat_number="00743110157")
    client.force_login(UserFactory())
    response = client.post(reverse("accounts:enterprise_create"), _post_data())
    assert response.status_code == 200
    assert "è già registrata nel portale" in response.content.decode()


def test_it_edits_the_profile_and_recomputes_the_class(client, member):
    enterprise = member.enterprise
    url = reverse("accounts:enterprise_update", args=[enterprise.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, _post_data(vat_number=enterprise.vat_number, staff_awu="12"))
    assert response.status_code == 302
    enterprise.refresh_from_db()
    assert enterprise.size_class == SizeClass.SMALL


def test_it_adds_local_units_and_links_from_small_forms(client, member):
    pk = member.enterprise.pk
    response = client.post(
        reverse("accounts:local_unit_create", args=[pk]),
        {
            "address": "Via Fiorentina 3",
            "municipality": "Prato",
            "postal_code": "59100",
            "province": "PO",
        },
    )
    assert response.status_code == 302
    assert member.enterprise.local_units.get().province == "PO"

    bad = {
        "name": "Alfa srl",
        "kind": "partner",
        "holding_percent": "70",
        "staff_awu": "20",
        "turnover": "1000000",
        "balance_sheet": "500000",
    }
    response = client.post(reverse("accounts:link_create", args=[pk]), bad)
    assert response.status_code == 200
    assert "collegata" in response.content.decode()  # "Oltre il 50% l'impresa è collegata..."
    response = client.post(
        reverse("accounts:link_create", args=[pk]), {**bad, "holding_percent": "30"}
    )
    assert response.status_code == 302
    member.enterprise.refresh_from_db()
    assert member.enterprise.size_class == SizeClass.SMALL


def test_it_deletes_a_link_after_confirmation(client, member):
    link = EnterpriseLinkFactory(enterprise=member.enterprise)
    url = reverse("accounts:link_delete", args=[member.enterprise.pk, link.pk])
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    assert not member.enterprise.links.exists()


def test_it_answers_404_for_every_url_of_another_users_enterprise(client):
    theirs = MembershipFactory()
    unit = LocalUnitFactory(enterprise=theirs.enterprise)
    link = EnterpriseLinkFactory(enterprise=theirs.enterprise)
    mine = MembershipFactory()
    client.force_login(mine.user)
    e = theirs.enterprise.pk
    urls = [
        reverse("accounts:enterprise_detail", args=[e]),
        reverse("accounts:enterprise_update", args=[e]),
        reverse("accounts:local_unit_create", args=[e]),
        reverse("accounts:local_unit_update", args=[e, unit.pk]),
        reverse("accounts:local_unit_delete", args=[e, unit.pk]),
        reverse("accounts:link_create", args=[e]),
        reverse("accounts:link_update", args=[e, link.pk]),
        reverse("accounts:link_delete", args=[e, link.pk]),
        reverse("accounts:membership_invite", args=[e]),
        reverse("accounts:membership_remove", args=[e, theirs.pk]),
        # Their objects reached through my own enterprise's URLs.
        reverse("accounts:local_unit_update", args=[mine.enterprise.pk, unit.pk]),
        reverse("accounts:link_delete", args=[mine.enterprise.pk, link.pk]),
        reverse("accounts:membership_remove", args=[mine.enterprise.pk, theirs.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
        assert client.post(url, {}).status_code == 404, url
    assert theirs.enterprise.links.exists() and theirs.enterprise.local_units.exists()


def test_it_lists_my_companies_with_a_constant_number_of_queries(client, django_assert_num_queries):
    user = UserFactory()
    client.force_login(user)
    MembershipFactory(user=user)
    # session, user, the menu's roles, memberships with enterprises
    with django_assert_num_queries(4) as ctx:
        response = client.get(reverse("accounts:enterprise_list"))
    assert response.status_code == 200
    for _ in range(5):
        MembershipFactory(user=user, role=MemberRole.DELEGATE)
    MembershipFactory()  # someone else's: not listed
    with django_assert_num_queries(len(ctx.captured_queries)):
        response = client.get(reverse("accounts:enterprise_list"))
    assert response.content.decode().count("/imprese/") >= 6
    assert len(response.context["memberships"]) == 6


def test_it_lets_the_legal_representative_invite_and_the_invitee_accept(client, member):
    url = reverse("accounts:membership_invite", args=[member.enterprise.pk])
    response = client.post(url, {"email": "delega@example.it"})
    assert response.status_code == 302
    link = next(line for line in mail.outbox[0].body.splitlines() if "/imprese/invito/" in line)
    path = link[link.index("/imprese/") :]

    client.force_login(UserFactory(email="delega@example.it"))
    page = client.get(path).content.decode()
    assert member.enterprise.legal_name in page
    response = client.post(path)
    assert response.status_code == 302
    membership = member.enterprise.memberships.get(user__email="delega@example.it")
    assert membership.role == MemberRole.DELEGATE

    # The delegate sees the company but may not invite.
    assert (
        client.get(reverse("accounts:enterprise_detail", args=[member.enterprise.pk])).status_code
        == 200
    )
    assert client.get(url).status_code == 403


def test_it_refuses_a_broken_invitation_link_without_a_500(client, member):
    response = client.get(reverse("accounts:invitation_accept", args=["not-a-token"]))
    assert response.status_code == 400
    assert "non è valido" in response.content.decode()


def test_it_removes_a_delegate(client, member):
    delegate = MembershipFactory(enterprise=member.enterprise, role=MemberRole.DELEGATE)
    url = reverse("accounts:membership_remove", args=[member.enterprise.pk, delegate.pk])
    assert client.post(url).status_code == 302
    assert list(member.enterprise.memberships.all()) == [member]
    # The legal representative cannot remove themselves: a message, not a 500.
    url = reverse("accounts:membership_remove", args=[member.enterprise.pk, member.pk])
    assert client.post(url, follow=True).status_code == 200
    assert member.enterprise.memberships.filter(pk=member.pk).exists()


def test_services_and_views_agree_on_the_enterprise(client, member):
    # enterprise_detail renders what size_assessment_compute says.
    assessment = services.size_assessment_compute(enterprise=member.enterprise)
    page = client.get(reverse("accounts:enterprise_detail", args=[member.enterprise.pk]))
    assert page.context["assessment"] == assessment
