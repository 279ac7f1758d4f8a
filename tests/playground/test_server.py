"""The playground's web page and JSON endpoints, over loopback HTTP."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from core.i18n import t
from playground.runner import Playground
from playground.seed import ADMIN, OFFICER, START
from playground.server import _is_loopback, check_loopback, make_app, serve

Client = TestClient[web.Request, web.Application]


@pytest.fixture
async def client(playground: Playground) -> AsyncIterator[Client]:
    """Serve the page for the running playground on loopback."""
    async with TestClient(TestServer(make_app(playground), host="127.0.0.1")) as running:
        yield running


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10", "::", "example.org"])
async def test_server_refuses_non_loopback_hosts(playground: Playground, host: str) -> None:
    """Binding to anything but loopback is refused before listening."""
    with pytest.raises(ValueError, match="loopback"):
        check_loopback(host)
    with pytest.raises(ValueError, match="loopback"):
        await serve(playground, host, 0)


def test_only_loopback_clients_are_served() -> None:
    """Requests from other machines would be refused by the middleware's check."""
    assert _is_loopback("127.0.0.1") and _is_loopback("::1")
    assert not _is_loopback("10.0.0.5") and not _is_loopback(None)


async def test_other_host_names_are_refused(client: Client) -> None:
    """A page of another site resolving to 127.0.0.1 (DNS rebinding) is refused."""
    assert (await client.get("/api/state", headers={"Host": "evil.example:8080"})).status == 403
    assert (await client.get("/api/state", headers={"Host": "localhost:8080"})).status == 200
    assert (await client.get("/api/state", headers={"Host": "[::1]:8080"})).status == 200


async def test_page_static_files_and_font_are_served(client: Client) -> None:
    """The page, its script and the Sarabun font come from the package, not the internet."""
    page = await client.get("/")
    html = await page.text()
    assert page.status == 200 and "/static/app.js" in html and "http" not in html
    script = await client.get("/static/app.js")
    assert script.status == 200 and "innerHTML" not in await script.text()
    font = await client.get("/fonts/Sarabun-Regular.ttf")
    assert font.status == 200 and len(await font.read()) > 10_000
    assert (await client.get("/fonts/other.ttf")).status == 404


async def test_state_lists_people_date_and_words(client: Client) -> None:
    """The state names the three people, the bot's date and the words in Thai or English."""
    state = await (await client.get("/api/state")).json()
    assert [p["key"] for p in state["people"]] == ["officer", "supervisor", "admin"]
    assert state["date"] == START.date().isoformat()
    assert state["labels"]["playground.reset"] == t("playground.reset", "th")
    english = await (await client.get("/api/state?lang=en")).json()
    assert english["labels"]["playground.reset"] == t("playground.reset", "en")


async def test_text_and_button_go_through_the_fake(client: Client, playground: Playground) -> None:
    """Text reaches the bot; an inline button tap is a callback query answered by the bot."""
    assert playground.fake is not None
    chat_url = f"/api/chats/{OFFICER.telegram_id}"
    assert (await client.post(f"{chat_url}/text", json={"text": "/start"})).status == 200
    await playground.fake.wait_for_message(OFFICER.telegram_id)
    await client.post(f"{chat_url}/text", json={"text": t("menu.report")})
    question = await playground.fake.wait_for_message(
        OFFICER.telegram_id, lambda m: bool(m.buttons()), after=2
    )
    chat = await (await client.get(chat_url)).json()
    assert chat["keyboard"] and t("menu.report") in chat["keyboard"][0]
    shown = chat["messages"][-1]
    assert shown["from_bot"] and shown["inline"] and shown["entities"]
    data = shown["inline"][0][0]["data"]
    pressed = await client.post(f"{chat_url}/press", json={"message_id": shown["id"], "data": data})
    assert pressed.status == 200
    await playground.fake.wait_for_message(OFFICER.telegram_id, after=question.message_id)
    assert playground.fake.refusals == []


async def test_bad_requests_are_refused(client: Client) -> None:
    """Unknown people, empty text, forged buttons and unknown jumps get 4xx answers."""
    assert (await client.get("/api/chats/4242")).status == 404
    assert (await client.post("/api/chats/1001/text", json={"text": " "})).status == 400
    forged = await client.post("/api/chats/1001/press", json={"message_id": 99, "data": "x"})
    assert forged.status == 400
    assert (await client.post("/api/clock", json={"jump": "15"})).status == 400
    assert (await client.get("/api/files/nope")).status == 404


async def test_clock_and_reset_endpoints(client: Client) -> None:
    """Moving the date reports what was sent; reset puts the starting date back."""
    moved = await (await client.post("/api/clock", json={"jump": "20"})).json()
    assert moved["sent"] == 1 and moved["occasions"] == ["day20:2021-03"]
    chat = await (await client.get(f"/api/chats/{OFFICER.telegram_id}")).json()
    assert chat["date"] == moved["date"] and chat["messages"][-1]["inline"]
    dated = await (await client.post("/api/clock", json={"date": "2021-05-03"})).json()
    assert dated["date"] == "2021-05-03"
    reset = await (await client.post("/api/reset", json={})).json()
    assert reset["date"] == START.date().isoformat()
    chat = await (await client.get(f"/api/chats/{OFFICER.telegram_id}")).json()
    assert chat["messages"] == []


async def test_document_downloads_under_its_name(client: Client, playground: Playground) -> None:
    """The admin's XLSX export shows as a document whose URL downloads the file."""
    assert playground.fake is not None
    await client.post(f"/api/chats/{ADMIN.telegram_id}/text", json={"text": "/export"})
    await playground.fake.wait_for_message(ADMIN.telegram_id, lambda m: m.document is not None)
    chat = await (await client.get(f"/api/chats/{ADMIN.telegram_id}")).json()
    document = chat["messages"][-1]["document"]
    assert document["name"].endswith(".xlsx")
    download = await client.get(document["url"])
    assert download.status == 200
    assert "attachment" in download.headers["Content-Disposition"]
    assert (await download.read()).startswith(b"PK")  # XLSX is a zip
