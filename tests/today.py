"""The day the tests run on, whatever the calendar says.

A working day in the middle of a registration year; `CPD_TEST_TODAY=2027-12-01 make test` (say)
runs the suite on another day. Browser tests keep the real clock, since Chromium's own clock
would disagree with the server's.
"""

import datetime
import os
import zoneinfo

import time_machine

TEST_TODAY = datetime.date.fromisoformat(os.environ.get("CPD_TEST_TODAY", "2027-02-16"))


def a_fixed_day(day: datetime.date | None = None) -> time_machine.travel:
    """Travel to `day` (TEST_TODAY unless given) at ten in the morning, London time; the clock
    ticks from there."""
    london = zoneinfo.ZoneInfo("Europe/London")
    day = day or TEST_TODAY
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(10), london))
