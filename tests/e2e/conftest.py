"""The browser the end-to-end tests share: headless Debian Chromium, one per test module."""

from __future__ import annotations

import pytest

from .server import BROWSER, CHROMIUM_ARGS, require_chromium


@pytest.fixture(scope="module")
def browser():
    from playwright import sync_api
    require_chromium()
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=BROWSER, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
