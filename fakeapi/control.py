"""Optional HTTP control routes (/_fake/...) for driving a standalone fake from outside."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from fakeapi.records import Refusal
from fakeapi.server import FakeTelegram

JSON = dict[str, Any]


def _refusal_json(refusal: Refusal) -> JSON:
    return {
        "method": refusal.method,
        "error_code": refusal.error_code,
        "description": refusal.description,
    }


def add_control_routes(fake: FakeTelegram) -> None:
    """Add /_fake/ routes to the fake's app; call before start()."""

    async def stats(request: web.Request) -> web.Response:
        return web.json_response(
            {
                "counters": dict(fake.counters),
                "requests": len(fake.requests),
                "refusals": [_refusal_json(r) for r in fake.refusals],
                "faults_injected": len(fake.faults.injected),
                "max_send_rate": fake.max_send_rate(),
                "pending_updates": len(fake.pending_updates),
            }
        )

    async def user_text(request: web.Request) -> web.Response:
        body = await request.json()
        user = fake.user(int(request.match_info["user_id"]), body.get("first_name", "สมชาย"))
        return web.json_response(user.send_text(str(body["text"])))

    async def user_press(request: web.Request) -> web.Response:
        body = await request.json()
        user = fake.user(int(request.match_info["user_id"]), body.get("first_name", "สมชาย"))
        try:
            update = user.press_button(None, str(body["button_text"]))
        except LookupError as error:
            raise web.HTTPNotFound(text=str(error)) from error
        return web.json_response(update)

    async def chat_sent(request: web.Request) -> web.Response:
        chat_id = int(request.match_info["chat_id"])
        return web.json_response([m.to_api() for m in fake.sent(chat_id)])

    async def clear(request: web.Request) -> web.Response:
        fake.clear_records()
        return web.json_response({"ok": True})

    async def webhook_targets(request: web.Request) -> web.Response:
        # The bot processes behind the webhook's public URL, as a load balancer knows them.
        body = await request.json()
        fake.webhook.deliver_to([str(target) for target in body["targets"]])
        return web.json_response({"ok": True})

    fake.app.router.add_get("/_fake/stats", stats)
    fake.app.router.add_post("/_fake/webhook/targets", webhook_targets)
    fake.app.router.add_post("/_fake/users/{user_id}/text", user_text)
    fake.app.router.add_post("/_fake/users/{user_id}/press", user_press)
    fake.app.router.add_get("/_fake/chats/{chat_id}/sent", chat_sent)
    fake.app.router.add_post("/_fake/clear", clear)
