import pytest
from django.urls import reverse

from tests.accounts.factories import EnterpriseLinkFactory, LocalUnitFactory
from tests.factories import EnterpriseFactory, MembershipFactory, UserFactory
from trinno_portal.accounts.models import SizeClass

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_it_lists_and_searches_enterprises_with_a_constant_number_of_queries(
    admin_client, django_assert_max_num_queries
):
    for _ in range(3):
        MembershipFactory()
    target = EnterpriseFactory(legal_name="Pelletteria Valdarno srl")
    url = reverse("admin:accounts_enterprise_changelist")
    with django_assert_max_num_queries(12):
        response = admin_client.get(url, {"q": target.vat_number})
    assert response.status_code == 200
    assert "Pelletteria Valdarno srl" in response.content.decode()
    assert admin_client.get(url, {"province": "AR", "size_class": "micro"}).status_code == 200


def test_it_recomputes_the_size_class_after_staff_edit_the_links(admin_client):
    enterprise = EnterpriseFactory()
    LocalUnitFactory(enterprise=enterprise)
    link = EnterpriseLinkFactory(enterprise=enterprise, staff_awu="20")  # 30% of 20 = 6
    url = reverse("admin:accounts_enterprise_change", args=[enterprise.pk])
    page = admin_client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if k in form.fields}
    data["founded_on"] = enterprise.founded_on.isoformat()
    data["is_startup"] = ""
    for prefix, total in (("local_units", 1), ("links", 1), ("memberships", 0), ("events", 0)):
        data[f"{prefix}-TOTAL_FORMS"] = total
        data[f"{prefix}-INITIAL_FORMS"] = total
    unit = enterprise.local_units.get()
    data.update(
        {
            "local_units-0-id": unit.pk,
            "local_units-0-enterprise": enterprise.pk,
            "local_units-0-address": unit.address,
            "local_units-0-municipality": unit.municipality,
            "local_units-0-postal_code": unit.postal_code,
            "local_units-0-province": unit.province,
            "links-0-id": link.pk,
            "links-0-enterprise": enterprise.pk,
            "links-0-name": link.name,
            "links-0-vat_number": "",
            "links-0-kind": link.kind,
            "links-0-holding_percent": "30",
            "links-0-staff_awu": "20",
            "links-0-turnover": "1000000",
            "links-0-balance_sheet": "500000",
            "links-0-DELETE": "on",
        }
    )
    enterprise.size_class = SizeClass.SMALL  # stale on purpose: saving must fix it
    enterprise.save()
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    enterprise.refresh_from_db()
    assert not enterprise.links.exists()
    assert enterprise.size_class == SizeClass.MICRO


def test_it_refuses_a_wrong_vat_in_the_back_office_too(admin_client):
    enterprise = EnterpriseFactory()
    url = reverse("admin:accounts_enterprise_change", args=[enterprise.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if k in form.fields}
    data.update(
        {
            "vat_number": "12345678901",
            "founded_on": enterprise.founded_on.isoformat(),
            "is_startup": "",
        }
    )
    for prefix in ("local_units", "links", "memberships"):
        data[f"{prefix}-TOTAL_FORMS"] = 0
        data[f"{prefix}-INITIAL_FORMS"] = 0
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "vat_number" in response.context["adminform"].form.errors


@pytest.mark.parametrize(
    "changelist, field",
    [
        ("admin:accounts_enterprise_changelist", "province"),
        ("admin:accounts_person_changelist", "residence_province"),
    ],
)
def test_the_region_sized_lists_neither_count_every_row_nor_read_distinct_provinces(
    admin_client, changelist, field
):
    """With every enterprise of Tuscany registered, a COUNT(*) or a SELECT DISTINCT
    over the whole table on each page load is a full scan: the lists do neither, and the
    province filter still narrows them, "Other" included."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import PersonFactory

    if field == "province":
        EnterpriseFactory(legal_name="Oreficeria Aretina srl", province="AR")
        EnterpriseFactory(legal_name="Ceramiche Faentine srl", province="RA")
        names = ("Oreficeria Aretina srl", "Ceramiche Faentine srl")
    else:
        PersonFactory(last_name="Aretino", residence_province="AR")
        PersonFactory(last_name="Romagnolo", residence_province="RA")
        names = ("Aretino", "Romagnolo")
    url = reverse(changelist)
    with CaptureQueriesContext(connection) as ctx:
        page = admin_client.get(url)
    assert page.status_code == 200
    sql = " ".join(q["sql"].upper() for q in ctx.captured_queries)
    assert "SELECT DISTINCT" not in sql
    # The only count is the paginator's, bounded by a LIMIT inside it.
    counts = [q["sql"] for q in ctx.captured_queries if "COUNT(" in q["sql"].upper()]
    assert len(counts) == 1 and "LIMIT" in counts[0].upper()
    tuscan = admin_client.get(url, {field: "AR"}).content.decode()
    assert names[0] in tuscan and names[1] not in tuscan
    other = admin_client.get(url, {field: "other"}).content.decode()
    assert names[1] in other and names[0] not in other
