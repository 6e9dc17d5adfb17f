"""The applicant's answer to a notice of intended rejection (law 241/1990 art. 10-bis):
observations and, optionally, a document, from the application's page of any scheme."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trinno_portal.funding.schemes import scheme_for
from trinno_portal.funding.selectors import application_for_user
from trinno_portal.funding.views_applicant import applicant_reply


@login_required
@require_POST
def preavviso_answer(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_for_user(request.user, pk)
    back = redirect(scheme_for(application.scheme).detail_url_name, pk=application.pk)
    applicant_reply(
        request,
        application,
        transition="answer_preavviso",
        document_kind="preavviso_answer",
        empty_message=_("Write your observations before sending them."),
        sent_message=_("Your observations were sent to Arezzo Innovazione."),
    )
    return back
