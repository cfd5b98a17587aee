"""Blocks' HTTP API: call an endpoint, stream its job as Server-Sent Events, cancel it.

Served at the app's root and under ``/gradio_api`` (the shape Gradio's
``/gradio_api/call`` routes have), from the same views:

- ``POST /call/<api_name>`` with ``{"data": [...]}`` (or ``{"data": {name:
  value}}``, and ``session_hash`` to continue a session) queues a job and
  answers ``{"event_id", "session_hash"}``;
- ``GET /call/<api_name>/<event_id>`` streams the job's events (``queued``,
  ``started``, ``progress``, ``message``, ``generating``, then ``complete``,
  ``error`` or ``cancelled``) and ends;
- ``POST /call/<api_name>/<event_id>/cancel`` cancels it;
- ``GET /info`` describes the endpoints (:func:`blocks.api_info.api_info`).

Jobs are the queue's (``blocks.server.api_sessions``): the same limits,
cancels and errors as the websocket. ``docs/api.md`` is the user's guide.
"""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, request

from blocks.api_info import (
    ApiInputError,
    api_info,
    api_values,
    endpoints,
    expand_inputs,
    find_endpoint,
)
from blocks.diff import WholeValues
from blocks.files import FILE_TYPE
from blocks.queue import QUEUE_FULL_TITLE, SHUTTING_DOWN
from blocks.request import Request
from blocks.server.api_schemas import ApiError, CallBody, KeywordsBody, load_body
from blocks.server.api_sessions import SessionBusy, submit
from blocks.server.maintenance import ensure_sweeper
from blocks.server.sse import HEARTBEAT_INTERVAL, named_event, stream_response
from blocks.server.state import app_state
from blocks.server.urls import absolute_root

__all__ = ["CallEvents", "PREFIXES", "GRADIO_FILE", "blueprint", "follow", "from_gradio",
           "start_job"]

GRADIO_FILE = "gradio.FileData"  # the meta type of Gradio's FileData

blueprint = Blueprint("blocks_api", __name__)
PREFIXES = ("", "/gradio_api")
_CALL_BODY = CallBody()
_KEYWORDS = KeywordsBody()


def _state():
    return app_state(current_app)


@blueprint.errorhandler(ApiError)
def _refused(error: ApiError):
    return jsonify(error.body()), error.status


# -- the events of a call -------------------------------------------------------------
class CallEvents:
    """Queue messages -> the call API's Server-Sent Events (one job's)."""

    kind = "call"

    def __init__(self, endpoint):
        self.dep = endpoint.dependency
        self.returns = len(endpoint.returns)
        self.last: list | None = None
        self.whole = WholeValues()  # a stream's edits applied: programs get values

    def __call__(self, message: dict) -> tuple[list[bytes], bool]:
        kind = message["type"]
        if kind == "output":
            values = api_values(self.dep, self.whole(message["data"]))
            self.last = values
            if message["final"]:
                return [], False  # sent with `complete`
            return [named_event("generating", values)], False
        if kind == "done":
            return [self._end(message)], True
        if kind == "queued":
            return [named_event("queued", {"position": message["position"],
                                           "eta": message.get("eta")})], False
        if kind == "started":
            return [named_event("started", None)], False
        if kind == "progress":
            return [named_event("progress", message["progress"])], False
        if kind == "message":
            return [named_event("message", {key: message.get(key) for key in
                                            ("level", "message", "title", "duration")})], False
        return [], False

    def _end(self, message: dict) -> bytes:
        state = message["state"]
        if state == "completed":
            return named_event("complete", self.last if self.last is not None
                               else [None] * self.returns)
        error = dict(message.get("error") or {})
        if state == "cancelled":
            error.setdefault("message", "The job was cancelled.")
            error.setdefault("title", "Cancelled")
            return named_event("cancelled", error)
        error["error"] = error.get("message")  # the key Gradio's /call clients read
        return named_event("error", error)


# -- starting a job (shared with Gradio's queue/join) --------------------------------------
def start_job(state, endpoint, data, *, client_of, translate, event_data=None):
    """Check ``data`` against ``endpoint``, queue a job, and give its stream.

    ``client_of(request_object)`` gives the :class:`ApiClient` the job
    belongs to. Raises :class:`ApiError`: 422 for values that do not fit or
    files the app never gave out, 409 for a session a page holds, 503 when
    the queue is full or the server is stopping.
    """
    try:
        values = expand_inputs(endpoint, data)
    except ApiInputError as error:
        raise ApiError(422, str(error), error.fields) from None
    refused = state.files.check_inputs(values)
    if refused is not None:
        raise ApiError(422, f"The file {refused!r} is not one this app gave out or accepted; "
                            "upload it first (POST /upload).", {"data": ["File not allowed."]})
    ensure_sweeper(state)
    root = absolute_root()
    call_request = Request.from_environ(request.environ)
    try:
        client = client_of(call_request)
    except SessionBusy:
        raise ApiError(409, "This session is held by a page of the app; a program cannot "
                            "use it.", {"session_hash": ["Held by a page."]}) from None
    call_request.session_hash = client.hash
    client.hold()
    try:
        stream = submit(state, client, endpoint, values, translate=translate,
                        request=call_request, root=root, event_data=event_data)
        outcome = stream.outcome
        if outcome is not None and outcome[0] == "failed":  # refused on arrival
            stream.chunks.clear()
            state.api.consumed(stream)
            error = outcome[1] or {}
            busy = error.get("title") == QUEUE_FULL_TITLE or error.get("message") == SHUTTING_DOWN
            raise ApiError(503 if busy else 422, error.get("message") or "Refused.",
                           {} if busy else {"data": [error.get("message") or "Refused."]})
    finally:
        client.release()
    return stream


# -- routes --------------------------------------------------------------------------------
def _endpoint(api_name: str):
    state = _state()
    endpoint = find_endpoint(state.blocks, api_name)
    if endpoint is None:
        names = ", ".join(e.path for e in endpoints(state.blocks)) or "none"
        raise ApiError(404, f"No endpoint named '/{api_name}'. This app's endpoints: {names} "
                            "(GET /info describes them).", {"api_name": ["Unknown endpoint."]})
    return state, endpoint


def call(api_name: str):
    state, endpoint = _endpoint(api_name)
    body = load_body(_CALL_BODY, state.settings.max_message_size)
    return _call(state, endpoint, body["data"], body.get("session_hash"))


def call_keywords(api_name: str):
    """Gradio's ``/call/v2/<api_name>``: the body is the keyword arguments themselves."""
    state, endpoint = _endpoint(api_name)
    body = load_body(_KEYWORDS, state.settings.max_message_size)
    return _call(state, endpoint, body, None)


def from_gradio(value):
    """Inputs: Gradio's FileData dicts become Blocks' (the server still checks each path)."""
    if isinstance(value, dict):
        meta = value.get("meta")
        if isinstance(meta, dict) and meta.get("_type") == GRADIO_FILE and \
                isinstance(value.get("path"), str):
            return {**value, "meta": {**meta, "_type": FILE_TYPE}}
        return {key: from_gradio(item) for key, item in value.items()}
    if isinstance(value, list):
        return [from_gradio(item) for item in value]
    return value



def _call(state, endpoint, data, session_hash):
    stream = start_job(
        state, endpoint, from_gradio(data),  # Gradio's FileData too, as Gradio's /call takes
        client_of=lambda req: state.api.client(session_hash, req),
        translate=CallEvents(endpoint))
    return jsonify(event_id=stream.event_id, session_hash=stream.client.hash)


def _stream_of(api_name: str, event_id: str):
    state = _state()
    stream = state.api.find(event_id)
    if stream is None or stream.endpoint.name != api_name or stream.translate.kind != "call":
        raise ApiError(404, f"No job {event_id!r} of '/{api_name}': it never existed, its "
                            "events were read already, or they waited more than 5 minutes.",
                       {"event_id": ["Unknown job."]})
    return state, stream


def _elsewhere(event_id: str):
    """The relay, when ``event_id`` names a job another process holds."""
    state = _state()
    relay = state.relay
    if relay is None or state.api.find(event_id) is not None or relay.owner(event_id) is None:
        return None
    return relay


def _refused_elsewhere(status, api_name: str, event_id: str):
    if status == 409:
        raise ApiError(409, "Another request is reading this job's events.",
                       {"event_id": ["Already being read."]})
    _stream_of(api_name, event_id)  # raises the 404 of an unknown job


_LOST = named_event("error", {"message": "The process running this job stopped.",
                              "error": "The process running this job stopped.",
                              "title": "Error"})


def events(api_name: str, event_id: str):
    relay = _elsewhere(event_id)
    if relay is not None:  # its job runs in another process: it sends the events here
        from blocks.server.api_relay import Inbox
        source, status = relay.open(event_id, Inbox(), kind="call", name=api_name)
        if status is not None:
            _refused_elsewhere(status, api_name, event_id)
        return stream_response(relay.read(source, named_event("heartbeat", None), _LOST))
    state, stream = _stream_of(api_name, event_id)
    if stream.reader is not None:
        raise ApiError(409, "Another request is reading this job's events.",
                       {"event_id": ["Already being read."]})
    return stream_response(follow(state, stream, named_event("heartbeat", None)))


def follow(state, stream, heartbeat: bytes):
    """A job stream's chunks as they come, until the job ended and every one was read.

    ``heartbeat`` is sent after ``HEARTBEAT_INTERVAL`` seconds without
    another chunk. The stream's client is held while this runs; a stream
    read to its end is forgotten.
    """
    stream.reader = object()  # taken now: a second reader is refused at once
    client = stream.client
    client.hold()
    api = state.api

    def chunks():
        try:
            while True:
                yield from stream.take()
                if stream.drained:
                    api.consumed(stream)
                    return
                if client.closed and not stream.chunks:
                    return
                client.wake.clear()
                if stream.chunks or stream.drained:
                    continue
                if not client.wake.wait(HEARTBEAT_INTERVAL):
                    yield heartbeat
        finally:
            stream.reader = None
            client.release()

    return chunks()


def cancel(api_name: str, event_id: str):
    relay = _elsewhere(event_id)
    if relay is not None:
        cancelled = relay.cancel(event_id, kind="call", name=api_name)
        if cancelled is None:
            _stream_of(api_name, event_id)  # the 404 of an unknown job
        return jsonify(success=cancelled)
    state, stream = _stream_of(api_name, event_id)
    job = stream.job
    if job is None or job.ended:
        return jsonify(success=False)
    state.queue.cancel(job)
    return jsonify(success=True)


def info():
    state = _state()
    everything = request.args.get("all_endpoints", "").lower() in ("1", "true", "yes")
    # listeners do not change once the app serves: describe them once
    cached = state.api.info.get(everything)
    if cached is None:
        cached = state.api.info[everything] = api_info(state.blocks, all_endpoints=everything)
    return jsonify(cached)


for _prefix in PREFIXES:
    _name = _prefix.strip("/") or "root"
    blueprint.add_url_rule(f"{_prefix}/call/<api_name>", f"call_{_name}", call,
                           methods=["POST"])
    blueprint.add_url_rule(f"{_prefix}/call/v2/<api_name>", f"call_v2_{_name}", call_keywords,
                           methods=["POST"])
    blueprint.add_url_rule(f"{_prefix}/call/<api_name>/<event_id>", f"events_{_name}", events)
    blueprint.add_url_rule(f"{_prefix}/call/v2/<api_name>/<event_id>", f"events_v2_{_name}",
                           events)
    blueprint.add_url_rule(f"{_prefix}/call/<api_name>/<event_id>/cancel", f"cancel_{_name}",
                           cancel, methods=["POST"])
    blueprint.add_url_rule(f"{_prefix}/info", f"info_{_name}", info)
