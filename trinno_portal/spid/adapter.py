"""With SPID_ONLY_APPLICANTS, applicants sign in only with SPID or CIE (CAD art. 64, as
amended by DL 76/2020): the e-mail login and sign-up are for staff and officials, who keep
password and TOTP. The rule lives here because allauth asks its adapter before each login."""

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from trinno_portal.navigation import landing_url_name, user_roles


def may_use_password(*, is_staff: bool, spid_only: bool) -> bool:
    return is_staff or not spid_only


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request: HttpRequest) -> str:
        # Without `next`, the place of the user's next step (trinno_portal/navigation.py).
        return reverse(landing_url_name(user_roles(request.user)))

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return not settings.SPID_ONLY_APPLICANTS

    def pre_login(self, request: HttpRequest, user: Any, **kwargs: Any) -> HttpResponse | None:
        if not may_use_password(is_staff=user.is_staff, spid_only=settings.SPID_ONLY_APPLICANTS):
            messages.error(request, _("Applicants sign in with SPID or CIE."))
            return redirect("account_login")
        return super().pre_login(request, user, **kwargs)
