"""Back office of the monthly rankings: build or refresh a month's preview, read it with
the budget line drawn, freeze it, approve what it funds, export it. Every write calls
trinno_portal.funding.ranking; a frozen or approved ranking is read-only."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from trinno_portal.funding.admin_transitions import confirmed, money_confirmation
from trinno_portal.funding.models import Call, Ranking, RankingEntry, RankingFrequency, RankingState
from trinno_portal.funding.ranking import ranking_approve_funded, ranking_build, ranking_freeze
from trinno_portal.funding.services import FundingError
from trinno_portal.lib.spreadsheets import csv_bytes
from trinno_portal.procedure.admin_evaluators import assign_ranking_evaluators
from trinno_portal.procedure.decree import decree_pdf, minutes_pdf
from trinno_portal.procedure.models import ConcessionDecree


class RankingBuildForm(forms.Form):
    call = forms.ModelChoiceField(
        label=gettext_lazy("Call"),
        queryset=Call.objects.filter(ranking_frequency=RankingFrequency.MONTHLY),
    )
    month = forms.DateField(
        label=gettext_lazy("Month"),
        input_formats=["%Y-%m", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        help_text=gettext_lazy("The month whose eligible applications are ranked."),
    )

    def clean_month(self):
        month = self.cleaned_data["month"]
        # The calls run from 2018; 9999-12 has no month after it to end the period.
        if not 2000 <= month.year <= 2100:
            raise forms.ValidationError(_("Choose a month between 2000 and 2100."))
        return month


def _entries(ranking: Ranking) -> list[RankingEntry]:
    return list(
        ranking.entries.select_related("application__enterprise", "application__person").order_by(
            "position"
        )
    )


def _report(request: HttpRequest, ranking: Ranking, report: list[tuple[str, bool, str]]) -> None:
    for label, ok, message in report:
        level = messages.SUCCESS if ok else messages.WARNING
        text = (
            _("%(application)s: %(outcome)s") % {"application": label, "outcome": message}
            if ok
            else _("%(application)s: skipped — %(reason)s")
            % {"application": label, "reason": message}
        )
        messages.add_message(request, level, text)
    if not report:
        messages.info(request, _("%(ranking)s: nothing to approve.") % {"ranking": ranking})


@admin.register(Ranking)
class RankingAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "call",
        "period_start",
        "period_end",
        "state",
        "available_at_freeze",
        "frozen_at",
    ]
    list_filter = ["state", "call"]
    list_select_related = ["call"]
    ordering = ["-period_start", "call"]
    fields = [
        "call",
        "period_start",
        "period_end",
        "state",
        "available_at_freeze",
        "created_at",
        "frozen_at",
        "frozen_by",
        "documents",
        "entries_table",
    ]
    readonly_fields = fields
    actions = [assign_ranking_evaluators, "freeze_rankings", "approve_funded"]
    change_list_template = "admin/funding/ranking/change_list.html"
    change_form_template = "admin/funding/ranking/change_form.html"

    @admin.display(description=gettext_lazy("ranking"))
    def entries_table(self, obj: Ranking) -> str:
        return render_to_string(
            "admin/funding/ranking/entries.html", {"ranking": obj, "entries": _entries(obj)}
        )

    @admin.display(description=gettext_lazy("documents"))
    def documents(self, obj: Ranking) -> str:
        return render_to_string(
            "procedure/_ranking_documents.html",
            {"ranking": obj, "decree": ConcessionDecree.objects.filter(ranking=obj).first()},
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # built from a month's applications with the build view

    def has_delete_permission(self, request: HttpRequest, obj: Ranking | None = None) -> bool:
        # A frozen ranking is a decision on record; a preview can be thrown away.
        if obj is not None and obj.state != RankingState.PREVIEW:
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request: HttpRequest):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # it would skip the rule above
        return actions

    def save_model(self, request, obj, form, change) -> None:
        return None  # nothing is edited here

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "show_save": False,
            "show_save_and_continue": False,
            "show_save_and_add_another": False,
        }
        return super().changeform_view(request, object_id, form_url, extra_context)

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "can_build": self.has_change_permission(request),
        }
        return super().changelist_view(request, extra_context)

    @admin.action(description=gettext_lazy("Freeze the selected rankings"), permissions=["change"])
    def freeze_rankings(self, request: HttpRequest, queryset: QuerySet[Ranking]) -> None:
        for ranking in queryset.select_related("call"):
            self._freeze(request, ranking)

    @admin.action(
        description=gettext_lazy("Approve the funded applications of the selected rankings"),
        permissions=["change"],
    )
    def approve_funded(self, request: HttpRequest, queryset: QuerySet[Ranking]):
        rankings = list(queryset.select_related("call").order_by("pk"))
        if not confirmed(request):
            hidden = [(ACTION_CHECKBOX_NAME, r.pk) for r in rankings]
            return self._confirmation(request, rankings, [*hidden, ("action", "approve_funded")])
        for ranking in rankings:
            self._approve(request, ranking)
        return None

    def _confirmation(self, request, rankings: list[Ranking], hidden) -> HttpResponse:
        # What approving the funded entries commits, before anything is committed.
        applications = [
            entry.application
            for entry in RankingEntry.objects.filter(ranking__in=rankings, funded=True)
            .select_related("application__call", "application__enterprise", "application__person")
            .order_by("ranking_id", "position")
        ]
        return money_confirmation(
            request,
            self,
            title=_("Approve the funded applications"),
            transition="approve",
            applications=applications,
            hidden_fields=hidden,
        )

    def _freeze(self, request: HttpRequest, ranking: Ranking) -> None:
        try:
            ranking_freeze(ranking=ranking, by=request.user)
        except FundingError as exc:
            messages.warning(
                request,
                _("%(application)s: skipped — %(reason)s")
                % {"application": ranking, "reason": exc},
            )
        else:
            messages.success(request, _("%(ranking)s: frozen.") % {"ranking": ranking})

    def _approve(self, request: HttpRequest, ranking: Ranking) -> None:
        try:
            report = ranking_approve_funded(ranking=ranking, by=request.user)
        except FundingError as exc:
            messages.warning(
                request,
                _("%(application)s: skipped — %(reason)s")
                % {"application": ranking, "reason": exc},
            )
        else:
            _report(request, ranking, report)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("build/", view(self.build_view), name="funding_ranking_build"),
            path("<path:object_id>/csv/", view(self.csv_view), name="funding_ranking_csv"),
            path(
                "<path:object_id>/pdf/<str:document>/",
                view(self.pdf_view),
                name="funding_ranking_pdf",
            ),
            path(
                "<path:object_id>/do/<str:operation>/",
                view(self.operation_view),
                name="funding_ranking_operation",
            ),
            *super().get_urls(),
        ]

    def build_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_change_permission(request):
            raise PermissionDenied
        initial = {"month": timezone.localdate().replace(day=1)}
        form = RankingBuildForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                ranking = ranking_build(
                    call=form.cleaned_data["call"], period_start=form.cleaned_data["month"]
                )
            except FundingError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request,
                    _("%(ranking)s: preview built; applications ranked: %(count)d.")
                    % {"ranking": ranking, "count": ranking.entries.count()},
                )
                return HttpResponseRedirect(
                    reverse("admin:funding_ranking_change", args=[ranking.pk])
                )
        return TemplateResponse(
            request,
            "admin/funding/ranking/build.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Build or refresh a monthly ranking"),
                "opts": self.model._meta,
                "form": form,
            },
        )

    def operation_view(self, request: HttpRequest, object_id: str, operation: str) -> HttpResponse:
        ranking = self.get_object(request, unquote(object_id))
        if ranking is None:
            raise Http404
        if not self.has_change_permission(request, ranking):
            raise PermissionDenied
        change_url = reverse("admin:funding_ranking_change", args=[ranking.pk])
        if request.method != "POST":
            return HttpResponseRedirect(change_url)
        if operation == "freeze":
            self._freeze(request, ranking)
        elif operation == "approve":
            if not confirmed(request):
                return self._confirmation(request, [ranking], [])
            self._approve(request, ranking)
        elif operation == "refresh":
            try:
                ranking_build(call=ranking.call, period_start=ranking.period_start)
            except FundingError as exc:
                messages.warning(request, str(exc))
            else:
                messages.success(
                    request, _("%(ranking)s: preview refreshed.") % {"ranking": ranking}
                )
        else:
            raise Http404
        return HttpResponseRedirect(change_url)

    def pdf_view(self, request: HttpRequest, object_id: str, document: str) -> HttpResponse:
        """The committee's minutes (any frozen ranking) or the concession decree (an
        approved one), made now from what the ranking recorded."""
        ranking = self.get_object(request, unquote(object_id))
        if ranking is None:
            raise Http404
        if not self.has_view_permission(request, ranking):
            raise PermissionDenied
        if document == "verbale" and ranking.state != RankingState.PREVIEW:
            pdf, name = (
                minutes_pdf(ranking),
                f"verbale-{ranking.call.code}-{ranking.period_start:%Y-%m}",
            )
        elif document == "decreto":
            decree = ConcessionDecree.objects.filter(ranking=ranking).first()
            if decree is None:
                raise Http404
            pdf, name = decree_pdf(decree), f"decreto-{decree.number}-{decree.year}"
        else:
            raise Http404
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
        return response

    def csv_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        ranking = self.get_object(request, unquote(object_id))
        if ranking is None:
            raise Http404
        if not self.has_view_permission(request, ranking):
            raise PermissionDenied
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        name = f"ranking-{ranking.call.code}-{ranking.period_start:%Y-%m}.csv"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        # Applicant names are typed by applicants: the shared writer neutralises formulas.
        header = [
            _("position"),
            _("protocol number"),
            _("applicant"),
            _("score"),
            _("grant (EUR)"),
            _("cumulative (EUR)"),
            _("funded"),
        ]
        rows = (
            [
                entry.position,
                entry.application.protocol_number,
                entry.application.applicant_name,
                entry.score,
                entry.grant_amount,
                entry.cumulative,
                _("yes") if entry.funded else _("no"),
            ]
            for entry in _entries(ranking)
        )
        response.write(csv_bytes(header, rows))
        return response
