import pytest

from tests.factories import (
    make_framework,
    make_passage,
    make_source,
)


def _between(slug, before, cited, after):
    """A passage to cite between two others of the same source, as a transcript has them."""
    source = make_source(slug, title="This Is Social Work")
    make_passage(source, before, speaker="Philippa")
    cited = make_passage(source, cited, speaker="Fran")
    make_passage(source, after, speaker="Philippa")
    return cited


@pytest.fixture
def passage(db):
    """A passage to cite, between two others of the same episode."""
    return _between(
        "tisw",
        "The host says hello.",
        "Supervision is where I reflect on standard 4.6.",
        "Thanks for listening.",
    )


@pytest.fixture
def passage_in_context(db):
    """Unlike `passage`, its neighbours say "Before:" and "After:", so a test can see which one
    a citation keeps as its context."""
    return _between(
        "podcast-one",
        "Before: the host introduces the guest.",
        "Supervision is where I reflect on standard 4.6.",
        "After: thanks for listening.",
    )


@pytest.fixture
def primary_standards(db):
    return list(make_framework().standards.order_by("order"))
