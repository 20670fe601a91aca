"""A Content Security Policy for every built page, as a <meta> tag: only the site's own origin.

Static hosts such as GitHub Pages send no CSP header, so the policy travels in the page. Material writes a
few inline <script> blocks (its storage helpers, the palette, the tabbed-content fix), which differ from page
to page (`__md_scope` holds the path to the site root); rather than allow inline scripts, the policy lists
the sha256 hash of each inline script found in the finished HTML. Styles are treated the same way.

What a <meta> policy cannot do: `frame-ancestors`, `report-uri` and `sandbox` are ignored in a meta tag, and
it does not reach a worker started from a URL: a worker's policy comes from its own response headers, which a
static host does not send. `'wasm-unsafe-eval'` is listed so that WebAssembly is allowed in the page itself
too; Pyodide in the worker does not need `'unsafe-eval'` (the browser tests boot the engine under this policy).
"""

from __future__ import annotations

import base64
import hashlib
import re

# Executable inline scripts: no src attribute, and no type or a JavaScript type (a JSON data block such as
# Material's __config is not run, so the policy does not govern it).
_SCRIPT = re.compile(r"<script\b(?P<attrs>[^>]*)>(?P<body>.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
_STYLE = re.compile(r"<style\b[^>]*>(?P<body>.*?)</style\s*>", re.IGNORECASE | re.DOTALL)
_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
_SRC = re.compile(r"\bsrc\s*=", re.IGNORECASE)
_RUNNABLE_TYPES = {"", "module", "text/javascript", "application/javascript"}
_HEAD = re.compile(r"<head\b[^>]*>", re.IGNORECASE)
_CHARSET = re.compile(r"<meta\s+charset=[^>]*>", re.IGNORECASE)
META_START = '<meta http-equiv="Content-Security-Policy"'


def inline_scripts(html: str) -> list[str]:
    """The bodies of the inline scripts the browser would run, in page order."""
    found = []
    for match in _SCRIPT.finditer(html):
        attrs = match.group("attrs")
        if _SRC.search(attrs):
            continue
        kind = _TYPE.search(attrs)
        if (kind.group(1).lower() if kind else "") in _RUNNABLE_TYPES:
            found.append(match.group("body"))
    return found


def inline_styles(html: str) -> list[str]:
    return [match.group("body") for match in _STYLE.finditer(html)]


def source_hash(text: str) -> str:
    """A CSP hash source for an inline block: 'sha256-<base64>' of its exact UTF-8 text."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def policy(html: str) -> str:
    """The policy for one finished page."""
    scripts = " ".join(["'self'", "'wasm-unsafe-eval'", *dict.fromkeys(map(source_hash, inline_scripts(html)))])
    styles = " ".join(["'self'", *dict.fromkeys(map(source_hash, inline_styles(html)))])
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src {scripts}",
            "worker-src 'self'",
            f"style-src {styles}",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "manifest-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
        ]
    )


def add_policy(html: str) -> str:
    """The page with its policy as the first thing in <head> (after the charset), so it covers every tag after it."""
    if META_START in html:
        return html  # already there (a page passed through twice)
    meta = f'{META_START} content="{policy(html)}">'
    charset = _CHARSET.search(html)
    if charset:
        return html[: charset.end()] + meta + html[charset.end() :]
    head = _HEAD.search(html)
    if head is None:
        return html  # not an HTML page
    return html[: head.end()] + meta + html[head.end() :]
