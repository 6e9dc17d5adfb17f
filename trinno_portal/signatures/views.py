"""The application form to sign, downloaded by a member of the applicant."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from trinno_portal.funding.selectors import application_for_user

from .application_form import application_form_pdf


@login_required
@require_GET
def application_form(request: HttpRequest, pk: int) -> HttpResponse:
    # Any application its members can see: the form is its data and declarations as they
    # are now, whether or not the call asks for it signed.
    application = application_for_user(request.user, pk)
    if application.enterprise_id is None:
        raise Http404  # the form is the enterprise's legal representative's
    response = HttpResponse(application_form_pdf(application), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="domanda-{application.pk}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
