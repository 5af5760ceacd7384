from django.contrib import admin, messages
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from corpus.feeds import FeedError, gather_feed, import_gathered, refresh_feed
from corpus.forms import FeedForm, SourceUploadForm
from corpus.models import (
    Episode,
    Feed,
    Framework,
    Passage,
    PassageLink,
    Source,
    Speaker,
    Standard,
    Statement,
)
from corpus.source_files import CorpusImportError
from corpus.upload import import_upload, preview_upload, upload_token

STAGED = "corpus_upload"  # the session key holding the file between Preview and Import


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "publisher", "published", "importer", "imported_at")
    list_filter = ("kind", "importer")
    search_fields = ("title", "slug")
    readonly_fields = ("checksum", "imported_at")
    change_list_template = "admin/corpus/source/change_list.html"
    change_form_template = "admin/corpus/source/change_form.html"

    def get_urls(self):
        upload = self.admin_site.admin_view(self.upload_view)
        feed = self.admin_site.admin_view(self.feed_view)
        return [
            path("upload/", upload, name="corpus_source_upload"),
            path("feed/", feed, name="corpus_source_feed"),
            *super().get_urls(),
        ]

    def feed_view(self, request):
        """Add a podcast by its feed: Preview fetches and reads it (episodes, transcript
        formats, problems); Import fetches it again and imports it only if it is what the
        preview showed, through the loader's single transaction."""
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        form = FeedForm(request.POST or None)
        if request.method != "POST" or not form.is_valid():
            return self._feed_page(request, form)
        url, limit = form.cleaned_data["url"], form.cleaned_data["limit"]
        preview = gather_feed(url, limit=limit)
        wanted = request.POST.get("action") == "import"
        if wanted and preview.ok and preview.checksum == form.cleaned_data["checksum"]:
            try:
                report = import_gathered(preview)
            except FeedError as error:
                preview.problems.extend(error.problems)
            else:
                source = Source.objects.get(slug=report.slug)
                summary = (
                    f"{report.passages} passages from {report.episodes} episode(s) "
                    f"({report.created} new, {report.updated} changed, {report.deleted} removed)"
                )
                LogEntry.objects.log_actions(
                    user_id=request.user.pk,
                    queryset=[source],
                    action_flag=ADDITION if report.source_created else CHANGE,
                    change_message=f"Imported the feed {url}: {summary}.",
                    single_object=True,
                )
                messages.success(request, f"Imported “{source.title}”: {summary}.")
                return redirect(reverse("admin:corpus_source_change", args=[source.pk]))
        elif wanted and preview.ok:
            messages.warning(request, "The feed changed since the preview: check it, then import.")
        form = FeedForm(initial={"url": url, "limit": limit, "checksum": preview.checksum})
        return self._feed_page(request, form, preview=preview)

    def _feed_page(self, request, form, *, preview=None):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Add a podcast feed",
            "form": form,
            "preview": preview,
        }
        return TemplateResponse(request, "admin/corpus/source/feed.html", context)

    def upload_view(self, request):
        """Upload a document with its metadata, Preview what the importer makes of it, then
        Import it. The file waits in the session between the two, so Import imports exactly
        the bytes and metadata that were previewed."""
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        staged = request.session.get(STAGED)
        if request.method != "POST":
            request.session.pop(STAGED, None)
            initial = {}
            if request.GET.get("source"):
                source = get_object_or_404(Source, pk=request.GET["source"])
                initial = SourceUploadForm.initial_for(source)
            return self._upload_page(request, SourceUploadForm(initial=initial))
        form = SourceUploadForm(request.POST, request.FILES, staged=bool(staged))
        if not form.is_valid():
            return self._upload_page(request, form)
        if form.cleaned_data["document"] is not None:
            name, data = form.cleaned_data["document"]
            staged = {"name": name, "text": data.decode("utf-8"), "token": ""}
        data = staged["text"].encode("utf-8")
        meta = form.metadata()
        wants_import = request.POST.get("action") == "import"
        if wants_import and staged.get("token") == upload_token(data, meta):
            return self._import(request, form, staged, data, meta)
        preview = preview_upload(data, meta, file_name=staged["name"])
        staged["token"] = preview.token if preview.ok else ""
        request.session[STAGED] = staged
        if wants_import:
            messages.warning(
                request, "The file or its details changed: check this preview, then import."
            )
        return self._upload_page(request, form, preview=preview, staged=staged)

    def _import(self, request, form, staged, data, meta):
        try:
            report = import_upload(data, meta, file_name=staged["name"])
        except CorpusImportError as error:
            where = f"line {error.line}: " if error.line else ""
            messages.error(request, f"Nothing was imported. {where}{error.message}")
            preview = preview_upload(data, meta, file_name=staged["name"])
            return self._upload_page(request, form, preview=preview, staged=staged)
        request.session.pop(STAGED, None)
        source = Source.objects.get(slug=report.slug)
        LogEntry.objects.log_actions(
            user_id=request.user.pk,
            queryset=[source],
            action_flag=ADDITION if report.source_created else CHANGE,
            change_message=f"Imported {staged['name']} from an upload: "
            f"{report.passages} passages ({report.created} new, {report.updated} changed, "
            f"{report.deleted} removed); {report.citations} citation(s) re-anchored.",
            single_object=True,
        )
        messages.success(
            request,
            f"Imported “{source.title}”: {report.passages} passages, {report.episodes} "
            f"episode(s), {report.speakers} speaker(s); {report.created} new, "
            f"{report.updated} changed, {report.deleted} removed; {report.citations} "
            "citation(s) re-anchored.",
        )
        return redirect(reverse("admin:corpus_source_change", args=[source.pk]))

    def _upload_page(self, request, form, *, preview=None, staged=None):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Upload a document",
            "form": form,
            "preview": preview,
            "staged": staged,
            "content_type": ContentType.objects.get_for_model(Source),
        }
        return TemplateResponse(request, "admin/corpus/source/upload.html", context)


@admin.register(Feed)
class FeedAdmin(admin.ModelAdmin):
    list_display = ("url", "source", "limit", "refreshed_at", "error")
    readonly_fields = ("source", "etag", "last_modified", "refreshed_at", "error")
    actions = ["refresh"]

    def has_add_permission(self, request):
        return False  # a feed is added by importing it (Sources → Add a podcast feed)

    @admin.action(description="Refresh the selected feeds now")
    def refresh(self, request, queryset):
        for feed in queryset:
            result = refresh_feed(feed)
            if result.problems:
                self.message_user(
                    request, f"{feed.url}: {' '.join(result.problems)}", messages.ERROR
                )
            elif result.not_modified or result.report.skipped:
                self.message_user(request, f"{feed.url}: unchanged.", messages.INFO)
            else:
                report = result.report
                self.message_user(
                    request,
                    f"{feed.url}: {report.created} new passage(s), {report.updated} changed, "
                    f"{report.withdrawn} episode(s) withdrawn.",
                    messages.SUCCESS,
                )


@admin.register(Episode)
class EpisodeAdmin(admin.ModelAdmin):
    list_display = ("title", "source", "number", "published", "changed_at", "withdrawn_at")
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
