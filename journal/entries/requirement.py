"""The CPD requirement as data: journal/entries/requirements/swe.yaml, read and checked once.

A reform (more pieces, a new deadline, another opening date, a box's character limit) is a
change to that file, not to the code. `settings.CPD_REQUIREMENT_FILE` points at another file (tests use it for a changed
rule); a file that does not make sense fails loudly at first use, naming the key.
"""

import calendar
import datetime
import functools
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

from journal.entries.content import ENTRY_FIELDS, Kind

DEFAULT_FILE = Path(__file__).resolve().parent / "requirements" / "swe.yaml"


class RequirementFileError(ValueError):
    """The requirement file is missing a key or holds a value that cannot be right."""


@dataclass(frozen=True)
class MonthDay:
    month: int
    day: int

    def in_year(self, year: int) -> datetime.date:
        return datetime.date(year, self.month, self.day)


@dataclass(frozen=True)
class Requirement:
    regulator: str
    account_url: str
    year_start: MonthDay
    deadline: MonthDay
    renewal_opens: MonthDay
    closed_year_shown_days: int
    minimum_pieces: int
    minimum_peer_reflections: int
    # The most characters each box of the regulator's online form takes, by entry field name;
    # a box not named has no limit shown.
    box_limits: dict[str, int] = field(default_factory=dict)


# The boxes a limit may be given for: the regulator's form's boxes people type into.
LIMITED_BOXES = tuple(
    f.name
    for f in ENTRY_FIELDS
    if f.form_label and not f.private and f.kind in (Kind.LINE, Kind.TEXT)
)


def _month_day(data: dict, key: str) -> MonthDay:
    value = data.get(key)
    if not isinstance(value, dict) or set(value) != {"month", "day"}:
        raise RequirementFileError(f"{key}: give it as {{month: M, day: D}}.")
    month, day = value["month"], value["day"]
    if not (isinstance(month, int) and 1 <= month <= 12 and isinstance(day, int)):
        raise RequirementFileError(f"{key}: month must be 1-12 and day a whole number.")
    # 29 February would not exist every year, so no boundary may fall on it.
    if not 1 <= day <= calendar.monthrange(2001, month)[1]:
        raise RequirementFileError(f"{key}: {month}/{day} is not a date every year.")
    return MonthDay(month, day)


def _count(data: dict, key: str, *, minimum: int) -> int:
    value = data.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
        raise RequirementFileError(f"{key}: a whole number of at least {minimum}.")
    return value


def _box_limits(data: dict) -> dict[str, int]:
    limits = data.get("box_limits", {})
    if not isinstance(limits, dict):
        raise RequirementFileError("box_limits: give it as {field: characters}.")
    unknown = sorted(set(limits) - set(LIMITED_BOXES))
    if unknown:
        raise RequirementFileError(
            f"box_limits: no box called {', '.join(map(str, unknown))}; "
            f"the boxes are {', '.join(LIMITED_BOXES)}."
        )
    return {name: _count(limits, name, minimum=1) for name in limits}


def parse_requirement(data: object) -> Requirement:
    if not isinstance(data, dict):
        raise RequirementFileError("The requirement file must be a mapping of keys to values.")
    for key in ("regulator", "account_url"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            raise RequirementFileError(f"{key}: required text.")
    if not data["account_url"].startswith("https://"):
        raise RequirementFileError("account_url: must start with https://.")
    requirement = Requirement(
        regulator=data["regulator"].strip(),
        account_url=data["account_url"].strip(),
        year_start=_month_day(data, "year_start"),
        deadline=_month_day(data, "deadline"),
        renewal_opens=_month_day(data, "renewal_opens"),
        closed_year_shown_days=_count(data, "closed_year_shown_days", minimum=0),
        minimum_pieces=_count(data, "minimum_pieces", minimum=1),
        minimum_peer_reflections=_count(data, "minimum_peer_reflections", minimum=0),
        box_limits=_box_limits(data),
    )
    if requirement.minimum_peer_reflections > requirement.minimum_pieces:
        raise RequirementFileError("minimum_peer_reflections: cannot exceed minimum_pieces.")
    return requirement


def load_requirement(path: Path | str) -> Requirement:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise RequirementFileError(f"{path}: {error}") from error
    return parse_requirement(data)


@functools.cache
def current_requirement() -> Requirement:
    return load_requirement(getattr(settings, "CPD_REQUIREMENT_FILE", None) or DEFAULT_FILE)


@receiver(setting_changed)
def _reload(setting, **kwargs):
    if setting == "CPD_REQUIREMENT_FILE":
        current_requirement.cache_clear()
