import pytest

from audits.selfassessment.services import selfassessment_fixtures_load
from tests.factories import MembershipFactory


@pytest.fixture
def questionnaire(db):
    selfassessment_fixtures_load()
    from audits.selfassessment.models import Questionnaire

    return Questionnaire.objects.get(is_active=True)


@pytest.fixture
def membership(applicant):
    return MembershipFactory(user=applicant)


@pytest.fixture
def enterprise(membership):
    return membership.enterprise
