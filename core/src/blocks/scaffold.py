"""``blocks new``: start a component, a theme or an app from a working scaffold.

::

    blocks new component star-rating   # blocks-star-rating/: gr.StarRating
    blocks new component stars --html  # blocks-stars/: gr.Stars, a gr.HTML subclass
    blocks new theme ocean-breeze      # blocks-theme-ocean-breeze/: theme "ocean_breeze"
    blocks new app hello               # hello/: app.py, requirements.txt, README.md
    blocks new auth company-sso        # blocks-auth-company-sso/: auth_backend="company_sso"

A scaffold is a folder of files: ``templates/<kind>/`` in the repository,
shipped inside the blocks-core wheel as ``blocks/scaffolds/<kind>/``. A file
whose name ends in ``.tmpl`` is rendered: every ``{{ key }}`` becomes the
value of ``key`` (see :class:`Names`) and the suffix is dropped; other files
are copied as they are. ``{{ key }}`` in a file or folder name is replaced
too. An unknown key is an error, never left in the output.

``blocks new component NAME --html`` writes ``templates/component/`` with the
files of ``templates/component-html/`` over it: the same distribution, whose
component is a ``gr.HTML`` subclass (templates and ``js_on_load``) instead of a
Custom Element written in JavaScript.
"""

from __future__ import annotations

import argparse
import keyword
import os
import re
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

import blocks
from blocks.auth import PROVIDED_BY
from blocks.registry import catalog, provider_of

__all__ = [
    "KINDS",
    "Names",
    "ScaffoldError",
    "create",
    "make_names",
    "new_command",
    "render",
    "scaffolds_root",
]

KINDS = ("component", "theme", "app", "auth")
SUFFIX = ".tmpl"

_NAME = re.compile(r"[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*\Z")
_PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
# Module names a component may not take: the package already has these.
_RESERVED_MODULES = {"plugin", "static"}
_EXAMPLES = {"component": "star-rating", "theme": "ocean-breeze", "app": "hello",
             "auth": "company-sso"}


class ScaffoldError(Exception):
    """A scaffold cannot be created: a bad name, a folder in the way, ..."""


@dataclass(frozen=True)
class Names:
    """Every name a scaffold uses, derived from the one the user gives.

    For ``blocks new component star-rating``: distribution ``blocks-star-rating``,
    package ``blocks_star_rating``, module ``star_rating``, class ``StarRating``,
    component name ``star_rating`` and element ``blocks-star_rating`` (the runtime
    creates ``blocks-<component name>``).
    """

    kind: str
    slug: str             # star-rating
    folder: str           # the folder created: the distribution, or the app's slug
    distribution: str     # blocks-star-rating
    package: str          # blocks_star_rating
    module: str           # star_rating (theme: theme; app: app)
    class_name: str       # StarRating (auth: CompanySsoAuth)
    component_name: str   # star_rating
    element: str          # blocks-star_rating
    theme_name: str       # star_rating
    entry_point: str      # star_rating (theme: theme_star_rating; auth: auth_star_rating)
    title: str            # Star Rating
    backend_name: str     # star_rating: auth_backend="star_rating"

    def context(self) -> dict[str, str]:
        return asdict(self)


def make_names(kind: str, name: str) -> Names:
    """The names of a ``kind`` scaffold called ``name``; :class:`ScaffoldError` if invalid."""
    if kind not in KINDS:
        raise ScaffoldError(f"Unknown kind {kind!r}: choose one of {', '.join(KINDS)}.")
    raw = name.strip()
    slug = raw
    if kind != "app":
        # `blocks new component blocks-stars` means the distribution blocks-stars.
        slug = re.sub(r"\Ablocks[-_]", "", slug)
        if kind in ("theme", "auth"):
            slug = re.sub(rf"\A{kind}[-_]", "", slug)
    if not slug:
        after = f" after {raw!r}" if raw else ""
        raise ScaffoldError(f"Give the {kind} a name{after}, e.g. "
                            f"'blocks new {kind} {_EXAMPLES[kind]}'.")
    if not _NAME.match(slug):
        raise ScaffoldError(
            f"{raw!r} is not a valid {kind} name: use lowercase letters and digits, in words "
            f"joined by '-' (or '_'), starting with a letter; e.g. {_EXAMPLES[kind]!r}.")
    words = re.split(r"[-_]", slug)
    slug = "-".join(words)
    snake = "_".join(words)
    class_name = "".join(word.capitalize() for word in words)
    for identifier in (snake, class_name):  # `none` would make `class None`
        if keyword.iskeyword(identifier):
            raise ScaffoldError(f"{raw!r} cannot be a {kind} name: {identifier!r} is a "
                                "Python keyword.")
    if kind == "component" and snake in _RESERVED_MODULES:
        raise ScaffoldError(f"{raw!r} cannot be a component name: the package already has "
                            f"a {snake!r} module.")
    distribution = {"component": f"blocks-{slug}", "theme": f"blocks-theme-{slug}",
                    "app": slug, "auth": f"blocks-auth-{slug}"}[kind]
    package = distribution.replace("-", "_") if kind != "app" else snake
    return Names(
        kind=kind, slug=slug, folder=distribution, distribution=distribution, package=package,
        module={"component": snake, "theme": "theme", "app": "app", "auth": "backend"}[kind],
        class_name=class_name + ("Auth" if kind == "auth" else ""), component_name=snake,
        element=f"blocks-{snake}", theme_name=snake,
        entry_point=f"{kind}_{snake}" if kind in ("theme", "auth") else snake,
        title=" ".join(word.capitalize() for word in words), backend_name=snake)


def check_available(names: Names, registry=None) -> None:
    """Refuse a component or theme whose names installed plugins already use.

    A second plugin registering the same name would stop every app
    (``PluginError``), and a class named like something ``blocks`` already
    exports (``Request``, ``Row``) could not be reached as ``gr.<Class>``.
    Names that a distribution of the project provides (``blocks/providers.json``:
    ``gr.Chatbot``, the theme ``soft``) are refused even when it is not installed.
    """
    if names.kind == "app":
        return
    registry = registry if registry is not None else catalog()
    if names.kind == "auth":
        taken = registry.auth_backends.get(names.backend_name)
        if taken is not None:
            raise ScaffoldError(f"An auth backend named {names.backend_name!r} is already "
                                f"installed ({_where(taken)}); choose another name.")
        provider = PROVIDED_BY.get(names.backend_name)
        if provider is not None:
            raise ScaffoldError(f"The auth backend {names.backend_name!r} comes with "
                                f"{provider}; choose another name.")
    elif names.kind == "component":
        taken = registry.components.get(names.component_name)
        if taken is not None:
            raise ScaffoldError(f"A component named {names.component_name!r} is already "
                                f"installed ({_where(taken)}); choose another name.")
        if (names.class_name in vars(blocks)
                or registry.component_by_class_name(names.class_name) is not None):
            raise ScaffoldError(f"gr.{names.class_name} already exists in Blocks; choose "
                                "another name.")
        provider = provider_of(names.class_name)
        if provider is not None:
            raise ScaffoldError(f"gr.{names.class_name} is provided by {provider[0]}; choose "
                                "another name.")
    else:
        taken = registry.themes.get(names.theme_name)
        if taken is None:
            taken = registry.theme_by_class_name(names.class_name)
        if taken is not None:
            raise ScaffoldError(f"A theme named {names.theme_name!r} (or class "
                                f"{names.class_name}) is already installed ({_where(taken)}); "
                                "choose another name.")
        provider = provider_of(names.theme_name, "themes")
        if provider is not None:
            raise ScaffoldError(f"The theme {names.theme_name!r} comes with {provider[0]}, "
                                "and two themes of one name stop every app; choose another "
                                "name.")


def _where(cls) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


# -- the scaffold files --------------------------------------------------------------------
def scaffolds_root() -> Path:
    """The folder holding one scaffold per kind.

    An installed blocks-core has them inside the package (``blocks/scaffolds``,
    put there when the wheel is built); a source checkout (an editable
    install) reads the repository's ``templates/`` folder.
    """
    here = Path(__file__).resolve().parent
    for folder in (here / "scaffolds", here.parent.parent.parent / "templates"):
        if (folder / "component").is_dir():
            return folder
    raise ScaffoldError("The scaffolds are missing from this installation of blocks-core "
                        f"(looked in {here / 'scaffolds'}); reinstall it.")


def render(text: str, context: dict[str, str], where: str = "") -> str:
    """Replace every ``{{ key }}`` of ``text`` with ``context[key]``."""
    def replace(match: re.Match) -> str:
        key = match.group(1)
        if key not in context:
            raise ScaffoldError(f"Unknown placeholder {{{{ {key} }}}}"
                                f"{' in ' + where if where else ''}.")
        return context[key]
    return _PLACEHOLDER.sub(replace, text)


def plan(names: Names, root: Path | None = None, *, html: bool = False) -> dict[str, bytes]:
    """The files of the scaffold: relative path -> content, all rendered in memory.

    ``html`` (a component only): the files of ``component-html/`` replace or add to
    those of ``component/``.
    """
    root = root or scaffolds_root()
    source = root / names.kind
    if not source.is_dir():
        raise ScaffoldError(f"No {names.kind} scaffold in {source.parent}.")
    files = _render_folder(source, names)
    if html:
        if names.kind != "component":
            raise ScaffoldError("--html makes a component: 'blocks new component NAME --html'.")
        files.update(_render_folder(root / "component-html", names))
    return files


def _render_folder(source: Path, names: Names) -> dict[str, bytes]:
    context = names.context()
    files: dict[str, bytes] = {}
    for path in sorted(source.rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts:
            continue
        relative = path.relative_to(source).as_posix()
        target = render(relative, context, relative)
        if target.endswith(SUFFIX):
            target = target[:-len(SUFFIX)]
            text = path.read_text(encoding="utf-8")
            files[target] = render(text, context, relative).encode("utf-8")
        else:
            files[target] = path.read_bytes()
    return files


@dataclass
class Created:
    names: Names
    path: Path
    files: list[str]
    html: bool = False


def create(kind: str, name: str, directory: str | os.PathLike = ".", *, force: bool = False,
           check_installed: bool = True, html: bool = False) -> Created:
    """Write the ``kind`` scaffold called ``name`` into a new folder of ``directory``.

    The folder must not exist, or be empty; with ``force`` the scaffold's files
    are written over those of an existing folder (other files stay). ``html``: a
    component made from ``gr.HTML`` (see the module docstring).
    """
    names = make_names(kind, name)
    if check_installed:
        check_available(names)
    target = Path(directory) / names.folder
    if target.exists() and not target.is_dir():
        raise ScaffoldError(f"{target} exists and is not a folder.")
    if target.is_dir() and any(target.iterdir()) and not force:
        raise ScaffoldError(f"{target} already exists; choose another name or --dir, or pass "
                            "--force to write the scaffold's files over it.")
    files = plan(names, html=html)
    for relative, content in files.items():
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_bytes(content)
    return Created(names, target, sorted(files), html)


# -- the command ---------------------------------------------------------------------------
_DESCRIPTION = """\
Create a folder holding a working starting point:

  component  a distribution with one component (Python class, browser module,
             entry point, unit and browser tests): blocks-<name>/; with --html,
             a gr.HTML subclass (HTML, CSS and script templates in Python)
  theme      a distribution with one theme: blocks-theme-<name>/
  app        a folder with app.py, requirements.txt and a README: <name>/
  auth       a distribution with one authentication backend: blocks-auth-<name>/
"""

_EPILOG = """\
examples:
  blocks new component star-rating     gr.StarRating in blocks-star-rating/
  blocks new component stars --html    gr.Stars, made from gr.HTML, in blocks-stars/
  blocks new theme ocean-breeze        gr.Blocks(theme="ocean_breeze")
  blocks new app hello --dir ~/apps    ~/apps/hello/app.py
  blocks new auth company-sso          launch(auth_backend="company_sso")
"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="blocks new", description=_DESCRIPTION, epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("kind", choices=KINDS, help="what to create")
    parser.add_argument("name", help="lowercase words joined by '-', e.g. star-rating")
    parser.add_argument("--dir", default=".", metavar="DIR",
                        help="the folder to create it in (default: the current folder)")
    parser.add_argument("--force", action="store_true",
                        help="write over the files of an existing folder")
    parser.add_argument("--html", action="store_true",
                        help="a component: make it a gr.HTML subclass (templates and a "
                             "script, no JavaScript class) instead of a Custom Element")
    return parser


def _package_steps(shown: str, created: str, then: str) -> list[str]:
    return [created, "", "Next steps:", f"  cd {shown}", '  pip install -e ".[test]"',
            "  pytest", "", then]


def next_steps(created: Created) -> str:
    names, folder = created.names, created.path
    shown = os.path.relpath(folder) if not folder.is_absolute() else str(folder)
    lines = []
    if names.kind == "component":
        lines += [(f"Created {shown}/: gr.{names.class_name} (component "
                   f"{names.component_name!r}, element <{names.element}>), "
                   f"package {names.package}."),
                  "",
                  "Next steps:",
                  f"  cd {shown}",
                  '  pip install -e ".[test]"    # install it, with pytest and Playwright',
                  "  pytest                      # unit tests, and a browser test in Chromium",
                  "",
                  (f"Then edit src/{names.package}/{names.module}.py: its HTML, CSS and "
                   "script templates, props and value type." if created.html else
                   f"Then edit src/{names.package}/{names.module}.py (the Python side) and "
                   f"src/{names.package}/static/{names.module}.js (the browser side).")]
    elif names.kind == "theme":
        lines += _package_steps(
            shown, (f"Created {shown}/: theme {names.theme_name!r} "
                    f"(gr.themes.{names.class_name}), package {names.package}."),
            (f"Then use it with gr.Blocks(theme=\"{names.theme_name}\"), and change "
             f"its hues and variables in src/{names.package}/theme.py."))
    elif names.kind == "auth":
        lines += _package_steps(
            shown, (f"Created {shown}/: the auth backend {names.backend_name!r} "
                    f"({names.class_name}), package {names.package}."),
            (f"Then use it with launch(auth_backend=\"{names.backend_name}\", "
             "auth_config={...}), and change its check_password in "
             f"src/{names.package}/backend.py."))
    else:
        lines += [f"Created {shown}/: the app {names.title!r}.",
                  "",
                  "Next steps:",
                  f"  cd {shown}",
                  "  pip install -r requirements.txt",
                  "  python app.py               # serves http://127.0.0.1:7860",
                  "",
                  "Serve it with gunicorn (pip install gunicorn):",
                  "  gunicorn -k gevent -w 1 -b 127.0.0.1:8000 'blocks.wsgi:app(\"app.py\")'"]
    return "\n".join(lines)


def new_command(args: list[str]) -> int:
    """``blocks new <component|theme|app|auth> <name> [--dir DIR] [--force] [--html]``."""
    parser = _parser()
    try:
        options = parser.parse_args(args)
    except SystemExit as exit:  # --help, or a usage error argparse printed
        return int(exit.code or 0)
    try:
        if options.html and options.kind != "component":
            raise ScaffoldError("--html makes a component: 'blocks new component NAME --html'.")
        created = create(options.kind, options.name, options.dir, force=options.force,
                         html=options.html)
    except ScaffoldError as error:
        print(f"blocks new: {error}", file=sys.stderr)
        return 1
    print(next_steps(created))
    return 0
