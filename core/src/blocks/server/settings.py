"""The validated settings of one served app (instead of dozens of parameters)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path
from urllib.parse import urlsplit

from blocks.auth import parse_networks
from blocks.environment import env, settings_from_environment
from blocks.paths import existing_files
from blocks.server.security import frame_ancestors, host_names

__all__ = ["Settings"]

_SIZE_UNITS = {"b": 1, "kb": 1024, "mb": 1024 ** 2, "gb": 1024 ** 3}


def _env(name: str) -> str | None:
    """``BLOCKS_<name>``, or ``None`` when unset or empty."""
    return os.environ.get(f"BLOCKS_{name}") or None


def _env_or_file(name: str) -> str | None:
    """``BLOCKS_<name>``, else the first line of the file ``BLOCKS_<name>_FILE`` names."""
    value = _env(name)
    path = _env(f"{name}_FILE")
    if value is None and path is not None:
        try:
            value = Path(path).read_text(encoding="utf-8").strip() or None
        except OSError as error:
            raise ValueError(f"BLOCKS_{name}_FILE: cannot read {path!r}: "
                             f"{error.strerror}.") from None
    return value


def parse_size(value) -> int | None:
    """``"5mb"`` -> 5242880; ints pass through; ``None`` means no limit."""
    if value is None or isinstance(value, int):
        return value
    text = str(value).strip().lower().replace(" ", "")
    for unit in sorted(_SIZE_UNITS, key=len, reverse=True):
        if text.endswith(unit):
            return int(float(text[: -len(unit)]) * _SIZE_UNITS[unit])
    return int(text)


def _as_list(value) -> list:
    if value is None:
        return []
    return [value] if isinstance(value, (str, os.PathLike)) else list(value)


def _positive(name: str, value) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{name} must be a whole number, 1 or more; not {value!r}.")


def split_root_path(value) -> tuple[str, str]:
    """``root_path`` as ``(path, origin)``: ``"/demo"`` -> ``("/demo", "")``;
    ``"https://example.com/demo/"`` -> ``("/demo", "https://example.com")``."""
    text = str(value or "").strip()
    if text.lower().startswith(("http://", "https://")):
        parts = urlsplit(text)
        if not parts.netloc or parts.query or parts.fragment:
            raise ValueError(f"root_path {text!r} is not a URL like 'https://example.com/demo'.")
        return parts.path.rstrip("/"), f"{parts.scheme.lower()}://{parts.netloc}"
    text = text.rstrip("/")
    if text and not text.startswith("/"):
        raise ValueError("root_path must be a path starting with '/' (e.g. '/demo') or a "
                         "full URL (e.g. 'https://example.com/demo').")
    return text, ""


_FOOTER_KINDS = ("api", "gradio", "settings")


def footer_links(value) -> list[dict]:
    """``footer_links`` as ``[{"kind": ...}]``: Gradio's names, or ``{"label", "url"}`` links.

    ``None`` is the default footer (``"api"``, ``"gradio"``, ``"settings"``); ``[]``
    none. A link's URL must be http(s) or a path (no ``javascript:``).
    """
    if value is None:
        value = list(_FOOTER_KINDS)
    if isinstance(value, (str, dict)):
        raise ValueError("footer_links must be a list, e.g. ['api', 'settings'].")
    links = []
    for item in value:
        if item in _FOOTER_KINDS:
            links.append({"kind": item})
        elif isinstance(item, dict) and isinstance(item.get("label"), str) \
                and isinstance(item.get("url"), str) \
                and (item["url"].startswith(("http://", "https://", "/")) or
                     ":" not in item["url"].split("/")[0]):
            links.append({"kind": "link", "label": item["label"], "url": item["url"]})
        else:
            raise ValueError(f"footer_links: {item!r} is not one of {', '.join(_FOOTER_KINDS)} "
                             "nor a {'label': ..., 'url': 'https://...'} link.")
    return links


@dataclass
class Settings:
    root_path: str = ""
    show_error: bool = False
    max_threads: int = 40
    max_file_size: int | None = None
    max_message_size: int = 16 * 1024 * 1024
    allowed_paths: list = field(default_factory=list)
    blocked_paths: list = field(default_factory=list)
    plugins: list = field(default_factory=list)
    favicon_path: str | None = None
    ping_interval: float = 20.0
    css: str | None = None
    js: str | None = None
    head: str | None = None
    css_paths: list = field(default_factory=list)
    head_paths: list = field(default_factory=list)
    i18n: object = None
    theme: object = None
    state_session_capacity: int = 10_000
    state_grace_period: float = 3600.0
    state_backend: str = field(default_factory=lambda: _env("STATE_BACKEND") or "memory")
    queue_backend: str | None = field(default_factory=lambda: _env("QUEUE_BACKEND"))
    secret: str | None = field(default_factory=lambda: _env("SECRET"), repr=False)
    backend_options: dict = field(default_factory=dict, repr=False)
    sweep_interval: float = 1.0
    show_api: bool = True
    mcp_server: bool | None = None      # None: BLOCKS_MCP_SERVER / GRADIO_MCP_SERVER decide
    footer_links: list | None = None    # None: "api", "gradio", "settings"
    # -- security (docs/deployment.md, "Security") --
    server_name: str | None = None      # where launch() listens: a loopback one checks Host
    allowed_hosts: list = field(default_factory=list)
    frame_ancestors: object = "'self'"  # who may show the app in a frame
    inline_paths: list = field(default_factory=list)  # trusted: active files shown inline
    max_upload_files: int = 100
    max_upload_size: int | str = "1gb"
    max_session_jobs: int = 64          # unfinished jobs of one page
    header_timeout: float = 10.0        # launch(): seconds to send a request's headers
    max_connections: int | None = None  # launch(): None = what the fd limit allows
    # -- authentication (docs/auth.md) --
    auth: object = None                 # ("user", "pw"), a list of pairs, or fn(user, pw)
    auth_message: str | None = None     # Markdown shown on the login page
    auth_dependency: object = None      # fn(gr.Request) -> username | None, on every request
    auth_backend: str | None = field(default_factory=lambda: _env("AUTH_BACKEND"))
    auth_config: dict = field(default_factory=dict)  # the backend's options
    auth_max_age: float = field(default_factory=lambda: float(_env("AUTH_MAX_AGE") or
                                                              7 * 24 * 3600))
    auth_throttle: object = None        # {"attempts", "delay", "max_delay", "forget"}
    login_store: str = field(default_factory=lambda: _env("LOGIN_STORE") or "memory")
    secret_key: str | None = field(default_factory=lambda: _env_or_file("SECRET_KEY"),
                                   repr=False)
    trusted_proxies: list = field(default_factory=lambda: _env("TRUSTED_PROXIES") or [])
    root_origin: str = field(default="", init=False)  # of a root_path given as a full URL

    def __post_init__(self):
        if self.mcp_server is None:  # BLOCKS_MCP_SERVER, else GRADIO_MCP_SERVER
            self.mcp_server = (env("MCP_SERVER") or "").strip().lower() in ("1", "true", "yes")
        self.mcp_server = bool(self.mcp_server)
        self.root_path, self.root_origin = split_root_path(self.root_path)
        if int(self.max_threads) < 1:
            raise ValueError("max_threads must be at least 1.")
        self.max_file_size = parse_size(self.max_file_size)
        self.max_message_size = parse_size(self.max_message_size)
        self.allowed_paths = [Path(os.path.abspath(p)) for p in self.allowed_paths or []]
        self.blocked_paths = [Path(os.path.abspath(p)) for p in self.blocked_paths or []]
        self.inline_paths = [Path(os.path.abspath(p)) for p in _as_list(self.inline_paths)]
        self.allowed_hosts = host_names(self.allowed_hosts)
        self.frame_ancestors = frame_ancestors(self.frame_ancestors)
        self.max_upload_size = parse_size(self.max_upload_size)
        for name in ("max_upload_files", "max_upload_size", "max_session_jobs"):
            _positive(name, getattr(self, name))
        if self.max_connections is not None:
            _positive("max_connections", self.max_connections)
        if not float(self.header_timeout) > 0:
            raise ValueError("header_timeout must be a positive number of seconds.")
        self.footer_links = footer_links(self.footer_links)
        self.trusted_proxies = parse_networks(self.trusted_proxies)
        if not float(self.auth_max_age) > 0:
            raise ValueError("auth_max_age must be a positive number of seconds.")
        self.auth_config = dict(self.auth_config or {})
        self.css_paths = existing_files(self.css_paths, "css_paths")
        self.head_paths = existing_files(self.head_paths, "head_paths")
        if self.favicon_path and not Path(self.favicon_path).is_file():
            raise FileNotFoundError(f"favicon_path: no file at {self.favicon_path}")

    @classmethod
    def from_kwargs(cls, *, backend_options: tuple = (), **kwargs) -> Settings:
        """Settings from keyword arguments; an unknown name is refused.

        ``backend_options`` names the settings the chosen session store and queue
        backend declare (``redis_url``): given here or as ``BLOCKS_<NAME>`` in the
        environment, they go to ``backend_options``.
        """
        known = {f.name for f in fields(cls)} - {"backend_options"}
        unknown = set(kwargs) - known - set(backend_options)
        if unknown:
            raise TypeError(f"Unknown setting(s): {', '.join(sorted(unknown))}")
        options = {name: kwargs.pop(name, None) for name in backend_options}
        for name, value in options.items():
            if value is None:
                options[name] = _env(name.upper())
        # BLOCKS_<NAME> / GRADIO_<NAME> variables fill what the code leaves unset
        from_environment = {name: value for name, value in settings_from_environment().items()
                            if kwargs.get(name) is None}
        return cls(**{**kwargs, **from_environment}, backend_options=options)

    @staticmethod
    def backend_names(kwargs: dict) -> tuple[str, str | None]:
        """``(state_backend, queue_backend)`` as ``kwargs`` or the environment choose them."""
        return (kwargs.get("state_backend") or _env("STATE_BACKEND") or "memory",
                kwargs.get("queue_backend") or _env("QUEUE_BACKEND"))
