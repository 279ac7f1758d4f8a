"""A strict, fault-injecting fake of the Telegram Bot API for tests and benchmarks.

Start a `FakeTelegram`, point PTB at `fake.base_url` / `fake.base_file_url`, let fake
users (`fake.user(...)`) produce updates, and assert on `fake.sent(chat_id)`,
`fake.refusals` and `fake.requests`.
"""

from bot.fakeapi.control import add_control_routes
from bot.fakeapi.errors import ApiError
from bot.fakeapi.faults import Fault, FaultPlan, InjectedFault, peak_rate
from bot.fakeapi.params import UploadedFile
from bot.fakeapi.records import (
    CallbackAnswer,
    ChatActionRecord,
    MessageRecord,
    Refusal,
    RequestRecord,
    StoredFile,
)
from bot.fakeapi.server import FakeTelegram
from bot.fakeapi.users import TINY_PNG, FakeUser

__all__ = [
    "TINY_PNG",
    "ApiError",
    "CallbackAnswer",
    "ChatActionRecord",
    "FakeTelegram",
    "FakeUser",
    "Fault",
    "FaultPlan",
    "InjectedFault",
    "MessageRecord",
    "Refusal",
    "RequestRecord",
    "StoredFile",
    "UploadedFile",
    "add_control_routes",
    "peak_rate",
]
