"""The API of an app: its endpoints, their parameters and their return values.

Every listener with a Python function and an ``api_name`` is an endpoint.
This module describes them, from the app's tree alone (pure core: no server),
for everything that shows or calls the API: the ``/info`` routes, the OpenAPI
document, the HTTP call API, Gradio's clients, and the API page.

- :func:`endpoints` lists an app's endpoints as :class:`Endpoint` records;
  :func:`find_endpoint` finds one by name for a caller.
- An :class:`Endpoint` has its :class:`Parameter` list (one per input that a
  program sends: ``gr.State`` and other server- or browser-side values are
  left out), its :class:`Return` list, its description and its visibility.
- :func:`api_info` is the ``/info`` document, in the shape Gradio's clients
  read (``named_endpoints``, ``unnamed_endpoints``).
- :func:`expand_inputs` turns what a program sends (values by position or by
  parameter name) into one value per input of the listener, checking each;
  :func:`api_values` turns a job's output updates into plain values.

Visibility (``api_visibility``): ``"public"`` endpoints are listed and
callable; ``"undocumented"`` ones are callable but not listed (``show_api=False``
on a listener means the same); ``"private"`` ones are neither (``api_name=False``,
and listeners without a function): only the app's own page may run them.
"""

from __future__ import annotations

import inspect
import json
import typing
from dataclasses import dataclass, field
from typing import Any

from blocks.api_fn import is_api_fn
from blocks.components.base import is_api_component
from blocks.params import special_params

__all__ = ["VISIBILITIES", "CALLABLE", "Endpoint", "Parameter", "Return", "Value",
           "ApiInputError", "endpoints", "endpoint_for", "find_endpoint", "api_info",
           "expand_inputs", "api_values", "is_api_component", "python_type", "hint_schema",
           "type_hints"]

VISIBILITIES = ("public", "undocumented", "private")
CALLABLE = ("public", "undocumented")  # what programs may call
# names a parameter may not take: the Python clients' own keyword arguments
_RESERVED = {"api_name", "fn_index", "result_callbacks"}


class ApiInputError(ValueError):
    """Values sent to an endpoint that do not fit it; ``fields`` names each problem.

    Field names are ``data`` (the whole list or object) or ``data.<parameter>``.
    """

    def __init__(self, message: str, fields: dict[str, list[str]]):
        super().__init__(message)
        self.fields = fields


@dataclass(frozen=True)
class Value:
    """A value that crosses the API: which component it belongs to, and its type.

    ``type`` is the JSON schema of the value on the wire (the component's
    ``api_info()``); ``python_type`` how a Python client names it (``str``,
    ``float``, ``filepath``...); ``description`` the component's words for it.
    """

    label: str
    component: str
    component_id: int
    type: dict
    python_type: str
    description: str

    def info(self) -> dict:
        """This value as Gradio's ``/info`` describes a return value."""
        return {"label": self.label, "type": self.type,
                "python_type": {"type": self.python_type, "description": self.description},
                "component": self.component}


@dataclass(frozen=True)
class Return(Value):
    """One value an endpoint returns (an output a program sees)."""


@dataclass(frozen=True, kw_only=True)
class Parameter(Value):
    """One value a program sends to an endpoint.

    ``name`` is the function's parameter name (the keyword a client uses);
    ``default`` applies when ``has_default``; ``example`` is a value that fits.
    """

    name: str
    has_default: bool
    default: Any
    example: Any

    def info(self) -> dict:
        """This parameter as Gradio's ``/info`` describes it."""
        return {**super().info(), "parameter_name": self.name,
                "parameter_has_default": self.has_default,
                "parameter_default": self.default, "example_input": self.example}


@dataclass(frozen=True)
class Endpoint:
    """One listener as an API endpoint (see the module docstring).

    ``name`` is the ``api_name`` without a slash (``path`` has it);
    ``fn_index`` the listener's id in the config (Gradio's clients send it).
    """

    name: str
    fn_index: int
    description: str
    visibility: str
    parameters: tuple[Parameter, ...]
    returns: tuple[Return, ...]
    dependency: Any = field(repr=False, compare=False)

    @property
    def path(self) -> str:
        return "/" + self.name

    @property
    def callable(self) -> bool:
        return self.visibility in CALLABLE

    def info(self) -> dict:
        """This endpoint as Gradio's ``/info`` describes it."""
        return {"parameters": [p.info() for p in self.parameters],
                "returns": [r.info() for r in self.returns],
                "api_visibility": self.visibility, "description": self.description,
                "show_api": self.visibility == "public"}


def _component_info(block) -> tuple[dict, str]:
    info = block.api_info() or {}
    schema = info.get("type")
    if isinstance(schema, (str, list)):  # a plain JSON schema, as Gradio's api_info() gives
        return dict(info), str(info.get("description") or "")
    return (schema if isinstance(schema, dict) else {}), str(info.get("description") or "")


def _label(block) -> str:
    return str(getattr(block, "label", None) or type(block).__name__.lower())


# -- JSON schema -> Python type name ------------------------------------------------------
_SIMPLE = {"string": "str", "number": "float", "integer": "int", "boolean": "bool",
           "null": "None", "object": "dict", "array": "list"}


def python_type(schema: dict | None) -> str:
    """How a Python client names values of a JSON schema (``str``, ``list[int]``...).

    A FileData object (a schema titled ``FileData``) is a ``filepath``, as
    Gradio's clients call it: they upload a local path and hand back one.
    """
    if not isinstance(schema, dict) or not schema:
        return "Any"
    if schema.get("title") == "FileData":
        return "filepath"
    if "const" in schema:
        return f"Literal[{schema['const']!r}]"
    if isinstance(schema.get("enum"), list):
        return f"Literal[{', '.join(repr(value) for value in schema['enum'])}]"
    for key in ("anyOf", "oneOf"):
        if isinstance(schema.get(key), list):
            return " | ".join(dict.fromkeys(python_type(item) for item in schema[key]))
    kind = schema.get("type")
    if isinstance(kind, list):
        return " | ".join(python_type({**schema, "type": item}) for item in kind)
    if kind == "array":
        items = schema.get("items")
        return f"list[{python_type(items)}]" if isinstance(items, dict) and items else "list"
    if kind == "object" and isinstance(schema.get("properties"), dict):
        inner = ", ".join(f"{name}: {python_type(value)}"
                          for name, value in schema["properties"].items())
        return f"dict({inner})"
    return _SIMPLE.get(kind, "Any")


# -- type hint -> JSON schema ---------------------------------------------------------------
_HINTS = {str: "string", int: "integer", float: "number", bool: "boolean", dict: "object",
          list: "array", tuple: "array"}


def hint_schema(hint) -> dict:
    """The JSON schema of a type hint (``{}`` when it says nothing a schema can)."""
    if hint is inspect.Parameter.empty or hint is Any:
        return {}
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin is typing.Literal:
        return {"enum": list(args)}
    if origin is typing.Union or type(hint).__name__ == "UnionType":
        options = [hint_schema(arg) for arg in args if arg is not type(None)]
        if not options or not all(options):
            return {}
        return options[0] if len(options) == 1 else {"anyOf": options}
    if origin in (list, tuple, set, frozenset):
        items = hint_schema(args[0]) if args else {}
        return {"type": "array", **({"items": items} if items else {})}
    if origin is dict:
        return {"type": "object"}
    kind = _HINTS.get(hint)
    return {"type": kind} if kind else {}


def type_hints(fn) -> dict:
    """``fn``'s resolved type hints (``{}`` when they cannot be resolved)."""
    try:
        return typing.get_type_hints(fn)
    except Exception:  # unresolvable annotations: describe without them
        return {}


# -- building endpoints -------------------------------------------------------------------
def _fn_parameter_names(fn) -> list[tuple[str, Any]]:
    """The function's parameters that inputs fill: ``(name, default)`` in order."""
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return []
    special = special_params(fn)
    found = []
    for name, param in params.items():
        if name in special:
            continue
        if param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD, param.KEYWORD_ONLY):
            break
        found.append((name, param.default))
    return found


def _jsonable(value) -> bool:
    """Whether JSON carries ``value`` as it is (all the way down: no arrays inside)."""
    try:
        json.dumps(value, allow_nan=False)
    except (TypeError, ValueError):
        return False
    return True


def _fn_parameters(dep) -> tuple[Parameter, ...]:
    """A ``gr.api`` function's parameters: its signature and type hints."""
    hints = type_hints(dep.fn)
    found = []
    for index, (name, default) in enumerate(_fn_parameter_names(dep.fn)):
        schema = hint_schema(hints.get(name, inspect.Parameter.empty))
        has_default = default is not inspect.Parameter.empty
        found.append(Parameter(
            name=name, label=name, component="api", component_id=-1 - index, type=schema,
            python_type=python_type(schema), description="", has_default=has_default,
            default=default if has_default and _jsonable(default) else None, example=None))
    return tuple(found)


def _parameters(dep) -> tuple[Parameter, ...]:
    if is_api_fn(dep):
        return _fn_parameters(dep)
    names = _fn_parameter_names(dep.fn) if dep.fn is not None and not dep.inputs_as_dict \
        else []
    taken: set[str] = set()
    found = []
    for index, block in enumerate(dep.inputs):
        if not is_api_component(block):
            continue
        name, fn_default = names[index] if index < len(names) else (None, inspect.Parameter.empty)
        if not name or name in _RESERVED or name in taken:
            name = f"param_{index}"
        taken.add(name)
        schema, description = _component_info(block)
        initial = _initial_value(block)
        has_fn_default = fn_default is not inspect.Parameter.empty
        if initial is not None:
            has_default, default = True, initial
        elif has_fn_default:
            has_default, default = True, fn_default if _jsonable(fn_default) else None
        else:
            has_default, default = False, None
        found.append(Parameter(
            name=name, label=_label(block), component=type(block).__name__,
            component_id=block._id, type=schema, python_type=python_type(schema),
            description=description, has_default=has_default, default=default,
            example=_example(block)))
    return tuple(found)


def _initial_value(block):
    value = getattr(block, "value", None)
    if value is None or callable(value):
        return None
    try:
        wire = block.postprocess(value)
    except Exception:  # a value the component cannot send: no default to show
        return None
    return wire if _jsonable(wire) else None


def _example(block):
    try:
        example = block.example_value()
    except Exception:
        return None
    return example if _jsonable(example) else None


def _returns(dep) -> tuple[Return, ...]:
    if is_api_fn(dep):
        hint = type_hints(dep.fn).get("return", inspect.Parameter.empty)
        if hint is None or hint is type(None):
            return ()
        schema = hint_schema(hint)
        return (Return(label="output", component="api", component_id=-1, type=schema,
                       python_type=python_type(schema), description=""),)
    found = []
    for block in dep.outputs:
        if not is_api_component(block):
            continue
        schema, description = _component_info(block)
        found.append(Return(label=_label(block), component=type(block).__name__,
                            component_id=block._id, type=schema,
                            python_type=python_type(schema), description=description))
    return tuple(found)


def _description(dep) -> str:
    if dep.api_description:
        return str(dep.api_description)
    doc = inspect.getdoc(dep.fn) if dep.fn is not None else None
    return doc.strip().split("\n\n")[0] if doc else ""


def endpoint_for(dep) -> Endpoint | None:
    """The endpoint of one listener, or ``None`` when it is not one.

    A listener is an endpoint when it has a Python function and an
    ``api_name``; a ``@gr.render`` function is not (it draws a page).
    """
    if dep.fn is None or not dep.api_name or dep.render is not None:
        return None
    visibility = dep.api_visibility if dep.api_visibility in VISIBILITIES else "public"
    return Endpoint(name=dep.api_name, fn_index=dep.id, description=_description(dep),
                    visibility=visibility, parameters=_parameters(dep),
                    returns=_returns(dep), dependency=dep)


def endpoints(blocks, *, visibility=("public",)) -> list[Endpoint]:
    """The app's endpoints whose visibility is one of ``visibility``, in listener order."""
    found = []
    for dep in blocks.dependencies:
        endpoint = endpoint_for(dep)
        if endpoint is not None and endpoint.visibility in visibility:
            found.append(endpoint)
    return found


def find_endpoint(blocks, api_name: str) -> Endpoint | None:
    """The endpoint a program may call by ``api_name`` (``"greet"`` or ``"/greet"``).

    Private endpoints are never found: to a program they do not exist.
    """
    if not isinstance(api_name, str):
        return None
    name = api_name[1:] if api_name.startswith("/") else api_name
    for dep in blocks.dependencies:
        if dep.api_name == name:
            endpoint = endpoint_for(dep)
            if endpoint is not None and endpoint.callable:
                return endpoint
    return None


def api_info(blocks, *, all_endpoints: bool = False) -> dict:
    """The ``/info`` document: public endpoints (and undocumented ones with ``all_endpoints``).

    The shape is the one Gradio's clients read: ``named_endpoints`` keyed by
    ``"/<api_name>"``, each with ``parameters``, ``returns``, ``description``
    and ``api_visibility``, and ``unnamed_endpoints`` (always empty: every
    endpoint has a name).
    """
    shown = CALLABLE if all_endpoints else ("public",)
    return {"named_endpoints": {e.path: e.info() for e in endpoints(blocks, visibility=shown)},
            "unnamed_endpoints": {}}


# -- what programs send and receive -------------------------------------------------------
def expand_inputs(endpoint: Endpoint, data) -> list:
    """One wire value per input of the listener, from what a program sent.

    ``data`` is a list (one value per parameter, or one per input of the
    listener, State inputs included as ``null``) or an object keyed by
    parameter name, where parameters with a default may be left out. Every
    value is checked against its component's schema and constraints
    (``validate``); :class:`ApiInputError` names what does not fit.
    """
    dep = endpoint.dependency
    params = endpoint.parameters
    if isinstance(data, dict):
        known = {p.name for p in params}
        unknown = [key for key in data if key not in known]
        missing = [p.name for p in params if p.name not in data and not p.has_default]
        if unknown or missing:
            errors = {f"data.{key}": ["Unknown parameter."] for key in unknown}
            errors.update({f"data.{name}": ["Missing value."] for name in missing})
            raise ApiInputError(
                f"{endpoint.path} takes the parameters {_names(params)}; "
                + "; ".join(filter(None, [
                    f"unknown: {', '.join(map(str, unknown))}" if unknown else "",
                    f"missing: {', '.join(missing)}" if missing else ""])) + ".", errors)
        values = [data.get(p.name, p.default) for p in params]
    elif isinstance(data, list):
        if dep.inputs and len(data) == len(dep.inputs) and len(data) != len(params):
            return _checked(endpoint, list(data), full=True)
        if is_api_fn(dep) and len(data) < len(params) and \
                all(p.has_default for p in params[len(data):]):  # trailing defaults
            data = [*data, *(p.default for p in params[len(data):])]
        if len(data) != len(params):
            raise ApiInputError(
                f"{endpoint.path} takes {len(params)} value(s) ({_names(params)}), "
                f"got {len(data)}.", {"data": [f"Expected {len(params)} value(s)."]})
        values = list(data)
    else:
        raise ApiInputError("'data' must be a list of values or an object keyed by "
                            "parameter name.", {"data": ["Not a list or an object."]})
    return _checked(endpoint, values, full=False)


def _names(params) -> str:
    return ", ".join(p.name for p in params) or "none"


_JSON_TYPES = {"string": (str,), "integer": (int,), "number": (int, float), "boolean": (bool,),
               "array": (list,), "object": (dict,)}


def _fits(schema: dict, value) -> bool:
    """Whether ``value`` has the JSON type of ``schema`` (``gr.api`` parameters)."""
    kind = schema.get("type")
    if isinstance(schema.get("anyOf"), list):
        return any(_fits(option, value) for option in schema["anyOf"])
    if isinstance(schema.get("enum"), list):
        return value in schema["enum"]
    if kind not in _JSON_TYPES:
        return True
    if isinstance(value, bool) and kind != "boolean":
        return False
    if not isinstance(value, _JSON_TYPES[kind]):
        return False
    items = schema.get("items")
    return not (kind == "array" and isinstance(items, dict)
                and not all(_fits(items, item) for item in value))


def _checked_fn_values(endpoint: Endpoint, values: list) -> list:
    errors = {f"data.{param.name}": [f"Not a valid {param.python_type}."]
              for param, value in zip(endpoint.parameters, values)
              if value is not None and not _fits(param.type, value)}
    if errors:
        detail = "; ".join(f"{key[5:]}: {' '.join(msgs)}" for key, msgs in errors.items())
        raise ApiInputError(f"Invalid value(s) for {endpoint.path}: {detail}", errors)
    return list(values)


def _checked(endpoint: Endpoint, values: list, *, full: bool) -> list:
    """Check each parameter's value; place the values at their inputs' positions."""
    from marshmallow import ValidationError
    dep = endpoint.dependency
    if is_api_fn(dep):
        return _checked_fn_values(endpoint, values)
    by_id = {p.component_id: p for p in endpoint.parameters}
    given = iter(values)
    result, errors = [], {}
    for block in dep.inputs:
        if full:
            value = next(given)
            param = by_id.get(block._id) if is_api_component(block) else None
            if param is None:
                result.append(None)  # a State placeholder: the session's value is used
                continue
        elif not is_api_component(block):
            result.append(None)
            continue
        else:
            value = next(given)
            param = by_id[block._id]
        if value is not None:
            problem = _problem(block, value, ValidationError)
            if problem:
                errors[f"data.{param.name}"] = problem
        result.append(value)
    if errors:
        detail = "; ".join(f"{key[5:]}: {' '.join(msgs)}" for key, msgs in errors.items())
        raise ApiInputError(f"Invalid value(s) for {endpoint.path}: {detail}", errors)
    return result


def _problem(block, value, validation_error) -> list[str] | None:
    """Why ``value`` does not fit ``block``: its wire schema, then its constraints."""
    try:
        checked = type(block).value_field().deserialize(value)
    except validation_error as error:
        messages = error.messages if isinstance(error.messages, list) else [error.messages]
        return [str(m) for m in messages]
    try:
        block.validate(checked)  # bounds, choices, length (the page's checks too)
    except (ValueError, TypeError) as error:
        return [str(error)]
    return None


def api_values(dep, updates: list, *, keep_skipped: bool = False) -> list:
    """A job's output updates as plain values, one per return value of the endpoint.

    ``{"value": v}`` becomes ``v``; an update that changes props becomes
    ``{"__type__": "update", ...props}`` (with its ``value`` when it has one),
    and one that changes nothing ``{"__type__": "update"}``, as Gradio's
    clients expect. With ``keep_skipped``, outputs a program does not see
    (State) stay in the list as ``None``: Gradio's clients drop them by
    position.
    """
    if is_api_fn(dep):
        return [_plain(update) for update in updates]
    values = []
    for block, update in zip(dep.outputs, updates):
        if not is_api_component(block):
            if keep_skipped:
                values.append(None)
            continue
        values.append(_plain(update))
    return values


def _plain(update):
    if not isinstance(update, dict):
        return update
    props = update.get("props")
    if props:
        plain = {"__type__": "update", **props}
        if "value" in update:
            plain["value"] = update["value"]
        return plain
    if "value" in update:
        return update["value"]
    return {"__type__": "update"}
