"""Neither the bot token nor what people typed ever reaches the log, even at DEBUG."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bot.logging_setup import QUIET_LOGGERS, configure_logging
from core.i18n import t
from fakeapi import FakeTelegram
from tests.conftest import DEFAULT_NOW
from tests.harness import start_harness, stop_harness
from tests.process_support import (
    Chat,
    add_sample_project,
    bot_env,
    first_line,
    invite_officer,
    start_bot,
    stop_bot,
)

NAME = "สมหญิงลับเฉพาะ"
PHONE = "+66899990001"
TYPED = ("ประชุมลับเฉพาะครั้งที่เก้า", "น้ำท่วมซอยลับเฉพาะ", "ถนนปิดลับเฉพาะ")


class Records(logging.Handler):
    """Keep every record that reaches the root logger."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        """Remember the record."""
        self.records.append(record)

    def text(self) -> str:
        """Return every record's message and traceback."""
        return "\n".join(
            f"{record.getMessage()} {record.exc_text or ''}" for record in self.records
        )


@contextmanager
def bot_logging(token: str) -> Iterator[tuple[io.StringIO, Records]]:
    """Configure logging as the bot does, at DEBUG, into memory; restore it afterwards."""
    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    levels = {name: logging.getLogger(name).level for name in QUIET_LOGGERS}
    configure_logging(token, logging.DEBUG)
    stream = io.StringIO()
    handler = root.handlers[0]
    assert isinstance(handler, logging.StreamHandler)
    handler.setStream(stream)
    records = Records()
    root.addHandler(records)
    try:
        yield stream, records
    finally:
        root.handlers[:], root.level = saved
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)


def _leaks(text: str, token: str) -> list[str]:
    return [word for word in (token, NAME, PHONE, *TYPED) if word in text]


async def test_report_conversation_logs_nothing_personal(
    fake: FakeTelegram, tmp_path: Path
) -> None:
    """A whole report, a contact and a photo at DEBUG: no token, name, phone or typed text."""
    with bot_logging(fake.token) as (stream, records):
        harness = await start_harness(fake, tmp_path / "bot.sqlite3", DEFAULT_NOW)
        try:
            await harness.add_project()
            officer = fake.user(2001, NAME)
            await harness.register(officer)
            await harness.say(officer, "/report")
            await harness.say(officer, "๔๕")
            await harness.deliver(officer.send_contact(PHONE))
            await harness.say(officer, TYPED[0])
            await harness.say(officer, TYPED[1])
            await harness.say(officer, TYPED[2])
            await harness.deliver(officer.send_photo(caption=TYPED[0]))
            await harness.tap(officer, t("report.button_confirm"))
            await harness.say(officer, "/history")
            # A line that names the token proves the capture works and the token is redacted.
            logging.getLogger("tests.security").warning("token %s", fake.token)
        finally:
            await stop_harness(harness)
    written = stream.getvalue()
    assert "token <token>" in written
    assert any(TYPED[2] in text for text in harness.texts(officer))
    assert _leaks(written, fake.token) == []
    assert _leaks(records.text(), fake.token) == []
    assert harness.fake.refusals == []


def test_token_in_a_traceback_is_redacted() -> None:
    """An exception whose text carries the token is logged without it."""
    token = "123456:SECRETSECRET"
    with bot_logging(token) as (stream, _):
        try:
            raise ConnectionError(f"https://api.telegram.org/bot{token}/getMe failed")
        except ConnectionError:
            logging.getLogger("tests.security").exception("request failed")
    written = stream.getvalue()
    assert "request failed" in written and "<token>" in written
    assert token not in written


def test_noisy_loggers_stay_quiet_at_debug() -> None:
    """At DEBUG the HTTP client, PTB, SQLite and the scheduler log no DEBUG lines."""
    with bot_logging("1:X"):
        quiet = {
            name: logging.getLogger(name).isEnabledFor(logging.DEBUG) for name in QUIET_LOGGERS
        }
        assert logging.getLogger("bot").isEnabledFor(logging.DEBUG)
        # httpx logs each request URL, token included, at INFO.
        assert not logging.getLogger("httpx").isEnabledFor(logging.INFO)
    assert quiet == dict.fromkeys(QUIET_LOGGERS, False)


async def test_process_log_at_debug_has_no_token_or_typed_text(tmp_path: Path) -> None:
    """python -m bot with LOG_LEVEL=DEBUG writes neither the token nor a typed word to stderr."""
    async with FakeTelegram(queue_updates=True) as server:
        database = tmp_path / "bot.sqlite3"
        env = bot_env(server, database, LOG_LEVEL="DEBUG")
        await add_sample_project(env)
        token = await invite_officer(env)
        log = tmp_path / "bot.log"
        process = await start_bot(env, log)
        try:
            chat = Chat(server, server.user(5001, NAME))
            await chat.say(f"/start {token}", "ลงทะเบียนเรียบร้อย")
            await chat.say("/report", first_line("report.ask_percent"))
            await chat.say("๖๐", first_line("report.ask_work_done"))
            await chat.answer(
                lambda: chat.user.send_contact(PHONE), first_line("report.ask_work_done")
            )
            await chat.say(TYPED[0], first_line("report.ask_problems"))
            await chat.say(TYPED[1], first_line("report.ask_obstacles"))
            await chat.say(TYPED[2], "ร้อยละ 60.00")
            await chat.tap(t("report.button_confirm"), "ความคืบหน้าโครงการฯ ร้อยละ 60.00")
        finally:
            await stop_bot(process)
        assert server.refusals == []
    written = log.read_text(encoding="utf-8")
    assert "bot started as @" in written
    assert _leaks(written, server.token) == []
    # The invite token is a secret too.
    assert token not in written
