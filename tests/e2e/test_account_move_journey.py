"""Moving jobs on a phone: a whole account downloaded, then imported into a second account."""

from playwright.sync_api import expect

from corpus.standards_loading import load_bundled_standards
from journal.models import Entry
from tests.e2e.conftest import assert_no_horizontal_scroll, login, screenshot
from tests.factories import PASSWORD, make_user
from tests.journal.account.full_account import fill_account, make_library


def test_a_full_export_is_imported_into_a_second_account(phone_page, transactional_db, tmp_path):
    load_bundled_standards()
    owner = make_user("olu", display_name="Olu Owner")
    supervisor = make_user("sue", display_name="Sue Supervisor", role="supervisor")
    fill_account(owner, supervisor, make_library())
    make_user("olu-personal", display_name="Olu at home")
    page = phone_page

    login(page, "olu", PASSWORD)
    page.wait_for_load_state("networkidle")  # the offline copy's first fetches, done
    page.goto("/account/profile/")
    page.get_by_role("link", name="Download all your data").first.click()
    page.wait_for_url("**/accounts/reauthenticate/**")  # everything they wrote: asked again
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url("**/account/data/")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download my data").click()
    zip_path = tmp_path / "olu.zip"
    download.value.save_as(zip_path)
    page.goto("/accounts/logout/")
    page.get_by_role("button", name="Log out").click()

    login(page, "olu-personal", PASSWORD)
    page.wait_for_load_state("networkidle")
    page.goto("/account/profile/")
    expect(page.get_by_text("Moving jobs?")).to_be_visible()
    page.get_by_role("link", name="Import from another account").first.click()
    assert_no_horizontal_scroll(page)
    screenshot(page, "account-import-phone")
    page.set_input_files("input[type=file]", str(zip_path))
    page.get_by_role("button", name="Import").click()
    page.wait_for_selector("#import-summary")
    assert_no_horizontal_scroll(page)
    screenshot(page, "account-import-done-phone")
    summary = page.inner_text("#import-summary")
    assert "2 entries" in summary and "1 sign-off, 2 comments and 1 peer answer" in summary
    assert "1 file, 1 quick note and 1 supervision session" in summary

    page.get_by_role("link", name="See your entries").click()
    page.get_by_role("link", name="Supervision podcast").first.click()
    page.wait_for_url("**/entries/*/")
    expect(page.locator("main")).to_contain_text("Sue Supervisor (earlier journal)")
    body = page.inner_text("main")
    assert "Sue Supervisor (earlier journal)" in body
    assert "Supervision is where I learn to slow down and think." in body
    assert Entry.objects.filter(owner__username="olu-personal").count() == 2
