"""Server-rendered SVG charts: no JavaScript, readable by screen readers via a table."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Bar:
    label: str
    title: str
    count: int
    x: float
    y: float
    width: float
    height: float
    label_y: float

    @property
    def middle(self) -> float:
        return round(self.x + self.width / 2, 1)


def coverage_bars(coverage, *, width: int = 600, height: int = 220) -> dict:
    """Geometry for a bar per standard; the template draws it."""
    top, bottom = 20, 44  # room under the bars for labels large enough to read on a phone
    plot_height = height - top - bottom
    n = max(len(coverage), 1)
    slot = width / n
    bar_width = slot * 0.6
    peak = max([count for _, count in coverage] + [1])
    bars = []
    for index, (standard, count) in enumerate(coverage):
        bar_height = plot_height * count / peak
        bars.append(
            Bar(
                label=standard.number,
                title=standard.title,
                count=count,
                x=round(index * slot + (slot - bar_width) / 2, 1),
                y=round(top + plot_height - bar_height, 1),
                width=round(bar_width, 1),
                height=round(bar_height, 1),
                label_y=height - bottom + 30,
            )
        )
    return {
        "bars": bars,
        "width": width,
        "height": height,
        "baseline": top + plot_height,
        "any": any(count for _, count in coverage),
    }
