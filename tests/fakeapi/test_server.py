"""Tests that the fake answers like Telegram and refuses what Telegram refuses."""

from __future__ import annotations

import httpx
import pytest
import telegram
from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    Update,
)
from telegram.error import BadRequest, Forbidden, InvalidToken

from fakeapi import TINY_PNG, FakeTelegram, FakeUser


def keyboard(*pairs: tuple[str, str]) -> InlineKeyboardMarkup:
    """Build a one-column inline keyboard from (text, callback_data) pairs."""
    return InlineKeyboardMarkup([[InlineKeyboardButton(t, callback_data=d)] for t, d in pairs])


async def test_get_me_describes_the_bot(bot: telegram.Bot) -> None:
    """getMe returns the configured bot identity."""
    me = await bot.get_me()
    assert (me.id, me.username, me.is_bot) == (123, "field_report_bot", True)


async def test_wrong_token_is_unauthorized(fake: FakeTelegram) -> None:
    """A wrong token gets 401 Unauthorized (PTB: InvalidToken)."""
    stranger = telegram.Bot("999:XYZ", base_url=fake.base_url)
    with pytest.raises(InvalidToken):
        await stranger.initialize()
    assert fake.refusals[-1].error_code == 401


async def test_unknown_method_is_404_and_names_ignore_case(fake: FakeTelegram) -> None:
    """Unknown methods answer 404 Not Found; known ones match case-insensitively."""
    async with httpx.AsyncClient() as client:
        unknown = await client.post(f"{fake.base_url}123:ABC/sendTelepathy")
        known = await client.post(f"{fake.base_url}123:ABC/GETME")
    assert unknown.status_code == 404
    assert unknown.json() == {"ok": False, "error_code": 404, "description": "Not Found"}
    assert known.json()["result"]["username"] == "field_report_bot"


async def test_valid_message_passes_and_is_recorded(
    fake: FakeTelegram, bot: telegram.Bot, user: FakeUser
) -> None:
    """A valid HTML message with a keyboard is accepted and recorded in plain form."""
    sent = await bot.send_message(
        user.chat_id,
        "<b>รายงาน</b> &amp; ผล",
        parse_mode="HTML",
        reply_markup=keyboard(("ส่ง", "go")),
    )
    record = fake.last_message(user.chat_id)
    assert record is not None and record.message_id == sent.message_id == 2  # /start was 1
    assert (record.text, record.raw, record.parse_mode) == ("รายงาน & ผล", sent.text_html, "HTML")
    assert record.entities == [{"type": "bold", "offset": 0, "length": 6}]
    assert record.button("ส่ง")["callback_data"] == "go"
    assert fake.refusals == [] and fake.requests[-1].params["chat_id"] == user.chat_id


async def test_text_limit_counts_utf16_after_parsing(bot: telegram.Bot, user: FakeUser) -> None:
    """4096 UTF-16 units pass (tags excluded); 4097 or 2049 emoji are too long."""
    await bot.send_message(user.chat_id, "<b>" + "ก" * 4096 + "</b>", parse_mode="HTML")
    await bot.send_message(user.chat_id, "😀" * 2048)
    for text in ("ก" * 4097, "😀" * 2049):
        with pytest.raises(BadRequest, match=r"(?i)message is too long"):
            await bot.send_message(user.chat_id, text)


@pytest.mark.parametrize("text", ["   ", "<b> </b>", "<i></i>"])
async def test_empty_text_is_refused(
    fake: FakeTelegram, bot: telegram.Bot, user: FakeUser, text: str
) -> None:
    """Text that is empty after trimming and parsing is refused."""
    with pytest.raises(BadRequest, match=r"(?i)message text is empty"):
        await bot.send_message(user.chat_id, text, parse_mode="HTML")
    assert fake.refusals[-1].description == "Bad Request: message text is empty"


@pytest.mark.parametrize(
    "text",
    [
        "<foo>x</foo>",
        "<b>unclosed",
        "stray</b>",
        "a < b",
        "R&D",
        "&nbsp;",
        "<b><i>x</b></i>",
        "<a>no href</a>",
        "<span>x</span>",
        "<br/>",
    ],
)
async def test_bad_html_is_refused(
    fake: FakeTelegram, bot: telegram.Bot, user: FakeUser, text: str
) -> None:
    """Malformed or unsupported HTML is refused with "can't parse entities"."""
    with pytest.raises(BadRequest, match=r"(?i)can't parse entities"):
        await bot.send_message(user.chat_id, text, parse_mode="HTML")
    assert fake.refusals[-1].description.startswith("Bad Request: can't parse entities:")


@pytest.mark.parametrize(
    "text",
    [
        "&lt;&gt;&amp;&quot;&#3585;&#x0E01;",
        '<a href="https://example.org/?a=1&amp;b=2">link</a>',
        '<span class="tg-spoiler">s</span> <tg-spoiler>t</tg-spoiler>',
        "<blockquote expandable>q</blockquote>",
        '<pre><code class="language-python">x = 1</code></pre>',
        "<B>case</B> a > b",
    ],
)
async def test_good_html_is_accepted(bot: telegram.Bot, user: FakeUser, text: str) -> None:
    """Everything Telegram's HTML allows is accepted."""
    await bot.send_message(user.chat_id, text, parse_mode="HTML")


async def test_markdown_v2_needs_escapes(bot: telegram.Bot, user: FakeUser) -> None:
    """MarkdownV2 refuses unescaped reserved characters and unclosed entities."""
    await bot.send_message(user.chat_id, r"*ยอด* 1\.5 \(ล้าน\)", parse_mode="MarkdownV2")
    for text in ("1.5", "*unclosed", "a-b"):
        with pytest.raises(BadRequest, match=r"(?i)can't parse entities"):
            await bot.send_message(user.chat_id, text, parse_mode="MarkdownV2")
    with pytest.raises(BadRequest, match=r"(?i)unsupported parse_mode"):
        await bot.send_message(user.chat_id, "x", parse_mode="BBCode")


async def test_caption_limit_is_1024(bot: telegram.Bot, user: FakeUser) -> None:
    """A 1024-character caption passes; 1025 is refused."""
    await bot.send_photo(user.chat_id, TINY_PNG, caption="ก" * 1024)
    with pytest.raises(BadRequest, match=r"(?i)message caption is too long"):
        await bot.send_photo(user.chat_id, TINY_PNG, caption="ก" * 1025)


async def test_callback_data_limit_is_64_bytes(bot: telegram.Bot, user: FakeUser) -> None:
    """22 Thai characters (66 UTF-8 bytes) of callback_data are refused; 21 (63) pass."""
    await bot.send_message(user.chat_id, "ok", reply_markup=keyboard(("a", "ก" * 21)))
    with pytest.raises(BadRequest, match=r"(?i)BUTTON_DATA_INVALID"):
        await bot.send_message(user.chat_id, "no", reply_markup=keyboard(("a", "ก" * 22)))


async def test_inline_buttons_need_one_action(bot: telegram.Bot, user: FakeUser) -> None:
    """Inline buttons without an action, or with an empty text, are refused."""
    with pytest.raises(BadRequest, match=r"(?i)Text buttons are unallowed"):
        markup = InlineKeyboardMarkup([[InlineKeyboardButton("x")]])
        await bot.send_message(user.chat_id, "no", reply_markup=markup)
    with pytest.raises(BadRequest, match=r"(?i)BUTTON_TEXT_INVALID"):
        await bot.send_message(user.chat_id, "no", reply_markup=keyboard((" ", "d")))


async def test_reply_keyboards_are_accepted(
    fake: FakeTelegram, bot: telegram.Bot, user: FakeUser
) -> None:
    """Reply keyboards are accepted and kept on the record, not echoed in the Message."""
    markup = ReplyKeyboardMarkup([[KeyboardButton("แชร์เบอร์", request_contact=True)]])
    sent = await bot.send_message(user.chat_id, "กดปุ่ม", reply_markup=markup)
    assert sent.reply_markup is None
    record = fake.last_message(user.chat_id)
    assert record is not None and record.keyboard_texts() == ["แชร์เบอร์"]


async def test_callback_query_is_answered_once(
    fake: FakeTelegram, bot: telegram.Bot, user: FakeUser
) -> None:
    """A callback query can be answered once; a second or forged answer is refused."""
    await bot.send_message(user.chat_id, "เลือก", reply_markup=keyboard(("ใช่", "yes")))
    query = Update.de_json(user.press_button(user.chat_id, "ใช่"), bot).callback_query
    assert query is not None and query.data == "yes"
    assert await query.answer("รับทราบ")
    for query_id in (query.id, "12345"):
        with pytest.raises(BadRequest, match=r"(?i)query is too old"):
            await bot.answer_callback_query(query_id)
    assert [a.text for a in fake.callback_answers] == ["รับทราบ"]


async def test_callback_answer_text_limit(bot: telegram.Bot, user: FakeUser) -> None:
    """answerCallbackQuery text over 200 characters is refused."""
    await bot.send_message(user.chat_id, "เลือก", reply_markup=keyboard(("ใช่", "yes")))
    query_id = user.press_button(user.chat_id, "ใช่")["callback_query"]["id"]
    with pytest.raises(BadRequest):
        await bot.answer_callback_query(query_id, "ก" * 201)


async def test_private_chat_needs_start_and_respects_block(
    fake: FakeTelegram, bot: telegram.Bot
) -> None:
    """Never-started users and blocking users get 403; unknown chats get 400."""
    stranger = fake.user(2002, "สมหญิง")
    with pytest.raises(Forbidden, match=r"(?i)bot can't initiate conversation with a user"):
        await bot.send_message(stranger.chat_id, "สวัสดี")
    stranger.send_text("สวัสดี")
    await bot.send_message(stranger.chat_id, "สวัสดีครับ")
    fake.block(stranger.id)
    with pytest.raises(Forbidden, match=r"(?i)bot was blocked by the user"):
        await bot.send_message(stranger.chat_id, "ยังอยู่ไหม")
    fake.unblock(stranger.id)
    await bot.send_chat_action(stranger.chat_id, "typing")
    with pytest.raises(BadRequest, match=r"(?i)chat not found"):
        await bot.send_message(424242, "ใครครับ")


async def test_group_message_does_not_start_private_chat(
    fake: FakeTelegram, bot: telegram.Bot
) -> None:
    """Writing in a group lets the bot answer there, not in private."""
    member = fake.user(3003, "ประเสริฐ").in_group(-1001234567890, "ทีมจังหวัด")
    update = Update.de_json(member.send_text("/report@field_report_bot"), bot)
    assert update.effective_chat is not None and update.effective_chat.type == "supergroup"
    await bot.send_message(member.chat_id, "รับทราบ")
    with pytest.raises(Forbidden):
        await bot.send_message(member.id, "ส่วนตัว")


async def test_edit_rules(fake: FakeTelegram, bot: telegram.Bot, user: FakeUser) -> None:
    """Edits need the bot's own live message and a real change; no markup drops the keyboard."""
    sent = await bot.send_message(user.chat_id, "ร่าง", reply_markup=keyboard(("ต่อ", "next")))
    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_text(
            "ร่าง", user.chat_id, sent.message_id, reply_markup=sent.reply_markup
        )
    await bot.edit_message_text("<b>ร่าง</b>", user.chat_id, sent.message_id, parse_mode="HTML")
    record = fake.last_message(user.chat_id)
    assert record is not None and record.reply_markup is None and len(record.edits) == 1
    with pytest.raises(BadRequest, match=r"(?i)message to edit not found"):
        await bot.edit_message_text("x", user.chat_id, 999)
    with pytest.raises(BadRequest, match=r"(?i)message can't be edited"):
        await bot.edit_message_text("x", user.chat_id, 1)  # the user's /start
    with pytest.raises(BadRequest, match=r"(?i)there is no caption"):
        await bot.edit_message_caption(user.chat_id, sent.message_id, caption="c")
    assert await bot.delete_message(user.chat_id, sent.message_id)
    with pytest.raises(BadRequest, match=r"(?i)message to edit not found"):
        await bot.edit_message_reply_markup(user.chat_id, sent.message_id)
    assert fake.last_message(user.chat_id) is None
    assert fake.sent(user.chat_id, include_deleted=True)[-1].deleted


@pytest.mark.filterwarnings("ignore:Please use 'Bot.sendMessage'")
async def test_chat_action_and_missing_parameters(
    fake: FakeTelegram, bot: telegram.Bot, user: FakeUser
) -> None:
    """Bad chat actions and missing required parameters are refused."""
    await bot.send_chat_action(user.chat_id, "upload_document")
    with pytest.raises(BadRequest, match=r"(?i)wrong parameter action"):
        await bot.send_chat_action(user.chat_id, "dancing")
    with pytest.raises(BadRequest, match=r"(?i)chat_id is empty"):
        await bot.do_api_request("sendMessage", api_kwargs={"text": "x"})
    with pytest.raises(BadRequest, match=r"(?i)message text is empty"):
        await bot.do_api_request("sendMessage", api_kwargs={"chat_id": user.chat_id})
    assert [(a.chat_id, a.action) for a in fake.chat_actions] == [(1001, "upload_document")]


async def test_reply_to_missing_message_is_refused(bot: telegram.Bot, user: FakeUser) -> None:
    """Replying to a message that does not exist is refused unless explicitly allowed."""
    reply = await bot.send_message(user.chat_id, "ตอบ", reply_to_message_id=1)
    assert reply.reply_to_message is not None and reply.reply_to_message.text == "/start"
    with pytest.raises(BadRequest, match=r"(?i)message to be replied not found"):
        await bot.send_message(user.chat_id, "ตอบ", reply_to_message_id=77)
    await bot.send_message(
        user.chat_id, "ตอบ", reply_to_message_id=77, allow_sending_without_reply=True
    )


async def test_commands_are_stored_per_scope_and_language(
    fake: FakeTelegram, bot: telegram.Bot
) -> None:
    """setMyCommands stores per scope and language; invalid commands are refused."""
    await bot.set_my_commands([("report", "ส่งรายงาน")], language_code="th")
    await bot.set_my_commands([("report", "Send report")])
    assert fake.commands_for("default", "th") == [{"command": "report", "description": "ส่งรายงาน"}]
    assert [c.description for c in await bot.get_my_commands()] == ["Send report"]
    with pytest.raises(BadRequest, match=r"(?i)BOT_COMMAND_INVALID"):
        await bot.set_my_commands([("Report-Now", "x")])
    await bot.delete_my_commands(language_code="th")
    assert ("default", "th") not in fake.commands


async def test_get_chat_and_menu_button(bot: telegram.Bot, user: FakeUser) -> None:
    """getChat returns a parseable ChatFullInfo; setChatMenuButton is accepted."""
    chat = await bot.get_chat(user.chat_id)
    assert (chat.id, chat.first_name) == (1001, "สมชาย")
    assert await bot.set_chat_menu_button(user.chat_id)
