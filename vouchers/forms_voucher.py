"""Forms of the voucher call. They check what the person or agency typed with the same
rules the services apply, and give it back with a clear message."""

from decimal import Decimal

from django import forms
from django.utils.formats import localize
from django.utils.translation import gettext_lazy as _

from trinno_portal.accounts.models import Person
from trinno_portal.funding.models import Call
from trinno_portal.lib import formfields
from trinno_portal.lib.money import format_eur

from . import rules_voucher as rules
from .models import Course


class CourseChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Course) -> str:
        return (
            f"{obj.title} · {obj.agency.name} · {obj.start_date:%d/%m/%Y} · {format_eur(obj.cost)}"
        )


class VoucherApplyForm(forms.Form):
    course = CourseChoiceField(
        label=_("Course"),
        queryset=Course.objects.none(),
        empty_label=_("Choose an approved course"),
        help_text=_("Approved courses of accredited agencies that have not started yet."),
    )
    amount = formfields.DecimalField(
        label=_("Voucher requested (EUR)"),
        max_digits=10,
        decimal_places=2,
        min_value=Decimal("0.01"),
        localize=True,
    )

    def __init__(self, *args, courses, person: Person, call: Call, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.person = person
        self.call = call
        self.fields["course"].queryset = courses
        cap = rules.cap_for(person.status, call.rules)
        if cap is not None:
            self.fields["amount"].help_text = _(
                "At most the course cost, and at most %(cap)s for the status “%(status)s”."
            ) % {"cap": format_eur(cap), "status": person.get_status_display()}

    def clean(self) -> dict:
        data = super().clean()
        course, amount = data.get("course"), data.get("amount")
        if amount is None:
            return data
        cap = rules.cap_for(self.person.status, self.call.rules)
        if cap is None:
            self.add_error(
                None,
                _("The call is not open to people of status “%(status)s”.")
                % {"status": self.person.get_status_display()},
            )
        elif amount > cap:
            self.add_error(
                "amount",
                _("The maximum voucher for the status “%(status)s” is %(cap)s.")
                % {"status": self.person.get_status_display(), "cap": format_eur(cap)},
            )
        if course is not None and amount > course.cost:
            self.add_error(
                "amount",
                _("The voucher cannot exceed the course cost of %(cost)s.")
                % {"cost": format_eur(course.cost)},
            )
        return data


class AttendanceForm(forms.Form):
    hours_attended = formfields.DecimalField(
        label=_("Hours attended"),
        max_digits=6,
        decimal_places=1,
        min_value=Decimal("0"),
        localize=True,
    )

    def __init__(self, *args, course_hours: Decimal, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.course_hours = course_hours
        self.fields["hours_attended"].help_text = _(
            "Hours actually attended, out of the %(hours)s hours of the course (tenths allowed)."
        ) % {"hours": localize(course_hours)}

    def clean_hours_attended(self) -> Decimal:
        hours = self.cleaned_data["hours_attended"]
        if hours > self.course_hours:
            raise forms.ValidationError(
                _("The course lasts %(hours)s hours: no more can be attended.")
                % {"hours": localize(self.course_hours)}
            )
        return hours
