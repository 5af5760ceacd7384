"""The worker's dashboard and entry list: their year with each entry's review state, their own
supervision (records to confirm, next due, open actions), and for a supervisor the desk
(invitations, entries waiting), so they sit here, above the year."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import render
from django.utils import timezone

from corpus.models import Passage, Standard
from journal import clock, policy, selectors
from journal.entries.content import TEXT_FIELD_NAMES
from journal.entries.requirement import current_requirement
from journal.models import Entry
from journal.params import registration_year
from journal.review import selectors as review_selectors
from journal.review import session_selectors
from journal.review.flags import review_flags_named
from journal.review.queue import supervisor_desk
from journal.year import hints
from journal.year import selectors as year_selectors
from journal.year.coverage import standards_coverage
from journal.year.registration import RegistrationYear, deadline_for

SORTS = {
    "-date": ("-activity_date", "-updated_at"),
    "date": ("activity_date", "updated_at"),
    "title": ("title",),
    "-updated": ("-updated_at",),
}


@login_required
def dashboard(request):
    today = clock.today()
    year = RegistrationYear.current(today)
    deadline = deadline_for(year, month=request.user.renewal_month, day=request.user.renewal_day)
    rule = current_requirement()
    closed_year = year.previous()
    closed_deadline = deadline_for(
        closed_year, month=request.user.renewal_month, day=request.user.renewal_day
    )
    # The year that just closed, for the weeks after its deadline, to people who kept it
    # here: someone who joined since has nothing to be told about it, and records imported
    # from elsewhere are history, not a renewal this journal saw. Both years in one query.
    in_window = 0 < (today - closed_deadline).days <= rule.closed_year_shown_days
    readiness = year_selectors.year_readiness(
        request.user,
        [year, closed_year] if in_window else [year],
        today=today,
        flags=review_flags_named(*hints.REVIEW_FLAGS, *review_selectors.LIST_REVIEW_FLAGS),
    )
    joined = timezone.localdate(request.user.date_joined)
    show_closed = in_window and joined <= closed_deadline and bool(readiness[closed_year].kept_here)
    # The year's entries, as readiness loaded them (one read of the year, not two).
    entries = sorted(
        (piece.entry for piece in readiness[year].pieces),
        key=lambda e: (e.updated_at, e.pk),
        reverse=True,
    )
    review_selectors.attach_review_states(entries)
    standards = Standard.objects.primary()
    tags = selectors.attach_tags(entries, standards)
    coverage = standards_coverage(entries, standards, tags=tags)
    uncovered = [standard for standard, count in coverage if count == 0]
    desk = supervisor_desk(request.user)
    prompt_passage = None
    if uncovered:
        prompt_passage = Passage.objects.reflection_prompt(uncovered[0], day=today)
    context = {
        "year": year,
        "deadline": deadline,
        "days_left": year.days_left(today, deadline),
        "today": today,
        "rule": rule,
        "readiness": readiness[year],
        "renewal": year_selectors.renewal_checklist(request.user, year),
        "closed": readiness[closed_year] if show_closed else None,
        "coverage": coverage,
        "recent": [e for e in entries if e.is_complete][:5],
        "drafts": [e for e in entries if not e.is_complete][:5],
        "prompt_standard": uncovered[0] if uncovered else None,
        "prompt_passage": prompt_passage,
        "notes": list(
            policy.notes_owned(request.user).filter(entry__isnull=True).order_by("-created_at")[:3]
        ),
        "feedback": sorted(
            (e for e in entries if e.state.changes_requested or e.state.is_signed_off),
            key=lambda e: e.state.urgency(),
        )[:8],
        "invitations": desk.invitations,
        "queue": desk.waiting,
        "supervision": session_selectors.worker_supervision(request.user, today=today),
    }
    return render(request, "journal/dashboard.html", context)


@login_required
def entry_list(request):
    # No aggregate here, so the paginator's count is a plain one; attach_tags gives each entry of
    # the page its standard_count, for "Complete" (Entry.is_complete).
    entries = policy.entries_owned(request.user).annotate(
        **review_flags_named(*review_selectors.LIST_REVIEW_FLAGS)
    )
    params = request.GET
    year_number = registration_year(params.get("year"))
    if year_number is not None:
        year = RegistrationYear.ending_in(year_number)
        entries = entries.between(year.start, year.end)
    if params.get("standard"):
        entries = entries.filter(
            standards__number=params["standard"], standards__framework__is_primary=True
        ).distinct()
    if params.get("type") in Entry.ActivityType.values:
        entries = entries.filter(activity_type=params["type"])
    if params.get("status") == Entry.Status.MARKED_COMPLETE:
        entries = entries.with_completeness().filter(counts_complete=True)
    elif params.get("status") == Entry.Status.DRAFT:
        entries = entries.with_completeness().filter(counts_complete=False)
    query = params.get("q", "").strip()[:200]
    if query:
        matches = Q()
        for name in TEXT_FIELD_NAMES:
            matches |= Q(**{f"{name}__icontains": query})
        entries = entries.filter(matches)
    sort = params.get("sort", "-date")
    entries = entries.order_by(*SORTS.get(sort, SORTS["-date"]))
    page = Paginator(entries, 20).get_page(params.get("page"))
    review_selectors.attach_review_states(page.object_list)
    standards = Standard.objects.primary()
    selectors.attach_tags(page.object_list, standards)
    current = RegistrationYear.current()
    years = [RegistrationYear.ending_in(current.end.year - n) for n in range(4)]
    filters = params.copy()
    filters.pop("page", None)
    context = {
        "page": page,
        "standards": standards,
        "activity_types": Entry.ActivityType.choices,
        "statuses": Entry.Status.choices,
        "years": years,
        "sort": sort,
        "query": query,
        "filter_query": filters.urlencode(),
        "filtered": any(params.get(k) for k in ("year", "standard", "type", "status", "q")),
    }
    return render(request, "journal/entry_list.html", context)
