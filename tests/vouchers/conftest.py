import pytest

from tests.conftest import _user
from vouchers.offer.services import vouchers_fixtures_load

from .factories import AgencyMembershipFactory, TrainingAgencyFactory


@pytest.fixture
def themes(db):
    vouchers_fixtures_load()


@pytest.fixture
def agency(themes):
    return TrainingAgencyFactory(name="Formazione Casentino")


@pytest.fixture
def agency_user(agency):
    user = _user("ente@example.it", None)
    AgencyMembershipFactory(user=user, agency=agency)
    return user


@pytest.fixture
def other_agency(themes):
    return TrainingAgencyFactory(name="Scuola Valdarno")


@pytest.fixture
def other_agency_user(other_agency):
    user = _user("altro.ente@example.it", None)
    AgencyMembershipFactory(user=user, agency=other_agency)
    return user
