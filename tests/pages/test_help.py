"""The help page: published FAQs only, in the reader's language, and the contacts."""

import pytest
from django.urls import reverse
from django.utils import translation

from trinno_portal.pages.models import Faq

pytestmark = pytest.mark.django_db


def _url(language: str = "it") -> str:
    with translation.override(language):
        return reverse("pages:help")


def _faqs(n: int = 2) -> None:
    for i in range(n):
        Faq.objects.create(
            question_it=f"Domanda {i}?",
            question_en=f"Question {i}?",
            answer_it="Risposta.",
            answer_en="Answer.",
            position=n - i,
            is_published=True,
        )


def test_it_shows_published_faqs_only_in_order(client):
    _faqs()
    Faq.objects.create(question_it="Bozza?", answer_it="No.", is_published=False)
    page = client.get(_url()).content.decode()
    assert "Bozza?" not in page
    assert page.index("Domanda 1?") < page.index("Domanda 0?")


def test_it_shows_english_faqs_and_the_contacts(client):
    _faqs()
    page = client.get(_url("en")).content.decode()
    assert "Question 0?" in page and "Domanda 0?" not in page
    assert "Arezzo Innovazione" in page and "Monday to Friday" in page


def test_its_query_count_does_not_grow_with_the_faqs(client, django_assert_max_num_queries):
    _faqs(1)
    with django_assert_max_num_queries(2) as few:
        client.get(_url())
    _faqs(10)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(_url())
