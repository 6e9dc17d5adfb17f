"""Answering helpers for the self-assessment tests."""

from audits.selfassessment.models import Option, Question


def answers_for(questionnaire, score: int, *, half: bool = False) -> dict[int, int]:
    """{question id: option id} choosing the option of `score` for every question (or the
    first half of them)."""
    questions = list(
        Question.objects.filter(area__questionnaire=questionnaire).order_by(
            "area__position", "position"
        )
    )
    if half:
        questions = questions[: len(questions) // 2]
    options = dict(
        Option.objects.filter(question__in=questions, score=score).values_list("question_id", "pk")
    )
    return {q.pk: options[q.pk] for q in questions}
