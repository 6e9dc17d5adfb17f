"""The advanced assessments typed before the survey keep their text (audits 0006)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.factories import EnterpriseFactory, UserFactory

BEFORE = [("audits", "0005_advanced_assessment_completed_at")]
AFTER = [("audits", "0007_advanced_assessment_survey")]


@pytest.fixture
def back_to_the_latest():
    """Migrate forward again after the test: a database left at an old state keeps tables
    the later migrations drop (audits 0009), and PostgreSQL then cannot flush it."""
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_it_keeps_the_free_text_as_notes_and_marks_the_rows_completed(back_to_the_latest):
    enterprise, staff = EnterpriseFactory(), UserFactory(is_staff=True)
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps.get_model("audits", "AdvancedAssessment")
    typed = old.objects.create(
        enterprise_id=enterprise.pk,
        assessor_id=staff.pk,
        assessed_on="2025-05-06",
        findings="Produzione pianificata a mano.",
        recommended_services="A.1 audit tecnologico",
        level="apprendista",
    )
    bare = old.objects.create(
        enterprise_id=enterprise.pk,
        assessor_id=staff.pk,
        assessed_on="2025-06-06",
        findings="Nessuna macchina connessa.",
        level="esordiente",
    )
    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps.get_model("audits", "AdvancedAssessment")
    typed, bare = new.objects.get(pk=typed.pk), new.objects.get(pk=bare.pk)
    assert typed.findings == (
        "Produzione pianificata a mano.\n\nServizi del catalogo raccomandati: A.1 audit tecnologico"
    )
    assert bare.findings == "Nessuna macchina connessa."
    assert typed.completed_at is not None and bare.completed_at is not None
    assert (typed.level, typed.questionnaire_id) == ("apprendista", None)
