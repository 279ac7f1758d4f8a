"""The playground in a real headless Chromium: an officer reports, a supervisor sees the chart."""

from __future__ import annotations

import os
import shutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from aiohttp import web

from core.i18n import t
from playground.runner import Playground
from playground.server import serve

try:
    from playwright.async_api import Page, async_playwright, expect
except ImportError:  # the test extra is not installed
    async_playwright = None  # type: ignore[assignment]

CHROMIUM = Path("/usr/bin/chromium")
# Found once at import: the system package's binary, else any chromium on PATH.
BROWSER = str(CHROMIUM) if CHROMIUM.exists() else shutil.which("chromium")
DOCS = Path(__file__).resolve().parents[2] / "docs"
README_SCREENSHOT = DOCS / "playground.png"
PHONE_SCREENSHOT = DOCS / "chart-phone.png"
# Telegram's photo bubble on a phone is about this wide, in CSS pixels.
PHONE_BUBBLE_PX = 320
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WAIT_MS = 20_000
PROJECT_CODE = "50450000-3247"


def _plain(key: str) -> str:
    """Return a locale text's first line without its HTML tags, as the page shows it."""
    return t(key).split("\n", 1)[0].replace("<b>", "").replace("</b>", "")


@asynccontextmanager
async def _browser_page(width: int = 1280, height: int = 860) -> AsyncIterator[Page]:
    """Open a page in headless Chromium, closed again at the end."""
    assert async_playwright is not None
    async with async_playwright() as driver:
        browser = await driver.chromium.launch(
            executable_path=BROWSER, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield await browser.new_page(viewport={"width": width, "height": height})
        finally:
            await browser.close()


@pytest.fixture
async def page_url(tmp_path: Path) -> AsyncIterator[tuple[str, Playground]]:
    """Run the playground and its page on a free loopback port."""
    if async_playwright is None:
        pytest.skip("playwright is not installed: pip install -e '.[test]'")
    if BROWSER is None:
        pytest.skip(
            "no Chromium: run tests/e2e/ensure_browser.sh as root (apt-get install chromium)"
        )
    playground = Playground(tmp_path / "playground.sqlite3")
    await playground.start()
    runner: web.AppRunner = await serve(playground, "127.0.0.1", 0)
    port = runner.addresses[0][1]
    yield f"http://127.0.0.1:{port}/", playground
    await runner.cleanup()
    async with playground.lock:
        await playground.stop()


async def _bot_says(page: Page, text: str) -> None:
    await expect(page.locator("#messages .row.bot .bubble").last).to_contain_text(
        text, timeout=WAIT_MS
    )


async def _type(page: Page, text: str) -> None:
    await page.fill("#text", text)
    await page.press("#text", "Enter")


async def _tap(page: Page, button: str) -> None:
    await page.locator("#messages .inline-row button", has_text=button).last.click()


class Counted:
    """The officer's page, counting every message typed and every button tapped."""

    def __init__(self, page: Page) -> None:
        self.page, self.interactions = page, 0

    async def menu(self) -> None:
        """Tap the report button of the reply keyboard."""
        self.interactions += 1
        await self.page.locator("#keyboard button", has_text=t("menu.report")).click()

    async def type(self, text: str) -> None:
        """Type and send a message."""
        self.interactions += 1
        await _type(self.page, text)

    async def tap(self, button: str) -> None:
        """Tap an inline button of the latest message that has it."""
        self.interactions += 1
        await _tap(self.page, button)


async def _officer_files_a_plain_month(page: Page) -> None:
    await page.click(".person[data-role=officer]")
    await page.click("#start")
    officer = Counted(page)
    await officer.menu()
    await _bot_says(page, _plain("report.ask_percent"))
    await officer.type("ร้อยละ ๔๕")
    await _bot_says(page, _plain("report.ask_work_done"))
    await officer.type("ประชุมเครือข่ายผู้สูงอายุและลงพื้นที่ชุมชน")
    await _bot_says(page, _plain("report.ask_problems"))
    await officer.tap(t("report.button_keep_issues"))
    await _bot_says(page, "ร้อยละ 45.00")
    await officer.tap(t("report.button_confirm"))
    await expect(page.locator("#messages")).to_contain_text(_plain("report.saved"), timeout=WAIT_MS)
    assert officer.interactions == 5


async def _officer_corrects_the_percent(page: Page) -> None:
    officer = Counted(page)
    await officer.menu()
    await _bot_says(page, _plain("report.ask_correction").split("{")[0])
    await officer.tap(t("report.button_correct"))
    await _bot_says(page, _plain("report.ask_percent"))
    await officer.type("46")
    await _bot_says(page, _plain("report.ask_work_done"))
    await officer.tap(t("report.button_send_as_before"))
    await expect(page.locator("#messages")).to_contain_text(
        _plain("report.saved_revision").format(revision=2), timeout=WAIT_MS
    )
    assert officer.interactions == 4


async def _supervisor_sees_the_chart(page: Page) -> str:
    """Open the project's chart as the supervisor; return the picture's data URL."""
    await page.click(".person[data-role=supervisor]")
    await page.click("#start")
    await page.locator("#keyboard button", has_text=t("menu.status")).click()
    await _tap(page, PROJECT_CODE)
    await _bot_says(page, "ร้อยละ 46.00")
    await _tap(page, t("status.button_chart"))
    chart = page.locator("#messages img.photo").last
    await expect(chart).to_be_visible(timeout=WAIT_MS)
    await page.wait_for_function(
        "() => { const imgs = document.querySelectorAll('#messages img.photo');"
        " const img = imgs[imgs.length - 1]; return img && img.complete && img.naturalWidth > 0; }",
        timeout=WAIT_MS,
    )
    size = await chart.evaluate("img => [img.naturalWidth, img.naturalHeight]")
    assert size == [960, 960]
    return str(
        await chart.evaluate(
            "img => { const c = document.createElement('canvas');"
            " c.width = img.naturalWidth; c.height = img.naturalHeight;"
            " c.getContext('2d').drawImage(img, 0, 0); return c.toDataURL('image/png'); }"
        )
    )


async def _chart_at_phone_width(data_url: str, shot: Path) -> None:
    """Show the chart as a phone's chat bubble would, 320 px wide, and take its picture."""
    async with _browser_page(width=PHONE_BUBBLE_PX + 20, height=PHONE_BUBBLE_PX + 20) as phone:
        await phone.set_content(
            '<body style="margin:10px;background:#dbe7f0">'
            f'<img id="chart" src="{data_url}"'
            f' style="width:{PHONE_BUBBLE_PX}px;display:block"></body>'
        )
        await phone.wait_for_function("() => document.getElementById('chart').complete")
        await phone.locator("#chart").screenshot(path=str(shot))


async def test_officer_reports_and_supervisor_sees_the_chart(
    page_url: tuple[str, Playground], tmp_path: Path
) -> None:
    """A plain month takes 5 clicks and messages, a correction 4; the supervisor sees the chart."""
    url, playground = page_url
    async with _browser_page() as page:
        await page.goto(url)
        await _officer_files_a_plain_month(page)
        await _officer_corrects_the_percent(page)
        chart = await _supervisor_sees_the_chart(page)
        # The README's pictures are refreshed on request, so a test run leaves the tree clean.
        update = bool(os.environ.get("UPDATE_SCREENSHOT"))
        shot = README_SCREENSHOT if update else tmp_path / "p.png"
        shot.parent.mkdir(exist_ok=True)
        await page.screenshot(path=str(shot))
        assert shot.stat().st_size > 10_000
    phone = PHONE_SCREENSHOT if update else tmp_path / "phone.png"
    await _chart_at_phone_width(chart, phone)
    assert phone.stat().st_size > 5_000
    assert playground.fake is not None and playground.fake.refusals == []


async def test_date_jump_brings_the_reminder_and_reset_clears_it(
    page_url: tuple[str, Playground],
) -> None:
    """The 20th-reminder jump shows the reminder in the officer's chat; reset empties it."""
    url, _ = page_url
    async with _browser_page() as page:
        page.on("dialog", lambda dialog: dialog.accept())
        await page.goto(url)
        await page.click(".person[data-role=officer]")
        await page.click("#jumps button[data-jump='20']")
        await expect(page.locator("#bot-date")).to_have_attribute(
            "data-iso", "2021-03-22", timeout=WAIT_MS
        )
        await _bot_says(page, PROJECT_CODE)
        await page.click("#reset")
        await expect(page.locator("#messages .row")).to_have_count(0, timeout=WAIT_MS)
        await expect(page.locator("#bot-date")).to_have_attribute(
            "data-iso", "2021-03-15", timeout=WAIT_MS
        )
