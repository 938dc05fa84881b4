from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from onboarding.models import (
    ApiToken,
    Consortium,
    ConsortiumMembership,
    Contact,
    Invitation,
    Municipality,
    PopulationFigure,
    Programme,
    User,
)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = BaseUserAdmin.fieldsets + (
        (None, {"fields": ("role", "language", "municipalities")}),
    )
    list_display = ("username", "email", "role", "is_active")
    list_filter = ("role", "is_active")
    filter_horizontal = ("municipalities",)


@admin.register(Municipality)
class MunicipalityAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name_fi", "name_sv", "region", "language_status", "business_id")
    search_fields = ("code", "name_fi", "name_sv")
    list_filter = ("language_status", "region")


@admin.register(PopulationFigure)
class PopulationFigureAdmin(SimpleHistoryAdmin):
    list_display = ("municipality", "date", "population")
    list_filter = ("date",)
    search_fields = ("municipality__name_fi", "municipality__code")


class MembershipInline(admin.TabularInline):
    model = ConsortiumMembership
    extra = 0


@admin.register(Consortium)
class ConsortiumAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "directory_slug_known")
    inlines = [MembershipInline]


@admin.register(ConsortiumMembership)
class ConsortiumMembershipAdmin(SimpleHistoryAdmin):
    list_display = ("consortium", "municipality", "valid_from", "valid_to")


@admin.register(Programme)
class ProgrammeAdmin(SimpleHistoryAdmin):
    list_display = ("slug", "name_fi", "launch_date", "signing_deadline", "fee_per_resident")


admin.site.register(Contact)
admin.site.register(Invitation)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "user",
        "prefix",
        "scopes",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    )
    list_filter = ("user__role",)
    readonly_fields = ("prefix", "digest")
    actions = ["revoke"]

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request, queryset):
        revoked = queryset.revoke()
        self.message_user(request, _("Tokens revoked: %(count)d.") % {"count": revoked})
