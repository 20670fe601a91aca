"""The test server behaves like GitHub Pages where the browser tests depend on it (tests/support/server.py)."""

from __future__ import annotations

import gzip
import http.client

import pytest

from tests.support.server import StaticServer


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("served")
    (root / "index.html").write_text("<p>home</p>" * 50, encoding="utf-8")
    (root / "404.html").write_text("<p>not here</p>", encoding="utf-8")
    (root / "guide").mkdir()
    (root / "guide" / "index.html").write_text("<p>guide</p>", encoding="utf-8")
    (root / "engine.wasm").write_bytes(b"\0asm" + bytes(2000))
    (root / "boot.mjs").write_text("export const a = 1;\n" * 50, encoding="utf-8")
    (root / "engine.zip").write_bytes(b"PK" + bytes(500))
    (root.parent / "secret.txt").write_text("outside", encoding="utf-8")
    with StaticServer(root, prefix="/para-guide/") as running:
        yield running


def get(server: StaticServer, path: str, **headers) -> tuple[http.client.HTTPResponse, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", int(server.origin.rsplit(":", 1)[1]), timeout=10)
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response, body


@pytest.mark.parametrize(
    "name, mime", [("engine.wasm", "application/wasm"), ("boot.mjs", "text/javascript"), ("", "text/html")]
)
def test_types_and_gzip_when_accepted(server, name, mime):
    plain, body = get(server, f"/para-guide/{name}")
    zipped, packed = get(server, f"/para-guide/{name}", **{"Accept-Encoding": "gzip, deflate, br"})
    assert plain.getheader("Content-Type").startswith(mime) and plain.getheader("Content-Encoding") is None
    assert zipped.getheader("Content-Encoding") == "gzip" and gzip.decompress(packed) == body
    assert zipped.getheader("Cache-Control") == "max-age=600" and zipped.getheader("ETag")


def test_already_compressed_files_are_not_gzipped(server):
    response, body = get(server, "/para-guide/engine.zip", **{"Accept-Encoding": "gzip"})
    assert response.getheader("Content-Encoding") is None and body.startswith(b"PK")


def test_etag_revalidation_answers_304(server):
    first, _ = get(server, "/para-guide/boot.mjs")
    again, body = get(server, "/para-guide/boot.mjs", **{"If-None-Match": first.getheader("ETag")})
    assert again.status == 304 and body == b""


def test_folders_redirect_to_a_slash_and_serve_their_index(server):
    response, _ = get(server, "/para-guide/guide")
    assert response.status == 301 and response.getheader("Location") == "/para-guide/guide/"
    response, body = get(server, "/para-guide/guide/")
    assert response.status == 200 and body == b"<p>guide</p>"


@pytest.mark.parametrize(
    "path", ["/para-guide/missing.js", "/index.html", "/para-guide/../secret.txt", "/para-guide/%2e%2e/secret.txt"]
)
def test_outside_the_prefix_or_folder_is_the_404_page(server, path):
    response, body = get(server, path)
    assert response.status == 404 and body == b"<p>not here</p>"


def test_requests_are_recorded(server):
    get(server, "/para-guide/engine.wasm?v=1", **{"Accept-Encoding": "gzip"})
    last = server.requests[-1]
    assert (last.method, last.path, last.status, last.encoding) == ("GET", "/para-guide/engine.wasm?v=1", 200, "gzip")
