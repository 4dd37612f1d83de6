"""A headless Chromium (Debian's ``chromium`` package, installed by scripts/test.sh), driven by Playwright.

No browser is downloaded: Playwright starts the system binary. Every request the
page makes other than its own ``file://`` URL is recorded, so tests can assert
the page is self-contained.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

CANDIDATES = ("chromium", "chromium-browser", "google-chrome")


@pytest.fixture(scope="session")
def bundled_model():
    """The bundled gliner2-mini, shared with every integration that loads it by default."""
    from gliner2_integrations._runtime import load_extractor

    return load_extractor(None)


def chromium_path() -> str:
    """The browser binary: ``$GLINER2_KIT_CHROMIUM``, else the first of :data:`CANDIDATES` on ``PATH``."""
    configured = os.environ.get("GLINER2_KIT_CHROMIUM")
    found = configured or next((p for p in map(shutil.which, CANDIDATES) if p), None)
    if not found or not Path(found).exists():
        pytest.fail("no Chromium found: run scripts/test.sh (it installs Debian's chromium) or set GLINER2_KIT_CHROMIUM")
    return found


_RUNNING: list[object] = []
"""The browser while one is running: Playwright's sync API allows one per thread, so modules elsewhere
(tests/hostile) that take these fixtures share it."""


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if _RUNNING:  # started by this fixture registered in another module: share it, its owner closes it
        yield _RUNNING[0]
        return
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium_path(), headless=True, args=["--no-sandbox"])
        _RUNNING.append(launched)
        try:
            yield launched
        finally:
            _RUNNING.clear()
            launched.close()


@pytest.fixture
def open_page(browser, tmp_path):
    """``open_page(html) -> (page, requests)``: the page loaded from a file, and every non-file URL it requested."""
    contexts = []

    def opener(html: str, width: int = 1280, height: int = 800):
        path = tmp_path / f"page{len(contexts)}.html"
        path.write_text(html, encoding="utf-8")
        context = browser.new_context(viewport={"width": width, "height": height})
        contexts.append(context)
        page = context.new_page()
        requests: list[str] = []
        page.on("request", lambda request: None if request.url.startswith("file://") else requests.append(request.url))
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(path.as_uri())
        page.wait_for_load_state("load")
        assert errors == [], f"script errors on the page: {errors}"
        return page, requests

    yield opener
    for context in contexts:
        context.close()
