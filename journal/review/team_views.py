"""The supervisor's team view, and the same for an appraisal (CSV and print): counts and
dates, never an entry's text. journal.review.team reads; these views only order and render."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.html import conditional_escape
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from journal import clock, policy
from journal.review import team as team_selectors
from journal.review.forms import TeamViewForm
from journal.year.registration import RegistrationYear


def _team_context(request, *, past: bool = True, appraisal: bool = False) -> dict:
    """The team, ordered and filtered as the address asks (TeamViewForm), and who came before
    (`past`: the pages show them, the CSV does not). `appraisal`: the print view and the CSV,
    404 for someone who never had a team (policy.require_team)."""
    today = clock.today()
    links = team_selectors.read_links(request.user)
    if appraisal:
        policy.require_team(request.user, links)
    history = team_selectors.team_history(links, today=today)
    default = history.opens_on
    form = TeamViewForm(request.GET, years=history.years, default=default)
    if not form.is_valid():
        raise BadRequest("This team view has no such year, order or filter.")
    year = form.chosen_year()
    members = team_selectors.team(supervisor=request.user, year=year, links=links)
    form.count_filters(team_selectors.filter_counts(members, today))
    sort, show = form.choice()
    # The year goes in the address only when it is not the one the page opens on.
    year_param = year.end.year if year != default else None
    query = {"sort": sort, "show": show} | ({"year": year_param} if year_param else {})
    return {
        "year": year,
        "year_running": today in year,
        # In December the page opens on the year just closed: the running one is a click away.
        "running_year": RegistrationYear.current(today),
        "today": today,
        "days_left": year.days_left(today),
        "form": form,
        "sort": sort,
        "show": show,
        "sort_label": team_selectors.SORTS[sort].label,
        "show_label": team_selectors.FILTERS[show].label,
        "query": urlencode(query),
        "year_param": year_param,
        "team_size": len(members),
        "members": team_selectors.arrange(members, sort=sort, show=show, today=today),
        "past": (
            team_selectors.past_team(supervisor=request.user) if past and history.has_past else []
        ),
    }


@login_required
@require_GET
def team(request):
    """The supervisor's team: each accepted supervisee's year in counts, never in content."""
    return render(request, "journal/review/team.html", _team_context(request))


@login_required
@require_GET
def team_print(request):
    """The team for an appraisal, to print: the CSV's counts and dates, never an entry's text."""
    context = _team_context(request, appraisal=True)
    # Escaped once, not in each row (journal_team.appraisal_row).
    columns = [conditional_escape(column) for column in team_selectors.CSV_COLUMNS]
    rows = team_selectors.appraisal_rows(context["members"], today=context["today"])
    # Each row: the person, then each other column's (name, cell), as the CSV has them.
    context.update(
        columns=columns,
        rows=[(row[0], list(zip(columns[1:], row[1:], strict=True))) for row in rows],
    )
    return render(request, "journal/review/team_print.html", context)


@login_required
@require_GET
def team_csv(request):
    """The team view for an appraisal: counts and dates, never an entry's title or text."""
    context = _team_context(request, past=False, appraisal=True)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"team-{context['year'].label}-on-{context['today']:%Y-%m-%d}.csv".replace("–", "-")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    team_selectors.write_csv(response, context["members"])
    return response
