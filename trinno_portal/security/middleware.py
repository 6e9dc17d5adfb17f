"""Response headers Django has no setting for, and two-factor authentication for the
back office on every page."""

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import translation


def csp_header(policy: dict[str, str]) -> str:
    return "; ".join(f"{directive} {value}" for directive, value in policy.items())


class SecurityHeadersMiddleware:
    """Content-Security-Policy and Permissions-Policy on every answer.

    The policy forbids inline script (and eval): a name with a <script> in it that some
    template forgot to escape still cannot run.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.csp = csp_header(settings.CONTENT_SECURITY_POLICY)
        self.permissions = settings.PERMISSIONS_POLICY

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.csp)
        response.headers.setdefault("Permissions-Policy", self.permissions)
        return response


def _prefixes(url_names: tuple[str, ...]) -> tuple[str, ...]:
    # In every language: the portal is under i18n_patterns (/admin/ and /en/admin/).
    prefixes = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            prefixes.update(reverse(name) for name in url_names)
    return tuple(sorted(prefixes))


# What a back-office account without a second factor may still open: the pages that set
# one up or ask for it, the password re-authentication allauth puts before adding one,
# and the way out. Everything else waits for the code.
MFA_FREE_URL_NAMES = ("mfa_index", "account_reauthenticate", "account_logout", "account_login")


def session_used_mfa(request: HttpRequest) -> bool:
    from allauth.account.internal.flows.login import get_authentication_records

    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)


def user_needs_mfa(user) -> bool:
    """Staff and Region officials: is_staff or superuser accounts, and anybody in the two
    back-office groups (monitoring reads them without is_staff)."""
    if not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser:
        return True
    from trinno_portal.accounts.roles import Role

    return user.groups.filter(name__in=[Role.AGENCY_STAFF, Role.REGION_OFFICIAL]).exists()


class StaffMFARequiredMiddleware:
    """With settings.MFA_REQUIRED_FOR_STAFF, staff and officials reach any page of the
    portal (documents, open data, erasure, monitoring, the admin) only after setting up
    TOTP and using it in this session.

    Without TOTP they are sent to set it up; with TOTP but a session opened with a
    password alone (the admin's own login form knows nothing of a second factor, nor
    does the test client's force_login) they are asked for a code. The admin login page
    itself is sent to the portal's login, which asks for the code when the account has
    one. A session that used a code costs no query.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.admin_prefixes: tuple[str, ...] | None = None
        self.free_prefixes: tuple[str, ...] = ()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if getattr(settings, "MFA_REQUIRED_FOR_STAFF", False):
            redirect = self._redirect(request)
            if redirect is not None:
                return redirect
        return self.get_response(request)

    def _redirect(self, request: HttpRequest) -> HttpResponse | None:
        if self.admin_prefixes is None:
            self.admin_prefixes = _prefixes(("admin:index",))
            self.free_prefixes = _prefixes(MFA_FREE_URL_NAMES) + (
                "/health/",
                "/" + settings.STATIC_URL.lstrip("/"),
            )
        user = request.user
        if not user.is_authenticated:
            if request.path.startswith(self.admin_prefixes) and request.path.rstrip("/").endswith(
                "/login"
            ):
                target = request.GET.get("next") or request.path.replace("login/", "")
                return _to("account_login", target)
            return None
        if request.path.startswith(self.free_prefixes) or session_used_mfa(request):
            return None
        if not user_needs_mfa(user):
            return None  # applicants and agencies; the admin refuses them as usual
        from allauth.mfa.utils import is_mfa_enabled

        if not is_mfa_enabled(user):
            return _to("mfa_activate_totp", request.get_full_path())
        return _to("mfa_reauthenticate", request.get_full_path())


def _to(url_name: str, next_url: str) -> HttpResponse:
    return HttpResponseRedirect(f"{reverse(url_name)}?{urlencode({'next': next_url})}")
