"""The admin's "Assign evaluators" action, on the work queue (the selected applications)
and on the rankings (every application of the selected previews): an intermediate page
chooses users of the group `evaluator`, then each pair goes through
merit.evaluator_assign, which tells each evaluator once."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from trinno_portal.funding.models import Application, Ranking, RankingState
from trinno_portal.funding.services import FundingError
from trinno_portal.procedure.merit import evaluator_candidates, evaluators_assign


class EvaluatorsForm(forms.Form):
    evaluators = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Evaluators"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy(
            "Users of the group “evaluator”. Each is told by e-mail and in the portal; "
            "the application opens to them after their declaration of no conflict of interest."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evaluators"].queryset = evaluator_candidates()


def _assign_page(
    model_admin: admin.ModelAdmin,
    request: HttpRequest,
    *,
    selected: list,
    applications: list[Application],
) -> HttpResponse | None:
    form = EvaluatorsForm(request.POST if "apply" in request.POST else None)
    if not form.is_valid():
        return TemplateResponse(
            request,
            "procedure/admin_assign_evaluators.html",
            {
                **model_admin.admin_site.each_context(request),
                "title": _("Assign evaluators"),
                "opts": model_admin.model._meta,
                "selected": selected,
                "applications": applications,
                "form": form,
                "action_checkbox_name": ACTION_CHECKBOX_NAME,
                "action": "assign_evaluators",
            },
        )
    evaluators = list(form.cleaned_data["evaluators"])
    try:
        evaluators_assign(applications=applications, evaluators=evaluators)
    except FundingError as exc:
        messages.error(request, str(exc))
        return None
    messages.success(
        request,
        _("Evaluators assigned: %(evaluators)s; applications: %(count)d.")
        % {"evaluators": ", ".join(str(e) for e in evaluators), "count": len(applications)},
    )
    return None


@admin.action(description=gettext_lazy("Assign evaluators…"), permissions=["change"])
def assign_evaluators(
    model_admin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[Application]
) -> HttpResponse | None:
    """The work queue's action: the selected applications."""
    applications = list(
        queryset.select_related("call", "enterprise", "person").order_by("submitted_at", "pk")
    )
    return _assign_page(model_admin, request, selected=applications, applications=applications)


@admin.action(
    description=gettext_lazy("Assign evaluators to every application…"), permissions=["change"]
)
def assign_ranking_evaluators(
    model_admin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[Ranking]
) -> HttpResponse | None:
    """The rankings' action: every application of the selected previews. A frozen ranking
    keeps its scores as they were: it is skipped with a warning."""
    rankings = list(queryset.select_related("call").order_by("pk"))
    for ranking in rankings:
        if ranking.state != RankingState.PREVIEW:
            messages.warning(
                request,
                _("%(application)s: skipped — %(reason)s")
                % {
                    "application": ranking,
                    "reason": _("This ranking is frozen and can no longer change."),
                },
            )
    previews = [r for r in rankings if r.state == RankingState.PREVIEW]
    if not previews:
        return None
    applications = list(
        Application.objects.filter(ranking_entries__ranking__in=previews)
        .select_related("call", "enterprise", "person")
        .order_by("ranking_entries__ranking_id", "ranking_entries__position")
    )
    return _assign_page(model_admin, request, selected=previews, applications=applications)
