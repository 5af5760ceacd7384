"""The team's appraisal sheet, printed: every column on the paper."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import login, screenshot
from tests.factories import PASSWORD, make_supervision, make_user

# A4 landscape inside 10 mm margins, in CSS pixels (96 an inch): 277 mm by 190 mm.
LANDSCAPE_A4 = {"width": 1047, "height": 718}


def test_the_appraisal_sheet_prints_every_column_on_a_landscape_page(page, transactional_db):
    supervisor = make_user("dana", display_name="Dana Price", role="supervisor")
    make_supervision(make_user("priya", display_name="Priya Shah"), supervisor)
    login(page, "dana", PASSWORD)
    page.goto("/review/team/print/")
    page.emulate_media(media="print")
    page.set_viewport_size(LANDSCAPE_A4)
    headers = page.locator("#appraisal-table thead th")
    expect(headers.last).to_have_text("Last activity")
    right = page.evaluate("() => document.documentElement.clientWidth")
    for box in (headers.nth(n).bounding_box() for n in range(headers.count())):
        assert box["x"] + box["width"] <= right, "a column runs off the page"
    screenshot(page, "appraisal-print-landscape")

    # The page asks for landscape paper itself: a supervisor just presses Print.
    media_box = re.search(
        rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", page.pdf(prefer_css_page_size=True)
    )
    width, height = (float(side) for side in media_box.groups())
    assert width > height
