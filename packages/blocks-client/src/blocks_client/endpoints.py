"""An app's endpoints as the client sees them: ``/config`` (listeners, components) and
``/info`` (parameter names, types, defaults), put together."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from blocks_client.errors import AppError

__all__ = ["Endpoint", "FileInput", "handle_file", "read_endpoints", "find", "describe",
           "file_value"]

FILE_TYPE = "blocks.FileData"


@dataclass(frozen=True)
class FileInput:
    """A local file to upload as a value (made by :func:`handle_file`)."""

    path: str


def handle_file(path: str | os.PathLike) -> FileInput:
    """Mark a local file to upload: ``client.predict(handle_file("cat.png"), api_name=...)``.

    A plain path string given for a file parameter (one whose Python type is
    ``filepath``) is uploaded too; inside lists or dicts, mark each file.
    """
    if not os.path.isfile(path):
        raise FileNotFoundError(f"No file at {os.fspath(path)!r}.")
    return FileInput(os.fspath(path))


@dataclass(frozen=True)
class Endpoint:
    """One callable listener of the app.

    ``name`` is its path (``"/greet"``), ``fn_index`` its listener id;
    ``parameters`` and ``returns`` are ``/info``'s entries; ``inputs`` holds,
    per input of the listener, whether a program sends its value (``False``
    for ``gr.State`` and other server-side values), ``outputs`` the same per
    output.
    """

    name: str | None
    fn_index: int
    visibility: str
    description: str
    parameters: list[dict] = field(default_factory=list)
    returns: list[dict] = field(default_factory=list)
    inputs: list[bool] = field(default_factory=list)
    outputs: list[bool] = field(default_factory=list)

    def wire_values(self, args: tuple, kwargs: dict) -> list:
        """One value per input of the listener from a caller's positional and keyword values.

        Parameters left out take their default; a missing one without a
        default, an unknown keyword or too many values is a ``TypeError``.
        """
        if self.visibility == "private":  # not described: one value per input, as given
            if kwargs:
                raise TypeError("A listener called by fn_index takes its values by position.")
            return list(args)
        names = [p.get("parameter_name") or f"param_{i}" for i, p in enumerate(self.parameters)]
        if len(args) > len(names):
            raise TypeError(f"{self.name} takes {len(names)} values ({', '.join(names)}); "
                            f"got {len(args)}.")
        unknown = sorted(set(kwargs) - set(names))
        if unknown:
            raise TypeError(f"{self.name} has no parameter {', '.join(unknown)} "
                            f"(its parameters: {', '.join(names) or 'none'}).")
        values = []
        for index, (name, param) in enumerate(zip(names, self.parameters)):
            if index < len(args):
                if name in kwargs:
                    raise TypeError(f"{self.name} got two values for {name!r}.")
                value = args[index]
            elif name in kwargs:
                value = kwargs[name]
            elif param.get("parameter_has_default"):
                value = param.get("parameter_default")
            else:
                raise TypeError(f"{self.name} needs a value for {name!r}.")
            if isinstance(value, (str, os.PathLike)) and _is_file_param(param) and \
                    os.path.isfile(value):
                value = FileInput(os.fspath(value))
            values.append(value)
        sent = sum(self.inputs)
        if sent != len(values):  # a server that describes its inputs otherwise
            return values
        wire, given = [], iter(values)
        for is_api in self.inputs:
            wire.append(next(given) if is_api else None)
        return wire

    def api_values(self, values: list) -> list:
        """An output frame's values, without the outputs a program does not see."""
        if len(self.outputs) != len(values):
            return list(values)
        return [value for value, is_api in zip(values, self.outputs) if is_api]


def _is_file_param(param: dict) -> bool:
    python_type = param.get("python_type") or {}
    return isinstance(python_type, dict) and python_type.get("type") == "filepath"


def read_endpoints(config: dict, info: dict) -> dict[int, Endpoint]:
    """Every listener of ``config`` with a Python function, by listener id."""
    skip = {c.get("id"): bool(c.get("skip_api")) for c in config.get("components", [])}
    named = {**(info.get("named_endpoints") or {})}
    found = {}
    for dep in config.get("dependencies", []):
        if not dep.get("backend_fn", dep.get("has_fn", True)):
            continue
        api_name = dep.get("api_name")
        name = "/" + api_name if isinstance(api_name, str) and api_name else None
        described = named.get(name) if name else None
        found[dep["id"]] = Endpoint(
            name=name, fn_index=dep["id"],
            visibility=(described or {}).get("api_visibility") or
            (dep.get("api_visibility") if described else "private"),
            description=(described or {}).get("description") or "",
            parameters=list((described or {}).get("parameters") or []),
            returns=list((described or {}).get("returns") or []),
            inputs=[not skip.get(i, False) for i in dep.get("inputs", [])],
            outputs=[not skip.get(i, False) for i in dep.get("outputs", [])])
    return found


def find(endpoints: dict[int, Endpoint], api_name: str | None, fn_index: int | None) -> Endpoint:
    """The endpoint a call names, or an :class:`AppError` that lists the callable ones."""
    if api_name is not None:
        wanted = "/" + api_name.lstrip("/")
        for endpoint in endpoints.values():
            if endpoint.name == wanted and endpoint.visibility != "private":
                return endpoint
    elif fn_index is not None:
        if fn_index in endpoints:
            return endpoints[fn_index]
        # a listener without a Python function, or none at all: the server says which
        return Endpoint(name=None, fn_index=fn_index, visibility="private", description="")
    else:
        public = [e for e in endpoints.values() if e.visibility == "public"]
        if len(public) == 1:
            return public[0]
    names = sorted(e.name for e in endpoints.values() if e.name and e.visibility != "private")
    what = f"no endpoint {api_name!r}" if api_name is not None else "no api_name given"
    raise AppError(f"This app has {what}. Its endpoints: {', '.join(names) or 'none'}.",
                   fields={"api_name": ["Unknown endpoint."]})


def describe(url: str, endpoints: list[Endpoint]) -> str:
    """The text of ``view_api()``: how to call each endpoint, with parameters and returns."""
    lines = [f"Client.predict() usage info for {url}", f"{len(endpoints)} API endpoint(s):", ""]
    for endpoint in endpoints:
        args = []
        for param in endpoint.parameters:
            name = param.get("parameter_name")
            default = f"={param.get('parameter_default')!r}" \
                if param.get("parameter_has_default") else ""
            args.append(f"{name}{default}")
        lines.append(f" - predict({', '.join(args + [f'api_name={endpoint.name!r}'])})")
        if endpoint.description:
            lines.append(f"    {endpoint.description}")
        lines.append("    Parameters:")
        for param in endpoint.parameters or []:
            lines.append(f"     - [{param.get('component')}] {param.get('parameter_name')}: "
                         f"{_type(param)} ({_default(param)})")
        if not endpoint.parameters:
            lines.append("     - none")
        lines.append("    Returns:")
        for ret in endpoint.returns or []:
            lines.append(f"     - [{ret.get('component')}] {ret.get('label')}: {_type(ret)}")
        if not endpoint.returns:
            lines.append("     - none")
        lines.append("")
    return "\n".join(lines)


def _type(value: dict) -> str:
    python_type = value.get("python_type") or {}
    return str(python_type.get("type") if isinstance(python_type, dict) else python_type)


def _default(param: dict) -> str:
    if param.get("parameter_has_default"):
        return f"default {param.get('parameter_default')!r}"
    return "required"


def file_value(value: Any) -> bool:
    """Whether ``value`` is a FileData object."""
    return isinstance(value, dict) and isinstance(value.get("meta"), dict) and \
        value["meta"].get("_type") == FILE_TYPE and isinstance(value.get("path"), str)
