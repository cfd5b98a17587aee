"""The bodies of the HTTP API, as marshmallow schemas: checked on the way in, and
documented in the OpenAPI document (``/openapi.json``) from the same classes.

:func:`load_body` reads a JSON request body within the app's size limit and
loads it with a schema; what does not fit becomes an :class:`ApiError` that
names the fields (a 4xx answer, never a 500).
"""

from __future__ import annotations

import json

from flask import request
from marshmallow import EXCLUDE, INCLUDE, RAISE, Schema, ValidationError, fields, validate

from blocks.files import FileDataSchema

__all__ = ["ApiError", "CallBody", "CallAnswer", "CancelAnswer", "ErrorAnswer", "FileDataSchema",
           "GradioCancelBody", "GradioJoinBody", "KeywordsBody", "load_body", "flatten"]

SESSION_HASH = fields.String(allow_none=True, validate=validate.Length(min=1, max=64),
                             metadata={"description": "a session hash the server gave out "
                                                      "(continue that session)"})


class ApiError(Exception):
    """An API request refused: ``status``, a message, and the fields at fault."""

    def __init__(self, status: int, message: str, fields_: dict | None = None, **extra):
        super().__init__(message)
        self.status = status
        self.message = message
        self.fields = fields_ or {}
        self.extra = extra

    def body(self) -> dict:
        body = {"error": self.message, "status": self.status, **self.extra}
        if self.fields:
            body["fields"] = self.fields
        return body


class CallBody(Schema):
    """``POST /call/<api_name>``: the values of a call."""

    class Meta:
        unknown = RAISE

    data = fields.Raw(required=True, metadata={
        "description": "one value per parameter, in order (a list), or an object keyed by "
                       "parameter name (parameters with a default may be left out)"})
    session_hash = SESSION_HASH


class KeywordsBody(Schema):
    """``POST /gradio_api/call/v2/<api_name>``: the body is ``{parameter: value}``."""

    class Meta:
        unknown = INCLUDE


class CallAnswer(Schema):
    event_id = fields.String(required=True, metadata={
        "description": "read the job's events at GET /call/<api_name>/<event_id>"})
    session_hash = fields.String(required=True, metadata={
        "description": "the job's session; send it back to keep gr.State values"})


class CancelAnswer(Schema):
    success = fields.Boolean(required=True, metadata={
        "description": "whether a job was still running (it ends cancelled)"})


class ErrorAnswer(Schema):
    error = fields.String(required=True)
    status = fields.Integer(required=True)
    fields_ = fields.Dict(keys=fields.String(), values=fields.List(fields.String()),
                          data_key="fields",
                          metadata={"description": "the fields at fault and why"})


# -- Gradio's clients --------------------------------------------------------------------
class GradioJoinBody(Schema):
    """``POST /gradio_api/queue/join`` (gradio_client and @gradio/client)."""

    class Meta:
        unknown = EXCLUDE  # Gradio's clients send more than Blocks needs

    data = fields.List(fields.Raw(allow_none=True), required=True)
    fn_index = fields.Integer(required=True, strict=True)
    session_hash = fields.String(required=True, validate=validate.Length(min=1, max=128))
    event_data = fields.Raw(allow_none=True)
    trigger_id = fields.Integer(allow_none=True)


class GradioCancelBody(Schema):
    class Meta:
        unknown = EXCLUDE

    session_hash = fields.String(required=True, validate=validate.Length(min=1, max=128))
    event_id = fields.String(required=True, validate=validate.Length(min=1, max=64))
    fn_index = fields.Integer(allow_none=True)


def flatten(messages, prefix: str = "") -> dict[str, list[str]]:
    """marshmallow's nested messages as ``{"a.b": [...]}``."""
    if isinstance(messages, list):
        return {prefix or "_schema": [str(m) for m in messages]}
    found: dict[str, list[str]] = {}
    for key, value in messages.items():
        name = f"{prefix}.{key}" if prefix else str(key)
        if isinstance(value, dict):
            found.update(flatten(value, name))
        else:
            found[name] = [str(m) for m in (value if isinstance(value, list) else [value])]
    return found


MAX_DEPTH = 64  # lists and objects inside one another: deeper is no value of a component


def _depth(value) -> int:
    """How deeply lists and objects nest in ``value`` (without recursion)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (list, dict)):
            deepest = max(deepest, depth)
            if deepest > MAX_DEPTH:
                return deepest
            stack.extend((child, depth + 1)
                         for child in (item.values() if isinstance(item, dict) else item))
    return deepest


def load_body(schema: Schema, limit: int | None) -> dict:
    """The request's JSON body, loaded with ``schema``; :class:`ApiError` when it does not fit."""
    length = request.content_length
    if limit is not None and length is not None and length > limit:
        raise ApiError(413, f"The body is {length:,} bytes, more than the limit of "
                            f"{limit:,} (max_message_size).", {"_body": ["Too large."]})
    raw = request.stream.read(limit + 1) if limit is not None else request.get_data()
    if limit is not None and len(raw) > limit:
        raise ApiError(413, f"The body is more than the limit of {limit:,} bytes "
                            "(max_message_size).", {"_body": ["Too large."]})
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise ApiError(400, "Send a JSON object (Content-Type: application/json).",
                       {"_body": ["Not valid JSON."]}) from None
    if not isinstance(body, dict):
        raise ApiError(400, "The body must be a JSON object.", {"_body": ["Not an object."]})
    if _depth(body) > MAX_DEPTH:
        raise ApiError(400, f"The body nests more than {MAX_DEPTH} levels deep.",
                       {"_body": ["Too deeply nested."]})
    try:
        return schema.load(body)
    except ValidationError as error:
        found = flatten(error.messages)
        detail = "; ".join(f"{name}: {' '.join(msgs)}" for name, msgs in found.items())
        raise ApiError(422, f"Invalid request: {detail}", found) from None
