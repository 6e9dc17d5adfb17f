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


@pytest.fixture
def advanced_questionnaire(roles):
    # load_portal_data (the roles fixture) loads fixtures/advanced_assessment.json.
    from audits.selfassessment.models import AdvancedQuestionnaire

    return AdvancedQuestionnaire.objects.get(is_active=True)


@pytest.fixture
def first_level(questionnaire, enterprise, applicant):
    from .helpers import completed_first_level

    return completed_first_level(questionnaire, enterprise, applicant)
