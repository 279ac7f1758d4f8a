"""The fake as Telegram with a webhook: setWebhook's rules, and updates posted in turn."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest
import telegram
from aiohttp import web
from telegram.error import BadRequest, Conflict

from fakeapi import FakeTelegram, FakeUser, add_control_routes
from fakeapi.webhook import IDLE_WAIT, SECRET_HEADER
from tests.fakeapi.conftest import make_bot
from tests.webhook_support import free_port

PUBLIC = "https://bot.example.org/hook"


class Receiver:
    """A bot process stand-in: records each posted update and answers with a set status."""

    def __init__(self, status: int = 200) -> None:
        self.status = status
        self.received: list[tuple[int, str | None]] = []
        self.app = web.Application()
        self.app.router.add_post("/hook", self._post)
        self.runner = web.AppRunner(self.app, access_log=None)
        self.url = ""

    async def _post(self, request: web.Request) -> web.Response:
        update = await request.json()
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
async def receivers() -> AsyncIterator[list[Receiver]]:
    """Run three receivers; a test may make one refuse."""
    started = [Receiver() for _ in range(3)]
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
