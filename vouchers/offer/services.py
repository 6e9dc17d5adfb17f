"""Writes of the vouchers app: the person's profile, courses and their workflow, reference
and demo data. Callers: views, the admin actions, load_portal_data, tests. Services never
take a request; they raise ValidationError (shown to the user) or PermissionDenied."""

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trinno_portal.accounts.models import Membership, Person, PersonStatus, User
from trinno_portal.funding.engine import MoveRefused, ReasonRequired, status_move
from trinno_portal.funding.notifications import Notify, notifications_queue
from trinno_portal.spid.rules import TAX_CODE_NOT_PROVEN
from vouchers.offer import rules
from vouchers.offer.models import (
    AccreditationState,
    AgencyMembership,
    Course,
    CourseState,
    CourseStateChange,
    CourseTheme,
    Delivery,
    HeardFrom,
    TrainingAgency,
)

THEMES_FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "vouchers_themes.json"

# --- the person's profile -----------------------------------------------------------------

PERSON_FIELDS = (
    "first_name",
    "last_name",
    "tax_code",
    "birth_date",
    "residence_address",
    "residence_municipality",
    "residence_province",
    "status",
    "heard_from",
)


@transaction.atomic
def person_profile_save(*, user: User, data: Mapping[str, Any]) -> Person:
    """Create or update the user's individual profile from cleaned data.

    `data` holds the Person fields plus `declared_enterprise_name`, `declared_vat_number`
    (entrepreneurs and managers without an enterprise in the portal), `enterprise`,
    `professional_order` and `inps_separate_scheme`. The rules are checked again here so
    that every caller gets them; fields that do not apply to the status are cleared, so
    the figures never count a freelancer's stale enterprise.
    """
    errors: dict[str, list] = {}
    try:
        tax_code = rules.person_tax_code_clean(data["tax_code"])
    except ValidationError as exc:
        errors["tax_code"] = exc.messages
        tax_code = ""
    # An account signed in with SPID or CIE has its codice fiscale proven (User.fiscal_number).
    if user.fiscal_number and tax_code and tax_code != user.fiscal_number:
        errors["tax_code"] = [TAX_CODE_NOT_PROVEN % {"code": user.fiscal_number}]
        tax_code = ""
    if tax_code and not rules.tax_code_matches_birth_date(tax_code, data["birth_date"]):
        errors["birth_date"] = [
            _("The date of birth does not match the one in your codice fiscale.")
        ]
    status = data["status"]
    enterprise = data.get("enterprise") if status != PersonStatus.FREELANCER else None
    if (
        enterprise is not None
        and not Membership.objects.filter(user=user, enterprise=enterprise).exists()
    ):
        errors["enterprise"] = [_("You can only choose an enterprise you act for.")]
    declared_vat = data.get("declared_vat_number") or ""
    if declared_vat:
        try:
            declared_vat = rules.tax_number_clean(declared_vat)
        except ValidationError as exc:
            errors["declared_vat_number"] = exc.messages
    if data.get("heard_from") not in HeardFrom.values:
        errors["heard_from"] = [_("Tell us how you heard of the call.")]
    for field, message in rules.person_status_errors(
        status=status,
        has_enterprise=enterprise is not None,
        declared_name=data.get("declared_enterprise_name") or "",
        declared_vat=declared_vat,
        professional_order=data.get("professional_order") or "",
        inps_separate_scheme=bool(data.get("inps_separate_scheme")),
    ).items():
        errors.setdefault(field, []).append(str(message))
    if errors:
        raise ValidationError(errors)

    person = Person.objects.select_for_update().filter(user=user).first() or Person(user=user)
    for field in PERSON_FIELDS:
        setattr(person, field, data[field])
    person.tax_code = tax_code
    if status == PersonStatus.FREELANCER:
        person.enterprise = None
        person.declared_enterprise = ""
        person.professional_order = (data.get("professional_order") or "").strip()
        person.inps_separate_scheme = bool(data.get("inps_separate_scheme"))
    else:
        person.enterprise = enterprise
        person.declared_enterprise = (
            ""
            if enterprise
            else rules.declared_enterprise_format(data["declared_enterprise_name"], declared_vat)
        )
        person.professional_order = ""
        person.inps_separate_scheme = False
    try:
        # A savepoint, so that a duplicate code leaves the outer transaction usable.
        with transaction.atomic():
            person.save()
    except IntegrityError as exc:
        # Two people cannot share a codice fiscale (the form checks first; this is the race).
        raise ValidationError(
            {"tax_code": [_("A profile with this codice fiscale already exists.")]}
        ) from exc
    return person


# --- courses ------------------------------------------------------------------------------

COURSE_FIELDS = (
    "title",
    "description",
    "hours",
    "cost",
    "start_date",
    "end_date",
    "delivery",
    "place",
    "seats",
)


def _check_member(user: User, agency: TrainingAgency) -> None:
    if not AgencyMembership.objects.filter(user=user, agency=agency).exists():
        raise PermissionDenied(_("You do not act for this training agency."))


def _check_course_fields(data: Mapping[str, Any]) -> None:
    errors = rules.course_field_errors(
        hours=data["hours"],
        cost=data["cost"],
        seats=data["seats"],
        start_date=data["start_date"],
        end_date=data["end_date"],
        delivery=data["delivery"],
        place=data.get("place") or "",
    )
    if errors:
        raise ValidationError({field: [str(message)] for field, message in errors.items()})


def _apply_course_data(course: Course, data: Mapping[str, Any]) -> None:
    for field in COURSE_FIELDS:
        if field in data:
            setattr(course, field, data[field])
    if course.delivery == Delivery.ONLINE:
        course.place = ""


@transaction.atomic
def course_create(
    *, by: User, agency: TrainingAgency, data: Mapping[str, Any], themes: Iterable[CourseTheme]
) -> Course:
    """A new draft course of the agency; only its members may create one."""
    _check_member(by, agency)
    if agency.accreditation_state != AccreditationState.ACTIVE:
        raise ValidationError(
            _("The agency's accreditation is not active: it cannot publish courses.")
        )
    _check_course_fields(data)
    course = Course(agency=agency, created_by=by)
    _apply_course_data(course, data)
    course.save()
    course.themes.set(list(themes))
    return course


@transaction.atomic
def course_update(
    *, by: User, course: Course, data: Mapping[str, Any], themes: Iterable[CourseTheme]
) -> Course:
    """Change a draft or rejected course. Approved courses are read-only: what staff
    approved (and vouchers will be granted for) never changes under them."""
    _check_member(by, course.agency)
    locked = Course.objects.select_for_update().get(pk=course.pk)
    if not rules.course_is_editable(locked.state):
        raise ValidationError(
            _(
                "This course is %(state)s and can no longer be changed. An approved course "
                "can only be withdrawn: withdraw it and publish a new one."
            )
            % {"state": locked.get_state_display().lower()}
        )
    _check_course_fields(data)
    _apply_course_data(locked, data)
    locked.save()
    locked.themes.set(list(themes))
    return locked


# What a course's moves send, transition -> notify(course), queued on commit by the same
# function as the applications' (funding.notifications.notifications_queue). None today:
# the agency and staff read a course's state on their own pages.
COURSE_NOTIFICATIONS: dict[str, Notify] = {}


def _transition(
    *, course: Course, name: str, by: User | None, reason: str = "", **extra: Any
) -> Course:
    """Apply a transition with the shared guarded move (funding/engine.py): it only
    succeeds from one of the transition's sources, so two clicks or two officers never
    apply it twice. The state it moves from is read under a row lock, for the history."""
    try:
        course = status_move(
            subject=course,
            workflow=rules.COURSE_WORKFLOW,
            transition=name,
            history=CourseStateChange,
            by=by,
            reason=reason,
            extra=extra,
            status_field="state",
            lock=True,
        )
    except ReasonRequired:
        raise ValidationError(_("Give a reason.")) from None
    except MoveRefused as refused:
        state = CourseState(refused.current).label if refused.current else "?"
        raise ValidationError(
            _("A course that is %(state)s cannot be changed this way (%(action)s).")
            % {"state": str(state).lower(), "action": str(rules.COURSE_WORKFLOW[name].label)}
        ) from None
    notifications_queue(notifications=COURSE_NOTIFICATIONS, transition=name, subject=course)
    return course


@transaction.atomic
def course_submit_for_approval(*, course: Course, by: User) -> Course:
    """Send a draft (or a rejected course, once corrected) to staff."""
    _check_member(by, course.agency)
    errors = rules.course_submission_errors(
        start_date=course.start_date,
        today=timezone.localdate(),
        theme_count=course.themes.count(),
    )
    if errors:
        raise ValidationError([str(message) for message in errors])
    return _transition(course=course, name="submit", by=by, submitted_at=timezone.now())


@transaction.atomic
def course_recall(*, course: Course, by: User) -> Course:
    """Take a pending course back to draft, to change it before staff decide."""
    _check_member(by, course.agency)
    return _transition(course=course, name="recall", by=by)


@transaction.atomic
def course_withdraw(*, course: Course, by: User, reason: str = "") -> Course:
    """The agency withdraws a course: it is no longer offered for new vouchers."""
    _check_member(by, course.agency)
    return _transition(course=course, name="withdraw", by=by, reason=reason)


def _check_approver(by: User) -> None:
    if not (by.is_active and by.is_staff and by.has_perm("vouchers.approve_course")):
        raise PermissionDenied(_("Only Arezzo Innovazione staff approve courses."))


@transaction.atomic
def course_approve(*, course: Course, by: User) -> Course:
    """Staff approve a pending course: from now on applicants can choose it."""
    _check_approver(by)
    agency = TrainingAgency.objects.get(pk=course.agency_id)
    if not agency.is_active:
        raise ValidationError(
            _("%(agency)s is not accredited at present: its courses cannot be approved.")
            % {"agency": agency.name}
        )
    return _transition(
        course=course,
        name="approve",
        by=by,
        approved_by=by,
        approved_at=timezone.now(),
        rejection_reason="",
    )


@transaction.atomic
def course_reject(*, course: Course, by: User, reason: str) -> Course:
    """Staff send a pending course back with the reason; the agency may correct and
    resubmit it."""
    _check_approver(by)
    return _transition(
        course=course, name="reject", by=by, reason=reason, rejection_reason=reason.strip()
    )


# --- reference and demo data ------------------------------------------------------------------


@transaction.atomic
def vouchers_fixtures_load() -> str:
    """Create or update the Industry 4.0 course themes. Idempotent."""
    data = json.loads(THEMES_FIXTURE.read_text(encoding="utf-8"))
    for position, theme in enumerate(data["themes"], start=1):
        CourseTheme.objects.update_or_create(
            code=theme["code"],
            defaults={"name": theme["name"], "name_en": theme["name_en"], "position": position},
        )
    return f"{len(data['themes'])} course themes"


DEMO_AGENCY_CODE = "DEMO-AR0001"


@transaction.atomic
def vouchers_demo_load(*, agency_user_email: str = "agency@demo.trinno.test") -> str:
    """The demo training agency, its user's membership and an approved course (embedded
    default only: load_portal_data --demo). Idempotent; the demo course is moved forward
    when its start has passed, so that the public list always shows it."""
    vouchers_fixtures_load()
    user = User.objects.get(email=agency_user_email.lower())
    agency, _created = TrainingAgency.objects.get_or_create(
        accreditation_code=DEMO_AGENCY_CODE,
        defaults={
            "name": "Formazione Aretina Demo srl",
            "tax_number": "01234560512",
            "address": "Via Guido Monaco 12",
            "municipality": "Arezzo",
            "province": "AR",
            "pec": "formazione.demo@pec.example.it",
        },
    )
    AgencyMembership.objects.get_or_create(user=user, agency=agency)
    today = timezone.localdate()
    start = today + dt.timedelta(days=45)
    course, created = Course.objects.get_or_create(
        agency=agency,
        title="Manifattura additiva per l'oreficeria",
        defaults={
            "description": (
                "Dalla modellazione 3D alla stampa di prototipi in cera e metallo: "
                "un corso pratico per imprenditori e tecnici del distretto orafo."
            ),
            "hours": Decimal("40.0"),
            "cost": Decimal("2400.00"),
            "start_date": start,
            "end_date": start + dt.timedelta(days=30),
            "delivery": Delivery.BLENDED,
            "place": "Via Guido Monaco 12, Arezzo",
            "seats": 15,
            "state": CourseState.APPROVED,
            "approved_at": timezone.now(),
            "created_by": user,
        },
    )
    if created:
        course.themes.set(CourseTheme.objects.filter(code__in=["additive", "reverse_engineering"]))
        CourseStateChange.objects.create(
            course=course,
            transition="approve",
            from_status=CourseState.PENDING,
            to_status=CourseState.APPROVED,
            at=timezone.now(),
            reason="Demo data",
        )
    elif course.start_date <= today:
        Course.objects.filter(pk=course.pk).update(
            start_date=start, end_date=start + dt.timedelta(days=30)
        )
    return f"{agency.name}, course {course.title!r}"
