"""The user's own notifications in the portal: what the e-mails said, kept to be read
again (funding/notifications.py writes them with the e-mail)."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import translate_url
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.views.decorators.http import require_GET, require_POST

from trinno_portal.funding.notifications import notification_read, notifications_read_all
from trinno_portal.funding.selectors import notification_for_user, notifications_page

PAGE = 25


@login_required
@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    try:
        page = max(1, int(request.GET.get("pagina", 1)))
    except ValueError:
        page = 1
    rows, has_next = notifications_page(request.user, page=page, per_page=PAGE)
    return render(
        request,
        "funding/notifications.html",
        {"notifications": rows, "page": page, "has_next": has_next},
    )


@login_required
@require_POST
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark the notification read and go to its page, in the language of this page."""
    notification = notification_for_user(request.user, pk)
    notification_read(notification=notification)
    link = ""
    if notification.link:
        language = get_language()
        # The stored path is Italian (no prefix): resolved as such, reversed in this page's.
        with translation.override(settings.LANGUAGE_CODE):
            link = translate_url(notification.link, language)
    if link and url_has_allowed_host_and_scheme(link, allowed_hosts={request.get_host()}):
        return redirect(link)
    return redirect("funding:notifications")


@login_required
@require_POST
def notifications_mark_read(request: HttpRequest) -> HttpResponse:
    notifications_read_all(user=request.user)
    return redirect("funding:notifications")
