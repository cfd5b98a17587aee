"""``gr.load``: an app made from another running app, given its URL.

The other app (a Blocks app, or a Gradio one) is described by its ``/config``
and API info. Each of its public endpoints becomes a listener of a new
``gr.Blocks`` whose function calls the remote endpoint, with components
rebuilt from the remote's (their type and constructor arguments; a type not
installed here, or a ``gr.api`` value, becomes a Textbox, Number, Checkbox,
File or JSON by its Python type). One endpoint is laid out as inputs, a Run
button and outputs; several get one tab each. The result renders inside
another app (``loaded.render()``) and is callable (``loaded("x",
api_name="/predict")``).

Hugging Face models and Spaces are not reachable from Blocks: a Hub id is
refused with a message that says what to do instead.
"""

from __future__ import annotations

import inspect
import re
import urllib.parse
from typing import Any

from blocks.arguments import warn_unsupported
from blocks.remote import BlocksRemote, GradioRemote, RemoteError, fetch_json
from blocks.request import Request

__all__ = ["load", "RemoteError"]

_HUB_SOURCES = ("models", "spaces", "huggingface")
# props of the remote's components that describe the remote page, not the component
_NOT_ARGUMENTS = {"value", "interactive", "elem_id", "elem_classes", "key", "render",
                  "preserved_by_key", "streaming", "every", "inputs"}
_FALLBACK = {"str": "Textbox", "float": "Number", "int": "Number", "bool": "Checkbox",
             "filepath": "File"}


def _hub_error(name: str) -> RemoteError:
    return RemoteError(
        f"gr.load({name!r}): Hugging Face models and Spaces are not reachable from Blocks "
        "(it does not call the Hugging Face Hub or its inference providers). Load a running "
        "Blocks or Gradio app by its URL instead, e.g. gr.load(\"http://127.0.0.1:7860/\") "
        "(a Space's code runs locally with `python app.py`), or call the model from a "
        "function of your own app.")


def load(name: str | None = None, src: Any = None, hf_token: str | None = None,
         accept_token: bool = False, provider: str | None = None, **kwargs):
    """A ``gr.Blocks`` that calls the endpoints of the app at ``name`` (an http(s) URL).

    ``src`` may hold the URL instead. ``"models/..."``, ``"spaces/..."``,
    ``src="models"`` or ``"spaces"`` (Hugging Face) raise a ``ValueError``
    that says Blocks cannot reach the Hub. ``hf_token``, ``accept_token``,
    ``provider`` and other Gradio keywords are Hub options: they warn and do
    nothing.
    """
    for key, given in (("hf_token", hf_token), ("accept_token", accept_token),
                       ("provider", provider), *kwargs.items()):
        if given not in (None, False):
            warn_unsupported("gr.load", key, "it is an option of Hugging Face's Hub")
    url = src if isinstance(src, str) and re.match(r"https?://", src) else name
    if callable(src) or (isinstance(src, str) and src not in _HUB_SOURCES and
                         not re.match(r"https?://", src)):
        raise RemoteError(f"gr.load(src={src!r}): src may be an app's URL, or None.")
    if not isinstance(url, str) or not url:
        raise RemoteError("gr.load needs the URL of a running app: "
                          "gr.load(\"http://127.0.0.1:7860/\").")
    if src in _HUB_SOURCES or not re.match(r"https?://", url):
        raise _hub_error(url if src is None else f"{src}/{url}")
    parts = urllib.parse.urlsplit(url)
    if parts.netloc.endswith((".hf.space", "huggingface.co")):
        raise _hub_error(url)
    url = urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path.rstrip("/"), "", ""))
    config = fetch_json(url + "/config")
    if not isinstance(config, dict) or not isinstance(config.get("dependencies"), list):
        raise RemoteError(f"{url}/config is not the config of a Blocks or Gradio app.")
    if "blocks_version" in config:
        remote = BlocksRemote(url + "/")
        info = fetch_json(url + "/info")
    else:
        prefix = config.get("api_prefix") or "/gradio_api"
        remote = GradioRemote(url, prefix)
        info = fetch_json(url + "/" + prefix.strip("/") + "/info")
    return _build(url, config, info if isinstance(info, dict) else {}, remote)


# -- rebuilding the components ------------------------------------------------------------------
def _component(spec: dict | None, value: dict, *, as_input: bool):
    """A local component like the remote's ``spec``, or one for ``value``'s Python type."""
    from blocks.registry import catalog
    label = str(value.get("label") or value.get("parameter_name") or "value")
    cls = catalog().components.get(spec.get("type")) if spec else None
    if cls is not None:
        props = dict(spec.get("props") or {})
        accepted = inspect.signature(cls.__init__).parameters
        arguments = {key: props[key] for key in props
                     if key in accepted and key not in _NOT_ARGUMENTS}
        initial = props.get("value")
        if isinstance(initial, (str, int, float, bool)) and "value" in accepted:
            arguments["value"] = initial
        arguments.setdefault("label", label)
        try:
            return cls(**arguments, **({"interactive": True} if as_input else {}))
        except (TypeError, ValueError):
            pass  # a prop this component reads otherwise: fall back to the type
    python_type = value.get("python_type") or {}
    kind = python_type.get("type") if isinstance(python_type, dict) else python_type
    fallback = catalog().component_by_class_name(_FALLBACK.get(str(kind), "JSON"))
    if as_input and fallback.__name__ == "JSON":  # JSON has no editor: typed as text
        fallback = catalog().component_by_class_name("Textbox")
    return fallback(label=label)


def _is_file(value: dict) -> bool:
    python_type = value.get("python_type") or {}
    return isinstance(python_type, dict) and python_type.get("type") == "filepath"


def _listener_fn(remote, name: str, params: list[dict]):
    files = [_is_file(param) for param in params]

    def call_remote(*values, request: Request = None):
        session = getattr(request, "session_hash", None)
        given = list(values) + [p.get("parameter_default") for p in params[len(values):]]
        yield from remote.call(name, given, files, session)

    call_remote.__name__ = re.sub(r"\W", "_", name.strip("/")) or "predict"
    return call_remote


def _build(url: str, config: dict, info: dict, remote):
    import blocks as gr

    specs = {c.get("id"): c for c in config.get("components", [])}
    by_name = {"/" + d["api_name"]: d for d in config["dependencies"]
               if isinstance(d.get("api_name"), str)}
    named = info.get("named_endpoints") or {}
    listed = [(path, entry) for path, entry in named.items()
              if entry.get("api_visibility", "public") == "public"]
    if not listed:
        raise RemoteError(f"The app at {url} has no public endpoint to load.")

    def unload(request: Request):
        remote.end(getattr(request, "session_hash", None))

    title = config.get("title") or "Loaded app"
    with gr.Blocks(title=title) as demo:
        gr.Markdown(f"Calls the app at <{url}/>.")
        for path, entry in listed:
            dep = by_name.get(path, {})
            context = gr.Tab(path) if len(listed) > 1 else gr.Group()
            with context:
                _endpoint_ui(path, entry, dep, specs, remote)
        demo.unload(unload)
    demo.loaded_from = url
    return demo


def _endpoint_ui(path: str, entry: dict, dep: dict, specs: dict, remote) -> None:
    import blocks as gr
    api_inputs = [i for i in dep.get("inputs", []) if not specs.get(i, {}).get("skip_api")]
    api_outputs = [o for o in dep.get("outputs", []) if not specs.get(o, {}).get("skip_api")]
    params, returns = entry.get("parameters") or [], entry.get("returns") or []
    if entry.get("description"):
        gr.Markdown(str(entry["description"]))
    with gr.Row():
        with gr.Column():
            inputs = [_component(specs.get(api_inputs[i]) if i < len(api_inputs) else None,
                               param, as_input=True) for i, param in enumerate(params)]
            button = gr.Button("Run", variant="primary")
        with gr.Column():
            outputs = [_component(specs.get(api_outputs[i]) if i < len(api_outputs) else None,
                                ret, as_input=False) for i, ret in enumerate(returns)]
    button.click(_listener_fn(remote, path, params), inputs, outputs,
                 api_name=path.lstrip("/"), preprocess=False,
                 api_description=entry.get("description") or None)
