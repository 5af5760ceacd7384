"""Standard.objects.primary(): the standards and statements every editor reads, kept for the
process and forgotten as soon as one of them changes here."""

import yaml
from django.urls import reverse

from corpus.models import Framework, Standard, StandardManager, Statement
from corpus.standards_loading import BUNDLED, load_standards_data
from tests.factories import make_user


def test_the_primary_standards_are_read_once_with_their_statements_in_order(
    standards, django_assert_num_queries
):
    with django_assert_num_queries(2):  # the standards, then their statements
        primary = Standard.objects.primary()
    assert [s.number for s in primary] == ["1", "2", "3", "4", "5", "6"]
    assert [s.number for s in primary[2].statement_list][:3] == ["3.1", "3.2", "3.3"]
    with django_assert_num_queries(0):
        again = Standard.objects.primary()
        assert all(st.standard is s for s in again for st in s.statement_list)
    assert again is primary


def test_a_corrected_statement_shows_in_the_editor_at_once(standards, client):
    client.force_login(make_user("writer"))
    assert "Recognise and use" not in client.get(reverse("journal:entry_create")).text

    data = yaml.safe_load(BUNDLED.read_text())
    data["standards"][0]["statements"][0]["summary"] = "Recognise and use the words people choose."
    load_standards_data(data)

    page = client.get(reverse("journal:entry_create")).text
    assert "1.1 Recognise and use the words people choose." in page


def test_forgotten_again_when_the_change_is_committed(
    standards, django_capture_on_commit_callbacks
):
    statement = Statement.objects.get(number="2.1")
    with django_capture_on_commit_callbacks(execute=True):
        statement.summary = "Changed in a transaction."
        statement.save()
        assert StandardManager._primary is None
        Standard.objects.primary()  # read before the commit, as another request might
    assert StandardManager._primary is None


def test_a_deleted_statement_is_no_longer_offered(standards):
    assert "6.7" in [st.number for s in Standard.objects.primary() for st in s.statement_list]
    Statement.objects.get(number="6.7").delete()
    assert "6.7" not in [st.number for s in Standard.objects.primary() for st in s.statement_list]


def test_another_framework_is_not_offered(standards):
    Standard.objects.primary()
    pcf = Framework.objects.create(slug="pcf", name="Professional Capabilities Framework")
    Standard.objects.create(framework=pcf, number="1", title="Professionalism", order=1)
    primary = Standard.objects.primary()
    assert {s.framework_id for s in primary} == {standards.pk}
    assert len(primary) == 6
