"""Thin views of the vouchers app: the person's profile, the training agency's area and the
public list of approved courses. Objects come through the selectors, which answer 404
for what the user may not see; writes go through the services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from trinno_portal.spid import selectors as spid_selectors
from vouchers.offer import selectors, services
from vouchers.offer.forms import CourseForm, PersonProfileForm
from vouchers.offer.models import CourseState
from vouchers.offer.rules import CourseActor, cost_per_hour, course_transitions_from

PER_PAGE = 20


def _page_number(request: HttpRequest) -> int:
    try:
        # Capped: a 20-digit page number is no page, and an OFFSET past bigint fails.
        return min(max(1, int(request.GET.get("page", "1"))), 100_000)
    except ValueError:
        return 1


# --- the person's profile -----------------------------------------------------------------


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    person = selectors.person_of_user(request.user)
    proven = spid_selectors.profile_initial_of(request.user, today=timezone.localdate())
    form = PersonProfileForm(
        request.POST or None, instance=person, user=request.user, proven=proven
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.person_profile_save(user=request.user, data=form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Your profile has been saved."))
            return redirect("vouchers:profile")
    return render(request, "vouchers/profile_form.html", {"form": form, "person": person})


# --- the training agency's area -----------------------------------------------------------


@login_required
def agency_home(request: HttpRequest) -> HttpResponse:
    agencies = list(selectors.agencies_of_user(request.user))
    if len(agencies) == 1:
        return redirect("vouchers:agency_dashboard", agency_pk=agencies[0].pk)
    return render(request, "vouchers/agency_list.html", {"agencies": agencies})


@login_required
def agency_dashboard(request: HttpRequest, agency_pk: int) -> HttpResponse:
    agency = selectors.agency_for_user(request.user, agency_pk)
    courses = selectors.courses_of_agency(request.user, agency)
    state = request.GET.get("stato", "")
    if state in CourseState.values:
        courses = courses.filter(state=state)
    else:
        state = ""
    page = _page_number(request)
    rows, has_next = selectors.page_of(courses, page, PER_PAGE)
    counts = selectors.course_state_counts(request.user, agency)
    return render(
        request,
        "vouchers/agency_dashboard.html",
        {
            "agency": agency,
            "courses": rows,
            "page": page,
            "has_next": has_next,
            "state": state,
            "state_counts": [(value, label, counts[value]) for value, label in CourseState.choices],
        },
    )


@login_required
def course_create(request: HttpRequest, agency_pk: int) -> HttpResponse:
    agency = selectors.agency_for_user(request.user, agency_pk)
    form = CourseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            course = services.course_create(
                by=request.user, agency=agency, data=data, themes=data["themes"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, _("Course saved as a draft: submit it for approval when it is ready.")
            )
            return redirect("vouchers:course_manage", pk=course.pk)
    return render(request, "vouchers/course_form.html", {"form": form, "agency": agency})


@login_required
def course_manage(request: HttpRequest, pk: int) -> HttpResponse:
    course = selectors.course_for_agency_user(request.user, pk)
    return render(
        request,
        "vouchers/course_manage.html",
        {
            "course": course,
            "agency": course.agency,
            "cost_per_hour": cost_per_hour(course.cost, course.hours),
            "transitions": course_transitions_from(course.state, CourseActor.AGENCY),
            "history": selectors.course_history(course),
        },
    )


@login_required
def course_edit(request: HttpRequest, pk: int) -> HttpResponse:
    course = selectors.course_for_agency_user(request.user, pk)
    if not course.is_editable:
        messages.warning(
            request,
            _(
                "This course is %(state)s and can no longer be changed. An approved course "
                "can only be withdrawn: withdraw it and publish a new one."
            )
            % {"state": course.get_state_display().lower()},
        )
        return redirect("vouchers:course_manage", pk=course.pk)
    form = CourseForm(request.POST or None, instance=course)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.course_update(by=request.user, course=course, data=data, themes=data["themes"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Course saved."))
            return redirect("vouchers:course_manage", pk=course.pk)
    return render(
        request,
        "vouchers/course_form.html",
        {"form": form, "agency": course.agency, "course": course},
    )


_AGENCY_SERVICES = {
    "submit": services.course_submit_for_approval,
    "recall": services.course_recall,
    "withdraw": services.course_withdraw,
}
_DONE = {
    "submit": gettext_lazy("Course submitted: Arezzo Innovazione staff will check it."),
    "recall": gettext_lazy("The course is a draft again."),
    "withdraw": gettext_lazy("Course withdrawn."),
}


@require_POST
@login_required
def course_transition(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    course = selectors.course_for_agency_user(request.user, pk)
    if name not in _AGENCY_SERVICES:
        raise Http404
    try:
        _AGENCY_SERVICES[name](course=course, by=request.user)
    except (ValidationError, PermissionDenied) as exc:
        for message in getattr(exc, "messages", [str(exc)]):
            messages.error(request, message)
    else:
        messages.success(request, str(_DONE[name]))
    return redirect("vouchers:course_manage", pk=course.pk)


# --- public pages --------------------------------------------------------------------------


def course_list(request: HttpRequest) -> HttpResponse:
    courses = selectors.approved_courses(on=timezone.localdate())
    themes = list(selectors.course_themes())
    theme = request.GET.get("tema", "")
    if theme in {t.code for t in themes}:
        courses = courses.filter(themes__code=theme)
    else:
        theme = ""
    page = _page_number(request)
    rows, has_next = selectors.page_of(courses, page, PER_PAGE)
    return render(
        request,
        "vouchers/course_list.html",
        {"courses": rows, "page": page, "has_next": has_next, "themes": themes, "theme": theme},
    )


def course_detail(request: HttpRequest, pk: int) -> HttpResponse:
    course = selectors.approved_course(pk, on=timezone.localdate())
    return render(
        request,
        "vouchers/course_detail.html",
        {"course": course, "cost_per_hour": cost_per_hour(course.cost, course.hours)},
    )
