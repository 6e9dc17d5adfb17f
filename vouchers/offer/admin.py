"""Back office of the vouchers app: training agencies, courses (approved or rejected by
staff through actions that call the services), course themes, and the people who apply."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from trinno_portal.accounts.models import Person
from trinno_portal.lib.admin import LargeTableAdmin, province_filter
from vouchers.offer import services
from vouchers.offer.forms import ReasonForm
from vouchers.offer.models import (
    AgencyMembership,
    Course,
    CourseStateChange,
    CourseTheme,
    HeardFrom,
    TrainingAgency,
)


class AgencyMembershipInline(admin.TabularInline):
    model = AgencyMembership
    raw_id_fields = ("user",)
    readonly_fields = ("created_at",)
    extra = 0


@admin.register(TrainingAgency)
class TrainingAgencyAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "tax_number",
        "accreditation_code",
        "accreditation_state",
        "province",
    )
    list_filter = ("accreditation_state", "province")
    search_fields = ("name", "tax_number", "accreditation_code")
    readonly_fields = ("created_at", "updated_at")
    inlines = [AgencyMembershipInline]


@admin.register(CourseTheme)
class CourseThemeAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "name_en", "position")
    ordering = ("position",)


class CourseStateChangeInline(admin.TabularInline):
    model = CourseStateChange
    fields = ("at", "transition", "from_status", "to_status", "by", "reason")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ("title", "agency", "state", "start_date", "hours", "cost", "seats")
    list_filter = ("state", "agency", "themes", "delivery")
    list_select_related = ("agency",)
    search_fields = ("title", "agency__name", "agency__accreditation_code")
    date_hierarchy = "start_date"
    raw_id_fields = ("agency", "approved_by", "created_by")
    filter_horizontal = ("themes",)
    # The state only changes through the actions, which record who and why.
    readonly_fields = (
        "state",
        "submitted_at",
        "approved_by",
        "approved_at",
        "rejection_reason",
        "created_by",
        "created_at",
        "updated_at",
    )
    inlines = [CourseStateChangeInline]
    actions = ["approve_courses", "reject_courses"]

    def get_readonly_fields(self, request: HttpRequest, obj: Course | None = None):
        # What staff approved stays as approved, here as in the agency's area.
        if obj is not None and not obj.is_editable:
            return [f.name for f in Course._meta.fields] + ["themes"]
        return super().get_readonly_fields(request, obj)

    def has_approve_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("vouchers.approve_course")

    def _report(self, request: HttpRequest, done: int, failures: list[str], message: str):
        if done:
            self.message_user(request, message % {"count": done}, messages.SUCCESS)
        for failure in failures:
            self.message_user(request, failure, messages.ERROR)

    @admin.action(description=_("Approve the selected courses"), permissions=["approve"])
    def approve_courses(self, request: HttpRequest, queryset: QuerySet[Course]) -> None:
        done, failures = 0, []
        for course in queryset:
            try:
                services.course_approve(course=course, by=request.user)
            except (ValidationError, PermissionDenied) as exc:
                failures.append(f"{course}: {' '.join(getattr(exc, 'messages', [str(exc)]))}")
            else:
                done += 1
        self._report(
            request,
            done,
            failures,
            _("Courses approved: %(count)d."),
        )

    @admin.action(description=_("Reject the selected courses"), permissions=["approve"])
    def reject_courses(
        self, request: HttpRequest, queryset: QuerySet[Course]
    ) -> HttpResponse | None:
        form = ReasonForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            done, failures = 0, []
            for course in queryset:
                try:
                    services.course_reject(
                        course=course, by=request.user, reason=form.cleaned_data["reason"]
                    )
                except (ValidationError, PermissionDenied) as exc:
                    failures.append(f"{course}: {' '.join(getattr(exc, 'messages', [str(exc)]))}")
                else:
                    done += 1
            self._report(
                request,
                done,
                failures,
                _("Courses rejected: %(count)d."),
            )
            return None
        # An intermediate page asks for the reason, which the agency will read.
        return TemplateResponse(
            request,
            "vouchers/admin/course_reject.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Reject courses"),
                "opts": self.model._meta,
                "courses": queryset.select_related("agency"),
                "form": form,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )


class HeardFromFilter(admin.SimpleListFilter):
    """Person.heard_from is a free code in accounts: show the vouchers app's labels."""

    title = _("how they heard of the call")
    parameter_name = "heard_from"

    def lookups(self, request: HttpRequest, model_admin):
        return HeardFrom.choices

    def queryset(self, request: HttpRequest, queryset: QuerySet[Person]) -> QuerySet[Person]:
        return queryset.filter(heard_from=self.value()) if self.value() else queryset


@admin.register(Person)
class PersonAdmin(LargeTableAdmin):
    list_display = (
        "last_name",
        "first_name",
        "tax_code",
        "status",
        "residence_province",
        "heard_from_label",
    )
    list_filter = (
        "status",
        province_filter("residence_province", _("province of residence")),
        HeardFromFilter,
    )
    list_select_related = ("user",)
    search_fields = ("last_name", "first_name", "tax_code", "user__email")
    raw_id_fields = ("user", "enterprise")
    readonly_fields = ("created_at", "updated_at")

    @admin.display(description=_("how they heard of the call"), ordering="heard_from")
    def heard_from_label(self, obj: Person) -> str:
        return HeardFrom(obj.heard_from).label if obj.heard_from in HeardFrom.values else "-"
