"""Response headers Django has no setting for, and two-factor authentication for the
back office."""

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


def _admin_prefixes() -> tuple[str, ...]:
    # /admin/ and /en/admin/: the admin is under i18n_patterns.
    prefixes = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            prefixes.add(reverse("admin:index"))
    return tuple(prefixes)


def session_used_mfa(request: HttpRequest) -> bool:
    from allauth.account.internal.flows.login import get_authentication_records

    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)


class StaffMFARequiredMiddleware:
    """With settings.MFA_REQUIRED_FOR_STAFF, staff and officials (every is_staff user)
    reach /admin/ only after setting up TOTP and using it in this session.

    Without TOTP they are sent to set it up; with TOTP but a session opened with a
    password alone (the admin's own login form knows nothing of a second factor) they
    are asked for a code. The admin login page itself is sent to the portal's login,
    which asks for the code when the account has one.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.prefixes: tuple[str, ...] | None = None

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if getattr(settings, "MFA_REQUIRED_FOR_STAFF", False):
            redirect = self._redirect(request)
            if redirect is not None:
                return redirect
        return self.get_response(request)

    def _redirect(self, request: HttpRequest) -> HttpResponse | None:
        if self.prefixes is None:
            self.prefixes = _admin_prefixes()
        if not request.path.startswith(self.prefixes):
            return None
        user = request.user
        if not user.is_authenticated:
            if request.path.rstrip("/").endswith("/login"):
                target = request.GET.get("next") or request.path.replace("login/", "")
                return _to("account_login", target)
            return None
        if not user.is_staff:
            return None  # the admin sends them to its login page as usual
        from allauth.mfa.utils import is_mfa_enabled

        if not is_mfa_enabled(user):
            return _to("mfa_activate_totp", request.get_full_path())
        if not session_used_mfa(request):
            return _to("mfa_reauthenticate", request.get_full_path())
        return None


def _to(url_name: str, next_url: str) -> HttpResponse:
    return HttpResponseRedirect(f"{reverse(url_name)}?{urlencode({'next': next_url})}")
