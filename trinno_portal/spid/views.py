"""SPID and CIE in the browser: the SP metadata, the start of a sign-in, the assertion
consumer service, linking an e-mail account, and the local test IdP (DEBUG only).

A refused response is a translated page with status 403, logged by code only
(services.response_consume), and makes no session: nothing is logged in.
"""

import datetime as dt
import json
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from trinno_portal.accounts.models import User
from trinno_portal.accounts.views_representative import LEGAL_PERSON_SESSION_KEY
from trinno_portal.navigation import landing_url_name, user_roles
from trinno_portal.security.middleware import csp_header

from . import saml, services, testidp
from .rules import Refusal

PENDING_COOKIE = "spid_pending"
PENDING_SALT = "trinno.spid.pending"
LINK_KEY = "spid_link"
LEVEL_KEY = "spid_level"
LINK_MAX_AGE = dt.timedelta(minutes=10)

SIGN_IN_ERRORS = {
    "email_taken": gettext_lazy(
        "An account with the e-mail address of this identity already exists. Sign in with its "
        'password, then link SPID or CIE from the page "Link SPID or CIE".'
    ),
    "linked_to_other": gettext_lazy("This account is already linked to another identity."),
    "identity_taken": gettext_lazy("This identity is already linked to another account."),
}


@require_GET
def metadata(request: HttpRequest) -> HttpResponse:
    return HttpResponse(saml.sp_metadata(), content_type="application/samlmetadata+xml")


def _refused(request: HttpRequest, message: str, status: int = 403) -> HttpResponse:
    return render(request, "spid/refused.html", {"message": message}, status=status)


def _post_page(request: HttpRequest, action: str, fields: dict[str, str]) -> HttpResponse:
    """A page that posts `fields` to `action` (the IdP or the ACS): the policy lets this
    one form go to that address, and only this page."""
    response = render(request, "spid/post.html", {"action": action, "fields": fields})
    parts = urlsplit(action)
    policy = dict(settings.CONTENT_SECURITY_POLICY)
    policy["form-action"] = (
        f"{policy.get('form-action', '')} {parts.scheme}://{parts.netloc}".strip()
    )
    response.headers["Content-Security-Policy"] = csp_header(policy)
    return response


@require_GET
def login_start(request: HttpRequest) -> HttpResponse:
    """/spid/login/?idp=<entityID>[&level=3][&next=/...]: post a signed AuthnRequest."""
    idp = request.GET.get("idp", "")
    try:
        # A call may ask for level 3; nobody may ask for less than the portal's level.
        level = max(settings.SPID_LEVEL, min(3, int(request.GET.get("level", "0"))))
    except ValueError:
        level = settings.SPID_LEVEL
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = ""
    link = request.session.pop(LINK_KEY, None)
    link_user = link.get("user") if _link_is_fresh(request, link) else None
    try:
        pending, url, saml_request = services.authn_request_start(
            saml_client=saml.client(), idp=idp, level=level, next_url=next_url, link_user=link_user
        )
    except LookupError:
        return _refused(request, _("This identity provider is not known to the portal."), 400)
    response = _post_page(
        request, url, {"SAMLRequest": saml_request, "RelayState": pending.relay_state}
    )
    secure = request.is_secure()
    response.set_signed_cookie(
        PENDING_COOKIE,
        json.dumps(pending.dump()),
        salt=PENDING_SALT,
        max_age=int(services.REQUEST_MAX_AGE.total_seconds()),
        httponly=True,
        secure=secure,
        # The IdP posts back from its own site: over HTTPS the cookie must go with that post.
        samesite="None" if secure else "Lax",
        path="/spid/",
    )
    return response


def _pending(request: HttpRequest) -> "services.Pending | None":
    raw = request.get_signed_cookie(
        PENDING_COOKIE,
        default=None,
        salt=PENDING_SALT,
        max_age=int(services.REQUEST_MAX_AGE.total_seconds()),
    )
    try:
        return services.Pending.load(json.loads(raw)) if raw else None
    except ValueError:
        return None


@csrf_exempt  # the IdP posts here from its own site: InResponseTo and the cookie bind the browser
@require_POST
def acs(request: HttpRequest) -> HttpResponse:
    pending = _pending(request)
    saml_response = request.POST.get("SAMLResponse", "")
    relay_state = request.POST.get("RelayState")
    if pending is None and not settings.SPID_REQUIRE_BROWSER_BINDING:
        pending, relay_state = services.pending_from_record(saml_response), None
    try:
        identity = services.response_consume(
            saml_response=saml_response, pending=pending, relay_state=relay_state
        )
        try:
            if pending.link_user:
                user = services.identity_link(
                    user=User.objects.get(pk=pending.link_user), identity=identity
                )
                messages.success(request, _("SPID or CIE is now linked to your account."))
            else:
                user = services.user_for_identity(identity=identity)
        except services.SignInError as exc:
            response = _refused(request, str(SIGN_IN_ERRORS[exc.code]))
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            request.session[LEVEL_KEY] = identity.level
            if identity.vat_number:
                request.session[LEGAL_PERSON_SESSION_KEY] = {
                    "vat_number": identity.vat_number,
                    "fiscal_number": identity.fiscal_number,
                    "company_name": identity.company_name,
                }
            response = redirect(pending.next_url or reverse(landing_url_name(user_roles(user))))
    except Refusal as refusal:
        response = _refused(request, refusal.message)
    response.delete_cookie(PENDING_COOKIE, path="/spid/")
    return response


def _link_is_fresh(request: HttpRequest, link: object) -> bool:
    if not isinstance(link, dict) or not request.user.is_authenticated:
        return False
    try:
        at = dt.datetime.fromisoformat(str(link["at"]))
    except (KeyError, ValueError):
        return False
    return link.get("user") == request.user.pk and timezone.now() - at < LINK_MAX_AGE


class PasswordCheckForm(forms.Form):
    password = forms.CharField(
        label=gettext_lazy("Your current password"), widget=forms.PasswordInput, strip=False
    )


@login_required
@require_http_methods(["GET", "POST"])
def link(request: HttpRequest) -> HttpResponse:
    """Link SPID or CIE to an e-mail account: a fresh password check, then the IdP."""
    form = PasswordCheckForm(request.POST or None)
    checked = False
    if request.method == "POST" and form.is_valid():
        if request.user.check_password(form.cleaned_data["password"]):
            request.session[LINK_KEY] = {"user": request.user.pk, "at": timezone.now().isoformat()}
            checked = True
        else:
            form.add_error("password", _("The password is not correct."))
    return render(request, "spid/link.html", {"form": form, "checked": checked})


# --- The local test IdP (SPID_TEST_IDP, DEBUG only) ---------------------------------------


def _test_idp_on() -> None:
    if not settings.SPID_TEST_IDP:
        raise Http404


@require_GET
def test_idp_metadata(request: HttpRequest) -> HttpResponse:
    _test_idp_on()
    return HttpResponse(
        testidp.metadata_file().read_text(), content_type="application/samlmetadata+xml"
    )


@csrf_exempt  # an IdP receives the SP's post: its signature is the check
@require_POST
def test_idp_sso(request: HttpRequest) -> HttpResponse:
    _test_idp_on()
    saml_request = request.POST.get("SAMLRequest", "")
    idp = testidp.server(sp_metadata=saml.sp_metadata())
    try:
        authn = testidp.read_request(idp, saml_request)
    except Exception:  # noqa: BLE001 - any unreadable or unsigned request
        return _refused(request, _("The test identity provider could not read the request."), 400)
    choice = request.POST.get("identity")
    identity = next((i for i in testidp.IDENTITIES if i.key == choice), None)
    if identity is None:
        return render(
            request,
            "spid/test_idp.html",
            {
                "identities": testidp.IDENTITIES,
                "saml_request": saml_request,
                "relay_state": request.POST.get("RelayState", ""),
                "levels": (1, 2, 3),
            },
        )
    try:
        level = int(request.POST.get("level", "2"))
    except ValueError:
        level = 2
    response = testidp.respond(
        idp, authn, identity.attributes, level=level if level in (1, 2, 3) else 2
    )
    return _post_page(
        request,
        authn.assertion_consumer_service_url,
        {"SAMLResponse": response, "RelayState": request.POST.get("RelayState", "")},
    )
