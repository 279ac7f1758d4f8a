"""Tests for getUpdates, fake users' updates, files and running a real PTB Application."""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path

import httpx
import pytest
import telegram
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputMediaPhoto, Update
from telegram.error import BadRequest, Conflict
from telegram.ext import ApplicationBuilder, CommandHandler, ContextTypes

from fakeapi import TINY_PNG, FakeTelegram, FakeUser
from fakeapi.control import add_control_routes
from tests.fakeapi.conftest import make_bot

REPO_ROOT = Path(__file__).resolve().parents[2]


async def test_get_updates_redelivers_until_offset_confirms(
    bot: telegram.Bot, user: FakeUser
) -> None:
    """Unconfirmed updates come again; an offset above them confirms and forgets them."""
    user.send_text("ส่งรายงาน")
    first = await bot.get_updates(timeout=0)
    again = await bot.get_updates(timeout=0)
    assert [u.update_id for u in first] == [u.update_id for u in again] and len(first) == 2
    assert first[0].update_id < first[1].update_id
    rest = await bot.get_updates(offset=first[0].update_id + 1, timeout=0)
    assert [u.update_id for u in rest] == [first[1].update_id]
    assert await bot.get_updates(offset=first[1].update_id + 1, timeout=0) == ()


async def test_long_poll_wakes_on_new_update(fake: FakeTelegram, bot: telegram.Bot) -> None:
    """A waiting getUpdates returns as soon as an update arrives, not at its timeout."""
    user = fake.user()
    asyncio.get_running_loop().call_later(0.1, user.send_text, "มาแล้ว")
    started = time.monotonic()
    updates = await bot.get_updates(timeout=5)
    assert len(updates) == 1 and time.monotonic() - started < 2


async def test_allowed_updates_and_drop_pending(fake: FakeTelegram, bot: telegram.Bot) -> None:
    """allowed_updates filters kinds; deleteWebhook(drop_pending_updates) forgets the rest."""
    user = fake.user()
    user.send_text("ข้อความ")
    fake.queue_update({"message_reaction": {}})  # excluded by default, never delivered
    only_callbacks = await bot.get_updates(timeout=0, allowed_updates=["callback_query"])
    assert only_callbacks == ()
    user.send_text("อีกข้อความ")
    await bot.delete_webhook(drop_pending_updates=True)
    assert await bot.get_updates(timeout=0, allowed_updates=[]) == ()


async def test_fake_user_updates_parse_in_ptb(fake: FakeTelegram, bot: telegram.Bot) -> None:
    """Every update builder produces JSON that PTB parses into the expected objects."""
    user = fake.user(1001, "สมชาย", "ใจดี", "somchai")

    def parse(data: dict[str, object]) -> Update:
        update = Update.de_json(data, bot)
        assert update is not None
        return update

    start = parse(user.send_text("/start ABC123")).message
    assert start is not None and start.text == "/start ABC123"
    assert start.parse_entities(["bot_command"]) and start.from_user is not None
    photo = parse(user.send_photo(caption="หน้างาน")).message
    assert photo is not None and len(photo.photo) == 2 and photo.caption == "หน้างาน"
    document = parse(user.send_document("แผน.xlsx", b"PK\x03\x04", "application/zip")).message
    assert document is not None and document.document is not None
    assert document.document.file_name == "แผน.xlsx"
    sticker = parse(user.send_sticker()).message
    assert sticker is not None and sticker.sticker is not None and sticker.sticker.emoji == "👍"
    location = parse(user.send_location(13.75, 100.5)).message
    assert location is not None and location.location is not None
    contact = parse(user.send_contact()).message
    assert contact is not None and contact.contact is not None
    assert contact.contact.user_id == 1001
    edited = parse(user.edit_text(start.message_id, "/start XYZ")).edited_message
    assert edited is not None and edited.text == "/start XYZ" and edited.edit_date is not None
    ids = [u["update_id"] for u in fake.pending_updates]
    assert ids == sorted(ids) and len(set(ids)) == 7


async def test_press_builds_callback_queries(
    fake: FakeTelegram, bot: telegram.Bot, user: FakeUser
) -> None:
    """press/press_button use real button data; press_data can forge or go stale."""
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("ยืนยัน", callback_data="ok:1")]])
    sent = await bot.send_message(user.chat_id, "ยืนยันไหม", reply_markup=markup)
    record = fake.last_message(user.chat_id)
    assert record is not None
    pressed = Update.de_json(user.press(record, "ok:1"), bot).callback_query
    assert pressed is not None and pressed.message is not None
    assert pressed.message.message_id == sent.message_id
    with pytest.raises(ValueError, match="no button"):
        user.press(record, "forged")
    await bot.delete_message(user.chat_id, sent.message_id)
    stale = Update.de_json(user.press_data(sent.message_id, "ok:1"), bot).callback_query
    assert stale is not None and stale.message is not None and not stale.message.is_accessible
    with pytest.raises(LookupError):
        user.press_button(user.chat_id, "ยืนยัน")


async def test_queue_updates_off_returns_without_queueing() -> None:
    """With queue_updates=False builders only return updates; queue_update still queues."""
    async with FakeTelegram(queue_updates=False) as fake:
        update = fake.user().send_text("สวัสดี")
        assert fake.pending_updates == []
        queued = fake.queue_update({"update_id": update["update_id"] + 5, "message": {}})
        assert fake.pending_updates == [queued]
        with pytest.raises(ValueError, match="not above"):
            fake.queue_update({"update_id": 1, "message": {}})


async def test_files_round_trip(fake: FakeTelegram, bot: telegram.Bot, user: FakeUser) -> None:
    """User files and bot uploads download byte-exact via getFile; file_ids are reusable."""
    incoming = user.send_document("รายงาน.pdf", b"%PDF-1.7 test", "application/pdf")
    file = await bot.get_file(incoming["message"]["document"]["file_id"])
    assert bytes(await file.download_as_bytearray()) == b"%PDF-1.7 test"
    sent = await bot.send_document(user.chat_id, b"a,b\n1,2\n", filename="สรุป.csv")
    assert sent.document is not None and sent.document.file_name == "สรุป.csv"
    again = await bot.send_document(user.chat_id, sent.document.file_id)
    assert again.document is not None and again.document.file_id == sent.document.file_id
    photo = await bot.send_photo(user.chat_id, TINY_PNG)
    downloaded = await (await bot.get_file(photo.photo[-1].file_id)).download_as_bytearray()
    assert bytes(downloaded) == TINY_PNG == fake.sent(user.chat_id)[-1].photo_bytes
    with pytest.raises(BadRequest, match=r"(?i)type of file mismatch"):
        await bot.send_photo(user.chat_id, sent.document.file_id)
    with pytest.raises(BadRequest, match=r"(?i)invalid file_id"):
        await bot.get_file("nonsense")
    with pytest.raises(BadRequest, match=r"(?i)IMAGE_PROCESS_FAILED"):
        await bot.send_photo(user.chat_id, b"not an image at all")


async def test_media_group(fake: FakeTelegram, bot: telegram.Bot, user: FakeUser) -> None:
    """sendMediaGroup stores 2-10 photos sharing one media_group_id; 1 item is refused."""
    album = [InputMediaPhoto(TINY_PNG, caption="ก่อน"), InputMediaPhoto(TINY_PNG)]
    messages = await bot.send_media_group(user.chat_id, album)
    assert len({m.media_group_id for m in messages}) == 1 and messages[0].caption == "ก่อน"
    assert [m.caption for m in fake.sent(user.chat_id)] == ["ก่อน", None]
    with pytest.raises(BadRequest):
        await bot.send_media_group(user.chat_id, album[:1])


async def test_wait_for_message_waits_for_late_replies(
    fake: FakeTelegram, bot: telegram.Bot, user: FakeUser
) -> None:
    """wait_for_message returns once a matching message shows up, and times out otherwise."""
    asyncio.get_running_loop().call_later(
        0.05, lambda: asyncio.ensure_future(bot.send_message(user.chat_id, "เสร็จแล้ว"))
    )
    message = await fake.wait_for_message(user.chat_id, lambda m: m.text == "เสร็จแล้ว", 3)
    assert message.from_bot
    with pytest.raises(TimeoutError):
        await fake.wait_for_message(user.chat_id, timeout=0.1, after=message.message_id)


async def test_get_updates_conflicts(fake: FakeTelegram, bot: telegram.Bot) -> None:
    """getUpdates conflicts with a webhook and with a second concurrent poller."""
    await bot.set_webhook("https://example.org/hook")
    with pytest.raises(Conflict):
        await bot.get_updates(timeout=0)
    await bot.delete_webhook()
    first = asyncio.create_task(bot.get_updates(timeout=3))
    await fake.wait_for(lambda: len(fake.calls("getUpdates")) == 2, timeout=2)
    async with make_bot(fake) as other_instance:
        second = asyncio.create_task(other_instance.get_updates(timeout=0))
        with pytest.raises(Conflict, match=r"(?i)terminated by other getUpdates"):
            await first
        assert await second == ()
    assert fake.refusals[-1].error_code == 409


async def test_ptb_application_polls_and_replies(fake: FakeTelegram) -> None:
    """A real PTB Application polls the fake, answers /start and shuts down cleanly."""

    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        await update.effective_message.reply_text("<b>สวัสดี</b>", parse_mode="HTML")

    app = (
        ApplicationBuilder()
        .token(fake.token)
        .base_url(fake.base_url)
        .base_file_url(fake.base_file_url)
        .build()
    )
    app.add_handler(CommandHandler("start", start))
    user = fake.user()
    async with app:
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0.0, timeout=1)
        await app.start()
        user.send_text("/start")
        reply = await fake.wait_for_message(user.chat_id, timeout=5)
        await app.updater.stop()
        await app.stop()
    assert reply.text == "สวัสดี" and reply.entities[0]["type"] == "bold"
    assert fake.refusals == [] and fake.pending_updates == []


async def test_standalone_server_prints_base_url() -> None:
    """`python -m fakeapi` prints its base URL first and answers getMe there."""
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "fakeapi", "--port", "0",
        cwd=REPO_ROOT, stdout=asyncio.subprocess.PIPE,
    )  # fmt: skip
    try:
        assert process.stdout is not None
        base_url = (await asyncio.wait_for(process.stdout.readline(), 10)).decode().strip()
        assert base_url.startswith("http://127.0.0.1:") and base_url.endswith("/bot")
        async with httpx.AsyncClient() as client:
            me = (await client.get(f"{base_url}123:ABC/getMe")).json()
        assert me["result"]["username"] == "field_report_bot"
    finally:
        process.terminate()
        await process.wait()


async def test_callback_queries_expire_after_ttl() -> None:
    """With callback_query_ttl set, a late answer is refused like on Telegram."""
    async with FakeTelegram(callback_query_ttl=0.0) as fake, make_bot(fake) as late_bot:
        user = fake.user()
        user.send_text("/start")
        markup = InlineKeyboardMarkup([[InlineKeyboardButton("ก", callback_data="a")]])
        sent = await late_bot.send_message(user.chat_id, "เลือก", reply_markup=markup)
        query_id = user.press(sent.message_id, "a")["callback_query"]["id"]
        await asyncio.sleep(0.01)
        with pytest.raises(BadRequest, match=r"(?i)query is too old"):
            await late_bot.answer_callback_query(query_id)


async def test_control_routes_drive_a_standalone_fake() -> None:
    """The /_fake/ control routes create user messages and report stats."""
    fake = FakeTelegram()
    add_control_routes(fake)
    async with fake, httpx.AsyncClient() as client:
        root = fake.base_url.removesuffix("/bot")
        update = (await client.post(f"{root}/_fake/users/7/text", json={"text": "/start"})).json()
        assert update["message"]["text"] == "/start" and fake.pending_updates
        stats = (await client.get(f"{root}/_fake/stats")).json()
        assert stats["pending_updates"] == 1 and stats["refusals"] == []
