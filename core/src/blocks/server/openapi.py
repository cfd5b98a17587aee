"""``GET /openapi.json``: the OpenAPI 3.1 document of an app's HTTP API.

Built with apispec's marshmallow plugin from the schemas that check the
requests (``blocks.server.api_schemas``) and, for each public endpoint, from
its parameters and return values (:mod:`blocks.api_info`, i.e. each
component's ``api_info()``). apispec is imported when the document is first
asked for, never by ``import blocks`` or by starting the server; the document
is built once per app (only ``servers`` depends on the request).
"""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify

from blocks.api_info import endpoints
from blocks.server.api_schemas import ApiError, CallAnswer, CancelAnswer, ErrorAnswer
from blocks.server.state import app_state
from blocks.server.urls import root_url
from blocks.version import __version__

__all__ = ["blueprint", "build_document"]

blueprint = Blueprint("blocks_openapi", __name__)

_ERROR = {"$ref": "#/components/schemas/Error"}


def _error(description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": _ERROR}}}


def _json(schema: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _data_schema(endpoint) -> dict:
    """``data``: the values by position (a list) or by name (an object)."""
    params = endpoint.parameters
    by_position = {"type": "array", "prefixItems": [dict(p.type) for p in params],
                   "minItems": len(params), "maxItems": len(params),
                   "description": "one value per parameter: "
                                  + (", ".join(p.name for p in params) or "none")}
    if not params:
        by_position.pop("prefixItems")
    by_name = {"type": "object", "additionalProperties": False,
               "properties": {p.name: {**p.type, "description": f"{p.label} ({p.component})"}
                              for p in params},
               "required": [p.name for p in params if not p.has_default]}
    return {"oneOf": [by_position, by_name]}


def _endpoint_paths(endpoint) -> dict:
    name = endpoint.name
    summary = endpoint.description or f"Call {endpoint.path}"
    returns = ", ".join(f"{r.label} ({r.component})" for r in endpoint.returns) or "nothing"
    tag = [endpoint.path]
    call = {
        "post": {
            "operationId": f"call_{name}", "tags": tag, "summary": summary,
            "description": f"Queue a job of {endpoint.path}; read its events with the "
                           f"event id it answers. Returns: {returns}.",
            "requestBody": {"required": True, "content": {"application/json": {"schema": {
                "type": "object", "required": ["data"], "additionalProperties": False,
                "properties": {"data": _data_schema(endpoint),
                               "session_hash": {"type": "string", "minLength": 1,
                                                "maxLength": 64}}}}}},
            "responses": {
                "200": {**_json({"$ref": "#/components/schemas/CallAnswer"}, "queued"),
                        "links": {
                            "events": {"operationId": f"events_{name}",
                                       "parameters": {"event_id": "$response.body#/event_id"}},
                            "cancel": {"operationId": f"cancel_{name}",
                                       "parameters": {"event_id": "$response.body#/event_id"}},
                        }},
                "400": _error("the body is not a JSON object"),
                "404": _error("no such endpoint"),
                "409": _error("the session is held by a page"),
                "413": _error("the body is too large"),
                "422": _error("values that do not fit the parameters (named in fields)"),
                "503": _error("the queue is full, or the server is stopping"),
            },
        },
    }
    event_id = {"name": "event_id", "in": "path", "required": True,
                "schema": {"type": "string", "minLength": 1}}
    events = {
        "get": {
            "operationId": f"events_{name}", "tags": tag,
            "summary": f"The events of a job of {endpoint.path}",
            "description": "Server-Sent Events: queued, started, progress, message, "
                           "generating (each output of a generator), then complete, error "
                           "or cancelled; heartbeat every 15 s of silence. The stream ends "
                           "after the last event; each event is delivered once.",
            "parameters": [event_id],
            "responses": {
                "200": {"description": "the job's events",
                        "content": {"text/event-stream": {
                            "schema": {"$ref": "#/components/schemas/Event"}}}},
                "404": _error("no such job (or its events were read already)"),
                "409": _error("another request is reading this job's events"),
            },
        },
    }
    cancel = {
        "post": {
            "operationId": f"cancel_{name}", "tags": tag,
            "summary": f"Cancel a job of {endpoint.path}",
            "parameters": [event_id],
            "responses": {
                "200": _json({"$ref": "#/components/schemas/CancelAnswer"},
                             "whether the job was still running"),
                "404": _error("no such job"),
            },
        },
    }
    return {f"/call/{name}": call, f"/call/{name}/{{event_id}}": events,
            f"/call/{name}/{{event_id}}/cancel": cancel}


# One Server-Sent Event of a job (what each event's `data` holds: docs/api.md).
_EVENT = {
    "type": "object", "required": ["event", "data"],
    "properties": {
        "event": {"enum": ["queued", "started", "progress", "message", "generating",
                           "complete", "error", "cancelled", "heartbeat"]},
        "data": {"type": "string", "contentMediaType": "application/json",
                 "description": "JSON: queued {position, eta}; progress [levels]; message "
                                "{level, message, title, duration}; generating and complete "
                                "[one value per return value]; error and cancelled {message, "
                                "title, ...}; started and heartbeat null"},
    },
}

_COMMON = {
    "/upload": {"post": {
        "operationId": "upload", "tags": ["files"], "summary": "Upload files",
        "description": "Answers one FileData per file; pass them as the values of file "
                       "parameters.",
        "requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
            "type": "object", "required": ["files"],
            "properties": {"files": {"type": "array", "minItems": 1,
                                     "items": {"type": "string", "format": "binary"}}}}}}},
        "responses": {
            "200": _json({"type": "array", "items": {"$ref": "#/components/schemas/FileData"}},
                         "the saved files"),
            "400": _error("no files in the form field 'files'"),
            "413": _error("a file is larger than max_file_size"),
        },
    }},
    "/info": {"get": {
        "operationId": "info", "tags": ["description"],
        "summary": "The endpoints, their parameters and return values",
        "parameters": [{"name": "all_endpoints", "in": "query", "required": False,
                        "schema": {"type": "boolean"},
                        "description": "also list undocumented endpoints"}],
        "responses": {"200": _json({"type": "object",
                                    "required": ["named_endpoints", "unnamed_endpoints"],
                                    "properties": {"named_endpoints": {"type": "object"},
                                                   "unnamed_endpoints": {"type": "object"}}},
                                   "the API of the app")},
    }},
}


def build_document(blocks) -> dict:
    """The OpenAPI document of ``blocks``' public endpoints (``servers`` left out)."""
    from apispec import APISpec  # only when the document is asked for
    from apispec.ext.marshmallow import MarshmallowPlugin

    from blocks.files import FileDataSchema

    spec = APISpec(
        title=f"{blocks.title}: HTTP API", version=__version__, openapi_version="3.1.0",
        plugins=[MarshmallowPlugin()],
        info={"description": "Every public endpoint of the app. POST /call/<api_name> "
                             "queues a job; GET /call/<api_name>/<event_id> streams its "
                             "events. See Blocks' docs/api.md."})
    for name, schema in (("CallAnswer", CallAnswer), ("CancelAnswer", CancelAnswer),
                         ("Error", ErrorAnswer), ("FileData", FileDataSchema)):
        spec.components.schema(name, schema=schema)
    spec.components.schema("Event", _EVENT)
    for endpoint in endpoints(blocks):
        for path, operations in _endpoint_paths(endpoint).items():
            spec.path(path=path, operations=operations)
    for path, operations in _COMMON.items():
        spec.path(path=path, operations=operations)
    return spec.to_dict()


@blueprint.get("/openapi.json")
def openapi():
    state = app_state(current_app)
    if not state.settings.show_api:
        error = ApiError(404, "This app does not publish its API documentation "
                              "(launched with show_api=False).")
        return jsonify(error.body()), 404
    if state.openapi is None:
        state.openapi = build_document(state.blocks)
    return jsonify({**state.openapi, "servers": [{"url": root_url() or "/"}]})
