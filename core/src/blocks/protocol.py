"""The websocket protocol between a page and the server, as marshmallow schemas.

Every frame is one JSON object with a ``type``. ``docs/protocol.md`` is the
prose version of this module; tests check that the two agree.
"""

from __future__ import annotations

import json
import re

from marshmallow import Schema, ValidationError, fields, validate

__all__ = ["parse_client_message", "ProtocolError", "CLIENT_SCHEMAS", "SERVER_SCHEMAS",
           "MAX_DEPTH"]

JOB_ID = fields.String(required=True, validate=validate.Length(min=1, max=64))
# How deeply a frame's values may nest (lists and objects inside each other, the frame
# itself counting as the first level). Deeper frames are refused before any code walks them.
MAX_DEPTH = 100
_JOB_ID_TEXT = re.compile(r'"id"\s*:\s*"([^"\\]{1,64})"')


class ProtocolError(ValueError):
    """A frame that is not a valid client message; ``errors`` names the fields."""

    def __init__(self, message: str, errors: dict | None = None, job: str | None = None):
        super().__init__(message)
        self.errors = errors or {}
        self.job = job


# -- client -> server -------------------------------------------------------------
class TriggerSchema(Schema):
    id = fields.Integer(required=True, strict=True)
    event = fields.String(required=True, validate=validate.Length(max=64))


class EventMessage(Schema):
    """Run dependency ``fn`` with input values ``data`` as job ``id``."""

    type = fields.Constant("event")
    id = JOB_ID
    fn = fields.Integer(required=True, strict=True, validate=validate.Range(min=0))
    data = fields.List(fields.Raw(allow_none=True), required=True)
    trigger = fields.Nested(TriggerSchema, allow_none=True)
    event_data = fields.Raw(allow_none=True)
    stream = fields.Boolean(load_default=False)


class ChunkMessage(Schema):
    """The next input values of stream job ``id`` (its source's new chunk)."""

    type = fields.Constant("chunk")
    id = JOB_ID
    data = fields.List(fields.Raw(allow_none=True), required=True)


class EndMessage(Schema):
    """The source of stream job ``id`` stopped: it ends once its chunks are handled."""

    type = fields.Constant("end")
    id = JOB_ID


class CancelMessage(Schema):
    """Cancel job ``id`` of this session."""

    type = fields.Constant("cancel")
    id = JOB_ID


class PingMessage(Schema):
    """Ask for a ``pong`` (an application-level heartbeat)."""

    type = fields.Constant("ping")


class CloseMessage(Schema):
    """The page is going away (closed or reloaded): its session ends now."""

    type = fields.Constant("close")


CLIENT_SCHEMAS = {"event": EventMessage, "cancel": CancelMessage, "ping": PingMessage,
                  "close": CloseMessage, "chunk": ChunkMessage, "end": EndMessage}


# -- server -> client (documented and checked in tests) ---------------------------------
class SessionMessage(Schema):
    type = fields.Constant("session")
    session_hash = fields.String(required=True)
    resumed = fields.Boolean()


class QueuedMessage(Schema):
    type = fields.Constant("queued")
    id = JOB_ID
    position = fields.Integer(required=True)
    eta = fields.Float(allow_none=True)


class StartedMessage(Schema):
    type = fields.Constant("started")
    id = JOB_ID


class OutputMessage(Schema):
    type = fields.Constant("output")
    id = JOB_ID
    data = fields.List(fields.Dict(), required=True)
    final = fields.Boolean(required=True)


class DoneMessage(Schema):
    type = fields.Constant("done")
    id = JOB_ID
    state = fields.String(required=True,
                          validate=validate.OneOf(["completed", "failed", "cancelled"]))
    error = fields.Dict(allow_none=True)
    time_limit = fields.Float()


class ErrorMessage(Schema):
    type = fields.Constant("error")
    id = fields.String(allow_none=True)
    message = fields.String(required=True)
    fields_ = fields.Dict(data_key="fields")


class PongMessage(Schema):
    type = fields.Constant("pong")


class ProgressLevel(Schema):
    index = fields.Integer(allow_none=True)
    length = fields.Integer(allow_none=True)
    progress = fields.Float(allow_none=True)
    desc = fields.String(allow_none=True)
    unit = fields.String(allow_none=True)


class ProgressMessage(Schema):
    type = fields.Constant("progress")
    id = JOB_ID
    progress = fields.List(fields.Nested(ProgressLevel), required=True)


class ToastMessage(Schema):
    type = fields.Constant("message")
    id = JOB_ID
    level = fields.String(required=True, validate=validate.OneOf(["info", "success", "warning"]))
    message = fields.String(required=True)
    title = fields.String(allow_none=True)
    duration = fields.Float(allow_none=True)


SERVER_SCHEMAS = {"session": SessionMessage, "queued": QueuedMessage,
                  "started": StartedMessage, "output": OutputMessage, "done": DoneMessage,
                  "error": ErrorMessage, "pong": PongMessage, "progress": ProgressMessage,
                  "message": ToastMessage}


def parse_client_message(raw) -> dict:
    """Decode and validate one frame; raise :class:`ProtocolError` if it is bad."""
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise ProtocolError("Frames must be UTF-8 JSON text.") from None
    deep = ProtocolError(f"This frame nests values more than {MAX_DEPTH} levels deep, the "
                         "server's limit.", {"_frame": ["Nested too deeply."]}, None)
    try:
        message = json.loads(raw)
    except RecursionError:
        deep.job = _job_in_text(raw)
        raise deep from None
    except (TypeError, ValueError):
        raise ProtocolError("Frames must be JSON objects; this one is not valid JSON.") \
            from None
    if raw.count("[") + raw.count("{") > MAX_DEPTH and _too_deep(message, MAX_DEPTH):
        deep.job = _job_in_text(raw)
        raise deep
    if not isinstance(message, dict):
        raise ProtocolError("Frames must be JSON objects with a 'type'.")
    job = message.get("id") if isinstance(message.get("id"), str) else None
    kind = message.get("type")
    schema = CLIENT_SCHEMAS.get(kind) if isinstance(kind, str) else None
    if schema is None:
        raise ProtocolError(f"Unknown message type {kind!r}; expected one of "
                            f"{', '.join(CLIENT_SCHEMAS)}.", {"type": ["Unknown type."]}, job)
    if kind == "event":
        checked = _plain_event(message)
        if checked is not None:
            return checked
    try:
        return _loader(kind).load(message)
    except ValidationError as error:
        fields_text = "; ".join(f"{name}: {' '.join(map(str, msgs))}"
                                for name, msgs in _flatten(error.messages).items())
        raise ProtocolError(f"Invalid {kind!r} message: {fields_text}",
                            _flatten(error.messages), job) from None


def _job_in_text(raw: str) -> str | None:
    found = _JOB_ID_TEXT.search(raw[:1024])
    return found.group(1) if found else None


def _too_deep(value, limit: int) -> bool:
    """Whether lists and dicts nest more than ``limit`` levels (without recursion)."""
    stack = [(value, 1)] if isinstance(value, (dict, list)) else []
    while stack:
        item, depth = stack.pop()
        children = item.values() if isinstance(item, dict) else item
        for child in children:
            if isinstance(child, (dict, list)):
                if depth + 1 > limit:
                    return True
                stack.append((child, depth + 1))
    return False


_EVENT_KEYS = frozenset(("type", "id", "fn", "data", "trigger", "event_data", "stream"))
_TRIGGER_KEYS = frozenset(("id", "event"))


def _plain_event(message: dict) -> dict | None:
    """The common, valid ``event`` frame checked without marshmallow; ``None`` otherwise.

    It accepts exactly what :class:`EventMessage` accepts for frames made of
    the usual types (a string ``id`` of 1 to 64 characters, a non-negative
    ``int`` ``fn``, a list ``data``, an optional ``trigger`` of an ``int`` id
    and an event name of at most 64 characters, an optional ``bool`` ``stream``, no
    other key) and gives what
    its ``load`` gives; every other frame, valid or not, goes through the
    schema, so errors read the same. ``tests``' protocol tests hold the two
    side by side.
    """
    job, fn, data = message.get("id"), message.get("fn"), message.get("data")
    if not (type(job) is str and 0 < len(job) <= 64 and type(fn) is int and fn >= 0
            and type(data) is list and message.keys() <= _EVENT_KEYS):
        return None
    checked = {"type": "event", "id": job, "fn": fn, "data": list(data)}
    if "trigger" in message:
        trigger = message["trigger"]
        if trigger is not None:
            if not (type(trigger) is dict and trigger.keys() == _TRIGGER_KEYS
                    and type(trigger["id"]) is int and type(trigger["event"]) is str
                    and len(trigger["event"]) <= 64):
                return None
            trigger = {"id": trigger["id"], "event": trigger["event"]}
        checked["trigger"] = trigger
    if "event_data" in message:
        checked["event_data"] = message["event_data"]
    stream = message.get("stream", False)
    if type(stream) is not bool:  # the schema's Boolean takes "true", 1, ...: let it answer
        return None
    checked["stream"] = stream
    return checked


_LOADERS: dict = {}


def _loader(kind: str) -> Schema:
    """One schema instance per message type: building one per frame costs more than loading."""
    loader = _LOADERS.get(kind)
    if loader is None:
        loader = _LOADERS[kind] = CLIENT_SCHEMAS[kind]()
    return loader


def _flatten(messages) -> dict:
    if isinstance(messages, dict):
        return {str(k): (v if isinstance(v, list) else [str(v)]) for k, v in messages.items()}
    return {"_schema": list(messages)}
