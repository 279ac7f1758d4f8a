"""The playground's web page and JSON endpoints; it only ever listens on loopback."""

from __future__ import annotations

import ipaddress
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote

from aiohttp import web

from core.i18n import catalogue
from playground.clock import JUMPS
from playground.runner import Playground
from playground.seed import PEOPLE, Person, person_name
from playground.view import chat_json, sniff_type

STATIC = Path(__file__).resolve().parent / "static"
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
FONTS = ("Sarabun-Regular.ttf", "Sarabun-Bold.ttf", "Sarabun-Italic.ttf")
MAX_TEXT = 4096
PLAYGROUND: web.AppKey[Playground] = web.AppKey("playground", Playground)


def check_loopback(host: str) -> str:
    """Return the host when it is a loopback address; refuse anything else."""
    if host not in LOOPBACK_HOSTS:
        raise ValueError(f"the playground only listens on loopback, not on {host!r}")
    return host


def _is_loopback(remote: str | None) -> bool:
    try:
        return remote is not None and ipaddress.ip_address(remote).is_loopback
    except ValueError:
        return False


def _host_name(host: str) -> str:
    """Return the Host header without its port ("[::1]:8080" -> "::1")."""
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


@web.middleware
async def loopback_only(request: web.Request, handler: Any) -> web.StreamResponse:
    """Refuse requests from other machines, and pages of other sites (DNS rebinding)."""
    if not _is_loopback(request.remote) or _host_name(request.host) not in LOOPBACK_HOSTS:
        raise web.HTTPForbidden(text="loopback only")
    response: web.StreamResponse = await handler(request)
    return response


def labels(language: str) -> dict[str, str]:
    """Return the page's words in a language (Thai for anything unknown)."""
    language = language if language in ("th", "en") else "th"
    # Full keys: the page names each one in full (playground/static/app.js).
    return {k: v for k, v in catalogue(language).items() if k.startswith("playground.")}


def _person(request: web.Request) -> Person:
    raw = request.match_info["user_id"]
    for person in PEOPLE:
        if str(person.telegram_id) == raw:
            return person
    raise web.HTTPNotFound(text="unknown person")


def _running(request: web.Request) -> Playground:
    playground = request.app[PLAYGROUND]
    if playground.fake is None:
        raise web.HTTPServiceUnavailable(text="restarting")
    return playground


async def _body(request: web.Request) -> dict[str, Any]:
    try:
        body = await request.json()
    except ValueError as error:
        raise web.HTTPBadRequest(text="JSON expected") from error
    if not isinstance(body, dict):
        raise web.HTTPBadRequest(text="JSON object expected")
    return body


async def index(request: web.Request) -> web.FileResponse:
    """Serve the chat page."""
    return web.FileResponse(STATIC / "index.html")


async def font(request: web.Request) -> web.Response:
    """Serve a Sarabun font file from the fontpkg_sarabun package."""
    name = request.match_info["name"]
    if name not in FONTS:
        raise web.HTTPNotFound()
    data = resources.files("fontpkg_sarabun").joinpath("files", name).read_bytes()
    return web.Response(body=data, content_type="font/ttf")


async def state(request: web.Request) -> web.Response:
    """Return the people, the bot's date and the page's words."""
    playground = request.app[PLAYGROUND]
    people = [
        {"id": p.telegram_id, "key": p.key, "role": p.role.value, "name": person_name(p)}
        for p in PEOPLE
    ]
    return web.json_response(
        {
            "people": people,
            "date": playground.today().isoformat(),
            "jumps": list(JUMPS),
            "labels": labels(request.query.get("lang", "th")),
            "running": playground.fake is not None,
        }
    )


async def chat(request: web.Request) -> web.Response:
    """Return one person's chat with the bot."""
    person = _person(request)
    playground = _running(request)
    assert playground.fake is not None
    body = chat_json(playground.fake, person.telegram_id)
    body["date"] = playground.today().isoformat()
    return web.json_response(body)


async def send_text(request: web.Request) -> web.Response:
    """Send text to the bot as a person (reply keyboard buttons send their text too)."""
    person = _person(request)
    playground = _running(request)
    text = str((await _body(request)).get("text", "")).strip()
    if not text or len(text) > MAX_TEXT:
        raise web.HTTPBadRequest(text="text must hold 1 to 4096 characters")
    update = playground.user(person).send_text(text)
    return web.json_response({"update_id": update["update_id"]})


async def press(request: web.Request) -> web.Response:
    """Tap an inline button: a callback query through the fake."""
    person = _person(request)
    playground = _running(request)
    body = await _body(request)
    try:
        update = playground.user(person).press(int(body["message_id"]), str(body["data"]))
    except (KeyError, TypeError, ValueError, LookupError) as error:
        raise web.HTTPBadRequest(text=str(error)) from error
    return web.json_response({"update_id": update["update_id"]})


async def move_clock(request: web.Request) -> web.Response:
    """Move the bot's date (to a date or the next 20th/25th/last/1st) and run the reminders."""
    playground = _running(request)
    body = await _body(request)
    try:
        if "jump" in body:
            day = playground.jump_target(str(body["jump"]))
        else:
            day = date.fromisoformat(str(body.get("date")))
    except ValueError as error:
        raise web.HTTPBadRequest(text=str(error)) from error
    result = await playground.move_to(day)
    return web.json_response(
        {"date": day.isoformat(), "sent": result.sent, "occasions": result.occasions}
    )


async def reset(request: web.Request) -> web.Response:
    """Put the playground back as it started."""
    playground = request.app[PLAYGROUND]
    await playground.reset()
    return web.json_response({"date": playground.today().isoformat()})


async def file(request: web.Request) -> web.Response:
    """Serve a photo or document the bot sent; documents download under their name."""
    playground = _running(request)
    assert playground.fake is not None
    stored = playground.fake.world.files.get(request.match_info["file_id"])
    if stored is None or stored.data is None:
        raise web.HTTPNotFound()
    headers = {}
    if stored.kind == "document":
        name = quote(stored.file_name or "file")
        headers["Content-Disposition"] = f"attachment; filename*=UTF-8''{name}"
    return web.Response(body=stored.data, content_type=sniff_type(stored), headers=headers)


def make_app(playground: Playground) -> web.Application:
    """Return the web application of the page and its endpoints."""
    app = web.Application(middlewares=[loopback_only])
    app[PLAYGROUND] = playground
    app.router.add_get("/", index)
    app.router.add_static("/static/", STATIC)
    app.router.add_get("/fonts/{name}", font)
    app.router.add_get("/api/state", state)
    app.router.add_get("/api/chats/{user_id}", chat)
    app.router.add_post("/api/chats/{user_id}/text", send_text)
    app.router.add_post("/api/chats/{user_id}/press", press)
    app.router.add_post("/api/clock", move_clock)
    app.router.add_post("/api/reset", reset)
    app.router.add_get("/api/files/{file_id}", file)
    return app


async def serve(playground: Playground, host: str, port: int) -> web.AppRunner:
    """Start the page on host:port (loopback only); return the runner to clean up."""
    check_loopback(host)
    runner = web.AppRunner(make_app(playground), access_log=None, handle_signals=False)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    return runner
