"""Debian's Chromium through Playwright, and a guard that fails a test on any request to another origin.

`playwright install` cannot download browsers here, so the system Chromium is launched by path. The site
promises parents that nothing leaves their device: `OriginGuard` turns that into a check every browser test
can make. It sees requests from the page and from its workers.
"""

from __future__ import annotations

import shutil
from urllib.parse import urlsplit

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_path() -> str | None:
    """The system Chromium, or None when it is not installed."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


def launch_chromium(playwright, **options):
    """Launch the system Chromium headless with the flags that keep it quiet and offline."""
    return playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS, **options)


class OriginGuard:
    """Record every request of a browser context, and abort those to any origin but `origin`.

    Aborting (rather than letting them time out) keeps a failing test quick; `foreign` lists them for the
    assertion. data: and blob: URLs never reach the network and are allowed.

    With `block=False` it only records, and `assert_none_foreign` still fails on any other origin. Playwright's
    routing holds each request until the test's thread lets it go, service workers' own requests too: unrouted,
    tests/test_offline.py runs in 21 to 26 s instead of 32, and a new build's service worker, which routed stayed
    "waiting" in 2 of 4 runs under load, took over in 1 to 3 s in 5 of 5 (it still stayed waiting once since, in
    a full parallel run: see that test).
    """

    def __init__(self, context, origin: str, block: bool = True):
        self.origin = origin.rstrip("/")
        self.seen: list[str] = []
        self.foreign: list[str] = []
        context.on("request", lambda request: self.seen.append(request.url))
        if block:
            context.route("**/*", self._route)

    def _route(self, route) -> None:
        url = route.request.url
        if self.allows(url):
            route.continue_()
        else:
            self.foreign.append(url)
            route.abort("blockedbyclient")

    def allows(self, url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob"):
            return True
        return f"{parts.scheme}://{parts.netloc}" == self.origin

    def assert_none_foreign(self) -> None:
        """Fail naming the requests that went to another origin (also those the route never saw)."""
        foreign = sorted(set(self.foreign) | {url for url in self.seen if not self.allows(url)})
        assert not foreign, "requests to another origin: " + ", ".join(foreign)
