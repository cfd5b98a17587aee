"""Gradio's clients (``gradio_client``, ``@gradio/client``) against a Blocks app.

The routes and message shapes of Gradio's protocol (``shared/gradio-protocol.md``
in the project's notes, ``docs/api.md`` for users), as a thin adapter onto
the same queue and jobs as the websocket and the call API:

- ``GET /gradio_api/heartbeat/<client key>``: a stream that says ``ALIVE``
  every 15 s, and holds the client's session while it is open;
- ``POST /gradio_api/queue/join``: queue a job (``fn_index`` names the
  listener), answer ``{"event_id"}`` at once;
- ``GET /gradio_api/queue/data?session_hash=<client key>``: the session's
  job messages (``estimation``, ``process_starts``, ``progress``, ``log``,
  ``process_generating`` with diffs, ``process_completed``), then
  ``close_stream`` once no job of the session is left;
- ``POST /gradio_api/cancel`` and ``/gradio_api/reset``; ``POST
  /gradio_api/upload`` (answers server paths); ``GET /gradio_api/file=<path>``.

Gradio's clients choose their session hashes; here such a hash is only a key
naming a server session (:meth:`ApiSessions.client_for_key`). Files travel as
Gradio's FileData (``meta._type`` ``gradio.FileData``) and become Blocks'
on the way in.
"""

from __future__ import annotations

import copy

from flask import Blueprint, current_app, jsonify, request

from blocks.api_fn import is_api_fn
from blocks.api_info import api_values, endpoint_for, is_api_component
from blocks.diff import WholeValues, as_gradio
from blocks.files import FILE_TYPE
from blocks.request import Request
from blocks.server.api import GRADIO_FILE, from_gradio, start_job
from blocks.server.api_schemas import ApiError, GradioCancelBody, GradioJoinBody, load_body
from blocks.server.files import save_uploads, serve_file
from blocks.server.maintenance import ensure_sweeper
from blocks.server.sse import HEARTBEAT_INTERVAL, data_event, stream_response
from blocks.server.state import app_state
from blocks.server.urls import absolute_root

__all__ = ["GradioEvents", "blueprint", "config_keys", "add_api_components", "diff",
           "PROTOCOL_VERSION", "API_COMPONENT_IDS"]

blueprint = Blueprint("blocks_gradio", __name__, url_prefix="/gradio_api")

# The version of Gradio's protocol this adapter speaks: the config's `version`
# (gradio_client needs more than 4.29.0 to use the routes here).
PROTOCOL_VERSION = "6.0.0"
_JOIN = GradioJoinBody()
_CANCEL = GradioCancelBody()
_CLOSE = data_event({"msg": "close_stream", "event_id": None})
_HEARTBEAT = data_event({"msg": "heartbeat", "event_id": None})
_ALIVE = b"data: ALIVE\n\n"
_NOT_FOUND = data_event({"msg": "unexpected_error", "event_id": None, "success": False,
                         "session_not_found": True,
                         "message": "No job of this session is waiting; join the queue first."})
MAX_KEY = 128  # characters of a Gradio client key (its session hash)


def _lost(event_id: str) -> bytes:
    """A job whose process stopped while another process relayed its events."""
    return data_event({"msg": "process_completed", "event_id": event_id, "success": False,
                       "title": "Error",
                       "output": {"error": "The process running this job stopped.",
                                  "title": "Error", "duration": None, "visible": True}})


def _state():
    return app_state(current_app)


@blueprint.errorhandler(ApiError)
def _refused(error: ApiError):
    body = error.body()
    if error.status == 422:  # gradio_client shows these as its ValidationError
        body["detail"] = [{"__type__": "validate", "is_valid": False, "message": " ".join(msgs),
                           "parameter_name": name.removeprefix("data.")}
                          for name, msgs in error.fields.items()]
    return jsonify(body), error.status


def config_keys(state) -> dict:
    """What Gradio's clients read in ``/config`` beyond Blocks' own keys."""
    return {"version": PROTOCOL_VERSION, "protocol": "sse_v3", "api_prefix": "/gradio_api",
            "enable_queue": True, "connect_heartbeat": True, "root": absolute_root(),
            "max_file_size": state.settings.max_file_size}


# The ids of the stand-in components of gr.api endpoints count down from here (-1 is a
# multipage app's default navbar; components made in Python have positive ids).
API_COMPONENT_IDS = -1000


def add_api_components(blocks, data: dict) -> None:
    """Give each ``gr.api`` endpoint of the config ``data`` components, as Gradio does.

    A ``gr.api`` function has no components, but Gradio's clients map a call's
    values onto its listener's ``inputs`` and its results onto its ``outputs``
    (an endpoint without outputs returns ``()``). Gradio's own ``gr.api`` makes
    components of type ``"api"`` that no page shows; so does this: one per
    parameter and one for the return value, listed in ``components`` with
    ``api_info`` (the value's schema) but in no layout, with negative ids. The
    page has nothing to draw for them; the server still runs the function with
    the values as sent.
    """
    listed = {dep["id"]: dep for dep in data["dependencies"]}
    next_id = API_COMPONENT_IDS
    for dep in blocks.dependencies:
        endpoint = endpoint_for(dep) if is_api_fn(dep) and dep.id in listed else None
        if endpoint is None:
            continue
        made = []
        for value in (*endpoint.parameters, *(endpoint.returns or [None])):
            label = getattr(value, "name", None) or getattr(value, "label", None) or "output"
            data["components"].append({
                "id": next_id, "type": "api", "module": None,
                "props": {"label": label, "value": None, "visible": False},
                "events": [], "skip_api": False,
                "api_info": value.type if value is not None else {}})
            made.append(next_id)
            next_id -= 1
        count = len(endpoint.parameters)
        listed[dep.id]["inputs"], listed[dep.id]["outputs"] = made[:count], made[count:]


# -- files: Gradio's FileData <-> Blocks' ------------------------------------------------------
def _to_gradio(value, root: str):
    """Outputs: Blocks' FileData becomes Gradio's, with its URL under ``/gradio_api``."""
    if isinstance(value, dict):
        meta = value.get("meta")
        if isinstance(meta, dict) and meta.get("_type") == FILE_TYPE:
            url = value.get("url")
            if isinstance(url, str) and url.startswith(root + "/file="):
                url = root + "/gradio_api" + url[len(root):]
            return {**value, "url": url, "is_stream": False,
                    "meta": {**meta, "_type": GRADIO_FILE}}
        return {key: _to_gradio(item, root) for key, item in value.items()}
    if isinstance(value, list):
        return [_to_gradio(item, root) for item in value]
    return value


_EDITED = object()  # an output the client changed by edits (its copy here is not kept)


# -- streaming diffs ---------------------------------------------------------------------------
def diff(old, new) -> list:
    """Gradio's edit list from ``old`` to ``new``: ``[[action, path, value], ...]``.

    ``replace`` sets, ``append`` extends a string or list, ``add`` inserts a
    list item or dict key, ``delete`` removes one; ``path`` is the keys and
    indices from the root (``[]``: the whole value).
    """
    edits: list = []

    def walk(a, b, path):
        if type(a) is not type(b):
            edits.append(["replace", path, b])
        elif a == b:
            return
        elif isinstance(a, str):
            if b.startswith(a):
                edits.append(["append", path, b[len(a):]])
            else:
                edits.append(["replace", path, b])
        elif isinstance(a, list):
            common = min(len(a), len(b))
            for index in range(common):
                walk(a[index], b[index], [*path, index])
            for _ in range(common, len(a)):  # each delete shifts the rest down
                edits.append(["delete", [*path, common], None])
            for index in range(common, len(b)):
                edits.append(["add", [*path, index], b[index]])
        elif isinstance(a, dict):
            for key in a:
                if key in b:
                    walk(a[key], b[key], [*path, key])
            for key in a:
                if key not in b:
                    edits.append(["delete", [*path, key], None])
            for key in b:
                if key not in a:
                    edits.append(["add", [*path, key], b[key]])
        else:
            edits.append(["replace", path, b])

    walk(old, new, [])
    return edits


# -- the messages of a job -------------------------------------------------------------------
class GradioEvents:
    """Queue messages -> Gradio's ``queue/data`` messages (one job's)."""

    kind = "gradio"

    def __init__(self, endpoint, state, root: str):
        self.dep = endpoint.dependency
        self.queue = state.queue
        self.root = root
        self.previous: list | None = None  # per output: what the client holds, or _EDITED
        self.last: list | None = None  # the outputs' whole updates
        self.whole = WholeValues()

    def _values(self, updates) -> list:
        return _to_gradio(api_values(self.dep, updates, keep_skipped=True), self.root)

    def _generating(self, updates: list, whole: list) -> list:
        """The ``data`` of ``process_generating``: the values first, then Gradio's diffs.

        An output the job sent as edits (a chat reply growing into a long history)
        gets those edits, in Gradio's operations, without copying or diffing its
        value; any other output is diffed against what the client holds.
        """
        if self.previous is None:
            values = self._values(whole)
            self.previous = copy.deepcopy(values)
            return values
        data = []
        for index, (update, full) in enumerate(zip(updates, whole)):
            if set(update) == {"edits"} and is_api_component(self.dep.outputs[index]):
                data.append(_to_gradio(as_gradio(update["edits"], full["value"]), self.root))
                self.previous[index] = _EDITED
                continue
            new = self._values([{}] * index + [full])[index]
            old = self.previous[index]
            data.append([["replace", [], new]] if old is _EDITED else diff(old, new))
            self.previous[index] = copy.deepcopy(new)
        return data

    def __call__(self, message: dict) -> tuple[list[bytes], bool]:
        kind = message["type"]
        event_id = message["id"]
        if kind == "output":
            whole = self.whole(message["data"])
            self.last = whole
            if message["final"]:
                return [], False  # sent with process_completed
            data = self._generating(message["data"], whole)
            return [data_event({"msg": "process_generating", "event_id": event_id,
                                "output": {"data": data, "is_generating": True},
                                "success": True, "time_limit": None})], False
        if kind == "done":
            return [data_event(self._completed(message))], True
        if kind == "queued":
            return [data_event({"msg": "estimation", "event_id": event_id,
                                "rank": message["position"],
                                "queue_size": self.queue.waiting_count(),
                                "rank_eta": message.get("eta")})], False
        if kind == "started":
            return [data_event({"msg": "process_starts", "event_id": event_id,
                                "eta": None})], False
        if kind == "progress":
            return [data_event({"msg": "progress", "event_id": event_id,
                                "progress_data": message["progress"]})], False
        if kind == "message":
            return [data_event({"msg": "log", "event_id": event_id,
                                "log": message.get("message"), "level": message.get("level"),
                                "duration": message.get("duration"), "visible": True,
                                "title": message.get("title")})], False
        return [], False

    def _completed(self, message: dict) -> dict:
        state, error = message["state"], message.get("error")
        base = {"msg": "process_completed", "event_id": message["id"]}
        if state == "completed":
            data = self._values(self.last) if self.last is not None \
                else [None] * len(self.dep.outputs)
            return {**base, "output": {"data": data, "is_generating": False},
                    "success": True, "title": None}
        if state == "cancelled" and error is None:  # cancelled by the client
            return {**base, "output": {}, "success": True, "title": None}
        error = error or {}
        title = error.get("title") or "Error"
        # gradio_client accepts only these keys beside `error` (it raises AppError with them)
        output = {"error": error.get("message"), "title": title,
                  "duration": error.get("duration"), "visible": error.get("visible", True)}
        return {**base, "output": output, "success": False, "title": title}


# -- routes --------------------------------------------------------------------------------
@blueprint.post("/queue/join")
def join():
    state = _state()
    body = load_body(_JOIN, state.settings.max_message_size)
    fn_index = body["fn_index"]
    dependencies = state.blocks.dependencies
    endpoint = None
    if 0 <= fn_index < len(dependencies):
        endpoint = endpoint_for(dependencies[fn_index])
    if endpoint is None or not endpoint.callable:
        raise ApiError(404, f"No endpoint with fn_index {fn_index}: this app has no such "
                            "listener, or programs may not call it.",
                       {"fn_index": ["Unknown endpoint."]})
    key = body["session_hash"]
    stream = start_job(
        state, endpoint, from_gradio(body["data"]),
        client_of=lambda req: state.api.client_for_key(key, req),
        translate=GradioEvents(endpoint, state, absolute_root()),
        event_data=body.get("event_data"))
    if state.relay is not None:  # its events may be read from another process
        state.relay.gradio_joined(stream)
    return jsonify(event_id=stream.event_id)


@blueprint.get("/queue/data")
def queue_data():
    state = _state()
    key = request.args.get("session_hash", "")
    if state.relay is not None and 0 < len(key) <= MAX_KEY:  # jobs in any process
        reading = state.relay.gradio_reading(key)
        if reading.pending:
            return stream_response(reading.chunks(_CLOSE, _HEARTBEAT, _lost))
        reading.close()
    client = state.api.live_for_key(key) if key else None
    if client is None:
        return stream_response(iter([_NOT_FOUND]))
    token = object()
    client.reader_token = token  # a newer reader replaces an older one
    client.hold()
    api = state.api

    def chunks():
        try:
            while client.reader_token is token:
                for stream in client.pending("gradio"):
                    yield from stream.take()
                    if stream.drained:
                        api.consumed(stream)  # its completion is delivered
                if not client.pending("gradio") or client.closed:
                    yield _CLOSE
                    return
                client.wake.clear()
                if any(stream.chunks for stream in client.pending("gradio")):
                    continue
                if not client.wake.wait(HEARTBEAT_INTERVAL):
                    yield _HEARTBEAT
        finally:
            if client.reader_token is token:
                client.reader_token = None
            client.release()

    return stream_response(chunks())


@blueprint.get("/heartbeat/<key>")
def heartbeat(key):
    state = _state()
    if len(key) > MAX_KEY:
        raise ApiError(422, "A session hash has at most 128 characters.",
                       {"session_hash": ["Too long."]})
    ensure_sweeper(state)
    client = state.api.client_for_key(key, Request.from_environ(request.environ))
    client.hold()

    def chunks():
        try:
            yield _ALIVE
            while not client.closed:
                client.gone.wait(HEARTBEAT_INTERVAL)
                if not client.closed:
                    yield _ALIVE
        finally:
            client.release()

    return stream_response(chunks())


@blueprint.post("/cancel")
def cancel():
    state = _state()
    body = load_body(_CANCEL, state.settings.max_message_size)
    stream = state.api.find(body["event_id"])
    relay = state.relay
    if stream is None and relay is not None and relay.owner(body["event_id"]) is not None:
        if relay.cancel(body["event_id"], kind="gradio", key=body["session_hash"]) is None:
            raise ApiError(404, "No such job in this session (it may have ended).",
                           {"event_id": ["Unknown job."]})
        return jsonify(success=True)
    client = state.api.live_for_key(body["session_hash"])
    if stream is None or client is None or stream.client is not client:
        raise ApiError(404, "No such job in this session (it may have ended).",
                       {"event_id": ["Unknown job."]})
    job = stream.job
    if job is not None and not job.ended:
        state.queue.cancel(job)
    return jsonify(success=True)


@blueprint.post("/reset")
def reset():
    return jsonify(success=True)


@blueprint.post("/upload")
def upload():
    """Gradio's upload: the same files as ``POST /upload``, answered as server paths."""
    saved, refused = save_uploads(_state())
    if refused is not None:
        return refused
    return jsonify([data["path"] for data in saved])


@blueprint.get("/file=<path:filename>")
@blueprint.get("/file=/<path:filename>")
def file(filename):
    return serve_file(filename)
