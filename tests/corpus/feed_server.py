"""A podcast publisher for tests: an HTTP server on 127.0.0.1 serving the fixture feeds.

Files are served from a dict the test may change (a corrected transcript, a withdrawn
episode); `{base}` in a served text is replaced by the server's own address. ETag and
If-None-Match work as a real publisher's do, and every request is recorded.
"""

from __future__ import annotations

import datetime
import gzip
import hashlib
import io
import json
import re
import threading
import wave
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "feeds"
TYPES = {
    ".xml": "application/rss+xml",
    ".json": "application/json",
    ".vtt": "text/vtt",
    ".srt": "application/x-subrip",
    ".html": "text/html",
    ".txt": "text/plain",
    ".wav": "audio/wav",
}


def silent_wav(seconds: int = 10, rate: int = 8000) -> bytes:
    """A tiny audio file for the episodes to stream: silence, mono, 8-bit."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as audio:
        audio.setnchannels(1)
        audio.setsampwidth(1)
        audio.setframerate(rate)
        audio.writeframes(b"\x80" * rate * seconds)
    return buffer.getvalue()


FORMAT_TYPES = {
    "json": "application/json",
    "vtt": "text/vtt",
    "srt": "application/x-subrip",
    "html": "text/html",
}
SENTENCES_FROM = Path(__file__).resolve().parents[2] / "corpus" / "sources"
SHOW_FORMATS = ("json", "vtt", "srt", "html")
SPEAKERS = ("Priya Shah", "Sam Okafor", "Maria Lopez")


def _sentences() -> list[str]:
    """Real sentences to speak: the bundled Social Work England transcript's."""
    text = (SENTENCES_FROM / "this-is-social-work.txt").read_text()
    lines = [line for line in text.splitlines() if len(line) > 80]
    return [s for line in lines for s in re.split(r"(?<=[.?!])\s+", line) if len(s) > 20]


def _stamp(seconds: float, comma: bool = False) -> str:
    hours, rest = divmod(seconds, 3600)
    minutes, second = divmod(rest, 60)
    text = f"{int(hours):02}:{int(minutes):02}:{second:06.3f}"
    return text.replace(".", ",") if comma else text


def transcript(fmt: str, cues: list[tuple[float, float, str, str]]) -> str:
    """(start, end, speaker, text) cues written in one of the standard's formats."""
    if fmt == "json":
        segments = [
            {"speaker": who, "startTime": start, "endTime": end, "body": text}
            for start, end, who, text in cues
        ]
        return json.dumps({"version": "1.0.0", "segments": segments}, indent=1)
    if fmt == "vtt":
        blocks = [f"{_stamp(a)} --> {_stamp(b)}\n<v {who}>{text}" for a, b, who, text in cues]
        return "WEBVTT\n\n" + "\n\n".join(blocks) + "\n"
    if fmt == "srt":
        blocks = [
            f"{n}\n{_stamp(a, True)} --> {_stamp(b, True)}\n{who}: {text}"
            for n, (a, b, who, text) in enumerate(cues, start=1)
        ]
        return "\n\n".join(blocks) + "\n"
    rows = []
    for start, _end, who, text in cues:
        minutes, second = divmod(int(start), 60)
        rows.append(f"<cite>{who}:</cite>\n<time>{minutes}:{second:02}</time>\n<p>{text}</p>")
    return "<html><body>\n" + "\n".join(rows) + "\n</body></html>\n"


class FeedServer:
    def __init__(self):
        self.files: dict[str, bytes] = {}
        self.redirects: dict[str, str] = {}
        self.gzipped: set[str] = set()  # served compressed, asked or not
        self.requests: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                server.requests.append(self.path)
                if self.path in server.redirects:
                    self.send_response(302)
                    self.send_header("Location", server.redirects[self.path])
                    self.end_headers()
                    return
                body = server.files.get(self.path)
                if body is None:
                    self.send_error(404)
                    return
                etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
                if self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.end_headers()
                    return
                if self.path in server.gzipped:
                    body = gzip.compress(body)
                # Audio is fetched in ranges, as players seek.
                match = re.fullmatch(r"bytes=(\d+)-(\d*)", self.headers.get("Range", ""))
                if match:
                    first = int(match.group(1))
                    last = min(int(match.group(2) or len(body) - 1), len(body) - 1)
                    self.send_response(206)
                    self.send_header("Content-Range", f"bytes {first}-{last}/{len(body)}")
                    body = body[first : last + 1]
                else:
                    self.send_response(200)
                self.send_header("Content-Type", TYPES.get(Path(self.path).suffix, "text/plain"))
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Accept-Ranges", "bytes")
                if self.path in server.gzipped:
                    self.send_header("Content-Encoding", "gzip")
                self.send_header("ETag", etag)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        for path in sorted(FIXTURES.iterdir()):
            self.put(f"/{path.name}", path.read_bytes())
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def serve_audio(self) -> None:
        """Each episode's enclosure, a few seconds of silence."""
        for number in range(1, 7):
            self.put(f"/audio/{number}.wav", silent_wav())

    def put_show(self, path: str = "/show.xml", *, episodes: int = 10, cues: int = 120) -> str:
        """A weekly show of `episodes` episodes, their transcripts in turn JSON, WebVTT, SRT and
        HTML (chapters with the JSON ones), each of `cues` real sentences; returns its URL."""
        sentences = _sentences()
        items = []
        for number in range(1, episodes + 1):
            fmt = SHOW_FORMATS[(number - 1) % len(SHOW_FORMATS)]
            spoken = sentences[(number - 1) * cues : number * cues]
            timed, clock, who = [], 0.0, 0
            for index, text in enumerate(spoken):
                who = (who + 1) % len(SPEAKERS) if index % 3 == 0 else who
                length = round(len(text) / 15, 3)
                timed.append((round(clock, 3), round(clock + length, 3), SPEAKERS[who], text))
                clock += length
            self.put(f"/show/{number}.{fmt}", transcript(fmt, timed))
            kind = FORMAT_TYPES[fmt]
            tags = f'<podcast:transcript url="{{base}}/show/{number}.{fmt}" type="{kind}"/>'
            if fmt == "json":
                chapters = [
                    {"startTime": timed[i][0], "title": f"Part {n}"}
                    for n, i in enumerate(range(0, len(timed), 40), start=1)
                ]
                self.put(f"/show/{number}.chapters.json", json.dumps({"chapters": chapters}))
                tags += (
                    f'<podcast:chapters url="{{base}}/show/{number}.chapters.json" '
                    'type="application/json+chapters"/>'
                )
            day = datetime.date(2026, 1, 5) + datetime.timedelta(weeks=number - 1)
            items.append(
                f"<item><title>Episode {number}: {spoken[0][:60]}</title>"
                f"<guid>show-{number}</guid><pubDate>{day:%a, %d %b %Y} 09:00:00 GMT</pubDate>"
                f'<enclosure url="{{base}}/audio/{(number - 1) % 6 + 1}.wav" type="audio/wav" '
                f'length="1000"/>{tags}</item>'
            )
        self.put(
            path,
            '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
            'xmlns:podcast="https://podcastindex.org/namespace/1.0"><channel>'
            "<title>Weekly Practice</title><link>https://weekly-practice.example/</link>"
            "<description>A show for the benchmark.</description>"
            + "".join(reversed(items))
            + "</channel></rss>",
        )
        return self.url(path)

    def put(self, path: str, body: bytes | str) -> None:
        if isinstance(body, str):
            body = body.encode()
        self.files[path] = body.replace(b"{base}", self.base.encode())

    def url(self, path: str) -> str:
        return self.base + path

    def __enter__(self) -> FeedServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
