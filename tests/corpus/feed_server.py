"""A podcast publisher for tests: an HTTP server on 127.0.0.1 serving the fixture feeds.

Files are served from a dict the test may change (a corrected transcript, a withdrawn
episode); `{base}` in a served text is replaced by the server's own address. ETag and
If-None-Match work as a real publisher's do, and every request is recorded.
"""

from __future__ import annotations

import hashlib
import io
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


class FeedServer:
    def __init__(self):
        self.files: dict[str, bytes] = {}
        self.redirects: dict[str, str] = {}
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
