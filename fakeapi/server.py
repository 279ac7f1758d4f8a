"""The HTTP side of the fake Telegram: routing, faults, rate limit, recording, waiting."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import os
import time
from pathlib import Path
from types import TracebackType
from typing import Any

from aiohttp import web

from fakeapi import media as _media  # noqa: F401  (registers the file methods)
from fakeapi.api import METHODS
from fakeapi.errors import ApiError, bad_request
from fakeapi.faults import SEND_LIKE, Fault, SendRateLimit
from fakeapi.params import Params, read_params
from fakeapi.records import Refusal, RequestRecord
from fakeapi.updates import CONFLICT_OTHER_POLL
from fakeapi.webhook import WebhookDelivery
from fakeapi.world_view import WorldView

JSON = dict[str, Any]
CANONICAL = {name.lower(): name for name in [*METHODS, "getUpdates"]}
LOOPBACK = frozenset({"127.0.0.1", "localhost"})
WEBHOOK_CONFLICT = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)
_dumps = functools.partial(json.dumps, ensure_ascii=False)


class FakeTelegram(WorldView):
    """A strict, fault-injecting Bot API server on loopback for tests and benchmarks."""

    def __init__(
        self,
        token: str = "123:ABC",
        bot_username: str = "field_report_bot",
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        bot_first_name: str = "Field Report Bot",
        queue_updates: bool = True,
        global_rate_limit: int | None = None,
        callback_query_ttl: float | None = None,
    ) -> None:
        if host not in LOOPBACK:
            raise ValueError("the fake only listens on loopback")
        super().__init__(
            token,
            bot_username,
            bot_first_name,
            queue_updates=queue_updates,
            callback_query_ttl=callback_query_ttl,
        )
        self.token = token
        self.host = host
        self.port = port
        self.rate_limit = SendRateLimit(global_rate_limit) if global_rate_limit else None
        self._stopping = asyncio.Event()
        self.app = web.Application(client_max_size=60 * 1024 * 1024)
        self.app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        self.app.router.add_get("/file/bot{token}/{file_path:.+}", self._handle_file)
        self._runner: web.AppRunner | None = None
        # Posts the updates to the bot processes while a webhook is set (webhook.deliver_to).
        self.webhook = WebhookDelivery(self.world)

    # -- lifecycle -----------------------------------------------------------------------

    async def start(self) -> None:
        """Start listening; port 0 picks a free port."""
        self._stopping.clear()
        self.world.updates.closing = False
        # Short shutdown timeout: long polls and delays are released explicitly in stop().
        self._runner = web.AppRunner(
            self.app, handle_signals=False, access_log=None, shutdown_timeout=1.0
        )
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        self.port = int(self._runner.addresses[0][1])
        self.webhook.start()

    async def stop(self) -> None:
        """Release waiting calls and stop listening."""
        self._stopping.set()
        await self.webhook.stop()
        self.world.updates.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeTelegram:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        """Return the value for ApplicationBuilder().base_url() / Bot(base_url=...)."""
        return f"http://{self.host}:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        """Return the value for ApplicationBuilder().base_file_url()."""
        return f"http://{self.host}:{self.port}/file/bot"

    def bot_environment(self, database: Path, **extra: str) -> dict[str, str]:
        """Return this process's environment pointing a bot process at the fake."""
        return {
            **os.environ,
            "TELEGRAM_BOT_TOKEN": self.token,
            "TELEGRAM_API_BASE_URL": self.base_url,
            "TELEGRAM_API_FILE_URL": self.base_file_url,
            "DATABASE_PATH": str(database),
            "BOT_TIMEZONE": "Asia/Bangkok",
            "BOT_ADMIN_IDS": "",
            **extra,
        }

    # -- HTTP ----------------------------------------------------------------------------

    def _respond(
        self, record: RequestRecord, error: ApiError | None, result: Any = None
    ) -> web.Response:
        """Build the JSON answer, record its status and any refusal."""
        if error is None:
            record.status = 200
            body: JSON = {"ok": True, "result": result}
        else:
            record.status = error.error_code
            body = error.body()
            if error.refusal:
                self.refusals.append(
                    Refusal(record.method, record.params, error.error_code, error.description)
                )
                self.counters["refusals"] += 1
        self.world.touch()
        return web.json_response(body, status=record.status, dumps=_dumps)

    def _drop(self, request: web.Request, record: RequestRecord) -> web.Response:
        """Close the connection so the client gets no answer at all."""
        record.dropped = True
        if request.transport is not None:
            request.transport.abort()
        self.world.touch()
        return web.Response()

    async def _pause(self, seconds: float) -> None:
        """Sleep, but wake early when the server is stopping."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stopping.wait(), seconds)

    async def _apply_fault(
        self, request: web.Request, record: RequestRecord
    ) -> web.Response | None:
        """Apply the call's injected fault; return the response when it ends the call."""
        fault = record.fault
        if fault is None:
            return None
        self.counters["faults"] += 1
        if fault.kind == "drop":
            return self._drop(request, record)
        if fault.kind == "delay":
            await self._pause(fault.seconds)
        error = fault.as_error()
        return None if error is None else self._respond(record, error)

    async def _handle_api(self, request: web.Request) -> web.Response:
        name = request.match_info["method"]
        method = CANONICAL.get(name.lower(), name)
        record = RequestRecord(method, {}, time.monotonic())
        self.requests.append(record)
        self.counters[method] += 1
        if request.match_info["token"] != self.token:
            return self._respond(record, ApiError(401, "Unauthorized"))
        if name.lower() not in CANONICAL:
            return self._respond(record, ApiError(404, "Not Found"))
        try:
            record.params = await read_params(request)
        except ApiError as error:
            return self._respond(record, error)
        fault = record.fault = self.faults.next_fault(method, record.time)
        if (early := await self._apply_fault(request, record)) is not None:
            return early
        if method in SEND_LIKE and self.rate_limit is not None:
            retry_after = self.rate_limit.check(time.monotonic())
            if retry_after is not None:
                self.counters["rate_limited"] += 1
                limited = Fault.too_many_requests(retry_after).as_error()
                assert limited is not None
                return self._respond(record, limited)
        try:
            if method == "getUpdates":
                result = await self._get_updates(request, Params(record.params))
            else:
                result = METHODS[method](self.world, Params(record.params))
            response = self._respond(record, None, result)
        except ApiError as error:
            response = self._respond(record, error)
        except Exception as bug:  # a bug in the fake must show up in refusals, not hide
            description = f"Internal Server Error: fake bug {bug!r}"
            response = self._respond(record, ApiError(500, description))
        if fault is not None and fault.kind == "accept_then_drop":
            return self._drop(request, record)
        return response

    async def _get_updates(self, request: web.Request, params: Params) -> list[JSON]:
        if self.world.webhook_url:
            raise ApiError(409, WEBHOOK_CONFLICT)
        limit = min(max(params.int_("limit") or 100, 1), 100)
        try:
            timeout = float(params.raw("timeout") or 0)
        except (TypeError, ValueError) as error:
            raise bad_request('field "timeout" must be a Number') from error
        allowed = params.json_("allowed_updates")
        try:
            return await self.world.updates.poll(
                params.int_("offset"),
                limit,
                timeout,
                allowed if isinstance(allowed, list) else None,
            )
        except ApiError as error:
            if error.description == CONFLICT_OTHER_POLL:
                # A poll whose client already hung up (a cancelled or crashed bot) is no
                # second instance; give its FIN a moment to arrive before judging.
                await asyncio.sleep(0.05)
                transport = request.transport
                error.refusal = transport is not None and not transport.is_closing()
            raise

    async def _handle_file(self, request: web.Request) -> web.Response:
        path = request.match_info["file_path"]
        record = RequestRecord("downloadFile", {"file_path": path}, time.monotonic())
        self.requests.append(record)
        self.counters["downloadFile"] += 1
        fault = record.fault = self.faults.next_fault("downloadFile", record.time)
        if (early := await self._apply_fault(request, record)) is not None:
            return early
        stored = self.world.files_by_path.get(path)
        if request.match_info["token"] != self.token or stored is None or stored.data is None:
            return self._respond(record, ApiError(404, "Not Found"))
        if fault is not None and fault.kind == "accept_then_drop":
            return self._drop(request, record)
        record.status = 200
        return web.Response(
            body=stored.data, content_type=stored.mime_type or "application/octet-stream"
        )
