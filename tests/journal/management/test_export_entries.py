"""The export_entries command."""

from django.core.management import call_command

from tests.factories import (
    pdf_text,
)


def test_export_entries_command(owner, signed_entry, tmp_path):
    call_command(
        "export_entries",
        user=owner.username,
        year=2026,
        format="pdf",
        output=str(tmp_path / "out.pdf"),
    )
    assert "Standard 6 podcast" in pdf_text((tmp_path / "out.pdf").read_bytes())
    call_command(
        "export_entries", user=owner.username, year=2026, format="md", output=str(tmp_path)
    )
    assert list(tmp_path.glob("*.zip"))
