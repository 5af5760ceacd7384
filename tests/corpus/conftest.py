import pytest

from tests.corpus.feed_server import FeedServer


@pytest.fixture
def publisher(settings):
    """A podcast publisher on 127.0.0.1; private addresses are allowed for it alone."""
    settings.CORPUS_FETCH_ALLOW_PRIVATE = True
    with FeedServer() as server:
        yield server
