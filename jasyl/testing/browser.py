"""What the browser tests share: Debian's Chromium, its flags, where screenshots go, and a
context kept to the live server."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip

# The live server runs in a thread of the test process; Playwright's sync API is not async code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def require_chromium() -> None:
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is not installed: run ./dev test, which installs it")


def own_only(context: Any, live_server: Any, outside: list[str]) -> None:
    """Let the browser context load only from the live server; every other address is refused
    and noted in `outside`."""
    own = urlsplit(live_server.url).netloc

    def route(request_route: Any) -> None:
        if urlsplit(request_route.request.url).netloc == own:
            request_route.continue_()
        else:
            outside.append(request_route.request.url)
            request_route.abort()

    context.route("**/*", route)
