"""/language: both languages offered with buttons; the keyboard and month names follow."""

from __future__ import annotations

from core.i18n import t
from tests.harness import SAMPLE_CODE, Harness


async def test_language_offers_both_with_buttons_and_switches_the_keyboard(
    harness: Harness,
) -> None:
    """/language shows a button per language; English sends the English reply keyboard."""
    await harness.add_project()
    officer = harness.fake.user(2001, "สมศรี")
    await harness.register(officer)
    offer = await harness.say(officer, "/language")
    assert offer.button_texts() == ["ภาษาไทย", "English"]
    answer = await harness.tap(officer, "English")
    assert answer.content == t("start.language_set", "en")
    keyboard = [b["text"] for row in (answer.reply_markup or {})["keyboard"] for b in row]
    assert t("menu.report", "en") in keyboard and t("menu.report", "th") not in keyboard
    user = await harness.store.users.get(officer.id)
    assert user is not None and user.language == "en"
    # The report's month and the card's dates come in English too.
    question = await harness.say(officer, t("menu.report", "en"))
    assert "November 2569 BE" in (question.content or "")
    await harness.say(officer, "/cancel")
    card = await harness.say(officer, f"/status {SAMPLE_CODE}")
    assert "Nov 2569 BE" in (card.content or "") and "พ.ย." not in (card.content or "")
    await harness.say(officer, "/language")
    thai = await harness.tap(officer, "ภาษาไทย")
    assert thai.content == t("start.language_set", "th")
