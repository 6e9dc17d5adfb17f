"""The acts of an approved ranking: the decree and the committee's minutes as PDFs, the
public ranking under /graduatorie/ (anonymous, names only where the call allows) and the
applicant's place on its page."""

import io
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import override
from pypdf import PdfReader

from tests.procedure.merit_support import make_evaluator, scored
from trinno_portal.funding.fixtures import agency_identity_load
from trinno_portal.funding.models import AgencyIdentity, Call
from trinno_portal.funding.ranking import ranking_approve_funded, ranking_build, ranking_freeze
from trinno_portal.procedure.merit import evaluator_assign

pytestmark = pytest.mark.django_db


def _text(pdf: bytes) -> str:
    return re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))


@pytest.fixture
def approved(eligible, procedure, staff_user):
    """A month of three: one funded (90), one eligible without funds (70: 4,500 EUR
    left), one below the minimum of 55 (40); approved, with its decree."""
    agency_identity_load()
    procedure.merit_threshold = Decimal("55")
    procedure.save()
    apps = [eligible() for _ in range(3)]
    call = apps[0].call
    Call.objects.filter(pk=call.pk).update(committed=call.total_budget - Decimal("4500"))
    first, second = make_evaluator(full_name="Elena Galli"), make_evaluator(full_name="Luca Neri")
    for application, value in zip(apps, [9, 7, 4], strict=True):
        scored(application, first, value, comment=f"Giudizio {value}.")
        scored(application, second, value)
    ranking = ranking_build(call=call, period_start=timezone.localdate())
    ranking_freeze(ranking=ranking, by=staff_user)
    ranking_approve_funded(ranking=ranking, by=staff_user)
    ranking.refresh_from_db()
    return ranking, apps


def _staff_pdf(staff_user, ranking, document) -> bytes:
    client = Client()
    client.force_login(staff_user)
    response = client.get(reverse("admin:funding_ranking_pdf", args=[ranking.pk, document]))
    assert response["Content-Type"] == "application/pdf"
    return response.content


def test_the_decree_lists_the_three_groups_with_the_cor_and_the_letterhead(approved, staff_user):
    ranking, apps = approved
    text = _text(_staff_pdf(staff_user, ranking, "decreto"))
    agency = AgencyIdentity.objects.get()
    cor = apps[0].aid_grant.cor
    assert cor and cor in text
    for expected in [
        f"n. 1/{ranking.decree.year}",
        agency.legal_name,
        agency.vat_number,
        agency.pec,
        date_format(ranking.decree.issued_on, "j F Y"),
        "Finanziate",
        "non finanziate per carenza di fondi",
        "Non ammissibili",
        apps[2].protocol_number,
        "55",
    ]:
        assert expected in text, expected
    funded, unfunded = text.index(apps[0].protocol_number), text.index(apps[1].protocol_number)
    assert funded < unfunded < text.index(apps[2].protocol_number)


def test_the_minutes_carry_every_sheet_with_its_comments(approved, staff_user):
    ranking, apps = approved
    text = _text(_staff_pdf(staff_user, ranking, "verbale"))
    for expected in [
        "Elena Galli",
        "Luca Neri",
        "Giudizio 9.",
        "90,00" if "90,00" in text else "90.00",
    ]:
        assert expected in text, expected
    assert "conflitto di interessi" in text


def test_a_preview_has_no_acts(eligible, procedure, staff_user):
    application = eligible()
    evaluator_assign(application=application, evaluator=make_evaluator())
    ranking = ranking_build(call=application.call, period_start=timezone.localdate())
    client = Client()
    client.force_login(staff_user)
    for document in ["verbale", "decreto"]:
        url = reverse("admin:funding_ranking_pdf", args=[ranking.pk, document])
        assert client.get(url).status_code == 404
    assert Client().get(reverse("rankings:detail", args=[ranking.pk])).status_code == 404


def test_the_public_ranking_is_anonymous_and_names_only_where_allowed(approved, procedure):
    ranking, apps = approved
    anonymous = Client()
    listing = anonymous.get(reverse("rankings:list"))
    assert listing.status_code == 200
    url = reverse("rankings:detail", args=[ranking.pk])
    procedure.ranking_names_public = False
    procedure.save()
    page = anonymous.get(url).content.decode()
    assert all(a.protocol_number in page for a in apps)
    assert apps[0].applicant_name not in page
    procedure.ranking_names_public = True
    procedure.save()
    assert apps[0].applicant_name in anonymous.get(url).content.decode()
    with override("en"):
        assert reverse("rankings:list") == "/en/graduatorie/"


def test_the_applicant_sees_its_place(approved):
    _ranking, apps = approved
    owner = apps[1].enterprise.memberships.first().user
    client = Client()
    client.force_login(owner)
    page = client.get(reverse("audits:application_detail", args=[apps[1].pk])).content.decode()
    assert "Posizione 2 di 3" in page
    assert "non finanziata per carenza di fondi" in page.lower() or "carenza di fondi" in page


def test_the_published_decree_downloads_anonymously_with_names_only_where_allowed(
    approved, procedure
):
    ranking, apps = approved
    url = reverse("rankings:decree", args=[ranking.pk])
    assert url == f"/graduatorie/{ranking.pk}/decreto.pdf"
    procedure.ranking_names_public = False
    procedure.save()
    response = Client().get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = _text(response.content)
    assert f"n. {ranking.decree}" in text and apps[0].protocol_number in text
    assert apps[0].applicant_name not in text
    procedure.ranking_names_public = True
    procedure.save()
    assert apps[0].applicant_name in _text(Client().get(url).content)
    page = Client().get(reverse("rankings:detail", args=[ranking.pk])).content.decode()
    assert url in page


def test_a_frozen_ranking_publishes_no_decree(eligible, procedure, staff_user):
    application = eligible()
    evaluator_assign(application=application, evaluator=make_evaluator())
    ranking = ranking_build(call=application.call, period_start=timezone.localdate())
    ranking_freeze(ranking=ranking, by=staff_user)
    assert Client().get(reverse("rankings:decree", args=[ranking.pk])).status_code == 404


def test_the_applicant_finds_the_decree_on_its_page(approved):
    ranking, apps = approved
    owner = apps[0].enterprise.memberships.first().user
    client = Client()
    client.force_login(owner)
    page = client.get(reverse("audits:application_detail", args=[apps[0].pk])).content.decode()
    assert reverse("rankings:decree", args=[ranking.pk]) in page
