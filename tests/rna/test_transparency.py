"""The public transparency page (d.lgs. 33/2013, arts. 26-27) and its downloads."""

import csv
import io
import json
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import ApplicationFactory, EnterpriseFactory, PersonFactory
from trinno_portal.funding.workflow import Status
from trinno_portal.rna import transparency

pytestmark = pytest.mark.django_db


def _granted(amount="5000.00", **kwargs):
    return ApplicationFactory(
        status=Status.APPROVED,
        approved_at=timezone.now(),
        grant_amount=Decimal(amount),
        **kwargs,
    )


def test_it_publishes_grants_above_1000_euros_to_anybody(client):
    published = _granted(enterprise=EnterpriseFactory(legal_name="Oreficeria Aretina srl"))
    _granted(amount="1000.00", enterprise=EnterpriseFactory(legal_name="Piccola spesa srl"))

    response = client.get("/trasparenza/")

    body = response.content.decode()
    assert response.status_code == 200
    assert "Oreficeria Aretina srl" in body and published.enterprise.tax_code in body
    assert "Piccola spesa srl" not in body
    assert "Arezzo Innovazione S.p.A., Ufficio Agevolazioni" in body


def test_the_csv_download_states_its_licence_and_the_laws_fields(client):
    application = _granted()

    response = client.get("/en/trasparenza/?format=csv")

    text = b"".join(response.streaming_content).decode()
    # A byte-order mark first, for Excel; then the licence line, then the table.
    assert text.startswith("\ufeff")
    first, rest = text.removeprefix("\ufeff").split("\n", 1)
    assert "CC BY 4.0" in first and "creativecommons.org/licenses/by/4.0" in response["Link"]
    rows = list(csv.DictReader(io.StringIO(rest)))
    assert [r["tax_code"] for r in rows] == [application.enterprise.tax_code]
    assert rows[0]["amount"] == "5000.00"
    assert rows[0]["project_url"].endswith(reverse("rna:grant", args=[application.pk]))


def test_the_json_download_is_streamed_with_its_metadata(client, django_assert_num_queries):
    for _ in range(3):
        _granted()
    with django_assert_num_queries(1):
        response = client.get("/trasparenza/?format=json")
        data = json.loads(b"".join(response.streaming_content))
    assert data["metadata"]["license"] == "CC BY 4.0"
    assert len(data["grants"]) == 3


def test_a_natural_persons_data_is_never_published(client):
    person = PersonFactory()
    _granted(enterprise=None, person=person, scheme="voucher")

    text = b"".join(client.get("/trasparenza/?format=csv").streaming_content).decode()

    assert person.tax_code not in text and person.last_name not in text
    assert "26" in text


def test_a_freelancer_is_published_with_the_vat_number_not_the_personal_tax_code(client):
    freelancer = EnterpriseFactory(legal_name="Studio Rossi", tax_code="RSSMRA80A01A390X")
    _granted(enterprise=freelancer)

    body = client.get("/trasparenza/").content.decode()

    assert "RSSMRA80A01A390X" not in body and freelancer.vat_number in body


def test_pages_read_in_constant_queries_with_a_keyset(
    client, django_assert_num_queries, monkeypatch
):
    monkeypatch.setattr(transparency, "PAGE_SIZE", 2)
    grants = [_granted() for _ in range(5)]
    client.get("/trasparenza/")  # warm the session and the template cache
    with django_assert_num_queries(1):
        first = client.get("/trasparenza/")
    cursor = first.context["next_cursor"]
    with django_assert_num_queries(1):
        second = client.get("/trasparenza/", {"after": cursor})
    newest_first = sorted(grants, key=lambda a: (a.approved_at, a.pk), reverse=True)
    assert [g.pk for g in first.context["grants"]] == [a.pk for a in newest_first[:2]]
    assert [g.pk for g in second.context["grants"]] == [a.pk for a in newest_first[2:4]]
    assert client.get("/trasparenza/", {"after": "forged"}).status_code == 200


def test_the_project_page_of_an_unpublished_grant_is_not_found(client):
    small = _granted(amount="900.00")
    assert client.get(reverse("rna:grant", args=[small.pk])).status_code == 404
    assert client.get(reverse("rna:grant", args=[_granted().pk])).status_code == 200
