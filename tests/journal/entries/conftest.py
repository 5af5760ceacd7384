import pytest

from tests.factories import make_passage, make_source


@pytest.fixture
def passage(db):
    """A passage to cite, between two others of the same episode."""
    source = make_source("tisw", title="This Is Social Work")
    make_passage(source, "The host says hello.", speaker="Philippa")
    cited = make_passage(source, "Supervision is where I reflect on standard 4.6.", speaker="Fran")
    make_passage(source, "Thanks for listening.", speaker="Philippa")
    return cited
