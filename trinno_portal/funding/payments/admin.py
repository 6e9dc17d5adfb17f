"""Staff's back office of the payments: the operations' CUP (entered by hand or requested
in bulk from the CUP system), the DURCs recorded, and the claims, orders and payments
read-only (their steps are the staff pages of funding/payments/views_staff.py, which call
the services)."""

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from trinno_portal.funding.payments import rules, services
from trinno_portal.funding.payments.models import (
    Durc,
    Operation,
    Payment,
    PaymentClaim,
    PaymentOrder,
)
from trinno_portal.funding.services import FundingError
from trinno_portal.lib.forms import PortalModelForm


class OperationForm(PortalModelForm):
    class Meta(PortalModelForm.Meta):
        model = Operation
        fields = ["cup"]

    def clean_cup(self) -> str | None:
        value = rules.cup_normalize(self.cleaned_data.get("cup") or "")
        if not value:
            return None
        problem = rules.cup_problem(value)
        if problem:
            raise forms.ValidationError(problem)
        return value


@admin.register(Operation)
class OperationAdmin(admin.ModelAdmin):
    form = OperationForm
    list_display = ["protocol_number", "enterprise", "call", "status", "cup", "cup_batch"]
    list_filter = ["scheme", "status"]
    list_select_related = ["enterprise", "call", "cup_request"]
    search_fields = ["=protocol_number", "=cup", "enterprise__legal_name"]
    fields = ["protocol_number", "enterprise", "call", "status", "cup"]
    readonly_fields = ["protocol_number", "enterprise", "call", "status"]
    actions = ["request_cups"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).filter(status__in=services.OPERATION_STATUSES)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    @admin.display(description=gettext_lazy("CUP request"))
    def cup_batch(self, obj: Operation) -> str:
        request = getattr(obj, "cup_request", None)
        return request.batch if request else ""

    def save_model(self, request, obj, form, change) -> None:
        if obj.cup:
            try:
                services.cup_assign(application=obj, cup=obj.cup, by=request.user)
            except FundingError as exc:
                self.message_user(request, str(exc), messages.ERROR)
        else:
            Operation.objects.filter(pk=obj.pk).update(cup=None)

    @admin.action(description=gettext_lazy("Request the CUP in bulk"), permissions=["change"])
    def request_cups(self, request: HttpRequest, queryset: QuerySet) -> None:
        requested, assigned, path = services.cups_request(
            applications=list(queryset), by=request.user
        )
        self.message_user(
            request,
            _("%(requested)d operations requested, %(assigned)d CUP assigned. %(file)s")
            % {"requested": requested, "assigned": assigned, "file": path},
        )


@admin.register(Durc)
class DurcAdmin(admin.ModelAdmin):
    list_display = ["enterprise", "outcome", "issued_on", "protocol", "recorded_by"]
    list_filter = ["outcome"]
    list_select_related = ["enterprise", "recorded_by"]
    search_fields = ["=enterprise__vat_number", "=protocol"]
    raw_id_fields = ["enterprise"]
    fields = ["enterprise", "outcome", "issued_on", "protocol"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # a DURC is recorded as read; a new reading is a new row

    def save_model(self, request, obj, form, change) -> None:
        saved = services.durc_record(
            enterprise=obj.enterprise,
            outcome=obj.outcome,
            issued_on=obj.issued_on,
            protocol=obj.protocol,
            by=request.user,
        )
        obj.pk = saved.pk


class _ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(PaymentClaim)
class PaymentClaimAdmin(_ReadOnly):
    list_display = ["application", "kind", "status", "requested", "payable", "check_link"]
    list_filter = ["kind", "status", "second_level"]
    list_select_related = ["application"]
    search_fields = ["=application__protocol_number"]

    @admin.display(description=gettext_lazy("check"))
    def check_link(self, obj: PaymentClaim) -> str:
        url = reverse("payments:claim_check", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Open the check"))


@admin.register(PaymentOrder)
class PaymentOrderAdmin(_ReadOnly):
    list_display = ["claim", "amount", "cup", "iban", "issued_at"]
    list_select_related = ["claim__application"]


@admin.register(Payment)
class PaymentAdmin(_ReadOnly):
    list_display = ["order", "paid_on", "amount", "reference", "released"]
    list_select_related = ["order__claim__application"]
