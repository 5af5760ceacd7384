"""journal.entries.models: the entry, its versions and citations."""

import pytest

from tests.factories import (
    make_passage,
    make_source,
    save_entry,
)


@pytest.fixture
def passage(db):
    source = make_source("tisw", title="This Is Social Work")
    make_passage(source, "The host says hello.", speaker="Philippa")
    cited = make_passage(source, "Supervision is where I reflect on standard 4.6.", speaker="Fran")
    make_passage(source, "Thanks for listening.", speaker="Philippa")
    return cited


def test_a_citation_link_highlights_its_words_on_the_page(client, owner, passage):
    entry = save_entry(owner, title="Cited", cite=[passage])
    response = client.get(entry.citations.get().permalink)
    assert response.status_code == 302
    assert ":~:text=Supervision%20is%20where%20I%20reflect" in response["Location"]
    assert response["Location"].split("#")[1].startswith(f"p-{passage.anchor}")
