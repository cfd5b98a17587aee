"""The MCP server: JSON-RPC 2.0 over the Streamable HTTP transport, on the app's own routes.

``POST /gradio_api/mcp/`` (also ``/gradio_api/mcp`` and ``/mcp``) takes one
JSON-RPC message (``Content-Type: application/json``). A request gets its
response as JSON, except ``tools/call``, answered as a ``text/event-stream``
that carries the tool's progress notifications, then its result. A
notification or a response from the client gets ``202 Accepted``. The server
keeps no MCP session (no ``Mcp-Session-Id``) and opens no stream of its own:
``GET`` and ``DELETE`` are ``405``. ``GET /gradio_api/mcp/schema`` lists the
tools as JSON, for people.

A tool call is a job of the app's queue (``blocks.server.api.start_job``, as
``POST /call/<api_name>``): the same limits, file checks and errors. Each
call runs in a fresh session of its own. A client that goes away before the
result cancels the job.

These are ordinary routes of the Flask app: every ``before_request`` check
of the app runs first (cross-origin writes refused, Host checks, and
authentication when the app has it).

Malformed requests get a JSON-RPC error with HTTP 400 (parse error, not an
object, batches, bad ``id``), 413 (too large) or 415 (not JSON); an unknown
method or tool and bad parameters get a JSON-RPC error with HTTP 200, as the
transport wants; a function that fails is a tool result with ``isError``.
"""

from __future__ import annotations

import json
import logging

from flask import Blueprint, Response, current_app, jsonify, request

from blocks.api_info import api_values
from blocks.server.api import follow, start_job
from blocks.server.api_schemas import ApiError
from blocks.server.sse import named_event, stream_response
from blocks.server.state import app_state
from blocks.version import __version__
from blocks_mcp.catalog import Catalog
from blocks_mcp.content import ArgumentError, file_arguments, result_content

__all__ = ["MCP_PATHS", "PROTOCOL_VERSIONS", "make_blueprint", "McpJob"]

logger = logging.getLogger("blocks.mcp")

MCP_PATHS = ("/gradio_api/mcp/", "/gradio_api/mcp", "/mcp")
PROTOCOL_VERSIONS = ("2025-11-25", "2025-06-18", "2025-03-26")  # newest first
PARSE_ERROR, INVALID_REQUEST, METHOD_NOT_FOUND, INVALID_PARAMS = -32700, -32600, -32601, -32602
INTERNAL_ERROR, RESOURCE_NOT_FOUND = -32603, -32002
_CATALOG = "blocks_mcp_catalog"
STEP_TEXT = 500  # characters of a generator's step shown in a progress message
_PING = b": ping\n\n"  # an SSE comment: keeps a quiet stream open, clients ignore it


class RpcError(Exception):
    def __init__(self, code: int, message: str, status: int = 200):
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status


def _error(message_id, code: int, message: str, status: int = 200):
    return jsonify(jsonrpc="2.0", id=message_id,
                   error={"code": code, "message": message}), status


def _answer(message_id, result: dict):
    return jsonify(jsonrpc="2.0", id=message_id, result=result)


def _catalog() -> Catalog:
    found = current_app.extensions.get(_CATALOG)
    if found is None:  # listeners do not change once the app serves
        found = current_app.extensions[_CATALOG] = Catalog(app_state(current_app).blocks)
    return found


# -- one job of the queue, for MCP -----------------------------------------------------------
class McpJob:
    """Queue messages -> MCP progress notifications; keeps the job's outcome."""

    kind = "mcp"

    def __init__(self, endpoint, progress_token=None):
        self.dep = endpoint.dependency
        self.returns = len(endpoint.returns)
        self.token = progress_token
        self.values: list | None = None
        self.state: str | None = None
        self.error: dict = {}
        self.sent = 0.0

    def __call__(self, message: dict) -> tuple[list[bytes], bool]:
        kind = message["type"]
        if kind == "output":
            self.values = api_values(self.dep, message["data"])
            if message.get("final") or self.token is None:
                return [], False
            # a generator's step: its value, as the message of a progress notification
            return [named_event("message", self._notification(self._step_text()))], False
        if kind == "done":
            self.state = message["state"]
            self.error = dict(message.get("error") or {})
            return [], True
        if kind == "progress" and self.token is not None:
            notification = self._progress(message["progress"])
            return ([named_event("message", notification)] if notification else []), False
        return [], False

    def _progress(self, levels: list) -> dict | None:
        """The outermost ``gr.Progress`` level, in percent (MCP's progress must grow)."""
        if not levels:
            return None
        level = levels[0]
        fraction = level.get("progress")
        index, length = level.get("index"), level.get("length")
        if fraction is None and isinstance(index, (int, float)) and length:
            fraction = index / length
        words = [str(level["desc"])] if level.get("desc") else []
        if index is not None and length:
            words.append(f"{index}/{length} {level.get('unit') or 'steps'}")
        return self._notification(" ".join(words), fraction)

    def _notification(self, text: str, fraction=None) -> dict:
        percent = round(100 * min(max(float(fraction or 0), 0.0), 1.0), 3)
        percent = max(percent, round(self.sent + 0.001, 3))  # never back, never the same
        self.sent = percent
        params = {"progressToken": self.token, "progress": percent, "total": 100}
        if text:
            params["message"] = text
        return {"jsonrpc": "2.0", "method": "notifications/progress", "params": params}

    def _step_text(self) -> str:
        values = self.values or []
        value = values[0] if len(values) == 1 else values
        text = value if isinstance(value, str) else json.dumps(value, default=str)
        return text if len(text) <= STEP_TEXT else text[:STEP_TEXT] + "…"

    def failure(self) -> str | None:
        """Why the job did not complete (``None`` when it did)."""
        if self.state == "completed":
            return None
        if self.state is None:
            return "The server stopped before the function ended."
        message = self.error.get("message") or (
            "The call was cancelled." if self.state == "cancelled" else "The function failed.")
        title = self.error.get("title")
        return f"{title}: {message}" if title and title != "Error" else message

    def result_values(self) -> list:
        return self.values if self.values is not None else [None] * self.returns


def _start(state, endpoint, data, translate):
    return start_job(state, endpoint, data,
                     client_of=lambda req: state.api.client(None, req), translate=translate)


def _run(state, endpoint, data) -> McpJob:
    """Run one job to its end (resources and prompts); raises :class:`RpcError` on failure."""
    job = McpJob(endpoint)
    try:
        stream = _start(state, endpoint, data, job)
    except ApiError as error:
        raise RpcError(INVALID_PARAMS if error.status == 422 else INTERNAL_ERROR,
                       error.message) from None
    for _chunk in follow(state, stream, _PING):
        pass
    failure = job.failure()
    if failure is not None:
        raise RpcError(INTERNAL_ERROR, failure)
    return job


# -- methods -------------------------------------------------------------------------------
def _initialize(state, message_id, params):
    asked = params.get("protocolVersion")
    version = asked if asked in PROTOCOL_VERSIONS else PROTOCOL_VERSIONS[0]
    title = getattr(state.blocks, "title", None) or "Blocks app"
    return _answer(message_id, {
        "protocolVersion": version,
        "capabilities": {"tools": {"listChanged": False},
                         "resources": {"subscribe": False, "listChanged": False},
                         "prompts": {"listChanged": False}},
        "serverInfo": {"name": str(title), "version": __version__}})


def _tools_list(state, message_id, params):
    return _answer(message_id, {"tools": [t.listing() for t in _catalog().tools.values()]})


def _tool_error(text: str) -> dict:
    return {"content": [{"type": "text", "text": text}], "isError": True}


def _tools_call(state, message_id, params):
    name = params.get("name")
    tool = _catalog().tools.get(name) if isinstance(name, str) else None
    if tool is None:
        raise RpcError(INVALID_PARAMS, f"Unknown tool {name!r}. Tools: "
                                       f"{', '.join(_catalog().tools) or 'none'}.")
    arguments = params.get("arguments") or {}
    if not isinstance(arguments, dict):
        raise RpcError(INVALID_PARAMS, "'arguments' must be an object.")
    meta = params.get("_meta") if isinstance(params.get("_meta"), dict) else {}
    token = meta.get("progressToken")
    token = token if isinstance(token, (str, int)) and not isinstance(token, bool) else None
    try:
        data = file_arguments(state.files, tool, arguments)
    except ArgumentError as error:
        return _answer(message_id, _tool_error(str(error)))
    job = McpJob(tool.endpoint, token)
    try:
        stream = _start(state, tool.endpoint, data, job)
    except ApiError as error:  # values that do not fit, a full queue: the model may retry
        return _answer(message_id, _tool_error(error.message))

    def events():
        ended = False
        try:
            yield _PING  # the headers go out now, not with the job's first event
            yield from follow(state, stream, _PING)
            failure = job.failure()
            try:
                result = _tool_error(failure) if failure else \
                    result_content(tool.values(job.result_values()))
                chunk = named_event("message", {"jsonrpc": "2.0", "id": message_id,
                                                "result": result})
            except (TypeError, ValueError) as error:  # a value JSON cannot carry
                logger.warning("MCP tool %s: its result cannot be sent: %s", tool.name, error)
                chunk = named_event("message", {"jsonrpc": "2.0", "id": message_id,
                                                "result": _tool_error(
                                                    "The function's result cannot be sent.")})
            ended = True
            yield chunk
        finally:
            if not ended and stream.job is not None:  # the client went away: stop the job
                state.queue.cancel(stream.job)

    return stream_response(events())


def _resources_list(state, message_id, params):
    return _answer(message_id, {"resources": [r.listing() for r in _catalog().resources
                                              if not r.templated]})


def _resource_templates(state, message_id, params):
    return _answer(message_id, {"resourceTemplates": [r.listing() for r in _catalog().resources
                                                      if r.templated]})


def _resources_read(state, message_id, params):
    uri = params.get("uri")
    found = _catalog().find_resource(uri) if isinstance(uri, str) else None
    if found is None:
        raise RpcError(RESOURCE_NOT_FOUND, f"No resource at {uri!r}.")
    resource, values = found
    job = _run(state, resource.endpoint, values)
    value = job.result_values()[0] if job.result_values() else None
    mime = resource.mime_type
    item = {"uri": uri, "mimeType": mime}
    if mime.startswith("text/") or mime in ("application/json", "application/xml"):
        item["text"] = value if isinstance(value, str) else json.dumps(value, default=str)
    else:  # the function gives binary content as base64 (Gradio's convention)
        if not isinstance(value, str):
            raise RpcError(INTERNAL_ERROR, f"The resource {uri!r} ({mime}) must be returned as "
                                           "a base64 string.")
        item["blob"] = value
    return _answer(message_id, {"contents": [item]})


def _prompts_list(state, message_id, params):
    return _answer(message_id, {"prompts": [p.listing() for p in _catalog().prompts.values()]})


def _prompts_get(state, message_id, params):
    name = params.get("name")
    prompt = _catalog().prompts.get(name) if isinstance(name, str) else None
    if prompt is None:
        raise RpcError(INVALID_PARAMS, f"Unknown prompt {name!r}.")
    arguments = params.get("arguments") or {}
    if not isinstance(arguments, dict):
        raise RpcError(INVALID_PARAMS, "'arguments' must be an object.")
    job = _run(state, prompt.endpoint, arguments)
    values = job.result_values()
    text = values[0] if len(values) == 1 else values
    if not isinstance(text, str):
        text = json.dumps(text, default=str)
    return _answer(message_id, {"description": prompt.description, "messages": [
        {"role": "user", "content": {"type": "text", "text": text}}]})


METHODS = {
    "initialize": _initialize,
    "ping": lambda state, message_id, params: _answer(message_id, {}),
    "tools/list": _tools_list,
    "tools/call": _tools_call,
    "resources/list": _resources_list,
    "resources/templates/list": _resource_templates,
    "resources/read": _resources_read,
    "prompts/list": _prompts_list,
    "prompts/get": _prompts_get,
}


# -- the transport ---------------------------------------------------------------------------
def _message():
    """The request's JSON-RPC message, or raise :class:`RpcError` with its HTTP status."""
    limit = app_state(current_app).settings.max_message_size
    if (request.content_length or 0) > limit:
        raise RpcError(INVALID_REQUEST, f"The message is larger than {limit:,} bytes.", 413)
    if request.mimetype != "application/json":
        raise RpcError(INVALID_REQUEST, "Send one JSON-RPC message as application/json.", 415)
    raw = request.get_data(cache=False)
    if len(raw) > limit:
        raise RpcError(INVALID_REQUEST, f"The message is larger than {limit:,} bytes.", 413)
    try:
        message = json.loads(raw)
    except ValueError as error:
        raise RpcError(PARSE_ERROR, f"The body is not JSON: {error}.", 400) from None
    if isinstance(message, list):
        raise RpcError(INVALID_REQUEST, "Batches are not supported: send one message per "
                                        "request.", 400)
    if not isinstance(message, dict) or message.get("jsonrpc") != "2.0":
        raise RpcError(INVALID_REQUEST, "A JSON-RPC 2.0 message is an object with "
                                        "\"jsonrpc\": \"2.0\".", 400)
    return message


def mcp():
    if request.method != "POST":
        response = jsonify(jsonrpc="2.0", id=None, error={
            "code": INVALID_REQUEST, "message": "This MCP server takes JSON-RPC messages by "
                                               "POST only; it opens no stream and keeps no "
                                               "session."})
        response.status_code = 405
        response.headers["Allow"] = "POST"
        return response
    version = request.headers.get("MCP-Protocol-Version")
    if version and version not in PROTOCOL_VERSIONS:
        return _error(None, INVALID_REQUEST, f"Unsupported MCP-Protocol-Version {version!r}; "
                                             f"supported: {', '.join(PROTOCOL_VERSIONS)}.", 400)
    try:
        message = _message()
    except RpcError as error:
        return _error(None, error.code, error.message, error.status)
    if "method" not in message:
        if "result" in message or "error" in message:
            return Response(status=202)  # a response to nothing we asked: accepted, dropped
        return _error(message.get("id"), INVALID_REQUEST, "A message needs a \"method\".", 400)
    method = message["method"]
    if not isinstance(method, str):
        return _error(None, INVALID_REQUEST, "\"method\" must be a string.", 400)
    if "id" not in message:
        return Response(status=202)  # a notification (initialized, cancelled...)
    message_id = message["id"]
    if not isinstance(message_id, (str, int)) or isinstance(message_id, bool):
        return _error(None, INVALID_REQUEST, "\"id\" must be a string or an integer.", 400)
    params = message.get("params", {})
    if params is None:
        params = {}
    if not isinstance(params, dict):
        return _error(message_id, INVALID_PARAMS, "\"params\" must be an object.")
    handler = METHODS.get(method)
    if handler is None:
        return _error(message_id, METHOD_NOT_FOUND, f"Unknown method {method!r}.")
    try:
        return handler(app_state(current_app), message_id, params)
    except RpcError as error:
        return _error(message_id, error.code, error.message, error.status)
    except Exception:  # a bug must not be a 500 the client cannot read
        logger.exception("MCP method %s failed", method)
        return _error(message_id, INTERNAL_ERROR, f"The server failed to answer {method!r}.")


def schema():
    """The tools as JSON (Gradio's ``/gradio_api/mcp/schema``), for people to read."""
    return jsonify([tool.listing() for tool in _catalog().tools.values()])


def make_blueprint() -> Blueprint:
    blueprint = Blueprint("blocks_mcp", __name__)
    for index, path in enumerate(MCP_PATHS):
        blueprint.add_url_rule(path, f"mcp_{index}", mcp, methods=["GET", "POST", "DELETE"],
                               strict_slashes=False)
    blueprint.add_url_rule("/gradio_api/mcp/schema", "mcp_schema", schema)
    return blueprint
