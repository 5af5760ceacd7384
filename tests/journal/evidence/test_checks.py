"""The start-up check refuses an evidence folder that a web server would serve."""

from journal.evidence.checks import evidence_root_is_private


def test_the_default_folder_is_private():
    assert evidence_root_is_private() == []


def test_a_folder_inside_static_files_is_an_error(settings):
    settings.EVIDENCE_ROOT = settings.STATIC_ROOT / "evidence"
    errors = evidence_root_is_private()
    assert [e.id for e in errors] == ["journal.E001"]
    assert "served to anyone" in errors[0].msg
