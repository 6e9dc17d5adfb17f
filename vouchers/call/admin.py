"""Back office of the voucher call: what a voucher adds to the shared application page
(the course and amount, the attendance reported and the reimbursement it gives,
read-only). The payment is checked and paid on the shared payment claims
(funding/payments/admin.py, docs/payments.md)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from trinno_portal.funding.admin_base import (
    ReadOnlyStackedInline,
    ReadOnlyTabularInline,
    money,
)
from vouchers.call.models import Attendance, VoucherApplication
from vouchers.call.services import voucher_reimbursement


class VoucherApplicationInline(ReadOnlyStackedInline):
    model = VoucherApplication
    verbose_name_plural = _("training voucher")
    fields = [
        "course",
        "course_agency",
        "course_hours",
        "course_cost",
        "requested_amount",
        "person_status",
        "enrolment_confirmed_at",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("course__agency")

    @admin.display(description=_("training agency"))
    def course_agency(self, obj: VoucherApplication) -> str:
        return obj.course.agency.name

    @admin.display(description=_("hours"))
    def course_hours(self, obj: VoucherApplication):
        return obj.course.hours

    @admin.display(description=_("cost per participant (EUR)"))
    def course_cost(self, obj: VoucherApplication):
        return obj.course.cost


class AttendanceInline(ReadOnlyTabularInline):
    model = Attendance
    fields = ["hours_attended", "reported_by", "reported_at", "reimbursement_due"]
    readonly_fields = fields

    @admin.display(description=_("reimbursement by the rules (EUR)"))
    def reimbursement_due(self, obj: Attendance):
        result = voucher_reimbursement(obj.application)
        return money(result.amount) if result else "—"
