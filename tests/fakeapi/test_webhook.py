"""The fake as Telegram with a webhook: setWebhook's rules, and updates posted in turn."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator

import httpx
import pytest
import telegram
from aiohttp import web
from telegram.error import BadRequest, Conflict

from fakeapi import FakeTelegram, FakeUser, add_control_routes
from fakeapi.updates import chat_of
from fakeapi.webhook import IDLE_WAIT, SECRET_HEADER
from tests.fakeapi.conftest import make_bot
from tests.webhook_support import free_port

PUBLIC = "https://bot.example.org/hook"


class Flight:
    """What all receivers hold at once: the posts being answered and their chats."""

    def __init__(self) -> None:
        self.open = asyncio.Event()
        self.open.set()
        self.posts = 0
        self.most_posts = 0
        self.chats: Counter[int] = Counter()
        self.most_of_one_chat = 0
        # (chat, update id) of every accepted post, in the order the answers left.
        self.accepted: list[tuple[int | None, int]] = []

    def begin(self, chat: int | None) -> None:
        """Count a post that arrived and is not answered yet."""
        self.posts += 1
        self.most_posts = max(self.most_posts, self.posts)
        if chat is not None:
            self.chats[chat] += 1
            self.most_of_one_chat = max(self.most_of_one_chat, self.chats[chat])

    def end(self, chat: int | None) -> None:
        """Count a post answered."""
        self.posts -= 1
        if chat is not None:
            self.chats[chat] -= 1


class Receiver:
    """A bot process stand-in: records each posted update and answers with a set status.

    It answers only while the shared flight is open, so a test can hold posts in flight.
    """

    def __init__(self, flight: Flight, status: int = 200) -> None:
        self.flight = flight
        self.status = status
        self.received: list[tuple[int, str | None]] = []
        self.app = web.Application()
        self.app.router.add_post("/hook", self._post)
        self.runner = web.AppRunner(self.app, access_log=None)
        self.url = ""

    async def _post(self, request: web.Request) -> web.Response:
        update = await request.json()
        chat = chat_of(update)
        self.flight.begin(chat)
        try:
            await self.flight.open.wait()
            # Yield once more so that posts held together overlap for the counts.
            await asyncio.sleep(0.01)
        finally:
            self.flight.end(chat)
        if self.status == 200:
            self.flight.accepted.append((chat, int(update["update_id"])))
        self.received.append((int(update["update_id"]), request.headers.get(SECRET_HEADER)))
        return web.Response(status=self.status)

    async def start(self) -> None:
        """Listen on a free loopback port."""
        await self.runner.setup()
        port = free_port()
        await web.TCPSite(self.runner, "127.0.0.1", port).start()
        self.url = f"http://127.0.0.1:{port}/hook"

    async def stop(self) -> None:
        """Stop listening."""
        await self.runner.cleanup()


@pytest.fixture
def flight() -> Flight:
    """Give the receivers' shared record of posts in flight."""
    return Flight()


@pytest.fixture
async def receivers(flight: Flight) -> AsyncIterator[list[Receiver]]:
    """Run three receivers; a test may make one refuse."""
    started = [Receiver(flight) for _ in range(3)]
    for receiver in started:
        await receiver.start()
    yield started
    for receiver in started:
        await receiver.stop()


@pytest.mark.parametrize(
    ("url", "secret", "refusal"),
    [
        ("http://bot.example.org/hook", None, "An HTTPS URL must be provided"),
        ("https://bot.example.org:8080/hook", None, "only on ports 80, 88, 443 or 8443"),
        (PUBLIC, "has space", "secret token contains unallowed characters"),
        (PUBLIC, "x" * 257, "secret token contains unallowed characters"),
    ],
)
async def test_set_webhook_refuses_what_telegram_refuses(
    fake: FakeTelegram, bot: telegram.Bot, url: str, secret: str | None, refusal: str
) -> None:
    """A plain-HTTP URL, another port or a malformed secret is a Bad Request; nothing is set."""
    with pytest.raises(BadRequest, match=f"(?i){refusal}"):
        await bot.set_webhook(url, secret_token=secret)
    assert fake.webhook_url == ""


async def test_webhook_info_and_conflict(fake: FakeTelegram, bot: telegram.Bot) -> None:
    """A set webhook shows in getWebhookInfo and makes getUpdates conflict until deleted."""
    await bot.set_webhook("https://bot.example.org:8443/hook", secret_token="Ab_9-")
    info = await bot.get_webhook_info()
    assert info.url == "https://bot.example.org:8443/hook"
    with pytest.raises(Conflict, match="webhook is active"):
        await bot.get_updates(timeout=0)
    await bot.delete_webhook()
    assert (await bot.get_webhook_info()).url == ""
    assert await bot.get_updates(timeout=0) == ()


async def test_updates_are_posted_in_turn_with_the_secret(
    fake: FakeTelegram, bot: telegram.Bot, user: FakeUser, receivers: list[Receiver]
) -> None:
    """Each update goes to the next process in turn, once, with the secret token header."""
    fake.webhook.deliver_to([receiver.url for receiver in receivers])
    await bot.set_webhook(PUBLIC, secret_token="s3cret")
    # The fixture's /start waits already; five more follow.
    waiting = [update["update_id"] for update in fake.pending_updates]
    sent = waiting + [user.send_text(f"ข้อความ {i}")["update_id"] for i in range(5)]
    await fake.wait_for(lambda: sum(len(r.received) for r in receivers) == len(sent), timeout=5)
    for turn, receiver in enumerate(receivers):
        assert [update for update, _ in receiver.received] == sent[turn :: len(receivers)]
    assert {secret for receiver in receivers for _, secret in receiver.received} == {"s3cret"}
    assert fake.pending_updates == []


async def test_a_refused_or_unreachable_update_goes_to_the_next_process(
    fake: FakeTelegram, bot: telegram.Bot, user: FakeUser, receivers: list[Receiver]
) -> None:
    """A 403 and a closed port each hand the update to the next process; none is lost."""
    receivers[0].status = 403
    gone = free_port()
    fake.webhook.deliver_to([receivers[0].url, f"http://127.0.0.1:{gone}/hook", receivers[1].url])
    await bot.set_webhook(PUBLIC, secret_token="s3cret")
    sent = [user.send_text(f"ข้อความ {i}")["update_id"] for i in range(3)]
    await fake.wait_for(lambda: len(receivers[1].received) == 4, timeout=5)
    assert sorted(update for update, _ in receivers[1].received)[-3:] == sent
    statuses = {(d.target, d.status) for d in fake.webhook.deliveries}
    assert (receivers[0].url, 403) in statuses
    assert (f"http://127.0.0.1:{gone}/hook", None) in statuses
    assert fake.pending_updates == []


async def test_nothing_is_posted_without_a_webhook(
    fake: FakeTelegram, bot: telegram.Bot, user: FakeUser, receivers: list[Receiver]
) -> None:
    """Processes behind the balancer get nothing until setWebhook, then every waiting update."""
    fake.webhook.deliver_to([receivers[0].url])
    user.send_text("สวัสดี")
    # Longer than the delivery's idle wait: it looked at the queue at least once meanwhile.
    await asyncio.sleep(IDLE_WAIT * 2)
    assert receivers[0].received == [] and len(fake.pending_updates) == 2
    await bot.set_webhook(PUBLIC)
    await fake.wait_for(lambda: len(receivers[0].received) == 2, timeout=5)
    assert receivers[0].received[0][1] is None  # no secret set, no header


async def test_control_route_names_the_processes_behind_the_webhook(
    receivers: list[Receiver],
) -> None:
    """POST /_fake/webhook/targets tells a standalone fake where to post once a webhook is set."""
    fake = FakeTelegram()
    add_control_routes(fake)
    async with fake, httpx.AsyncClient() as client, make_bot(fake) as bot:
        root = fake.base_url.removesuffix("/bot")
        targets = [receivers[0].url]
        answer = await client.post(f"{root}/_fake/webhook/targets", json={"targets": targets})
        assert answer.json() == {"ok": True} and fake.webhook.targets == targets
        await bot.set_webhook(PUBLIC)
        update = fake.user(8, "สมชาย").send_text("/start")
        await fake.wait_for(lambda: len(receivers[0].received) == 1, timeout=5)
        assert receivers[0].received == [(update["update_id"], None)]


def crowd(fake: FakeTelegram, people: int, each: int) -> list[int]:
    """Let people users send each messages, interleaved; return the update ids in order."""
    users = [fake.user(5000 + n, f"คนที่ {n}") for n in range(people)]
    return [user.send_text(f"ข้อความ {i}")["update_id"] for i in range(each) for user in users]


async def test_up_to_max_connections_posts_are_in_flight_at_once(
    fake: FakeTelegram, bot: telegram.Bot, receivers: list[Receiver], flight: Flight
) -> None:
    """Twelve chats' updates go out together, but never more than max_connections at once."""
    fake.webhook.deliver_to([receiver.url for receiver in receivers])
    flight.open.clear()
    sent = crowd(fake, people=12, each=1)
    await bot.set_webhook(PUBLIC, max_connections=5)
    await fake.wait_for(lambda: flight.posts == 5, timeout=5)
    # Held a while longer: no sixth post starts while five wait.
    await asyncio.sleep(IDLE_WAIT)
    assert flight.posts == 5
    flight.open.set()
    await fake.wait_for(lambda: fake.pending_updates == [], timeout=5)
    assert sorted(update for _, update in flight.accepted) == sent
    assert flight.most_posts == 5 == fake.webhook.most_in_flight


async def test_the_default_is_forty_at_once(
    fake: FakeTelegram, bot: telegram.Bot, receivers: list[Receiver], flight: Flight
) -> None:
    """Without max_connections, 40 posts are in flight at once, as Telegram's default."""
    fake.webhook.deliver_to([receiver.url for receiver in receivers])
    flight.open.clear()
    crowd(fake, people=45, each=1)
    await bot.set_webhook(PUBLIC)
    await fake.wait_for(lambda: flight.posts == 40, timeout=5)
    await asyncio.sleep(IDLE_WAIT)
    assert flight.posts == 40
    flight.open.set()
    await fake.wait_for(lambda: fake.pending_updates == [], timeout=5)
    assert flight.most_posts == 40


async def test_a_chat_has_one_update_in_flight_and_keeps_its_order(
    fake: FakeTelegram, bot: telegram.Bot, receivers: list[Receiver], flight: Flight
) -> None:
    """Four messages each of six chats: never two of a chat at once; each chat's come in order."""
    fake.webhook.deliver_to([receiver.url for receiver in receivers])
    sent = crowd(fake, people=6, each=4)
    await bot.set_webhook(PUBLIC, max_connections=40)
    await fake.wait_for(lambda: fake.pending_updates == [], timeout=10)
    assert flight.most_of_one_chat == 1
    assert flight.most_posts > 1  # the chats did overlap
    assert sorted(update for _, update in flight.accepted) == sent
    for chat in {chat for chat, _ in flight.accepted}:
        in_arrival = [update for of, update in flight.accepted if of == chat]
        assert len(in_arrival) == 4 and in_arrival == sorted(in_arrival)


async def test_a_refused_update_is_retried_on_another_process_and_none_is_lost(
    fake: FakeTelegram, bot: telegram.Bot, receivers: list[Receiver], flight: Flight
) -> None:
    """With one process refusing all, every update of a crowd is accepted once by the others."""
    receivers[0].status = 503
    fake.webhook.deliver_to([receiver.url for receiver in receivers])
    sent = crowd(fake, people=10, each=3)
    await bot.set_webhook(PUBLIC)
    await fake.wait_for(lambda: fake.pending_updates == [], timeout=10)
    assert sorted(update for _, update in flight.accepted) == sent
    refused = {d.update_id for d in fake.webhook.deliveries if d.status == 503}
    taken_by = {d.update_id: d.target for d in fake.webhook.deliveries if d.status == 200}
    assert refused and all(taken_by[update] != receivers[0].url for update in refused)
