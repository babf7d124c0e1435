"""Starts `shnor serve` on a fresh root for each test and a headless Chromium from Debian.

The browser is Debian's Chromium (`/usr/lib/chromium/chromium`, the binary behind
`/usr/bin/chromium`) driven by Playwright with `executable_path`: no browser is downloaded.
"""
import os
import pathlib
import subprocess
import tempfile

import pytest
from playwright.sync_api import sync_playwright

REPOSITORY = pathlib.Path(__file__).resolve().parents[2]
SHNOR = pathlib.Path(os.environ.get("SHNOR", REPOSITORY / ".build" / "debug" / "shnor"))
CHROMIUM = next(
    (path for path in ("/usr/lib/chromium/chromium", "/usr/bin/chromium") if os.path.exists(path)),
    "/usr/bin/chromium",
)


class Workbench:
    """A running `shnor serve`: its root folder and the address it printed."""

    def __init__(self, root: pathlib.Path):
        self.root = root
        self.process = subprocess.Popen(
            [str(SHNOR), "serve", "--root", str(root), "--port", "0"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        line = self.process.stdout.readline()
        if "http://" not in line:
            self.process.kill()
            raise RuntimeError("shnor serve did not start: " + line + self.process.stderr.read())
        self.address = line.split("откройте ", 1)[1].split(" ", 1)[0].rstrip("/")

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()


@pytest.fixture
def workbench():
    with tempfile.TemporaryDirectory(prefix="shnor-browser-") as folder:
        server = Workbench(pathlib.Path(folder) / "root")
        try:
            yield server
        finally:
            server.stop()


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900}, locale="ru-RU")
    page = context.new_page()
    page.set_default_timeout(120_000)
    yield page
    context.close()


@pytest.fixture
def screenshots():
    """Where the screenshots go: docs/ with SHNOR_SCREENSHOTS=docs, else a temporary folder."""
    if os.environ.get("SHNOR_SCREENSHOTS") == "docs":
        yield REPOSITORY / "docs"
    else:
        with tempfile.TemporaryDirectory(prefix="shnor-shots-") as folder:
            yield pathlib.Path(folder)
