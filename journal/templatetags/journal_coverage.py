"""The coverage heatmap's shade, and `{% coverage_chart coverage %}`: the dashboard's bar chart
of the year's complete entries per standard, with the table that gives its numbers.

The chart is built with format_html, as the readiness pieces are (journal_readiness): as
template markup its six bars and rows cost more Python calls than the rest of the year's
figures. Every value is escaped by format_html; numbers are written unlocalised, as SVG wants.
"""

from dataclasses import asdict

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from journal.year.charts import coverage_bars
from journal.year.coverage import level

register = template.Library()

CHART = """<svg class="coverage-chart" viewBox="0 0 {width} {height}" role="img" \
aria-labelledby="coverage-chart-title" focusable="false">
<title id="coverage-chart-title">Complete entries per professional standard this year; the \
table below gives the numbers.</title>
<line x1="0" x2="{width}" y1="{baseline}" y2="{baseline}" stroke="#444"/>
{bars}
</svg>"""

BAR = """<rect x="{x}" y="{y}" width="{width}" height="{height}" fill="#0b3d66">\
<title>Standard {label}: {count}</title></rect>
<text x="{middle}" y="{label_y}" font-size="24" text-anchor="middle" fill="#212529">\
{label} ({count})</text>
"""

NO_CHART = SafeString(
    '<p class="small text-body-secondary">No complete entry is tagged with a standard yet this '
    "year: the chart appears with the first.</p>"
)

TABLE = """<table class="table table-sm mt-2">
<caption>Complete entries tagged with each standard</caption>
<thead><tr><th scope="col">Standard</th><th scope="col" class="text-end">Entries</th></tr></thead>
<tbody>{rows}</tbody>
</table>"""

ROW = '<tr><td><a href="{}">{}. {}</a></td><td class="text-end">{}</td></tr>\n'


@register.filter(name="heat")
def heat(count: int) -> int:
    """The heatmap shade (0-3) for a count; the count itself is always printed."""
    return level(count)


@register.simple_tag
def coverage_chart(coverage: list) -> SafeString:
    """The chart and its table for `coverage`, (standard, count) pairs in the standards' order
    (journal.year.coverage.standards_coverage)."""
    chart = coverage_bars(coverage)
    if chart["any"]:
        bars = format_html_join(
            "", BAR, (asdict(bar) | {"middle": bar.middle} for bar in chart["bars"])
        )
        drawn = format_html(
            CHART,
            width=chart["width"],
            height=chart["height"],
            baseline=chart["baseline"],
            bars=bars,
        )
    else:
        drawn = NO_CHART
    rows = format_html_join(
        "",
        ROW,
        ((s.get_absolute_url(), s.number, s.title, count) for s, count in coverage),
    )
    return format_html("{}\n{}", drawn, format_html(TABLE, rows=rows))
