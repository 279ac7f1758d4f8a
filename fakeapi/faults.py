"""Injected faults (scripted or random) and the global send-rate limit."""

from __future__ import annotations

import math
import random
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from fakeapi.errors import ApiError

FaultKind = Literal["too_many_requests", "server_error", "delay", "drop", "accept_then_drop"]
UPDATES_METHOD = "getupdates"
SEND_LIKE = frozenset(
    {
        "sendMessage",
        "sendPhoto",
        "sendDocument",
        "sendMediaGroup",
        "editMessageText",
        "editMessageCaption",
        "editMessageReplyMarkup",
    }
)


@dataclass(frozen=True)
class Fault:
    """One misbehaviour the fake applies to one call instead of (or around) answering."""

    kind: FaultKind
    retry_after: int = 1
    status: int = 500
    seconds: float = 0.0

    @classmethod
    def too_many_requests(cls, retry_after: int = 1) -> Fault:
        """Answer 429 "Too Many Requests: retry after N" with parameters.retry_after."""
        if retry_after < 1:
            raise ValueError("retry_after must be at least 1 second")
        return cls("too_many_requests", retry_after=retry_after)

    @classmethod
    def server_error(cls, status: int = 500) -> Fault:
        """Answer 500 "Internal Server Error" or 502 "Bad Gateway"."""
        if status not in (500, 502):
            raise ValueError("server_error status must be 500 or 502")
        return cls("server_error", status=status)

    @classmethod
    def delay(cls, seconds: float) -> Fault:
        """Sleep before handling the call (exceed the client's timeout with this)."""
        return cls("delay", seconds=seconds)

    @classmethod
    def drop(cls) -> Fault:
        """Close the connection without performing or answering the call."""
        return cls("drop")

    @classmethod
    def accept_then_drop(cls) -> Fault:
        """Perform the call, then close the connection so the answer is lost."""
        return cls("accept_then_drop")

    @classmethod
    def of(cls, kind: Fault | FaultKind) -> Fault:
        """Return kind as a Fault, using defaults for a bare name (delay: 1 second)."""
        if isinstance(kind, Fault):
            return kind
        defaults = {
            "too_many_requests": cls.too_many_requests(),
            "server_error": cls.server_error(),
            "delay": cls.delay(1.0),
            "drop": cls.drop(),
            "accept_then_drop": cls.accept_then_drop(),
        }
        return defaults[kind]

    def as_error(self) -> ApiError | None:
        """Return the error answer this fault gives instead of the real one, if any."""
        if self.kind == "too_many_requests":
            description = f"Too Many Requests: retry after {self.retry_after}"
            return ApiError(429, description, {"retry_after": self.retry_after}, refusal=False)
        if self.kind == "server_error":
            description = "Bad Gateway" if self.status == 502 else "Internal Server Error"
            return ApiError(self.status, description, refusal=False)
        return None


DEFAULT_RANDOM_FAULTS: tuple[Fault, ...] = (
    Fault.too_many_requests(1),
    Fault.server_error(500),
    Fault.server_error(502),
    Fault.drop(),
    Fault.accept_then_drop(),
)


@dataclass(frozen=True)
class InjectedFault:
    """A fault that was applied, for assertions and benchmark reports."""

    method: str
    fault: Fault
    time: float


class FaultPlan:
    """Decide which calls fail: scripted faults first, then the random rate."""

    def __init__(self) -> None:
        self._scripted: deque[tuple[str | None, Fault]] = deque()
        self._rate = 0.0
        self._rng = random.Random(0)
        self._kinds: tuple[Fault, ...] = DEFAULT_RANDOM_FAULTS
        self._exclude: frozenset[str] = frozenset({UPDATES_METHOD})
        self.injected: list[InjectedFault] = []

    def script(self, method: str | None, *faults: Fault) -> None:
        """Queue faults for the next calls of method (None: any method but getUpdates)."""
        if not faults:
            raise ValueError("script() needs at least one Fault")
        key = method.lower() if method is not None else None
        self._scripted.extend((key, fault) for fault in faults)

    def random_rate(
        self,
        rate: float,
        seed: int = 0,
        kinds: Sequence[Fault | FaultKind] | None = None,
        *,
        exclude: Iterable[str] = ("getUpdates",),
    ) -> None:
        """Fail each call (except excluded methods) with probability rate, reproducibly."""
        if not 0.0 <= rate <= 1.0:
            raise ValueError("rate must be within [0, 1]")
        self._rate = rate
        self._rng = random.Random(seed)
        self._kinds = tuple(Fault.of(k) for k in kinds) if kinds else DEFAULT_RANDOM_FAULTS
        self._exclude = frozenset(name.lower() for name in exclude)

    def clear(self) -> None:
        """Forget scripted faults and switch the random rate off."""
        self._scripted.clear()
        self._rate = 0.0

    @property
    def pending(self) -> int:
        """Return how many scripted faults are still waiting for a call."""
        return len(self._scripted)

    def next_fault(self, method: str, now: float) -> Fault | None:
        """Return the fault to apply to this call of method, if any, and log it."""
        lowered = method.lower()
        fault: Fault | None = None
        for index, (target, candidate) in enumerate(self._scripted):
            if target == lowered or (target is None and lowered != UPDATES_METHOD):
                fault = candidate
                del self._scripted[index]
                break
        eligible = fault is None and self._rate > 0 and lowered not in self._exclude
        # Draw for every eligible call so the sequence depends only on seed and call order.
        if eligible and self._rng.random() < self._rate:
            fault = self._rng.choice(self._kinds)
        if fault is not None:
            self.injected.append(InjectedFault(method, fault, now))
        return fault


class SendRateLimit:
    """Refuse send-like calls beyond limit per sliding window, like Telegram's flood control."""

    def __init__(self, limit: int, window: float = 1.0) -> None:
        if limit < 1:
            raise ValueError("limit must be positive")
        self.limit = limit
        self.window = window
        self._accepted: deque[float] = deque()

    def check(self, now: float) -> int | None:
        """Count a call at now; return retry_after seconds when it must be refused."""
        while self._accepted and now - self._accepted[0] >= self.window:
            self._accepted.popleft()
        if len(self._accepted) >= self.limit:
            return max(1, math.ceil(self._accepted[0] + self.window - now))
        self._accepted.append(now)
        return None


def peak_rate(times: Iterable[float], window: float = 1.0) -> int:
    """Return the largest number of events inside any window-long interval."""
    ordered = sorted(times)
    best, start = 0, 0
    for end, moment in enumerate(ordered):
        while moment - ordered[start] >= window:
            start += 1
        best = max(best, end - start + 1)
    return best
