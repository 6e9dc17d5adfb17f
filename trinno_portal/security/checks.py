"""System checks that keep the security settings from drifting (`manage.py check --deploy`)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

REQUIRED_CSP = {
    "default-src",
    "script-src",
    "frame-ancestors",
    "object-src",
    "base-uri",
    "form-action",
}
MIDDLEWARE = "trinno_portal.security.middleware.SecurityHeadersMiddleware"


@register(Tags.security, deploy=True)
def security_settings_check(app_configs, **kwargs):
    problems = []
    policy = getattr(settings, "CONTENT_SECURITY_POLICY", {})
    if MIDDLEWARE not in settings.MIDDLEWARE:
        problems.append(Warning("The CSP middleware is not installed.", id="trinno.W001"))
    missing = REQUIRED_CSP - set(policy)
    if missing:
        problems.append(
            Warning(f"CONTENT_SECURITY_POLICY lacks {sorted(missing)}.", id="trinno.W002")
        )
    if "unsafe-inline" in policy.get("script-src", "") or "unsafe-eval" in policy.get(
        "script-src", ""
    ):
        problems.append(Warning("script-src allows inline script or eval.", id="trinno.W003"))
    if not settings.DEBUG and not getattr(settings, "MFA_REQUIRED_FOR_STAFF", False):
        problems.append(
            Warning(
                "MFA_REQUIRED_FOR_STAFF is off: staff reach the admin with a password alone.",
                id="trinno.W004",
            )
        )
    if not settings.DEBUG and not getattr(settings, "AXES_ENABLED", False):
        problems.append(Warning("AXES_ENABLED is off: no login lockout.", id="trinno.W005"))
    # Behind the TLS proxy (docs/security.md) with no proxy trusted, every request comes
    # from the proxy's address: one client to the login limits, the lockout and the log.
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None) and not getattr(
        settings, "TRUSTED_PROXIES", []
    ):
        problems.append(
            Warning(
                "The portal is behind a proxy (USE_X_FORWARDED_PROTO) but TRUSTED_PROXIES is "
                "empty: every client would share the proxy's address.",
                hint="Set TRUSTED_PROXIES to the proxy's addresses or CIDR blocks.",
                id="trinno.W006",
            )
        )
    return problems
