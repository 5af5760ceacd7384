"""What an export covers: a registration year, or the dates given instead of one.

The one reading of an export's `year`, `start` and `end` for the page, the file and the job:
dates replace the year (the form says so), since someone who types dates means those dates
whatever the year select still shows. One date alone leaves the other side open.
"""

import datetime
from dataclasses import dataclass

from journal.year.registration import RegistrationYear


@dataclass(frozen=True)
class Period:
    year: RegistrationYear | None = None
    start: datetime.date | None = None
    end: datetime.date | None = None

    @classmethod
    def from_params(cls, params: dict) -> "Period":
        start, end = (
            datetime.date.fromisoformat(params[key]) if params.get(key) else None
            for key in ("start", "end")
        )
        if start or end:
            return cls(start=start, end=end)
        year = RegistrationYear.ending_in(int(params["year"])) if params.get("year") else None
        return cls(year=year)

    @property
    def first(self) -> datetime.date | None:
        return self.year.start if self.year else self.start

    @property
    def last(self) -> datetime.date | None:
        return self.year.end if self.year else self.end

    def filter(self, queryset, field: str):
        """`queryset` with `field` (a date) inside the period."""
        if self.first:
            queryset = queryset.filter(**{f"{field}__gte": self.first})
        if self.last:
            queryset = queryset.filter(**{f"{field}__lte": self.last})
        return queryset

    @property
    def dates(self) -> str:
        """The dates given, in words ("from 1 January 2027 to 31 January 2027"); "" for a year
        or any dates."""
        if self.year:
            return ""
        words = []
        if self.start:
            words.append(f"from {self.start:%-d %B %Y}")
        if self.end:
            words.append(
                f"to {self.end:%-d %B %Y}" if self.start else f"up to {self.end:%-d %B %Y}"
            )
        return " ".join(words)

    @property
    def stem(self) -> str:
        """The file's name without its suffix: cpd-2025-26, cpd-2027-01-01-to-2027-01-31."""
        if self.year:
            return f"cpd-{self.year.label.replace('–', '-')}"
        if not (self.start or self.end):
            return "cpd-export"
        parts = ["cpd"]
        if self.start:
            parts.append(self.start.isoformat())
        if self.end:
            parts += ["to", self.end.isoformat()]
        return "-".join(parts)

    @property
    def title(self) -> str:
        """The document's title for dates ("CPD record, from 1 January 2027 to …"); "" for a
        year or any dates, which the bundle names itself."""
        return f"CPD record, {self.dates}" if self.dates else ""
