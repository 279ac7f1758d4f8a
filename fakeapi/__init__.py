"""A strict, fault-injecting fake of the Telegram Bot API for tests and benchmarks.

Start a `FakeTelegram`, point PTB at `fake.base_url` / `fake.base_file_url`, let fake
users (`fake.user(...)`) produce updates, and assert on `fake.sent(chat_id)`,
`fake.refusals` and `fake.requests`.
"""

from fakeapi.control import add_control_routes
from fakeapi.errors import ApiError
from fakeapi.faults import Fault, FaultPlan, InjectedFault, peak_rate
from fakeapi.params import UploadedFile
from fakeapi.records import (
    CallbackAnswer,
    ChatActionRecord,
    MessageRecord,
    Refusal,
    RequestRecord,
    StoredFile,
)
from fakeapi.server import FakeTelegram
from fakeapi.users import TINY_PNG, FakeUser

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
