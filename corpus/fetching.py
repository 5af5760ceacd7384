"""Fetching a feed and the files it names, safely: the addresses come from strangers.

Only http(s); a deadline per fetch (CORPUS_FETCH_TIMEOUT seconds); a size limit per kind of
file (CORPUS_FETCH_MAX_BYTES); redirects followed at most CORPUS_FETCH_MAX_REDIRECTS times;
and never a loopback, private, link-local or otherwise non-public address unless
CORPUS_FETCH_ALLOW_PRIVATE is set (tests, intranets). The host is resolved once, checked, and
the connection made to that very address, so a name cannot change its answer in between.
Every refusal is a FetchError whose message says what went wrong, in words for an editor.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
import urllib.parse
import zlib
from dataclasses import dataclass

from django.conf import settings

USER_AGENT = "CPD-Journal-feed-reader/1.0"
CHUNK = 64 * 1024
REDIRECTS = (301, 302, 303, 307, 308)


class FetchError(Exception):
    def __init__(self, url: str, message: str):
        super().__init__(f"{url}: {message}")
        self.url = url
        self.message = message


@dataclass
class Fetched:
    url: str  # after redirects
    status: int  # 200, or 304 when the conditional headers matched
    body: bytes = b""
    etag: str = ""
    last_modified: str = ""

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def _public_address(url: str, host: str, port: int) -> str:
    """The address to connect to, after checking every address the name resolves to."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(url, f"the host {host} could not be found ({exc})") from None
    addresses = [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]
    if not settings.CORPUS_FETCH_ALLOW_PRIVATE:
        for address in addresses:
            mapped = getattr(address, "ipv4_mapped", None) or address
            if not mapped.is_global or mapped.is_multicast:
                raise FetchError(
                    url,
                    f"{host} is a private or local address ({address}); such addresses are "
                    "refused unless CORPUS_FETCH_ALLOW_PRIVATE is set",
                )
    return str(addresses[0])


class _HTTPConnection(http.client.HTTPConnection):
    def __init__(self, host, port, *, address, timeout):
        super().__init__(host, port, timeout=timeout)
        self.address = address

    def connect(self):
        self.sock = socket.create_connection((self.address, self.port), self.timeout)


class _HTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host, port, *, address, timeout):
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self.address = address

    def connect(self):
        sock = socket.create_connection((self.address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def fetch(url: str, *, kind: str, etag: str = "", last_modified: str = "") -> Fetched:
    """GET `url`, a `kind` of file ("feed", "transcript", "chapters": its size limit),
    following redirects; with `etag` or `last_modified`, a 304 answer is returned as such."""
    limit = settings.CORPUS_FETCH_MAX_BYTES[kind]
    timeout = settings.CORPUS_FETCH_TIMEOUT
    deadline = time.monotonic() + timeout
    current = url
    for _hop in range(settings.CORPUS_FETCH_MAX_REDIRECTS + 1):
        parts = urllib.parse.urlsplit(current)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchError(current, "only http and https addresses can be fetched")
        try:
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError:
            raise FetchError(current, "the address has an invalid port") from None
        address = _public_address(current, parts.hostname, port)
        connection_class = _HTTPSConnection if parts.scheme == "https" else _HTTPConnection
        connection = connection_class(parts.hostname, port, address=address, timeout=timeout)
        headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "identity"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        target = urllib.parse.urlunsplit(("", "", parts.path or "/", parts.query, ""))
        try:
            connection.request("GET", target, headers=headers)
            response = connection.getresponse()
            if response.status in REDIRECTS and response.getheader("Location"):
                current = urllib.parse.urljoin(current, response.getheader("Location"))
                continue
            if response.status == 304 and (etag or last_modified):
                return Fetched(current, 304, etag=etag, last_modified=last_modified)
            if response.status != 200:
                raise FetchError(
                    current, f"the server answered {response.status} {response.reason}"
                )
            body = _read(current, response, kind=kind, limit=limit, deadline=deadline)
        except TimeoutError:
            raise FetchError(current, f"no answer within {timeout} seconds") from None
        except (OSError, http.client.HTTPException) as exc:
            raise FetchError(current, f"the connection failed ({exc})") from None
        finally:
            connection.close()
        return Fetched(
            current,
            200,
            body,
            etag=response.getheader("ETag") or "",
            last_modified=response.getheader("Last-Modified") or "",
        )
    raise FetchError(
        url, f"redirected more than {settings.CORPUS_FETCH_MAX_REDIRECTS} times (a loop?)"
    )


def _read(url, response, *, kind: str, limit: int, deadline: float) -> bytes:
    too_big = f"the {kind} is larger than the limit of {limit:,} bytes"
    length = response.getheader("Content-Length")
    if length and length.isdigit() and int(length) > limit:
        raise FetchError(url, too_big)
    chunks, size = [], 0
    while chunk := response.read1(CHUNK):  # what has arrived: the deadline holds
        size += len(chunk)
        if size > limit:
            raise FetchError(url, too_big)
        if time.monotonic() > deadline:
            raise FetchError(url, f"took longer than {settings.CORPUS_FETCH_TIMEOUT} seconds")
        chunks.append(chunk)
    body = b"".join(chunks)
    if (response.getheader("Content-Encoding") or "").lower() in ("gzip", "x-gzip"):
        # Asked for none, some servers compress anyway: unpacked no further than the limit.
        unpacker = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            body = unpacker.decompress(body, limit + 1)
        except zlib.error:
            raise FetchError(url, f"the {kind} is not valid gzip") from None
        if len(body) > limit or unpacker.unconsumed_tail:
            raise FetchError(url, too_big)
    return body
