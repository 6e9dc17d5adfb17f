"""Pages of the first-level self-assessment, for the members of an SME. Every page
that takes an id reaches its object through the selectors, which answer 404 to anyone
who is not a member of the enterprise."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from audits.call.selectors import audit_call_open
from audits.selfassessment import selectors, services
from audits.selfassessment.forms import AssessmentAnswersForm
from audits.selfassessment.models import MaturityLevel
from trinno_portal.lib.charts import bar_chart_svg

HISTORY_PAGE_SIZE = 20


def _level_label(code: str | None) -> str:
    return MaturityLevel(code).label if code else ""


@login_required
@require_http_methods(["GET", "POST"])
def selfassessment_start(request: HttpRequest) -> HttpResponse:
    """GET: the user's enterprises with their self-assessment status. POST: start (or
    resume, or redo after a completed one) the assessment of one of them."""
    if request.method == "POST":
        try:
            enterprise_pk = int(request.POST.get("enterprise", ""))
        except ValueError:
            enterprise_pk = 0
        enterprise = selectors.enterprise_for_member(request.user, enterprise_pk)
        try:
            assessment = services.assessment_start(enterprise=enterprise, user=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("audits:selfassessment_start")
        return redirect("audits:selfassessment_fill", pk=assessment.pk)

    enterprises = list(selectors.enterprises_with_selfassessment_status(request.user))
    for enterprise in enterprises:
        enterprise.latest_level_label = _level_label(enterprise.latest_level)
    return render(request, "audits/selfassessment/start.html", {"enterprises": enterprises})


@login_required
@require_http_methods(["GET", "POST"])
def selfassessment_fill(request: HttpRequest, pk: int) -> HttpResponse:
    """The whole questionnaire on one page, an area per fieldset. "Save and continue
    later" keeps what is answered; "Finish" saves too, then completes or shows which
    questions still need an answer."""
    assessment = selectors.assessment_for_member(request.user, pk)
    if assessment.is_completed:
        return redirect("audits:selfassessment_result", pk=assessment.pk)
    areas = selectors.questionnaire_areas(assessment)
    answers = selectors.assessment_answers(assessment)
    form = AssessmentAnswersForm(request.POST or None, areas=areas, answers=answers)

    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_answers_save(assessment=assessment, answers=form.answers())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if "finish" not in request.POST:
                messages.success(
                    request, _("Your answers are saved: you can continue whenever you like.")
                )
                return redirect("audits:selfassessment_start")
            missing = services.assessment_unanswered_question_ids(assessment=assessment)
            if not missing:
                try:
                    services.assessment_complete(assessment=assessment)
                except ValidationError as exc:
                    form.add_error(None, exc)
                else:
                    return redirect("audits:selfassessment_result", pk=assessment.pk)
            else:
                form.mark_unanswered(missing)
                form.add_error(
                    None,
                    _(
                        "Your answers are saved. To see the result, answer the questions "
                        "marked below (still missing: %(count)s)."
                    )
                    % {"count": len(missing)},
                )

    total = sum(len(area.questions.all()) for area in areas)
    if request.method == "POST":
        answers = selectors.assessment_answers(assessment)
    return render(
        request,
        "audits/selfassessment/fill.html",
        {
            "assessment": assessment,
            "form": form,
            "answered": len(answers),
            "total": total,
        },
    )


@login_required
def selfassessment_result(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = selectors.assessment_for_member(request.user, pk)
    if not assessment.is_completed:
        return redirect("audits:selfassessment_fill", pk=assessment.pk)
    result = selectors.assessment_result(assessment)
    chart = bar_chart_svg(
        [outcome.area.name for outcome in result.areas],
        [outcome.score for outcome in result.areas],
        title=_("Score by business area (0-100)"),
        max_value=100,
        width_px=760,
    )
    return render(
        request,
        "audits/selfassessment/result.html",
        # The path's next step is the audit call (DESIGN.md section 2: self-evaluation,
        # advanced assessment, technological audit): the result names the open one.
        {"assessment": assessment, "result": result, "chart": chart, "call": audit_call_open()},
    )


@login_required
def selfassessment_history(request: HttpRequest, pk: int) -> HttpResponse:
    """Every assessment of the enterprise, newest first, and the advanced assessments
    Arezzo Innovazione made with it, with their result and recommendation."""
    enterprise = selectors.enterprise_for_member(request.user, pk)
    page = Paginator(selectors.assessment_history(enterprise), HISTORY_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    advanced = selectors.advanced_assessments_of(enterprise)
    # The recommendation names the audit call when it leads there (one query, whatever
    # the number of assessments).
    leads_to_audit = any(outcome.assessment.audit_recommended for outcome in advanced)
    return render(
        request,
        "audits/selfassessment/history.html",
        {
            "enterprise": enterprise,
            "page": page,
            "advanced": advanced,
            "call": audit_call_open() if leads_to_audit else None,
        },
    )
