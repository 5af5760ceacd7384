"""journal.entries.models: the entry, its versions and citations."""

from tests.factories import (
    save_entry,
)


def test_a_citation_link_highlights_its_words_on_the_page(client, owner, passage):
    entry = save_entry(owner, title="Cited", cite=[passage])
    response = client.get(entry.citations.get().permalink)
    assert response.status_code == 302
    assert ":~:text=Supervision%20is%20where%20I%20reflect" in response["Location"]
    assert response["Location"].split("#")[1].startswith(f"p-{passage.anchor}")
