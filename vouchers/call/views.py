"""Pages of the voucher call (issue 5, parts 3-5): the person applies for a voucher,
follows it and asks for the reimbursement; the training agency reports attendance on the
vouchers of its courses. Thin callers of services_voucher; objects come through
selectors_voucher, which answer 404 for what is not the user's."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from trinno_portal.funding.dispatch import application_act
from trinno_portal.funding.services import FundingError
from trinno_portal.funding.submission import call_refusal
from trinno_portal.funding.views_applicant import (
    applicant_page_context,
    posted_version,
)
from trinno_portal.funding.workflow import Actor, Status
from vouchers.call import pages, rules
from vouchers.call import participants as services_participant
from vouchers.call import selectors as selectors_voucher
from vouchers.call import services as services_voucher
from vouchers.call.forms import AttendanceForm, VoucherApplyForm
from vouchers.offer import selectors

PER_PAGE = 20


def _page_number(request: HttpRequest) -> int:
    try:
        return max(1, int(request.GET.get("page", "1")))
    except ValueError:
        return 1


# --- the person ---------------------------------------------------------------------------


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    rows, has_next = selectors.page_of(
        selectors_voucher.vouchers_of(request.user), _page_number(request), PER_PAGE
    )
    vouchers = [
        {
            "application": a,
            "next_step": rules.next_step(a.status, hasattr(a, "voucher_attendance")),
        }
        for a in rows
    ]
    call = selectors_voucher.voucher_call_open()
    return render(
        request,
        "vouchers/voucher/dashboard.html",
        {
            "vouchers": vouchers,
            "page": _page_number(request),
            "has_next": has_next,
            "person": selectors.person_of_user(request.user),
            "call": call,
            "refusal": call_refusal(call, fresh=True) if call else None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """A new application (optionally for ?corso=<pk>), or the change of a draft (pk)."""
    # Someone else's draft is a 404 before anything else is said about it.
    application = selectors_voucher.voucher_for_user(request.user, pk) if pk else None
    person = selectors.person_of_user(request.user)
    if person is None:
        messages.info(request, _("Fill in your voucher profile first: then choose the course."))
        return redirect("vouchers:profile")
    if application is not None:
        if application.status != Status.DRAFT:
            return redirect("vouchers:voucher_detail", pk=application.pk)
        call = application.call
    else:
        call = selectors_voucher.voucher_call_open()
        if call is None:
            messages.error(request, _("No voucher call is open at the moment."))
            return redirect("vouchers:voucher_dashboard")
    courses = selectors.approved_courses(timezone.localdate())
    if application is not None:
        initial = {
            "course": application.voucher.course_id,
            "amount": application.voucher.requested_amount,
        }
    else:
        initial = {"course": request.GET.get("corso")}
    form = VoucherApplyForm(
        request.POST or None, initial=initial, courses=courses, person=person, call=call
    )
    if request.method == "POST" and form.is_valid():
        try:
            application = services_voucher.voucher_application_save(
                call=call,
                person=person,
                course=form.cleaned_data["course"],
                amount=form.cleaned_data["amount"],
                user=request.user,
                application=application,
                version=posted_version(request),
            )
        except FundingError as exc:
            form.add_error(None, str(exc))
        else:
            # ESF+ participant data (vouchers/call/participants.py).
            services_participant.voucher_participant_save(
                application=application,
                gender=form.cleaned_data["participant_gender"],
                labour_status=form.cleaned_data["participant_labour_status"],
                isced=form.cleaned_data["participant_isced"],
                on=timezone.localdate(),
            )
            messages.success(request, _("Saved: check the application and submit it."))
            return redirect("vouchers:voucher_review", pk=application.pk)
    return render(
        request,
        "vouchers/voucher/apply.html",
        {"form": form, "call": call, "person": person, "application": application},
    )


@login_required
@require_POST
def confirm_enrolment(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors_voucher.voucher_for_user(request.user, pk)
    try:
        application_act(
            application=application,
            transition="start_project",
            by=request.user,
            actor=Actor.APPLICANT,
        )
    except FundingError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Enrolment confirmed: the voucher is in use."))
    return redirect("vouchers:voucher_detail", pk=application.pk)


# --- the training agency ------------------------------------------------------------------


@login_required
@require_GET
def agency_vouchers(request: HttpRequest) -> HttpResponse:
    if not selectors.user_is_agency_member(request.user):
        raise Http404
    page = _page_number(request)
    rows, has_next = selectors.page_of(
        selectors_voucher.vouchers_of_agency_user(request.user), page, PER_PAGE
    )
    vouchers = [{"application": a, "next_step": rules.agency_next_step(a.status)} for a in rows]
    return render(
        request,
        "vouchers/voucher/agency_list.html",
        {"vouchers": vouchers, "page": page, "has_next": has_next},
    )


@login_required
@require_http_methods(["GET", "POST"])
def agency_voucher(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors_voucher.voucher_for_agency_user(request.user, pk)
    course = application.voucher.course
    attendance = getattr(application, "voucher_attendance", None)
    form = AttendanceForm(
        request.POST or None,
        initial={"hours_attended": attendance.hours_attended} if attendance else None,
        course_hours=course.hours,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services_voucher.voucher_attendance_report(
                application=application,
                by=request.user,
                hours_attended=form.cleaned_data["hours_attended"],
            )
        except FundingError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Attendance reported."))
            return redirect("vouchers:agency_voucher", pk=application.pk)
    context = {
        **pages.voucher_facts(application),
        **applicant_page_context(application),
        "answer_url": reverse("vouchers:voucher_answer", args=[application.pk]),
    }
    return render(
        request,
        "vouchers/voucher/agency_voucher.html",
        context
        | {
            "form": form,
            "can_report": application.status in services_voucher.ATTENDANCE_STATUSES,
        },
    )
