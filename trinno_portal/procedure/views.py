"""The applicant's answer to a notice of intended rejection (law 241/1990 art. 10-bis):
observations and, optionally, a document, from the application's page of any scheme."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trinno_portal.funding.dispatch import application_act
from trinno_portal.funding.documents import document_upload
from trinno_portal.funding.forms import AnswerForm
from trinno_portal.funding.schemes import scheme_for
from trinno_portal.funding.selectors import application_for_user
from trinno_portal.funding.services import FundingError
from trinno_portal.funding.workflow import Actor, Status


@login_required
@require_POST
def preavviso_answer(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_for_user(request.user, pk)
    back = redirect(scheme_for(application.scheme).detail_url_name, pk=application.pk)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write your observations before sending them."))
        return back
    upload = request.FILES.get("file")
    try:
        # Document and move together: a refused move must not leave the document behind.
        with transaction.atomic():
            if upload:
                document_upload(
                    application=application,
                    kind="preavviso_answer",
                    uploaded_file=upload,
                    user=request.user,
                    allowed_statuses=[Status.PREAVVISO],
                )
            application_act(
                application=application,
                transition="answer_preavviso",
                by=request.user,
                actor=Actor.APPLICANT,
                reason=form.cleaned_data["text"],
            )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return back
    except FundingError as exc:
        messages.error(request, str(exc))
        return back
    messages.success(request, _("Your observations were sent to Arezzo Innovazione."))
    return back
