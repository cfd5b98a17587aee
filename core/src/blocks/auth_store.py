"""Where logins and failed sign-in attempts are kept, and how failures slow sign-ins down.

A :class:`Login` is made when a visitor signs in (form or redirect backends);
the session cookie names it, signed. The store is authoritative: a cookie is
accepted only while its login is in the store and not expired, so ending a
login (``/logout``) takes effect at once, everywhere the store is shared.

:class:`LoginStore` is the interface; :class:`MemoryLoginStore` (``memory``,
the default) keeps everything in the process. Several processes serving one
app need a store they share, registered by a plugin through the
``blocks_register_login_stores`` hook and chosen with the ``login_store``
setting.

:class:`Throttle` turns the failures counted for a key (a client address, a
username) into how long sign-ins are refused: ``attempts`` failures are free,
then each further one doubles the wait from ``delay`` seconds up to
``max_delay``; the count is forgotten ``forget`` seconds after the last
failure, and at once after a successful sign-in.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass, field
from typing import ClassVar

__all__ = ["Login", "LoginStore", "MemoryLoginStore", "Throttle", "new_login"]


@dataclass
class Login:
    """One sign-in: by whom, through which backend, until when (epoch seconds)."""

    id: str
    username: str
    backend: str
    created: float
    expires: float
    profile: dict | None = None
    token: dict | None = None
    extra: dict = field(default_factory=dict)

    def expired(self, now: float | None = None) -> bool:
        return (time.time() if now is None else now) >= self.expires


def new_login(identity, backend: str, max_age: float) -> Login:
    now = time.time()
    return Login(id=secrets.token_urlsafe(24), username=identity.username, backend=backend,
                 created=now, expires=now + max_age, profile=identity.profile,
                 token=identity.token, extra=dict(identity.extra))


class LoginStore:
    """Logins by id, and failure counts by key. Every method runs on the server's loop."""

    name: ClassVar[str] = "login_store"

    def add(self, login: Login) -> None:
        raise NotImplementedError

    def get(self, login_id: str) -> Login | None:
        """The login, or ``None`` when it is unknown, ended or expired."""
        raise NotImplementedError

    def remove(self, login_id: str) -> Login | None:
        raise NotImplementedError

    def remove_user(self, username: str) -> list[str]:
        """End every login of ``username``; return their ids."""
        raise NotImplementedError

    def record_failure(self, key: str, now: float, forget: float) -> tuple[int, float]:
        """Count a failed attempt for ``key``; return ``(failures, now)``.

        A count whose last failure is more than ``forget`` seconds old starts again.
        """
        raise NotImplementedError

    def failures(self, key: str, now: float, forget: float) -> tuple[int, float]:
        """``(failures, time of the last one)`` for ``key``; ``(0, 0.0)`` when none count."""
        raise NotImplementedError

    def clear_failures(self, key: str) -> None:
        raise NotImplementedError

    def sweep(self, now: float, forget: float) -> None:
        """Drop expired logins and forgotten failure counts."""


class MemoryLoginStore(LoginStore):
    """Everything in this process (one process serves the app)."""

    name = "memory"

    def __init__(self, **options):
        if options:
            raise TypeError(f"The memory login store takes no options: {sorted(options)}.")
        self._logins: dict[str, Login] = {}
        self._failures: dict[str, tuple[int, float]] = {}

    def add(self, login: Login) -> None:
        self._logins[login.id] = login

    def get(self, login_id: str) -> Login | None:
        login = self._logins.get(login_id)
        if login is not None and login.expired():
            del self._logins[login_id]
            return None
        return login

    def remove(self, login_id: str) -> Login | None:
        return self._logins.pop(login_id, None)

    def remove_user(self, username: str) -> list[str]:
        ids = [key for key, login in self._logins.items() if login.username == username]
        for key in ids:
            del self._logins[key]
        return ids

    def record_failure(self, key: str, now: float, forget: float) -> tuple[int, float]:
        count, _ = self.failures(key, now, forget)
        self._failures[key] = (count + 1, now)
        return count + 1, now

    def failures(self, key: str, now: float, forget: float) -> tuple[int, float]:
        count, last = self._failures.get(key, (0, 0.0))
        if count and now - last > forget:
            del self._failures[key]
            return 0, 0.0
        return count, last

    def clear_failures(self, key: str) -> None:
        self._failures.pop(key, None)

    def sweep(self, now: float, forget: float) -> None:
        for key in [key for key, login in self._logins.items() if login.expired(now)]:
            del self._logins[key]
        for key in [key for key, (_, last) in self._failures.items() if now - last > forget]:
            del self._failures[key]


@dataclass(frozen=True)
class Throttle:
    """How failed sign-ins slow down the next ones (see the module docstring).

    With the defaults: 5 free failures, then waits of 1, 2, 4, 8, ... seconds,
    at most 300 (5 minutes); forgotten 15 minutes after the last failure.
    """

    attempts: int = 5
    delay: float = 1.0
    max_delay: float = 300.0
    forget: float = 900.0

    @classmethod
    def of(cls, value) -> Throttle:
        if value is None:
            return cls()
        if isinstance(value, Throttle):
            return value
        if isinstance(value, dict):
            unknown = set(value) - {"attempts", "delay", "max_delay", "forget"}
            if unknown:
                raise TypeError(f"auth_throttle has no key(s) {', '.join(sorted(unknown))}; "
                                "it takes attempts, delay, max_delay and forget.")
            throttle = cls(**value)
        else:
            raise TypeError("auth_throttle must be a dict such as {'attempts': 5, 'delay': 1, "
                            "'max_delay': 300, 'forget': 900}.")
        if throttle.attempts < 0 or throttle.delay <= 0 or throttle.max_delay < throttle.delay \
                or throttle.forget <= 0:
            raise ValueError("auth_throttle: attempts >= 0, 0 < delay <= max_delay, forget > 0.")
        return throttle

    def wait(self, failures: int, last: float, now: float) -> float:
        """Seconds until the next attempt is allowed (0: now)."""
        extra = failures - self.attempts
        if extra <= 0:
            return 0.0
        delay = min(self.max_delay, self.delay * 2 ** min(extra - 1, 60))
        return max(0.0, last + delay - now)
