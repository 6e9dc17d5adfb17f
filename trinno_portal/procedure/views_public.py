"""The published rankings (/graduatorie/): every approved monthly ranking with its decree,
public and anonymous. Protocol numbers always; the applicants' names only where the call
allows it (CallProcedure.ranking_names_public)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from trinno_portal.funding.models import Ranking, RankingState
from trinno_portal.procedure.decree import decree_pdf, ranking_outcome
from trinno_portal.procedure.selectors import call_procedure


def _published():
    return Ranking.objects.filter(state=RankingState.APPROVED, decree__isnull=False).select_related(
        "call", "decree"
    )


@require_safe
def ranking_list(request: HttpRequest) -> HttpResponse:
    rankings = _published().order_by("-period_start", "call__code")
    return render(request, "procedure/public_ranking_list.html", {"rankings": rankings})


@require_safe
def ranking_detail(request: HttpRequest, pk: int) -> HttpResponse:
    ranking = get_object_or_404(_published(), pk=pk)
    procedure = call_procedure(ranking.call_id)
    return render(
        request,
        "procedure/public_ranking.html",
        {
            "ranking": ranking,
            "decree": ranking.decree,
            "outcome": ranking_outcome(ranking),
            "names": procedure is not None and procedure.ranking_names_public,
            "procedure": procedure,
        },
    )


@require_safe
def ranking_decree(request: HttpRequest, pk: int) -> HttpResponse:
    """The approved ranking's concession decree as PDF, the published copy (names only
    where the call allows), made now from what the ranking recorded."""
    ranking = get_object_or_404(_published(), pk=pk)
    decree = ranking.decree
    response = HttpResponse(decree_pdf(decree, public=True), content_type="application/pdf")
    name = f"decreto-{decree.number}-{decree.year}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response
