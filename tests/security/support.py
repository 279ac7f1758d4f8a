"""Deliver corpus items as real updates and check that each one got a usable answer."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from bot.app import services_of
from core.charts import ChartLabels, ChartRenderer, OverviewChartData, ProjectChartData
from core.charts.data import ROWS_PER_PAGE, AgencyRollupData, paginate
from fakeapi import TINY_PNG, FakeUser, MessageRecord
from handlers.context import BotContext
from handlers.status import CHARTS
from tests.harness import Harness
from tests.security.corpus import Hostile, Kind

THAI = re.compile(r"[\u0E01-\u0E5B]")
# A report button tied to a draft key: once that draft is gone, the button is stale.
DRAFT_BUTTON = re.compile(r"^r[a-z]:[0-9a-f]{8}")
TEXT_PAGE = "ความคืบหน้าโครงการ <b>&\n".encode() * 50


@dataclass(eq=False)
class ErrorRecorder:
    """Record every exception that reaches the application's error handlers."""

    errors: list[tuple[str, BaseException | None]] = field(default_factory=list)
    current: str = ""

    async def __call__(self, update: object, context: BotContext) -> None:
        """Remember the error with the label of the input that caused it."""
        self.errors.append((self.current, context.error))


def record_errors(harness: Harness) -> ErrorRecorder:
    """Add an error handler that records, next to the bot's own (which still runs); stub charts."""
    recorder = ErrorRecorder()
    harness.app.add_error_handler(recorder)
    stub_charts(harness)
    return recorder


class StubCharts(ChartRenderer):
    """Answer every chart with a tiny PNG: these tests read words, not pictures."""

    async def project_chart(self, data: ProjectChartData, labels: ChartLabels) -> bytes:
        """Return a 1x1 PNG."""
        return TINY_PNG

    async def overview_charts(
        self, data: OverviewChartData, labels: ChartLabels, per_page: int = ROWS_PER_PAGE
    ) -> list[bytes]:
        """Return one 1x1 PNG per page the overview would have."""
        return [TINY_PNG] * len(paginate(data.rows, per_page))

    async def agency_rollup(
        self, data: AgencyRollupData, labels: ChartLabels, per_page: int
    ) -> list[bytes]:
        """Return one 1x1 PNG per page the roll-up would have."""
        return [TINY_PNG] * len(paginate(data.rows, per_page))


def stub_charts(harness: Harness) -> None:
    """Skip chart rendering (and its worker processes) for the rest of a test."""
    extras = services_of(harness.app).extras
    real = extras.get(CHARTS)
    if isinstance(real, ChartRenderer):
        real.close()
    extras[CHARTS] = StubCharts()


@dataclass(frozen=True)
class Outcome:
    """What the bot did about one input."""

    messages: list[MessageRecord]
    callback_answers: list[str | None]
    was_button: bool

    def thai_answer(self) -> bool:
        """Return whether the person got at least one Thai text: a message or a button alert."""
        texts = [m.content or "" for m in self.messages]
        texts += [text or "" for text in self.callback_answers]
        return any(THAI.search(text) for text in texts)

    def answered(self) -> bool:
        """Return whether the input got a reply: every button press exactly one answer."""
        if self.was_button:
            return len(self.callback_answers) == 1
        return bool(self.messages)


def _last_user_text(user: FakeUser, harness: Harness) -> int | None:
    for message in reversed(harness.fake.messages(user.chat_id)):
        if not message.from_bot and message.text:
            return message.message_id
    return None


def _stale_button(user: FakeUser, harness: Harness, any_kind: bool) -> tuple[int, str] | None:
    """Return the oldest button in the chat: of any kind, or tied to a (gone) draft."""
    for message in harness.fake.sent(user.chat_id):
        for button in message.buttons():
            data = button.get("callback_data")
            if isinstance(data, str) and (any_kind or DRAFT_BUTTON.match(data)):
                return message.message_id, data
    return None


def build_update(
    harness: Harness, user: FakeUser, item: Hostile, **places: object
) -> dict[str, Any]:
    """Turn a corpus item into the update JSON the fake would deliver."""
    if item.kind in (Kind.TEXT, Kind.COMMAND):
        return user.send_text(item.value)
    if item.kind is Kind.STICKER:
        return user.send_sticker(item.value)
    if item.kind is Kind.PHOTO:
        return user.send_photo(caption=item.value or None)
    if item.kind is Kind.LOCATION:
        latitude, longitude = (float(part) for part in item.value.split(","))
        return user.send_location(latitude, longitude)
    if item.kind is Kind.CONTACT:
        return user.send_contact(item.value)
    if item.kind is Kind.DOCUMENT:
        data = TEXT_PAGE if item.value.endswith(".txt") else b"MZ\x00\x01" * 64
        return user.send_document(item.value, data)
    if item.kind is Kind.EDIT:
        message_id = _last_user_text(user, harness)
        if message_id is None:
            return user.send_text(item.value)
        return user.edit_text(message_id, item.value)
    if item.kind is Kind.STALE:
        found = _stale_button(user, harness, any_kind=item.value == "any")
        if found is None:
            return user.press_data(1, "rq:00000000:500")
        return user.press_data(*found)
    last = harness.fake.last_message(user.chat_id)
    return user.press_data(last.message_id if last else 1, item.data(**places))


async def send(harness: Harness, user: FakeUser, item: Hostile, **places: object) -> Outcome:
    """Deliver one item and return the bot's new messages and button answers."""
    before = {m.message_id: len(m.edits) for m in harness.fake.sent(user.chat_id)}
    answers_before = len(harness.fake.callback_answers)
    raw = build_update(harness, user, item, **places)
    await harness.deliver(raw)
    query_id = raw.get("callback_query", {}).get("id")
    answers = [
        answer.text
        for answer in harness.fake.callback_answers[answers_before:]
        if answer.callback_query_id == query_id
    ]
    # New messages, and messages the bot edited in answer (a list turning its page).
    fresh = [
        m for m in harness.fake.sent(user.chat_id) if before.get(m.message_id, -1) < len(m.edits)
    ]
    return Outcome(fresh, answers, was_button="callback_query" in raw)


def describe(item: Hostile) -> str:
    """Return a short, printable name of an item for assertion messages."""
    return f"{item.kind.value}:{item.label}"
