"""The playground runner: the real bot polling the fake, reset and date moves."""

from __future__ import annotations

from datetime import date

from core.i18n import t
from playground.runner import Playground
from playground.seed import OFFICER, START, SUPERVISOR


async def test_officer_talks_to_the_polling_bot(playground: Playground) -> None:
    """A message from the page's officer reaches the bot by polling and gets the menu."""
    assert playground.fake is not None
    playground.user(OFFICER).send_text("/start")
    reply = await playground.fake.wait_for_message(OFFICER.telegram_id)
    assert t("menu.report") in reply.keyboard_texts()
    assert playground.fake.refusals == []


async def test_moving_the_date_sends_the_reminders(playground: Playground) -> None:
    """Jumping to the 20th reminder day runs the reminder check: the officer is reminded."""
    assert playground.fake is not None
    day = playground.jump_target("20")
    assert date(2021, 3, 20) <= day <= date(2021, 3, 31)
    result = await playground.move_to(day)
    assert playground.today() == day
    assert result.sent == 1 and result.occasions == ["day20:2021-03"]
    reminder = playground.fake.last_message(OFFICER.telegram_id)
    assert reminder is not None and "50450000-3247" in (reminder.content or "")
    assert playground.fake.refusals == []


async def test_first_of_the_month_sends_the_digest(playground: Playground) -> None:
    """Jumping to the 1st sends the supervisor the digest of the month before."""
    assert playground.fake is not None
    result = await playground.move_to(playground.jump_target("first"))
    assert any(o.startswith("digest:2021-03") for o in result.occasions)
    assert playground.fake.last_message(SUPERVISOR.telegram_id) is not None


async def test_reset_restores_chats_database_and_date(playground: Playground) -> None:
    """Reset empties the chats, forgets what the bot stored and puts the date back."""
    assert playground.fake is not None
    await playground.move_to(playground.jump_target("20"))
    await playground.move_to(playground.jump_target("25"))
    assert playground.fake.sent(OFFICER.telegram_id)
    await playground.reset()
    assert playground.fake is not None and playground.app is not None
    assert playground.fake.sent(OFFICER.telegram_id) == []
    assert playground.today() == START.date()
    # The deliveries were forgotten with the database: the same reminder comes again.
    result = await playground.move_to(playground.jump_target("20"))
    assert result.sent == 1
