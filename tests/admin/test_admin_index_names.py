"""The admin index names each table once: two tables called alike ("Domande" for the
questionnaire's questions and for the applications) send an officer to the wrong one."""

from collections import Counter

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.utils import translation

from trinno_portal.accounts.models import User

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["it", "en"])
def test_the_admin_index_names_each_table_once(language):
    user = User.objects.create_superuser(email="root@example.it", password="x-Root-2026")
    request = RequestFactory().get("/admin/")
    request.user = user
    with translation.override(language):
        names = [
            str(model["name"]).casefold()
            for app in admin.site.get_app_list(request)
            for model in app["models"]
        ]
    assert [name for name, n in Counter(names).items() if n > 1] == []
