from django.contrib import admin, messages
from django.utils import timezone

from corpus.models import (
    Episode,
    Framework,
    Passage,
    PassageLink,
    Source,
    Speaker,
    Standard,
    Statement,
)


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "publisher", "published", "importer", "imported_at")
    list_filter = ("kind", "importer")
    search_fields = ("title", "slug")
    readonly_fields = ("checksum", "imported_at")


@admin.register(Episode)
class EpisodeAdmin(admin.ModelAdmin):
    list_display = ("title", "source", "number")
    list_filter = ("source",)


@admin.register(Speaker)
class SpeakerAdmin(admin.ModelAdmin):
    list_display = ("name", "initials", "role", "source")
    list_filter = ("source",)


class PassageLinkInline(admin.TabularInline):
    model = PassageLink
    extra = 0
    fields = ("standard", "statement", "kind", "status", "score", "reason")
    autocomplete_fields = ()


@admin.register(Passage)
class PassageAdmin(admin.ModelAdmin):
    list_display = ("anchor", "source", "episode", "speaker", "kind", "position")
    list_filter = ("source", "kind")
    search_fields = ("text", "anchor")
    readonly_fields = ("anchor", "fingerprint", "line")
    inlines = [PassageLinkInline]


class StatementInline(admin.TabularInline):
    model = Statement
    extra = 0


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "is_primary", "version")


@admin.register(Standard)
class StandardAdmin(admin.ModelAdmin):
    list_display = ("number", "title", "framework")
    list_filter = ("framework",)
    inlines = [StatementInline]


class ReviewQueueFilter(admin.SimpleListFilter):
    title = "review"
    parameter_name = "queue"

    def lookups(self, request, model_admin):
        return [
            ("waiting", "Suggestions waiting for review"),
            ("reviewed", "Reviewed by an editor"),
        ]

    def queryset(self, request, queryset):
        if self.value() == "waiting":
            return queryset.filter(kind=PassageLink.Kind.SUGGESTED, reviewed_at__isnull=True)
        if self.value() == "reviewed":
            return queryset.filter(reviewed_at__isnull=False)
        return queryset


@admin.register(PassageLink)
class PassageLinkAdmin(admin.ModelAdmin):
    """The review queue: filter to suggestions waiting, then confirm or reject in bulk."""

    list_display = (
        "passage_excerpt",
        "standard",
        "statement",
        "kind",
        "status",
        "score",
        "reviewed_by",
    )
    list_filter = (ReviewQueueFilter, "kind", "status", "standard")
    search_fields = ("passage__text", "reason")
    list_select_related = ("passage", "standard", "statement")
    actions = ["confirm_links", "reject_links"]
    readonly_fields = ("passage", "reason", "score", "reviewed_by", "reviewed_at")

    @admin.display(description="Passage")
    def passage_excerpt(self, link):
        return link.passage.text[:90]

    @admin.action(description="Confirm the selected links")
    def confirm_links(self, request, queryset):
        count = queryset.update(
            kind=PassageLink.Kind.CURATED,
            status=PassageLink.Status.ACTIVE,
            reviewed_by=request.user.get_username(),
            reviewed_at=timezone.now(),
        )
        self.message_user(request, f"{count} link(s) confirmed.", messages.SUCCESS)

    @admin.action(description="Reject the selected links (they stay rejected across re-imports)")
    def reject_links(self, request, queryset):
        count = queryset.update(
            status=PassageLink.Status.REJECTED,
            reviewed_by=request.user.get_username(),
            reviewed_at=timezone.now(),
        )
        self.message_user(request, f"{count} link(s) rejected.", messages.SUCCESS)
