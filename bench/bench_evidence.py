"""Evidence files at their limits: attaching a 10 MB file, and a year's ZIP export holding a
whole account's worth (20 files of 10 MB, the 200 MB account limit).

    .venv/bin/python bench/bench_evidence.py
Targets: an attach under 1 s of the server's own time (the upload itself is the network's);
the ZIP of 200 MB of evidence under 30 s and 1 GB peak RSS on a task worker (over 25 entries
it is a background export; files are copied from disk in chunks, but the finished ZIP is held
in memory and in the database like every export).
"""

import datetime
import os
import resource
import tempfile
import time

from _django import throwaway_database

FILE_BYTES = 10 * 1024 * 1024
FILES = 20


def pdf_like(n: int) -> bytes:
    # Random bytes do not compress, as the PDFs and photos people attach barely do.
    return b"%PDF-1.7\n" + os.urandom(FILE_BYTES - 9 - 8) + f"{n:08d}".encode()


def main():
    from django.conf import settings

    with tempfile.TemporaryDirectory() as folder, throwaway_database():
        settings.EVIDENCE_ROOT = folder
        from django.core.files.uploadedfile import SimpleUploadedFile

        from journal.evidence import filetypes
        from journal.evidence.forms import EvidenceForm
        from journal.evidence.services import evidence_add
        from journal.exports import build
        from journal.models import Entry, User
        from journal.year.registration import RegistrationYear

        user = User.objects.create_user("evidence", password="x", display_name="Bench Worker")
        year = RegistrationYear.current().previous()
        attach_times = []
        for n in range(FILES):
            entry = Entry.objects.create(
                owner=user,
                title=f"Course {n}",
                activity_date=year.start + datetime.timedelta(days=n * 7),
                status="complete",
            )
            upload = SimpleUploadedFile(f"certificate {n}.pdf", pdf_like(n), "application/pdf")
            started = time.perf_counter()
            form = EvidenceForm({}, {"file": upload}, owner=user)
            assert form.is_valid(), form.errors
            evidence_add(entry=entry, user=user, upload=upload, kind=form.kind)
            attach_times.append(time.perf_counter() - started)
        assert form.kind is filetypes.PDF
        attach_times.sort()
        print(
            f"attach a 10 MB file      median {attach_times[len(attach_times) // 2]:.2f} s, "
            f"worst {attach_times[-1]:.2f} s (type, both limits, SHA-256, written to disk)"
        )
        started = time.perf_counter()
        result = build.export_for_params(owner=user, fmt="md", params={"year": year.end.year})
        elapsed = time.perf_counter() - started
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"ZIP with {FILES} x 10 MB      {elapsed:.2f} s   process max RSS {rss:.0f} MB   "
            f"{len(result.content) / 2**20:.0f} MB"
        )


if __name__ == "__main__":
    main()
