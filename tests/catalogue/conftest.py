import pytest
from django.utils import translation


@pytest.fixture
def english():
    """Messages in their English source text, whatever the portal's default language."""
    with translation.override("en"):
        yield
