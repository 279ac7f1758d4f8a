"""A button of a message deleted meanwhile: the answer comes as a new message, not an error."""

from __future__ import annotations

from core.i18n import t
from fakeapi import FakeUser
from tests.harness import ADMIN_ID, Harness
from tests.security.support import record_errors


async def _admin_list(harness: Harness) -> tuple[FakeUser, int, str]:
    for number in range(12):
        await harness.add_project(code=f"1000000{number:02d}-0001", name=f"โครงการ {number}")
    admin = harness.fake.user(ADMIN_ID, "แอดมิน")
    await harness.say(admin, "/start")
    listing = await harness.say(admin, "/status")
    data = next(
        str(button["callback_data"])
        for button in listing.buttons()
        if str(button.get("callback_data", "")).startswith("st:l:") and button["text"] != "1"
    )
    return admin, listing.message_id, data


async def test_page_of_a_deleted_list_comes_as_a_new_message(harness: Harness) -> None:
    """The next page of a list the person deleted is sent anew; no error, no admin alert."""
    admin, message_id, data = await _admin_list(harness)
    errors = record_errors(harness)
    harness.fake.world.chats[admin.chat_id].messages[message_id].deleted = True
    before = len(harness.fake.sent(admin.chat_id))
    await harness.deliver(admin.press_data(message_id, data))
    after = harness.fake.sent(admin.chat_id)[before:]
    page_two = t("status.choose", page=2, pages=2)
    assert [m.content for m in after if not m.deleted] == [page_two]
    assert errors.errors == []
    assert not [text for text in harness.texts(admin) if text == t("errors.sorry")]
