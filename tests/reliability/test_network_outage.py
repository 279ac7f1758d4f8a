"""A short network outage of getUpdates: retried quietly, one warning, no admin alerted."""

from __future__ import annotations

from pathlib import Path

from fakeapi import FakeTelegram, Fault
from handlers.errors import Outage
from storage import Storage
from tests.harness import ADMIN_ID
from tests.process_support import bot_env, start_bot, stop_bot, wait_until_polling

FAILURES = 4


async def test_failing_get_updates_is_retried_quietly(server: FakeTelegram, tmp_path: Path) -> None:
    """Four failed getUpdates in a row: one warning line, no traceback, no admin message."""
    database = tmp_path / "bot.sqlite3"
    store = await Storage.open(database)
    await store.close()
    log = tmp_path / "bot.log"
    env = bot_env(server, database, BOT_ADMIN_IDS=str(ADMIN_ID))
    process = await start_bot(env, log)
    try:
        await wait_until_polling(server, 0)
        server.faults.script(
            "getUpdates",
            Fault.server_error(502),
            Fault.drop(),
            Fault.server_error(502),
            Fault.drop(),
        )
        await server.wait_for(lambda: server.faults.pending == 0, 60)
        # Polling goes on after the outage: a fresh getUpdates call arrives.
        since = len(server.requests)
        await wait_until_polling(server, since)
        assert process.returncode is None
    finally:
        await stop_bot(process)
    text = log.read_text(encoding="utf-8")
    assert "Traceback" not in text
    warnings = [line for line in text.splitlines() if "could not be reached" in line]
    assert len(warnings) == 1 and "WARNING" in warnings[0]
    assert "ERROR" not in text
    assert server.sent(ADMIN_ID) == []


def test_admins_hear_of_an_outage_only_when_it_lasts() -> None:
    """Failures 30 s apart: a warning at the first, one alert after five minutes, then quiet."""
    outage = Outage()
    seen = [outage.failed(float(second)) for second in range(0, 601, 30)]
    assert seen[0] == (True, False)
    assert [index for index, (_, alert) in enumerate(seen) if alert] == [10]
    assert not any(begins for begins, _ in seen[1:])
    # A failure long after the last one is a new outage, told once again.
    assert outage.failed(2000.0) == (True, False)
