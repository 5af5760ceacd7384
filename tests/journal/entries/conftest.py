import pytest

from tests.factories import (
    make_framework,
    make_passage,
    make_source,
)


@pytest.fixture
def passage(db):
    """A passage to cite, between two others of the same episode."""
    source = make_source("tisw", title="This Is Social Work")
    make_passage(source, "The host says hello.", speaker="Philippa")
    cited = make_passage(source, "Supervision is where I reflect on standard 4.6.", speaker="Fran")
    make_passage(source, "Thanks for listening.", speaker="Philippa")
    return cited


@pytest.fixture
def passage_in_context(db):
    """Unlike the package's `passage`, its neighbours say "Before:" and "After:", so a test can
    see which one a citation keeps as its context."""
    source = make_source("podcast-one", title="This Is Social Work")
    make_passage(source, "Before: the host introduces the guest.", speaker="Philippa")
    cited = make_passage(source, "Supervision is where I reflect on standard 4.6.", speaker="Fran")
    make_passage(source, "After: thanks for listening.", speaker="Philippa")
    return cited


@pytest.fixture
def primary_standards(db):
    return list(make_framework().standards.order_by("order"))
