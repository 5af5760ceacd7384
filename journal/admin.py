from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from journal.models import AuditEvent, Entry, Supervision, User


@admin.register(User)
class JournalUserAdmin(UserAdmin):
    fieldsets = (
        *UserAdmin.fieldsets,
        (
            "Registration",
            {
                "fields": (
                    "display_name",
                    "registration_number",
                    "role",
                    "renewal_day",
                    "renewal_month",
                )
            },
        ),
    )
    list_display = ("username", "display_name", "email", "role", "is_staff")
    list_filter = (*UserAdmin.list_filter, "role")


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin):
    """Metadata only: reflections are private, so their text is not shown to administrators."""

    list_display = ("pk", "owner", "activity_type", "activity_date", "status", "deleted_at")
    list_filter = ("status", "activity_type")
    search_fields = ("owner__username",)
    fields = ("owner", "activity_type", "activity_date", "status", "revision", "deleted_at")
    readonly_fields = fields

    def has_add_permission(self, request):
        return False


@admin.register(Supervision)
class SupervisionAdmin(admin.ModelAdmin):
    list_display = ("supervisee", "supervisor", "invited_email", "status", "created_at")
    list_filter = ("status",)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("created_at", "entry_id", "actor", "action")
    list_filter = ("action",)
    readonly_fields = ("entry", "actor", "action", "detail", "created_at")
