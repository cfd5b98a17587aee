"""``gr.DeepLinkButton``: a button that copies a link restoring the page's values."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import zlib

from marshmallow import ValidationError

from blocks.components.base import Component
from blocks.components.button import Button
from blocks.events import EventData
from blocks.exceptions import Error
from blocks.updates import skip, update

__all__ = ["DeepLinkButton"]

MAX_LINK = 1_000_000  # characters of a link's state


class DeepLinkButton(Button):
    """A button that copies a link to the page as it is now: opened, the link shows
    the same values in every component of the page.

    The values travel in the link itself, after ``#deep_link=`` (the part of a URL
    that browsers never send to servers or proxies), compressed and signed by the
    server: a link that was changed, or made by another app, restores nothing.
    The server checks the values when the link is made and again when it is
    opened, like any input, and passes each one through its component (Markdown
    is sanitised again). Links stay valid while the server runs: its signing key
    is made when the app starts. Values kept on the server (``gr.State``), in the
    browser (``gr.BrowserState``), ``gr.HTML`` and the components a ``@gr.render``
    function makes are not in the link.

    Args:
        value: the text on the button.
        copied_value: the text shown for two seconds once the link is copied.
    """

    name = "deeplinkbutton"
    JS_MODULE = "components/deep_link_button.js"

    def __init__(self, value: str = "Share via Link", copied_value: str = "Link Copied!", *,
                 variant: str = "secondary", **kwargs):
        self._key = secrets.token_bytes(32)
        self._deps = None
        super().__init__(value, variant=variant, **kwargs)

    # -- the app is built: the link covers its components ------------------------------
    def app_built(self, blocks) -> None:
        """Listen to this button (make a link) and to the page (open one) over every
        component of ``blocks`` whose value a link carries."""
        shown = [block for block in blocks.blocks.values() if _in_links(block, blocks)]
        if self._deps is None:
            options = {"api_name": False, "api_visibility": "private", "queue": False,
                       "show_progress": "hidden"}
            make = blocks.add_dependency(targets=[(self, "click")], fn=self._make_link,
                                         inputs=shown, outputs=[self], preprocess=False,
                                         postprocess=False, **options)
            restore = blocks.add_dependency(targets=[(self, "deep_link")], fn=self._restore,
                                            inputs=[], outputs=shown, **options)
            make.shapes_interactivity = restore.shapes_interactivity = False
            self._deps = (make, restore)
        make, restore = self._deps
        make.inputs = list(shown)
        restore.outputs = list(shown)

    # -- links -----------------------------------------------------------------------------
    def _make_link(self, *values):
        components = self._deps[0].inputs
        state = {str(component._id): [component.name, value]
                 for component, value in zip(components, values) if value is not None}
        payload = base64.urlsafe_b64encode(
            zlib.compress(json.dumps(state, separators=(",", ":")).encode(), 9)).decode()
        token = f"{self._id}.{payload.rstrip('=')}.{self._sign(payload.rstrip('='))}"
        if len(token) > MAX_LINK:
            raise Error("This page holds too much to fit in a link.")
        return update(deep_link=token)

    def _sign(self, payload: str) -> str:
        mac = hmac.new(self._key, f"{self._id}.{payload}".encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(mac).decode().rstrip("=")

    def _read(self, token) -> dict:
        """The values of a link this button made, or ``Error``."""
        invalid = Error("This link cannot be opened: it was changed, or it was made "
                        "before the server restarted.")
        if not isinstance(token, str) or len(token) > MAX_LINK or token.count(".") != 2:
            raise invalid
        owner, payload, mac = token.split(".")
        if owner != str(self._id) or not hmac.compare_digest(mac, self._sign(payload)):
            raise invalid
        try:
            inflate = zlib.decompressobj()
            raw = inflate.decompress(
                base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)), 10 * MAX_LINK)
            if inflate.unconsumed_tail:
                raise ValueError("too large")
            state = json.loads(raw)
        except (ValueError, zlib.error) as error:
            raise invalid from error
        if not isinstance(state, dict):
            raise invalid
        return state

    def _restore(self, event: EventData):
        data = event._data if isinstance(event, EventData) else None
        state = self._read(data.get("token") if isinstance(data, dict) else None)
        return [_restored(component, state.get(str(component._id)))
                for component in self._deps[1].outputs]


def _restored(component, entry):
    """The update restoring one component from a link's entry (``[name, wire value]``)."""
    if not isinstance(entry, list) or len(entry) != 2 or entry[0] != component.name:
        return skip()  # not in the link, or the app changed since
    try:
        value = type(component).value_field().deserialize(entry[1])
        if value is not None:
            component.validate(value)
        return update(value=component.preprocess(value))
    except (ValidationError, ValueError, TypeError):
        return skip()


def _in_links(block, blocks) -> bool:
    return (isinstance(block, Component) and type(block).DEEP_LINK
            and not getattr(block, "SERVER_SIDE", False) and block is not blocks
            and block._parent is not None)
