"""Browser test (in Italian): a person cannot open another person's voucher, nor an agency
another agency's course or the vouchers on it: the portal answers 404."""

from decimal import Decimal

from django.utils import timezone
from playwright.sync_api import Page

from tests.conftest import PASSWORD, _user
from tests.factories import PersonFactory
from tests.vouchers.factories import AgencyMembershipFactory, CourseFactory, TrainingAgencyFactory
from trinno_portal.funding.models import Call
from trinno_portal.funding.submission import application_submit
from vouchers.call import services as services_voucher
from vouchers.offer.models import CourseState
from vouchers.offer.services import vouchers_fixtures_load


def _log_in(page: Page, url: str, email: str) -> None:
    page.context.clear_cookies()
    page.goto(url + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Accedi").click()
    page.get_by_role("button", name="Esci").wait_for()


def test_it_answers_404_for_what_is_not_yours(portal, page: Page):
    vouchers_fixtures_load()
    agency = TrainingAgencyFactory(name="Formazione Casentino")
    other_agency_user = _user("ente@valdarno.example.it", None)
    AgencyMembershipFactory(user=other_agency_user, agency=TrainingAgencyFactory())
    course = CourseFactory(
        agency=agency,
        cost=Decimal("2000.00"),
        state=CourseState.APPROVED,
        approved_at=timezone.now(),
    )
    owner = PersonFactory(user=_user("titolare@example.it", "applicant"))
    stranger = PersonFactory(user=_user("curioso@example.it", "applicant"))
    call = Call.objects.get(code="voucher-formativi-i40-2018")
    application = services_voucher.voucher_application_save(
        call=call, person=owner, course=course, amount=Decimal("1500.00"), user=owner.user
    )
    application_submit(application=application, by=owner.user, version=application.version)

    _log_in(page, portal.url, stranger.user.email)
    for path in (
        f"/voucher/domande/{application.pk}/",
        f"/voucher/domande/{application.pk}/ricevuta.pdf",
    ):
        response = page.goto(portal.url + path)
        assert response.status == 404, path
    page.goto(portal.url + "/voucher/domande/")
    assert page.get_by_text("Ancora nessuna domanda di voucher.").is_visible()

    _log_in(page, portal.url, other_agency_user.email)
    for path in (f"/voucher/ente/corsi/{course.pk}/", f"/voucher/ente/voucher/{application.pk}/"):
        response = page.goto(portal.url + path)
        assert response.status == 404, path
    page.goto(portal.url + "/voucher/ente/voucher/")
    assert page.get_by_text("Ancora nessuna domanda di voucher sui vostri corsi.").is_visible()
