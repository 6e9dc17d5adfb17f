from allauth.mfa import admin as allauth_mfa_admin
from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from trinno_portal.lib.admin import EstimatedCountPaginator, LargeTableAdmin, province_filter

from .admin_representative import EnterpriseEventInline
from .forms import EnterpriseAdminForm, UserChangeAdminForm, UserCreationAdminForm
from .models import Enterprise, EnterpriseLink, LocalUnit, Membership, User
from .services import enterprise_size_recompute


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserChangeAdminForm
    add_form = UserCreationAdminForm
    list_display = ("email", "full_name", "is_staff", "is_active", "date_joined")
    list_filter = ("is_staff", "is_superuser", "is_active", "groups")
    search_fields = ("email", "full_name", "fiscal_number")
    ordering = ("email",)
    # One user per enterprise of Tuscany and more: no COUNT(*) of them all per page.
    show_full_result_count = False
    paginator = EstimatedCountPaginator
    readonly_fields = ("last_login", "date_joined")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("full_name", "fiscal_number")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "full_name", "usable_password", "password1", "password2"),
            },
        ),
    )


class LocalUnitInline(admin.TabularInline):
    model = LocalUnit
    extra = 0


class EnterpriseLinkInline(admin.TabularInline):
    model = EnterpriseLink
    extra = 0


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ("user",)
    readonly_fields = ("created_at",)


@admin.register(Enterprise)
class EnterpriseAdmin(LargeTableAdmin):
    form = EnterpriseAdminForm
    list_display = ("legal_name", "vat_number", "province", "size_class", "created_at")
    list_filter = (
        province_filter("province"),
        "size_class",
        "is_startup",
        "representative_status",
    )
    search_fields = ("vat_number", "legal_name", "tax_code")
    ordering = ("legal_name",)
    # Staff edit the profile here; the size class follows the figures (save_related).
    readonly_fields = (
        "size_class",
        "created_at",
        "updated_at",
        "representative_status",
        "representative_tax_code",
        "representative_proof",
        "representative_confirmed_at",
        "representative_confirmed_by",
    )
    inlines = (LocalUnitInline, EnterpriseLinkInline, MembershipInline, EnterpriseEventInline)
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "legal_name",
                    ("vat_number", "tax_code"),
                    ("legal_form", "founded_on"),
                    ("pec", "ateco_code"),
                    "is_startup",
                )
            },
        ),
        (
            _("Registered office"),
            {"fields": ("address", ("municipality", "postal_code", "province"))},
        ),
        (
            _("Size data of the last closed year"),
            {
                "fields": (
                    "size_reference_year",
                    ("staff_awu", "turnover", "balance_sheet"),
                    "size_class",
                )
            },
        ),
        (
            _("Legal representative"),
            {
                "fields": (
                    ("representative_status", "representative_proof"),
                    "representative_tax_code",
                    ("representative_confirmed_at", "representative_confirmed_by"),
                )
            },
        ),
        (None, {"fields": ("created_at", "updated_at")}),
    )

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        # Figures and links may both have changed: the class follows their final state.
        enterprise_size_recompute(enterprise=form.instance)


def _titled(filter_class: type, title) -> type:
    class Titled(filter_class):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self.title = title

    return Titled


# allauth's Authenticator names its fields without verbose names: Django writes their
# attribute names ("created at") as the labels, in English on every page. The same
# admin, with the labels in the reader's language.
AUTHENTICATOR_LABELS = {
    "user": _("user"),
    "type": _("type"),
    "data": _("data"),
    "created_at": _("created at"),
    "last_used_at": _("last used at"),
}

admin.site.unregister(Authenticator)


@admin.register(Authenticator)
class AuthenticatorAdmin(allauth_mfa_admin.AuthenticatorAdmin):
    list_display = ("user", "type_display", "created", "last_used")
    list_filter = (
        ("type", _titled(admin.ChoicesFieldListFilter, AUTHENTICATOR_LABELS["type"])),
        ("created_at", _titled(admin.DateFieldListFilter, AUTHENTICATOR_LABELS["created_at"])),
        (
            "last_used_at",
            _titled(admin.DateFieldListFilter, AUTHENTICATOR_LABELS["last_used_at"]),
        ),
    )

    @admin.display(description=AUTHENTICATOR_LABELS["type"], ordering="type")
    def type_display(self, obj: Authenticator) -> str:
        return obj.get_type_display()

    @admin.display(description=AUTHENTICATOR_LABELS["created_at"], ordering="created_at")
    def created(self, obj: Authenticator):
        return obj.created_at

    @admin.display(description=AUTHENTICATOR_LABELS["last_used_at"], ordering="last_used_at")
    def last_used(self, obj: Authenticator):
        return obj.last_used_at

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in AUTHENTICATOR_LABELS:
            kwargs["label"] = capfirst(AUTHENTICATOR_LABELS[db_field.name])
        return super().formfield_for_dbfield(db_field, request, **kwargs)
