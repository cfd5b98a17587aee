"""Authentication backends: who may open an app.

A backend is a class with a unique ``name`` registered through the
``blocks_register_auth_backends`` hook. ``launch(auth=...)`` picks one.
"""

from __future__ import annotations

import hmac
from typing import Callable, ClassVar, Iterable

__all__ = ["AuthBackend", "PasswordAuth"]


class AuthBackend:
    name: ClassVar[str] = "auth"

    def authenticate(self, username: str, password: str) -> bool:
        raise NotImplementedError


class PasswordAuth(AuthBackend):
    """Username and password pairs, or a function that checks them."""

    name = "password"

    def __init__(self, credentials: Iterable[tuple[str, str]] | tuple[str, str] | Callable):
        if callable(credentials):
            self._check = credentials
            self._pairs = []
        else:
            if isinstance(credentials, tuple) and len(credentials) == 2 and \
                    all(isinstance(part, str) for part in credentials):
                credentials = [credentials]
            self._pairs = [(str(u), str(p)) for u, p in credentials]
            self._check = None

    def authenticate(self, username: str, password: str) -> bool:
        if self._check is not None:
            return bool(self._check(username, password))
        ok = False
        for user, secret in self._pairs:
            # compare every pair in constant time so timing reveals nothing
            same_user = hmac.compare_digest(user.encode(), username.encode())
            same_pass = hmac.compare_digest(secret.encode(), password.encode())
            ok |= same_user and same_pass
        return ok
