"""The workflow's staff transitions as admin actions and as buttons on the change page.

Both call the one dispatcher (dispatch.application_act), as the applicant's pages, the
ranking and the tasks do: an action does the same wherever it is taken. The admin itself
never writes a status or an amount.
"""

from collections.abc import Callable, Iterable

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from trinno_portal.accounts.models import User
from trinno_portal.funding.dispatch import actions_for, application_act
from trinno_portal.funding.effects import MONEY_TRANSITIONS, money_effects
from trinno_portal.funding.models import Application
from trinno_portal.funding.services import FundingError
from trinno_portal.funding.workflow import TRANSITIONS, Actor, Status, Transition

STAFF_TRANSITIONS: list[Transition] = [t for t in TRANSITIONS.values() if Actor.STAFF in t.actors]


def staff_transition_run(
    *,
    application: Application,
    transition: str,
    by: User,
    reason: str = "",
    observations_weighed: str = "",
) -> Application:
    """One staff action, through the dispatcher."""
    return application_act(
        application=application,
        transition=transition,
        by=by,
        actor=Actor.STAFF,
        reason=reason,
        observations_weighed=observations_weighed,
    )


def staff_transitions_for(application: Application) -> list[Transition]:
    return actions_for(application, Actor.STAFF)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        widget=forms.Textarea(attrs={"rows": 5, "cols": 80}),
        help_text=gettext_lazy(
            "Recorded in the history of each application and shown to the applicant."
        ),
    )


class RejectForm(ReasonForm):
    """A rejection states its reasons and, after a notice of intended rejection, how the
    applicant's observations were weighed (law 241/1990 art. 10-bis; the dispatcher
    refuses it without, where a notice was sent). The ways of appeal are added to it."""

    observations_weighed = forms.CharField(
        label=gettext_lazy("How the observations were weighed"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "cols": 80}),
        help_text=gettext_lazy(
            "Required after a notice of intended rejection: why the applicant's observations "
            "and documents do not change the outcome."
        ),
    )


def reason_form(transition: Transition, data=None) -> ReasonForm:
    return (RejectForm if transition.name == "reject" else ReasonForm)(data)


def run_for_each(
    request: HttpRequest,
    applications: Iterable[Application],
    transition: Transition,
    reason: str = "",
    observations_weighed: str = "",
) -> int:
    """Apply a transition to each application in turn and report each outcome.

    One by one, each in its own transaction: a refusal (a changed status, a budget that
    no longer fits) skips that application only, and what was done before stays done.
    """
    done = 0
    target = Status(transition.target).label
    for application in applications:
        try:
            application = staff_transition_run(
                application=application,
                transition=transition.name,
                by=request.user,
                reason=reason,
                observations_weighed=observations_weighed,
            )
        except FundingError as exc:
            messages.warning(
                request,
                _("%(application)s: skipped — %(reason)s")
                % {"application": application, "reason": exc},
            )
            continue
        done += 1
        messages.success(
            request,
            _("%(application)s: %(status)s") % {"application": application, "status": target},
        )
    return done


def reason_page(
    request: HttpRequest,
    model_admin: admin.ModelAdmin,
    transition: Transition,
    applications: list[Application],
    form: ReasonForm,
    *,
    as_action: bool,
) -> TemplateResponse:
    """The intermediate page that asks for the reason before running the transition."""
    return TemplateResponse(
        request,
        "admin/funding/transition_reason.html",
        {
            **model_admin.admin_site.each_context(request),
            "title": transition.label,
            "opts": model_admin.model._meta,
            "transition": transition,
            "applications": applications,
            "form": form,
            "as_action": as_action,
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
        },
    )


def money_confirmation(
    request: HttpRequest,
    model_admin: admin.ModelAdmin,
    *,
    title: str,
    transition: str,
    applications: list[Application],
    hidden_fields: list[tuple[str, object]],
) -> TemplateResponse:
    """The page that shows, application by application, what a move of money will do;
    posting it back with `confirm=yes` (and `hidden_fields`) does it."""
    return TemplateResponse(
        request,
        "admin/funding/transition_confirm.html",
        {
            **model_admin.admin_site.each_context(request),
            "title": title,
            "opts": model_admin.model._meta,
            "effects": money_effects(applications, transition),
            "hidden_fields": hidden_fields,
        },
    )


def confirmed(request: HttpRequest) -> bool:
    return request.POST.get("confirm") == "yes"


def confirm_page(
    request: HttpRequest,
    model_admin: admin.ModelAdmin,
    transition: Transition,
    applications: list[Application],
    *,
    as_action: bool,
) -> TemplateResponse | None:
    """For a move that commits, releases or cuts money: the page that shows its effect
    until the officer confirms it (None once confirmed, or for any other move)."""
    if transition.name not in MONEY_TRANSITIONS or confirmed(request):
        return None
    hidden: list[tuple[str, object]] = []
    if as_action:
        hidden = [(ACTION_CHECKBOX_NAME, a.pk) for a in applications]
        hidden.append(("action", transition.name))
    return money_confirmation(
        request,
        model_admin,
        title=str(transition.label),
        transition=transition.name,
        applications=applications,
        hidden_fields=hidden,
    )


def _ordered(queryset: QuerySet[Application]) -> list[Application]:
    # First come, first served when a batch competes for the same budget.
    return list(
        queryset.select_related("call", "enterprise", "person").order_by("submitted_at", "pk")
    )


def transition_action(transition: Transition) -> Callable:
    """The admin action for one staff transition of the workflow table."""

    def action(
        model_admin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[Application]
    ) -> HttpResponse | None:
        applications = _ordered(queryset)
        reason = weighed = ""
        if transition.needs_reason:
            form = reason_form(transition, request.POST if "apply" in request.POST else None)
            if not form.is_valid():
                return reason_page(
                    request, model_admin, transition, applications, form, as_action=True
                )
            reason = form.cleaned_data["reason"]
            weighed = form.cleaned_data.get("observations_weighed", "")
        confirm = confirm_page(request, model_admin, transition, applications, as_action=True)
        if confirm is not None:
            return confirm
        run_for_each(request, applications, transition, reason, weighed)
        return None

    action.__name__ = transition.name
    return admin.action(description=transition.label, permissions=["change"])(action)
