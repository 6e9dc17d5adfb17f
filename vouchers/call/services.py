"""Writes of the voucher call: the person's draft and its submission, the enrolment, the
attendance the agency reports and the reimbursement it gives. The payment itself is
claimed on the shared payment claims (vouchers/call/claims.py, docs/payments.md).

Every status change goes through the shared guarded transitions
(trinno_portal.funding.services), so that two clicks, two tabs or two officers can never
apply one twice; money moves only through budget_commit/budget_release.
"""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.formats import localize
from django.utils.translation import gettext as _

from trinno_portal.accounts.models import Person, User
from trinno_portal.funding.models import Application, Call, Scheme
from trinno_portal.funding.payments.models import ClaimStatus, PaymentClaim
from trinno_portal.funding.services import FundingError, application_touch
from trinno_portal.funding.transitions import transition_run
from trinno_portal.funding.workflow import Status
from trinno_portal.lib.money import format_eur
from vouchers.call import rules
from vouchers.call.models import Attendance, VoucherApplication
from vouchers.call.selectors import other_vouchers_count
from vouchers.offer.models import AccreditationState, Course, CourseState

# Statuses in which the agency may report (or correct) the hours attended.
ATTENDANCE_STATUSES = frozenset({Status.APPROVED, Status.IN_PROGRESS})


def amount_problems(*, person: Person, course: Course, amount: Decimal, call: Call) -> list[str]:
    """Why an amount cannot be asked for this course by this person (empty: it can)."""
    problems = []
    cap = rules.cap_for(person.status, call.rules)
    if cap is None:
        problems.append(
            _("The call is not open to people of status “%(status)s”.")
            % {"status": person.get_status_display()}
        )
    elif amount > cap:
        problems.append(
            _("The maximum voucher for the status “%(status)s” is %(cap)s.")
            % {"status": person.get_status_display(), "cap": format_eur(cap)}
        )
    if amount > course.cost:
        problems.append(
            _("The voucher cannot exceed the course cost of %(cost)s.")
            % {"cost": format_eur(course.cost)}
        )
    return problems


def _course_open_for_application(course: Course, on) -> bool:
    return (
        course.state == CourseState.APPROVED
        and course.agency.accreditation_state == AccreditationState.ACTIVE
        and course.start_date > on
    )


@transaction.atomic
def voucher_application_save(
    *,
    call: Call,
    person: Person,
    course: Course,
    amount: Decimal,
    user: User,
    application: Application | None = None,
    version: int | None = None,
) -> Application:
    """Create the person's draft for a course, or update `application` (a draft of theirs)."""
    today = timezone.localdate()
    if not call.is_open_on(today):
        raise FundingError(_("This call is not open."))
    if not _course_open_for_application(course, today):
        raise FundingError(_("This course cannot be chosen: it is not approved or has started."))
    problems = amount_problems(person=person, course=course, amount=amount, call=call)
    if problems:
        raise FundingError(" ".join(problems))
    if application is not None:
        application_touch(application=application, version=version or 0)
        VoucherApplication.objects.filter(pk=application.pk).update(
            course=course, requested_amount=amount
        )
        Application.objects.filter(pk=application.pk).update(total_cost=course.cost)
        application.refresh_from_db()
        return application
    # The person's row serialises their applications: a double click cannot open two
    # drafts, nor two submissions both slip under the maximum number of vouchers.
    Person.objects.select_for_update().filter(pk=person.pk).first()
    existing = (
        Application.objects.filter(
            call=call, person=person, status=Status.DRAFT, voucher__course=course
        )
        .order_by("pk")
        .first()
    )
    if existing is not None:
        VoucherApplication.objects.filter(pk=existing.pk).update(requested_amount=amount)
        existing.refresh_from_db()
        return existing
    counting = (
        Application.objects.filter(call=call, person=person)
        .exclude(status__in=rules.NOT_COUNTING)
        .count()
    )
    maximum = rules.max_vouchers(call.rules)
    if counting >= maximum:
        raise FundingError(
            _("You already have %(count)s vouchers in this call: the maximum is %(max)s.")
            % {"count": counting, "max": maximum}
        )
    application = Application.objects.create(
        call=call,
        scheme=Scheme.VOUCHER,
        person=person,
        created_by=user,
        total_cost=course.cost,
    )
    VoucherApplication.objects.create(
        application=application, course=course, requested_amount=amount
    )
    return application


def voucher_application_problems(application: Application) -> list[str]:
    """What stops the draft from being submitted today (empty: ready)."""
    voucher = application.voucher
    problems = []
    if not _course_open_for_application(voucher.course, timezone.localdate()):
        problems.append(_("The course is no longer open to applications: choose another course."))
    problems += amount_problems(
        person=application.person,
        course=voucher.course,
        amount=voucher.requested_amount,
        call=application.call,
    )
    return problems


def voucher_snapshot(application: Application) -> dict:
    """The figures frozen at submission (funding.submission.application_submit), and
    the limit of vouchers per person checked under a lock on the person: two
    submissions of the same person in two tabs cannot both pass it."""
    call = application.call
    person = Person.objects.select_for_update().get(pk=application.person_id)
    if other_vouchers_count(application) >= rules.max_vouchers(call.rules):
        raise FundingError(
            _("You already have %(max)s vouchers in this call: the maximum per person.")
            % {"max": rules.max_vouchers(call.rules)}
        )
    voucher = application.voucher
    VoucherApplication.objects.filter(pk=application.pk).update(person_status=person.status)
    return {
        "province": person.residence_province,
        "size_class": "",
        "total_cost": voucher.course.cost,
    }


@transaction.atomic
def voucher_enrolment_confirm(
    *, application: Application, by: User, reason: str = ""
) -> Application:
    """The person confirms their enrolment in the approved course: the voucher is in use
    (the voucher's service for start_project, vouchers/call/scheme.py)."""
    application = transition_run(
        application=application,
        transition="start_project",
        by=by,
        reason=_("Enrolment in the course confirmed by the person"),
    )
    VoucherApplication.objects.filter(pk=application.pk).update(
        enrolment_confirmed_at=timezone.now()
    )
    return application


def _is_agency_member(user: User, course: Course) -> bool:
    return course.agency.memberships.filter(user=user).exists()


@transaction.atomic
def voucher_attendance_report(
    *, application: Application, by: User, hours_attended: Decimal
) -> Attendance:
    """The course's agency reports the hours attended (or corrects its report).

    The first report of an approved voucher also starts it (approved -> in progress):
    the course has begun and the person attends it.
    """
    locked = Application.objects.select_for_update().get(pk=application.pk)
    voucher = VoucherApplication.objects.select_related("course__agency").get(pk=application.pk)
    course = voucher.course
    if not _is_agency_member(by, course):
        raise FundingError(_("Only the course's training agency may report attendance."))
    if locked.status not in ATTENDANCE_STATUSES:
        raise FundingError(
            _("Attendance can no longer be reported: the voucher is “%(status)s”.")
            % {"status": locked.get_status_display()}
        )
    if course.start_date > timezone.localdate():
        raise FundingError(
            _("The course starts on %(date)s: report attendance once it has begun.")
            % {"date": course.start_date.strftime("%d/%m/%Y")}
        )
    if (
        PaymentClaim.objects.filter(application_id=application.pk)
        .exclude(status=ClaimStatus.REFUSED)
        .exists()
    ):
        # The claim froze the hours it is judged on.
        raise FundingError(_("The person has claimed the payment: the hours can no longer change."))
    if hours_attended < 0 or hours_attended > course.hours:
        raise FundingError(
            _("The hours attended must be between 0 and the %(hours)s hours of the course.")
            % {"hours": localize(course.hours)}
        )
    if locked.status == Status.APPROVED:
        transition_run(
            application=locked,
            transition="start_project",
            by=by,
            reason=_("Course started: attendance reported by the training agency"),
        )
    attendance, _created = Attendance.objects.update_or_create(
        application_id=application.pk,
        defaults={
            "hours_attended": hours_attended,
            "reported_by": by,
            "reported_at": timezone.now(),
        },
    )
    application.refresh_from_db()
    return attendance


def voucher_reimbursement(application: Application) -> rules.Reimbursement | None:
    """The reimbursement the rules give on the attendance reported; None before a report."""
    attendance = Attendance.objects.filter(pk=application.pk).first()
    if attendance is None or application.grant_amount is None:
        return None
    return rules.reimbursement_for(
        attendance.hours_attended,
        application.voucher.course.hours,
        application.grant_amount,
        application.call.rules,
    )
