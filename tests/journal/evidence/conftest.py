import pytest


@pytest.fixture(autouse=True)
def _own_evidence_folder(settings, tmp_path):
    """Each test's evidence files in a folder of its own, so a test can see what is on disk."""
    settings.EVIDENCE_ROOT = tmp_path / "evidence"
