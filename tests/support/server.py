"""A static file server for browser tests that behaves like GitHub Pages where it matters.

It serves one folder under a URL prefix (the site lives at /para-guide/, as on a project page), gzips when the
browser accepts it (GitHub Pages gzips, wasm included, so timings and sizes are realistic), sends correct MIME
types (application/wasm, text/javascript for .mjs), an ETag and Cache-Control: max-age=600, and answers
unknown paths with the folder's 404.html. It records every request, so a test can check what was fetched.

    with StaticServer(folder, prefix="/para-guide/") as server:
        page.goto(server.url + "questionnaires/")
"""

from __future__ import annotations

import gzip
import hashlib
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".webmanifest": "application/manifest+json",
    ".wasm": "application/wasm",
    ".zip": "application/zip",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".ico": "image/x-icon",
    ".woff2": "font/woff2",
    ".txt": "text/plain; charset=utf-8",
    ".xml": "application/xml",
    ".map": "application/json",
}
ALREADY_COMPRESSED = {".zip", ".png", ".jpg", ".woff2", ".gz"}


@dataclass(frozen=True)
class Served:
    """One request as the server saw it."""

    method: str
    path: str
    status: int
    encoding: str  # "gzip" or ""
    size: int  # body bytes sent


class StaticServer:
    """Serve `root` at http://127.0.0.1:<free port><prefix> from a background thread; a context manager."""

    def __init__(self, root: Path, prefix: str = "/para-guide/"):
        if not (prefix.startswith("/") and prefix.endswith("/")):
            raise ValueError("prefix must start and end with /")
        self.root = Path(root).resolve()
        self.prefix = prefix
        self.requests: list[Served] = []
        self._gzipped: dict = {}  # (path, mtime) → gzip bytes: the wasm takes a while to compress
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}"

    @property
    def url(self) -> str:
        """The site's base URL, ending with /."""
        return self.origin + self.prefix

    def __enter__(self) -> StaticServer:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def file_for(self, url_path: str):
        """The file a URL path names (None outside the prefix or the folder), and whether to redirect to add /."""
        path = unquote(urlsplit(url_path).path)
        if not path.startswith(self.prefix):
            return None, False
        target = (self.root / path[len(self.prefix) :]).resolve()
        if target != self.root and self.root not in target.parents:
            return None, False  # ../ out of the folder
        if target.is_dir():
            if not path.endswith("/"):
                return target, True
            target = target / "index.html"
        return (target if target.is_file() else None), False

    def gzipped(self, file: Path, body: bytes) -> bytes:
        key = (file, file.stat().st_mtime_ns)
        with self._lock:
            if key not in self._gzipped:
                self._gzipped[key] = gzip.compress(body, compresslevel=6, mtime=0)
            return self._gzipped[key]


def _handler_for(server: StaticServer) -> type:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as a real host

        def do_GET(self) -> None:
            self._serve(head=False)

        def do_HEAD(self) -> None:
            self._serve(head=True)

        def _serve(self, head: bool) -> None:
            file, redirect = server.file_for(self.path)
            if redirect:
                self._send(301, b"", {"Location": urlsplit(self.path).path + "/"}, head)
                return
            status = 200
            if file is None:
                status, file = 404, server.root / "404.html"
                if not file.is_file():
                    self._send(404, b"not found\n", {"Content-Type": "text/plain; charset=utf-8"}, head)
                    return
            body = file.read_bytes()
            etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
            headers = {
                "Content-Type": TYPES.get(file.suffix, "application/octet-stream"),
                "Cache-Control": "max-age=600",
                "ETag": etag,
                "Vary": "Accept-Encoding",
            }
            if status == 200 and etag in self.headers.get("If-None-Match", ""):
                self._send(304, b"", headers, head)
                return
            accepts = "gzip" in self.headers.get("Accept-Encoding", "")
            if accepts and file.suffix not in ALREADY_COMPRESSED:
                body = server.gzipped(file, body)
                headers["Content-Encoding"] = "gzip"
            self._send(status, body, headers, head)

        def _send(self, status: int, body: bytes, headers: dict, head: bool) -> None:
            # Recorded before the first byte goes out: a client that has read the response always finds it here.
            with server._lock:
                server.requests.append(
                    Served(
                        self.command,
                        self.path,
                        status,
                        headers.get("Content-Encoding", ""),
                        0 if head or status == 304 else len(body),
                    )
                )
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            if status != 304:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if not head and status != 304:
                self.wfile.write(body)

        def log_message(self, format: str, *args) -> None:
            pass  # the requests list is the log; stderr noise would bury test output

    return Handler
