"""Code that calls an endpoint, for the API page: one snippet per client.

Each snippet is a complete program a user can paste and run: it calls the
endpoint at ``url`` with each parameter's default (when it has a non-empty one)
or example value, and prints the result.
A file parameter names a local file (its example's name, e.g. ``example.png``),
which the user replaces with their own.

:data:`CLIENTS` lists the clients the page shows, in order; a client is a
:class:`Client` record (a key, the label a person reads, the language of the
snippet and the function that writes it). Pure Python: no server needed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["Client", "CLIENTS", "gradio_client_snippet", "blocks_client_snippet",
           "curl_snippet", "example_file", "snippets"]


@dataclass(frozen=True)
class Client:
    """A client the API page shows snippets for."""

    key: str                                   # "blocks_client", "python", "curl"
    label: str                                 # what a person reads: "Python (gradio_client)"
    language: str                              # of the code: "python", "bash"
    install: str                               # how to get the client, or ""
    write: Callable[[object, str], str]        # (endpoint, url) -> snippet


def example_file(param) -> str | None:
    """The local file name a snippet uses for a file parameter, or ``None``."""
    if param.python_type != "filepath":
        return None
    example = param.example if isinstance(param.example, dict) else {}
    name = str(example.get("orig_name") or "")
    name = re.sub(r"[^A-Za-z0-9._-]", "_", name).lstrip(".")
    return name or "file"


def _value(param):
    """The value a snippet sends: the parameter's default when it has a telling one
    (the component's initial value, the function's default), else its example."""
    for value in (param.default if param.has_default else None, param.example):
        if value not in (None, "", [], {}):
            try:  # only values JSON can carry (a default may hold an array)
                return json.loads(json.dumps(value))
            except (TypeError, ValueError):
                continue
    return param.example if _jsonable(param.example) else None


def _jsonable(value) -> bool:
    try:
        json.dumps(value)
    except (TypeError, ValueError):
        return False
    return True


def _url(url: str) -> str:
    return url.rstrip("/") + "/"


def _python_snippet(module: str, endpoint, url: str) -> str:
    """A Python client's call: both clients take the same ``Client(url).predict(...)``."""
    files = any(example_file(p) for p in endpoint.parameters)
    lines = [f"from {module} import Client" + (", handle_file" if files else ""), "",
             f"client = Client({_url(url)!r})", "result = client.predict("]
    for param in endpoint.parameters:
        name = example_file(param)
        value = f"handle_file({name!r})" if name else _python(_value(param))
        lines.append(f"    {param.name}={value},")
    lines += [f"    api_name={endpoint.path!r},", ")", "print(result)"]
    return "\n".join(lines) + "\n"


def gradio_client_snippet(endpoint, url: str) -> str:
    """Python with ``gradio_client``: ``Client(url).predict(..., api_name=...)``."""
    return _python_snippet("gradio_client", endpoint, url)


def blocks_client_snippet(endpoint, url: str) -> str:
    """Python with ``blocks_client`` (the websocket protocol), the same call."""
    return _python_snippet("blocks_client", endpoint, url)


def _python(value) -> str:
    """A Python literal for a JSON value (``True``, ``None``, not ``true``, ``null``)."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_python(k)}: {_python(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_python(v) for v in value) + "]"
    return repr(value)


def _shell_quote(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


def curl_snippet(endpoint, url: str) -> str:
    """bash with curl: upload the files, ``POST /call/<name>``, then read the events."""
    base = url.rstrip("/")
    lines, values, marks = [], [], {}
    for index, param in enumerate(endpoint.parameters):
        name = example_file(param)
        if name is None:
            values.append(_value(param))
            continue
        variable = f"FILE_{index}"
        lines.append(f"{variable}=$(curl -s -F files=@{_shell_quote(name)} "
                     f"{_shell_quote(base + '/upload')} | sed -E 's/^\\[(.*)\\]$/\\1/')")
        mark = f"@@{variable}@@"
        marks[json.dumps(mark)] = f"'\"${variable}\"'"  # leave the quotes, insert, go back
        values.append(mark)
    body = _shell_quote(json.dumps({"data": values}))
    for mark, shell in marks.items():
        body = body.replace(mark, shell)
    call = _shell_quote(f"{base}/call/{endpoint.name}")
    lines += [f"EVENT_ID=$(curl -s -X POST {call} -H 'Content-Type: application/json' \\",
              f"  -d {body} \\",
              "  | sed -E 's/.*\"event_id\": *\"([^\"]+)\".*/\\1/')",
              f"curl -sN {_shell_quote(f'{base}/call/{endpoint.name}/')}\"$EVENT_ID\""]
    return "\n".join(lines) + "\n"


CLIENTS: list[Client] = [
    Client("blocks_client", "Python (blocks_client)", "python", "pip install blocks-client",
           blocks_client_snippet),
    Client("python", "Python (gradio_client)", "python", "pip install gradio_client",
           gradio_client_snippet),
    Client("curl", "curl", "bash", "", curl_snippet),
]


def snippets(endpoint, url: str) -> list[tuple[Client, str]]:
    """Every client's snippet for ``endpoint``, in :data:`CLIENTS` order."""
    return [(client, client.write(endpoint, url)) for client in CLIENTS]
