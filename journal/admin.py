from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied

from journal.models import AuditEvent, Entry, Supervision, User


class DeletionByCount:
    """Delete pages list what would go by kind and number only.

    Django lists every related object by its name, and entries, quick notes, comments and
    notifications are named by what their owner wrote.
    """

    def get_deleted_objects(self, objs, request):
        _, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        chosen = [f"{self.opts.verbose_name} #{obj.pk}" for obj in objs]
        if protected:
            protected = [f"{len(protected)} records that other records still need"]
        return chosen, counts, perms_needed, protected


@admin.register(User)
class JournalUserAdmin(DeletionByCount, UserAdmin):
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
class EntryAdmin(DeletionByCount, admin.ModelAdmin):
    """Metadata only: reflections are private, so their text is not shown to administrators."""

    list_display = ("pk", "owner", "activity_type", "activity_date", "status", "deleted_at")
    list_filter = ("status", "activity_type")
    search_fields = ("owner__username",)
    fields = ("owner", "activity_type", "activity_date", "status", "revision", "deleted_at")
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    # Viewed only: a change would record the title in the admin's log, and an entry goes
    # when its owner deletes it or their account (the permission stays, for the account).
    def has_change_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        return {}

    def delete_view(self, request, object_id, extra_context=None):
        raise PermissionDenied("Entries are deleted by their owners, or with their account.")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "subtitle": f"Entry #{object_id}"}
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(Supervision)
class SupervisionAdmin(DeletionByCount, admin.ModelAdmin):
    list_display = ("supervisee", "supervisor", "invited_email", "status", "created_at")
    list_filter = ("status",)


@admin.register(AuditEvent)
class AuditEventAdmin(DeletionByCount, admin.ModelAdmin):
    list_display = ("created_at", "entry_id", "actor", "action")
    list_filter = ("action",)
    readonly_fields = ("entry", "actor", "action", "detail", "created_at")
