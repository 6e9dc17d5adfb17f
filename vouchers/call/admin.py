"""Back office of the voucher call: what a voucher adds to the shared application page
(the course and amount, the attendance reported, the payment request, read-only), the
payment requests as a list, and the service that approves a payment request (the
workflow's accept_final_report: final grant = reimbursement, the rest back to the budget)."""

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from trinno_portal.funding.admin_base import (
    ReadOnlyStackedInline,
    ReadOnlyTabularInline,
    document_download_link,
    money,
)
from vouchers.call.models import Attendance, PaymentRequest, VoucherApplication
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


class PaymentRequestInline(ReadOnlyTabularInline):
    model = PaymentRequest
    fields = ["state", "submitted_at", "hours_attended", "amount", "proof_link", "decided_by"]
    readonly_fields = fields

    @admin.display(description=_("proof of payment"))
    def proof_link(self, obj: PaymentRequest) -> str:
        return document_download_link(obj.proof)


@admin.register(PaymentRequest)
class PaymentRequestAdmin(admin.ModelAdmin):
    """The payment requests to handle; they are approved on the application's page
    (button “Accept the final report”), which calls voucher_payment_approve."""

    list_display = ["application", "state", "submitted_at", "hours_attended", "amount"]
    list_filter = ["state"]
    list_select_related = ["application"]
    search_fields = ["=application__protocol_number", "application__person__last_name"]
    readonly_fields = [
        "application",
        "state",
        "hours_attended",
        "amount",
        "proof",
        "submitted_by",
        "submitted_at",
        "decided_by",
        "decided_at",
    ]
    ordering = ["-submitted_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
