"""The back office's admin site: Django's, with its navigation remembered per officer.

Every admin page lists every model the officer may open (the navigation sidebar):
Django builds that list on each request with about 140 permission checks and 70 URL
reversals, 10 ms of the work queue's 90 ms at a million applications (the regional-scale bench,
docs/performance.md). The list depends only on the officer's permissions and the
language, so each process keeps it for NAV_SECONDS per (officer, language,
permissions). A permission granted or withdrawn changes the key: the list is built
again at once. Access itself is never read from here: every view checks permissions.
"""

import time
from functools import update_wrapper

from django.contrib import admin, messages
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

NAV_SECONDS = 60
NAV_ENTRIES = 512
# A search is split into words, each an OR over the search fields: 2,000 words made an
# SQL expression deeper than SQLite allows (and a slow one on PostgreSQL).
SEARCH_MAX_WORDS = 20
SEARCH_MAX_CHARS = 500


def search_capped(query: str) -> str | None:
    """The search the changelist may run, or None when `query` is within the caps."""
    words = query.split()
    if len(words) <= SEARCH_MAX_WORDS and len(query) <= SEARCH_MAX_CHARS:
        return None
    return " ".join(words[:SEARCH_MAX_WORDS])[:SEARCH_MAX_CHARS]


class PortalAdminSite(admin.AdminSite):
    site_header = _("TRINNO portal administration")
    site_title = _("TRINNO portal")
    index_title = _("Arezzo Innovazione back office")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._nav: dict[tuple, tuple[float, list]] = {}

    def admin_view(self, view, cacheable=False):
        wrapped = super().admin_view(view, cacheable)

        def capped(request: HttpRequest, *args, **kwargs):
            short = search_capped(request.GET.get("q", ""))
            if short is not None:
                request.GET = request.GET.copy()
                request.GET["q"] = short
                messages.warning(
                    request,
                    _("Only the first %(n)s words of the search were used.")
                    % {"n": SEARCH_MAX_WORDS},
                )
            return wrapped(request, *args, **kwargs)

        return update_wrapper(capped, wrapped)

    def get_app_list(self, request: HttpRequest, app_label: str | None = None) -> list:
        user = request.user
        if app_label is not None or not user.is_active or not user.is_staff:
            return super().get_app_list(request, app_label)
        key = (
            user.pk,
            user.is_superuser,
            get_language(),
            frozenset(user.get_all_permissions()),
        )
        now = time.monotonic()
        hit = self._nav.get(key)
        if hit is not None and now - hit[0] < NAV_SECONDS:
            return hit[1]
        apps = super().get_app_list(request)
        if len(self._nav) >= NAV_ENTRIES:
            self._nav.clear()  # officers are few: a full table means stale entries
        self._nav[key] = (now, apps)
        return apps


class PortalAdminConfig(AdminConfig):
    default_site = "trinno_portal.admin_site.PortalAdminSite"

    def ready(self) -> None:
        super().ready()
        # Django has no per-site hook for how a field's value is written: its change list
        # and read-only fields call display_for_field by name. Decimals grouped for every
        # model admin and inline at once (lib/admin.py: display_for_field says why).
        from django.contrib.admin import helpers
        from django.contrib.admin.templatetags import admin_list

        from trinno_portal.lib.admin import display_for_field

        helpers.display_for_field = display_for_field
        admin_list.display_for_field = display_for_field
