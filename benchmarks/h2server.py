"""The built site over HTTP/2, as GitHub Pages serves it: Debian's nginx with TLS, for `make bench`.

tests/support/server.py speaks HTTP/1.1 only (Python's http.server), where a page's CSS and JS queue behind six
connections; GitHub Pages speaks HTTP/2, one connection for every request. This serves the same folder under the
same prefix with a real HTTP/2 server: nginx (`apt-get install -y nginx`) on 127.0.0.1, a self-signed certificate
made for the run with `openssl` (an EC key, valid two days, for IP 127.0.0.1), gzip for every text type and for
.wasm (as Pages sends it), an ETag and `Cache-Control: max-age=600`, and the folder's 404.html for unknown paths.

Chromium trusts the certificate through its SPKI hash (`--ignore-certificate-errors-spki-list`, `chromium_args`),
not `--ignore-certificate-errors`: with a certificate error Chromium keeps nothing in its HTTP cache, so a
warm-cache measurement would measure nothing. Every request is read back from nginx's access log (`requests`), in
the shape StaticServer records them, so the byte counts come from the same code for both protocols.

    with H2Server(folder, prefix="/para-guide/") as server:
        browser = playwright.chromium.launch(args=CHROMIUM_ARGS + server.chromium_args)
        page.goto(server.url + "questionnaires/")
"""

from __future__ import annotations

import base64
import hashlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from tests.support.server import Served

GZIP_TYPES = (
    "text/css text/javascript application/javascript application/json application/wasm "
    "application/manifest+json image/svg+xml application/xml text/plain"
)


class ServerError(RuntimeError):
    """nginx or openssl is missing, or nginx did not start; the message says which and how to fix it."""


def nginx_path() -> str | None:
    return shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if Path(p).is_file()), None
    )


class H2Server:
    """Serve `root` at https://127.0.0.1:<free port><prefix> over HTTP/2 (nginx, TLS); a context manager."""

    protocol = "h2"

    def __init__(self, root: Path, prefix: str = "/para-guide/"):
        if not (prefix.startswith("/") and prefix.endswith("/")):
            raise ValueError("prefix must start and end with /")
        self.root = Path(root).resolve()
        self.prefix = prefix
        self.port = _free_port()
        self._dir = Path(tempfile.mkdtemp(prefix="bench-h2-"))
        self._process: subprocess.Popen | None = None
        self.spki = ""

    @property
    def origin(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    @property
    def url(self) -> str:
        """The site's base URL, ending with /."""
        return self.origin + self.prefix

    @property
    def chromium_args(self) -> list[str]:
        """Chromium's flags to trust this run's certificate (and only it)."""
        return [f"--ignore-certificate-errors-spki-list={self.spki}"]

    @property
    def requests(self) -> list[Served]:
        """Every request nginx has logged so far, oldest first."""
        log = self._dir / "access.log"
        if not log.is_file():
            return []
        out = []
        for line in log.read_text(encoding="utf-8", errors="replace").splitlines():
            parts = line.split("\t")
            if len(parts) != 5:
                continue
            method, path, status, encoding, size = parts
            out.append(
                Served(
                    method, path, int(status), "" if encoding == "-" else encoding, 0 if method == "HEAD" else int(size)
                )
            )
        return out

    def gzipped(self, file: Path, body: bytes) -> bytes:
        """StaticServer's warm-up hook; nginx compresses as it sends (gzip_comp_level 6, as StaticServer)."""
        return body

    def __enter__(self) -> H2Server:
        nginx = nginx_path()
        if nginx is None:
            raise ServerError(
                "nginx is not installed: apt-get install -y nginx (the HTTP/2 benchmark serves the "
                "site with it; `make browser` installs it)"
            )
        if shutil.which("openssl") is None:
            raise ServerError("openssl is not installed: apt-get install -y openssl")
        key, cert = self._dir / "key.pem", self._dir / "cert.pem"
        subprocess.run(
            [
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:prime256v1",
                "-nodes",
                "-days",
                "2",
                "-subj",
                "/CN=127.0.0.1",
                "-addext",
                "subjectAltName=IP:127.0.0.1",
                "-keyout",
                str(key),
                "-out",
                str(cert),
            ],
            check=True,
            capture_output=True,
        )
        self.spki = _spki_sha256(cert)
        conf = self._dir / "nginx.conf"
        conf.write_text(self._config(key, cert), encoding="utf-8")
        self._process = subprocess.Popen(
            [nginx, "-c", str(conf), "-p", str(self._dir), "-e", str(self._dir / "error.log")],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise ServerError("nginx did not start: " + self._error())
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return self
            except OSError:
                time.sleep(0.05)
        self.__exit__()
        raise ServerError("nginx did not listen within 10 s: " + self._error())

    def __exit__(self, *exc) -> None:
        if self._process and self._process.poll() is None:
            self._process.terminate()  # the master, which we started; it stops its worker
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait(timeout=5)
        if self._process and self._process.stderr:
            self._process.stderr.close()
        shutil.rmtree(self._dir, ignore_errors=True)

    def _error(self) -> str:
        log = self._dir / "error.log"
        text = log.read_text(encoding="utf-8", errors="replace") if log.is_file() else ""
        if self._process and self._process.stderr and self._process.poll() is not None:
            text += self._process.stderr.read().decode("utf-8", "replace")
        return (text.strip().splitlines() or ["no message"])[-1]

    def _config(self, key: Path, cert: Path) -> str:
        tmp = self._dir
        # Run as root (CI, this machine), nginx's workers would switch to nobody, who cannot read a 0700 temp folder.
        user = "user root;" if os.geteuid() == 0 else ""
        return f"""
{user}
daemon off;
master_process on;
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 256; }}
http {{
  include /etc/nginx/mime.types;
  types {{ text/javascript js mjs; application/wasm wasm; application/manifest+json webmanifest; }}
  default_type application/octet-stream;
  charset utf-8;
  charset_types text/css text/javascript application/json;
  log_format bench "$request_method\\t$request_uri\\t$status\\t$sent_http_content_encoding\\t$body_bytes_sent";
  access_log {tmp}/access.log bench;
  client_body_temp_path {tmp}/body;
  proxy_temp_path {tmp}/proxy;
  fastcgi_temp_path {tmp}/fastcgi;
  uwsgi_temp_path {tmp}/uwsgi;
  scgi_temp_path {tmp}/scgi;
  sendfile on;
  etag on;
  gzip on;
  gzip_comp_level 6;
  gzip_min_length 0;
  gzip_vary on;
  gzip_types {GZIP_TYPES};
  server {{
    listen 127.0.0.1:{self.port} ssl http2;
    ssl_certificate {cert};
    ssl_certificate_key {key};
    ssl_protocols TLSv1.2 TLSv1.3;
    add_header Cache-Control "max-age=600" always;
    location {self.prefix} {{
      alias {self.root}/;
      index index.html;
      error_page 404 {self.prefix}404.html;
    }}
  }}
}}
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _spki_sha256(cert: Path) -> str:
    """The base64 SHA-256 of the certificate's public key (SubjectPublicKeyInfo, DER), as Chromium wants it."""
    public = subprocess.run(
        ["openssl", "x509", "-pubkey", "-noout", "-in", str(cert)], check=True, capture_output=True
    ).stdout
    der = subprocess.run(
        ["openssl", "pkey", "-pubin", "-outform", "der"], input=public, check=True, capture_output=True
    ).stdout
    return base64.b64encode(hashlib.sha256(der).digest()).decode()
