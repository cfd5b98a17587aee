"""What an app offers to MCP clients: tools, resources and prompts, from its endpoints.

Every public endpoint (``blocks.api_info``) is a tool unless ``gr.mcp.resource``
or ``gr.mcp.prompt`` marks its function. A tool's input schema is each
parameter's JSON schema (its component's ``api_info()``, made precise by the
function's type hints: an ``int`` hint on a ``gr.Number`` is an integer),
described by the docstring's ``Args:`` section; its description is the
endpoint's ``api_description`` or the docstring's text before its sections.
File parameters take a string: a ``data:`` URL or the URL of a file the app
gave out (``blocks_mcp.content``).
"""

from __future__ import annotations

import inspect
import re
from dataclasses import dataclass, field

from blocks.api_info import Endpoint, endpoints, hint_schema, type_hints
from blocks.mcp import marks

__all__ = ["Catalog", "Tool", "Resource", "Prompt", "parse_docstring", "is_file_schema"]

_SECTION = re.compile(r"^(Args|Arguments|Parameters|Params|Returns?|Raises|Yields?|Examples?|"
                      r"Notes?|See Also|Warnings?):\s*$", re.IGNORECASE)
_ARG = re.compile(r"^(\*{0,2}\w+)\s*(\([^)]*\))?\s*:\s*(.*)$")
FILE_DESCRIPTION = ("A file: a data: URL (data:<mime type>;base64,<content>) or the URL of a "
                    "file this app gave out (its /file= links).")


@dataclass
class Tool:
    name: str
    endpoint: Endpoint
    description: str
    input_schema: dict
    file_params: dict  # parameter name -> "file" or "files"
    output_schema: dict | None = None
    meta: dict | None = None
    whole_result: bool = False  # the function says it returns an int

    def values(self, values: list) -> list:
        """The return values as the function's hints say (a gr.Number's 3.0 from ``-> int``)."""
        if self.whole_result and len(values) == 1 and isinstance(values[0], float) \
                and values[0].is_integer():
            return [int(values[0])]
        return values

    def listing(self) -> dict:
        found = {"name": self.name, "description": self.description,
                 "inputSchema": self.input_schema}
        if self.output_schema is not None:
            found["outputSchema"] = self.output_schema
        if self.meta:
            found["_meta"] = self.meta
        return found


@dataclass
class Resource:
    uri_template: str
    endpoint: Endpoint
    name: str
    description: str
    mime_type: str
    names: list
    pattern: re.Pattern = field(repr=False)

    @property
    def templated(self) -> bool:
        return bool(self.names)

    def listing(self) -> dict:
        key = "uriTemplate" if self.templated else "uri"
        return {key: self.uri_template, "name": self.name, "description": self.description,
                "mimeType": self.mime_type}

    def match(self, uri: str) -> dict | None:
        found = self.pattern.fullmatch(uri)
        return found.groupdict() if found else None


@dataclass
class Prompt:
    name: str
    endpoint: Endpoint
    description: str
    arguments: list

    def listing(self) -> dict:
        return {"name": self.name, "description": self.description, "arguments": self.arguments}


def parse_docstring(doc: str | None) -> tuple[str, dict[str, str]]:
    """A Google-style docstring's text before its sections, and its ``Args:`` entries."""
    if not doc:
        return "", {}
    lines = inspect.cleandoc(doc).splitlines()
    summary: list[str] = []
    args: dict[str, str] = {}
    section = None
    current = None
    for line in lines:
        header = _SECTION.match(line.strip()) if not line.startswith((" ", "\t")) else None
        if header:
            section = header.group(1).lower()
            current = None
            continue
        if section is None:
            summary.append(line)
        elif section in ("args", "arguments", "parameters", "params") and line.strip():
            text = line.strip()
            indent = len(line) - len(line.lstrip())
            found = _ARG.match(text)
            if found and (current is None or indent <= current[1]):
                current = (found.group(1).lstrip("*"), indent)
                args[current[0]] = found.group(3).strip()
            elif current is not None:
                args[current[0]] = f"{args[current[0]]} {text}".strip()
    return "\n".join(summary).strip(), args


def is_file_schema(schema) -> bool:
    return isinstance(schema, dict) and schema.get("title") == "FileData"


def _parameter_schema(param, hint) -> tuple[dict, str | None]:
    """A parameter's schema, and ``"file"``/``"files"`` for file parameters."""
    schema = dict(param.type or {})
    if is_file_schema(schema):
        return {"type": "string", "description": FILE_DESCRIPTION}, "file"
    if schema.get("type") == "array" and is_file_schema(schema.get("items")):
        return {"type": "array", "items": {"type": "string"},
                "description": "Files: " + FILE_DESCRIPTION}, "files"
    hinted = hint_schema(hint)
    if not schema:
        schema = hinted
    elif schema.get("type") == "number" and hinted.get("type") == "integer":
        schema["type"] = "integer"
    return schema, None


def _description(endpoint: Endpoint, mark: dict, summary: str) -> str:
    if mark.get("description") is not None:
        return str(mark["description"])
    explicit = endpoint.dependency.api_description
    if explicit is False:
        return ""
    if explicit:
        return str(explicit)
    return summary


def _tool(endpoint: Endpoint, mark: dict) -> Tool:
    fn = endpoint.dependency.fn
    summary, docs = parse_docstring(inspect.getdoc(fn))
    hints = type_hints(fn)
    properties, required, files = {}, [], {}
    for param in endpoint.parameters:
        schema, kind = _parameter_schema(param, hints.get(param.name, inspect.Parameter.empty))
        words = docs.get(param.name)
        if words:
            schema["description"] = f"{words} ({schema['description']})" \
                if "description" in schema else words
        elif "description" not in schema:
            schema["description"] = param.label
        if kind:
            files[param.name] = kind
        if param.has_default:
            if kind is None and param.default is not None:
                schema["default"] = param.default
        else:
            required.append(param.name)
        properties[param.name] = schema
    input_schema = {"type": "object", "properties": properties}
    if required:
        input_schema["required"] = required
    output_schema = None
    if mark.get("structured_output"):
        returns = [dict(r.type or {}) for r in endpoint.returns]
        result = returns[0] if len(returns) == 1 else \
            {"type": "array", "prefixItems": returns, "minItems": len(returns)}
        output_schema = {"type": "object", "properties": {"result": result},
                         "required": ["result"]}
    name = mark.get("name") or endpoint.name
    return Tool(name=str(name), endpoint=endpoint,
                description=_description(endpoint, mark, summary),
                input_schema=input_schema, file_params=files, output_schema=output_schema,
                meta=mark.get("meta"), whole_result=hints.get("return") is int)


def _resource(endpoint: Endpoint, mark: dict) -> Resource:
    template = mark["uri_template"]
    pattern = ""
    for index, piece in enumerate(re.split(r"\{([A-Za-z_][A-Za-z0-9_]*)\}", template)):
        pattern += re.escape(piece) if index % 2 == 0 else f"(?P<{piece}>[^/]+)"
    summary, _ = parse_docstring(inspect.getdoc(endpoint.dependency.fn))
    return Resource(uri_template=template, endpoint=endpoint,
                    name=endpoint.dependency.fn.__name__,
                    description=_description(endpoint, mark, summary),
                    mime_type=mark.get("mime_type") or "text/plain",
                    names=list(mark.get("names") or []), pattern=re.compile(pattern))


def _prompt(endpoint: Endpoint, mark: dict) -> Prompt:
    summary, docs = parse_docstring(inspect.getdoc(endpoint.dependency.fn))
    arguments = [{"name": p.name, "description": docs.get(p.name) or p.label,
                  "required": not p.has_default} for p in endpoint.parameters]
    return Prompt(name=str(mark.get("name") or endpoint.name), endpoint=endpoint,
                  description=_description(endpoint, mark, summary), arguments=arguments)


class Catalog:
    """The tools, resources and prompts of one app (built once: listeners do not change)."""

    def __init__(self, blocks):
        self.tools: dict[str, Tool] = {}
        self.resources: list[Resource] = []
        self.prompts: dict[str, Prompt] = {}
        for endpoint in endpoints(blocks):
            mark = marks(endpoint.dependency.fn)
            kind = mark.get("kind")
            if kind == "resource":
                self.resources.append(_resource(endpoint, mark))
            elif kind == "prompt":
                prompt = _prompt(endpoint, mark)
                self.prompts.setdefault(prompt.name, prompt)
            else:
                tool = _tool(endpoint, mark)
                self.tools.setdefault(tool.name, tool)

    def find_resource(self, uri: str) -> tuple[Resource, dict] | None:
        for resource in self.resources:
            values = resource.match(uri)
            if values is not None:
                return resource, values
        return None
