"""``gr.State`` and ``gr.BrowserState``: values that belong to one session."""

from __future__ import annotations

import base64
import copy
import hashlib
import hmac
import json
import secrets
from typing import Any, Callable

from marshmallow import fields

from blocks.components.base import Component
from blocks.events import CHANGE

__all__ = ["State", "BrowserState"]

_NOT_COPYABLE = (
    "The value of a gr.State must be deep-copyable (each session gets its own copy), and "
    "{kind} is not: {error}. Keep such objects in a dict keyed by request.session_hash "
    "instead: create them in demo.load (with a gr.Request argument), use them in your "
    "functions, and delete them in demo.unload.")


class State(Component):
    """An invisible value kept on the server for each session.

    The default is deep-copied for every session; a callable default is called
    when a session first needs it. Use it as an input and an output; its
    ``.change`` fires when a function changes it (element changes count for
    lists, sets and dicts; other objects compare by hash).

    Args:
        value: the value each session starts with (deep-copied), or a function
            called to make it when a session first needs it.
        render: ``False`` creates it outside the app; place it later with ``.render()``.
        time_to_live: seconds after its last change when a session's value is deleted.
        delete_callback: called with a session's value when it is deleted.
    """

    name = "state"
    JS_MODULE = "components/state.js"
    EVENTS = (CHANGE,)
    SERVER_SIDE = True  # the value never goes to the browser
    SERVER_PARAMS = frozenset({"time_to_live", "delete_callback"})
    API_SKIP = True  # nor to a program: not a parameter or return value of the API

    def __init__(self, value: Any = None, render: bool = True, *,
                 time_to_live: float | None = None,
                 delete_callback: Callable[[Any], None] | None = None):
        self.default_factory = value if callable(value) else None
        if not callable(value):
            try:
                copy.deepcopy(value)
            except Exception as error:  # locks, sockets, open files, ...
                raise TypeError(_NOT_COPYABLE.format(kind=type(value).__name__,
                                                     error=error)) from error
        self.time_to_live = time_to_live
        self.delete_callback = delete_callback
        super().__init__(None if callable(value) else value, render=render, visible=False)

    def initial_value(self) -> Any:
        """A fresh value for a new session."""
        if self.default_factory is not None:
            return self.default_factory()
        return super().initial_value()

    def get_props(self) -> dict:
        return {"visible": False}

    def api_info(self):
        return {"type": {}, "description": "session state (not part of the API)"}


class BrowserState(Component):
    """A value kept in the browser's localStorage under ``storage_key``.

    The browser only holds it encrypted and signed with ``secret``: another app
    (another secret) can neither read nor forge it, and then sees the default.
    With no ``storage_key`` or ``secret``, random ones are made per process, so
    values survive reloads of the page but not restarts of the server.

    Args:
        default_value: the value of a browser that has none stored.
        storage_key: the localStorage key the value is kept under.
        secret: the key the value is encrypted and signed with (it never leaves the server).
        render: ``False`` creates it outside the app; place it later with ``.render()``.
    """

    name = "browser_state"
    DEEP_LINK = False  # it belongs to one browser
    JS_MODULE = "components/browser_state.js"
    EVENTS = (CHANGE,)
    SERVER_PARAMS = frozenset({"default_value", "secret"})  # the secret never leaves
    API_SKIP = True  # the browser keeps it: a program has none to send

    def __init__(self, default_value: Any = None, *, storage_key: str | None = None,
                 secret: str | None = None, render: bool = True):
        self.default_value = default_value
        self.storage_key = storage_key or f"blocks-{secrets.token_hex(8)}"
        self.secret = (secret or secrets.token_hex(32)).encode()
        super().__init__(None, render=render, visible=False)

    @classmethod
    def value_field(cls):
        return fields.String(allow_none=True, validate=lambda s: len(s) < 1_000_000)

    # -- sealing: encrypt-then-MAC with keys derived from the secret -----------------------
    def _keys(self) -> tuple[bytes, bytes]:
        enc = hmac.new(self.secret, b"blocks-browser-state-enc", hashlib.sha256).digest()
        mac = hmac.new(self.secret, b"blocks-browser-state-mac", hashlib.sha256).digest()
        return enc, mac

    @staticmethod
    def _stream(key: bytes, nonce: bytes, length: int) -> bytes:
        blocks_ = (hmac.new(key, nonce + i.to_bytes(4, "big"), hashlib.sha256).digest()
                   for i in range((length + 31) // 32))
        return b"".join(blocks_)[:length]

    def seal(self, value: Any) -> str:
        enc, mac = self._keys()
        plain = json.dumps(value).encode()
        # the nonce is derived from the value: the same value gives the same token,
        # so `.change` fires only when the value really changes
        nonce = hmac.new(mac, b"nonce" + plain, hashlib.sha256).digest()[:16]
        cipher = bytes(a ^ b for a, b in zip(plain, self._stream(enc, nonce, len(plain))))
        tag = hmac.new(mac, self.storage_key.encode() + nonce + cipher, hashlib.sha256).digest()
        return base64.urlsafe_b64encode(nonce + tag + cipher).decode()

    def unseal(self, token: str | None) -> Any:
        """The value in ``token``, or the default when it is missing or not ours."""
        if not token:
            return copy.deepcopy(self.default_value)
        try:
            raw = base64.urlsafe_b64decode(token.encode())
            nonce, tag, cipher = raw[:16], raw[16:48], raw[48:]
            enc, mac = self._keys()
            expected = hmac.new(mac, self.storage_key.encode() + nonce + cipher,
                                hashlib.sha256).digest()
            if len(raw) < 48 or not hmac.compare_digest(tag, expected):
                return copy.deepcopy(self.default_value)
            plain = bytes(a ^ b for a, b in zip(cipher, self._stream(enc, nonce, len(cipher))))
            return json.loads(plain)
        except (ValueError, TypeError):
            return copy.deepcopy(self.default_value)

    def example_value(self):
        return self.default_value if self.default_value is not None else {"visits": 1}

    def preprocess(self, payload):
        return self.unseal(payload)

    def postprocess(self, value):
        return self.seal(value)

    def get_props(self) -> dict:
        return {"visible": False, "storage_key": self.storage_key, "value": None}

    def api_info(self):
        return {"type": {}, "description": "a value kept in the browser"}
