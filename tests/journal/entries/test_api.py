"""The editor's passage picker (journal.entries.api)."""

from django.urls import reverse

from tests.factories import (
    make_passage,
    make_source,
)


def test_passage_picker_returns_the_best_ten_as_citable_references(owner_client):
    source = make_source("pod", title="A podcast")
    for n in range(15):
        make_passage(source, f"Supervision note {n}: " + "supervision " * (n % 4 + 1))
    url = reverse("journal:api_passages")
    results = owner_client.get(url, {"q": "supervision"}).json()["results"]
    assert len(results) == 10
    anchors = set(source.passages.values_list("anchor", flat=True))
    assert all(r["reference"].split(":")[0] == "pod" for r in results)
    assert {r["reference"].split(":")[1] for r in results} <= anchors
    assert results[0]["text"].lower().count("supervision") == 5  # the most mentions rank first
    assert owner_client.get(url, {"q": "   "}).json() == {"results": []}
