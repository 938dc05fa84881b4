from django.contrib import admin

from surveys.models import Choice, Question, Questionnaire, QuestionnaireStatus, Response


class QuestionInline(admin.StackedInline):
    model = Question
    extra = 0
    fields = [
        ("key", "position", "type", "required", "validation"),
        ("label_fi", "label_sv", "label_en"),
        ("help_fi", "help_sv", "help_en"),
        ("min_value", "max_value", "max_length"),
        ("show_if_key", "show_if_value"),
        ("scale_low_fi", "scale_low_sv", "scale_low_en"),
        ("scale_high_fi", "scale_high_sv", "scale_high_en"),
    ]


class ChoiceInline(admin.TabularInline):
    model = Choice
    extra = 0


def _is_frozen(obj) -> bool:
    questionnaire = getattr(obj, "questionnaire", obj)
    return questionnaire is not None and questionnaire.status != QuestionnaireStatus.DRAFT


@admin.register(Questionnaire)
class QuestionnaireAdmin(admin.ModelAdmin):
    """Drafts are edited here; a published version is read-only (make a new version)."""

    list_display = ("title_fi", "programme", "slug", "version", "kind", "status")
    list_filter = ("programme", "kind", "status")
    inlines = [QuestionInline]
    readonly_fields = ("status", "published_at")

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not _is_frozen(obj)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ("key", "questionnaire", "type", "required", "position")
    inlines = [ChoiceInline]

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not _is_frozen(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not _is_frozen(obj)


@admin.register(Response)
class ResponseAdmin(admin.ModelAdmin):
    list_display = ("respondent_name", "questionnaire", "status", "updated_at")
    list_filter = ("status", "questionnaire")
    readonly_fields = [f.name for f in Response._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
