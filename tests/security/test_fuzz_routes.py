"""Fuzzing over the whole URL configuration: every route (applicant, agency, staff,
official and admin pages, change lists included), asked by a visitor who may open it,
with hypothesis's values in every form field the page shows and every query parameter
it reads. Never a 500. A few examples (CI time: the whole walk is one test)."""

import pytest
from django import forms
from django.contrib import admin
from django.test import Client
from django.urls import get_resolver, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .test_access_matrix import BACK_OFFICE, CASES, OWNED_BO, PUBLIC, STAFF, TOKEN, _walk
from .test_fuzz import _clean, text
from .world import World

# Query parameters the portal's pages read besides their forms' fields.
QUERY = ("page", "p", "q", "o", "e", "month", "delete", "next", "theme", "area", "size", "fmt")


@pytest.fixture
def world(roles, django_capture_on_commit_callbacks, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return World(django_capture_on_commit_callbacks)


def _visitor(world: World, name: str, namespace: str):
    if namespace == "admin":
        return world.staff
    case = CASES.get(name)
    if case is None or case.rule in (PUBLIC, TOKEN):
        return world.sme
    if case.rule in (BACK_OFFICE, STAFF, OWNED_BO) and not case.owner:
        return world.staff
    # No owner among the world's users (the evaluator's pages): any visitor meets the 404.
    return world.user(case.owner) if case.owner else world.sme


def _admin_kwargs(name: str, groups) -> dict | None:
    for model, _model_admin in admin.site._registry.items():
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}_"
        if name.startswith(prefix):
            obj = model._default_manager.order_by("pk").first()
            if obj is None:
                return None
            return {key: str(obj.pk) for key in groups}
    special = {"app_label": "funding", "name": "approve", "fmt": "csv"}
    if set(groups) <= set(special):
        return {key: special[key] for key in groups}
    return None


def _routes(world: World) -> list[tuple[str, object]]:
    routes = []
    for name, namespace, groups in _walk(get_resolver()):
        if not name or name in ("account_logout",):
            continue  # a logout would end the visitor's session for the pages after it
        if not groups:
            kwargs = {}
        elif namespace == "admin":
            kwargs = _admin_kwargs(name, groups)
            if kwargs is None:
                continue
        else:
            kwargs = CASES[name].kwargs(world)
        routes.append((reverse(name, kwargs=kwargs), _visitor(world, name, namespace)))
    return routes


def _fields(response) -> set[str]:
    """Every field name of every form and formset the page was rendered with."""
    names: set[str] = set()
    for context in response.context or []:
        for value in context.flatten().values() if hasattr(context, "flatten") else []:
            candidates = value if isinstance(value, list | tuple) else [value]
            for item in candidates:
                if isinstance(item, forms.BaseForm):
                    names.update(item.add_prefix(n) for n in item.fields)
                elif isinstance(item, forms.BaseFormSet):
                    names.update(
                        item.management_form.add_prefix(n) for n in item.management_form.fields
                    )
                    for form in item.forms[:2]:
                        names.update(form.add_prefix(n) for n in form.fields)
    return names


@pytest.fixture
def surface(world, settings):
    """The routes, their visitors and what each page offers to fill in."""
    settings.ACCOUNT_RATE_LIMITS = {}
    client = Client(raise_request_exception=False)
    found = []
    for url, user in _routes(world):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code < 500, (url, response.status_code)
        found.append((url, user, sorted(_fields(response) | set(QUERY))))
    return client, found


FUZZ = settings(
    max_examples=2,
    deadline=None,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.large_base_example,
    ],
)


@FUZZ
@given(values=st.lists(text, min_size=8, max_size=8), shift=st.integers(0, 7))
def test_no_route_answers_500_to_anything(surface, values, shift):
    client, found = surface
    failures = []
    for url, user, names in found:
        # Each field gets one of the eight values, a different one in each example.
        params = {n: _clean(values[(i + shift) % 8]) for i, n in enumerate(names)}
        client.force_login(user)
        for method in (client.get, client.post):
            response = method(url, params)
            if response.status_code >= 500:
                failures.append((method.__name__, url, response.status_code))
    assert not failures, failures
