"""The evaluator's pages: the assignments, the declaration of no conflict of interest
that opens an application, and the score sheet. An evaluator reaches only the
applications assigned to them; anybody else gets 404 (merit.assignment_for)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from trinno_portal.funding.models import Document
from trinno_portal.funding.services import FundingError
from trinno_portal.lib.files import DocumentType
from trinno_portal.procedure.forms import DeclarationForm, ScoreSheetForm
from trinno_portal.procedure.merit import (
    EVALUATOR_GROUP,
    assignment_for,
    assignments_of,
    call_criteria_ensure,
    conflict_declare,
    score_sheet_save,
)


@require_safe
@login_required
def evaluation_list(request: HttpRequest) -> HttpResponse:
    if not request.user.groups.filter(name=EVALUATOR_GROUP).exists():
        raise Http404
    return render(
        request, "procedure/evaluation_list.html", {"assignments": assignments_of(request.user)}
    )


@login_required
def evaluation_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = assignment_for(request.user, pk)
    application = assignment.application
    if assignment.declared_at is None:
        # Nothing of the application but who applied, until the declaration.
        return render(
            request,
            "procedure/evaluation_declaration.html",
            {"assignment": assignment, "application": application, "form": DeclarationForm()},
        )
    criteria = call_criteria_ensure(call=application.call)
    form = ScoreSheetForm(request.POST or None, criteria=criteria)
    if request.method == "POST" and assignment.submitted_at is None and form.is_valid():
        try:
            score_sheet_save(assignment=assignment, scores=form.scores())
        except FundingError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Your score sheet was submitted."))
            return redirect("evaluation:sheet", pk=application.pk)
    return render(
        request,
        "procedure/evaluation_sheet.html",
        {
            "assignment": assignment,
            "application": application,
            "form": form,
            "scores": list(assignment.scores.select_related("criterion")),
            "documents": list(application.documents.order_by("pk")),
        },
    )


@login_required
@require_POST
def evaluation_declare(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = assignment_for(request.user, pk)
    form = DeclarationForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "procedure/evaluation_declaration.html",
            {"assignment": assignment, "application": assignment.application, "form": form},
            status=400,
        )
    conflict_declare(assignment=assignment)
    messages.success(request, _("Your declaration was recorded. The application is open."))
    return redirect("evaluation:sheet", pk=pk)


@require_safe
@login_required
def evaluation_document(request: HttpRequest, pk: int, document: int) -> FileResponse:
    assignment = assignment_for(request.user, pk)
    if assignment.declared_at is None:
        raise Http404
    row = get_object_or_404(Document, pk=document, application_id=pk)
    try:
        handle = row.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    # As funding.views_documents: an attachment of the type sniffed at upload.
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=row.original_name,
        content_type=(
            row.content_type
            if row.content_type in {t.value for t in DocumentType}
            else "application/octet-stream"
        ),
    )
    response["Cache-Control"] = "private, no-store"
    return response
