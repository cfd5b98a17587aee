"""The page bundle: the modules a page loads at once, as one module.

A page of the greet app loads five modules (the runtime, ``base.js``, the job
runtime and two components). Preloaded, they are fetched in parallel, but each is
still a request, a compilation and an instance for the browser, which on a small
machine costs more than the page's own work. The page shell therefore names one
module, the *bundle*, that holds the code of every module the page loads at once
(``PageAssets.needs``), each in a block of its own, and an *import map* that sends
every other import of one of those modules (a component loaded later, a lazy part
of the runtime, the page's own ``import``) to a small *facade* module that hands
out the bundled module's exports. Each module is evaluated once, whichever way it
is reached, so ``base.js``'s ``BlocksElement`` stays one class.

No build step makes it: :func:`link` rewrites the module statements of a module
written in the plain form Blocks' own modules use, when the server first needs the
bundle, and a module it cannot rewrite is left out (and with it, every module that
imports it), loaded by URL as before. The forms it rewrites, each starting a line:

- ``import { a, b as c } from "./x.js"``, ``import d from``, ``import d, { a } from``,
  ``import * as ns from``, ``import "./x.js"`` (relative specifiers only);
- ``export function``, ``export async function``, ``export class``,
  ``export const name =`` and ``export default ...``, ``export { a, b as c }``;
- ``import.meta.url`` and ``import(...)``, which keep meaning the module's own URL.

Left out: ``export let``/``var``/``*``/``export ... from``, other ``import.meta``
uses, a ``var`` at the top level (it would be shared with the other modules),
imports of modules outside the bundle, and import cycles. Only the modules of the
core's own ``static`` folder are bundled: a syntax error in one module would stop
the whole bundle, so a package's modules keep failing alone (the runtime shows
``<blocks-module-error>`` for a component whose module fails). An error while a
bundled module runs is kept and raised by its facade, which the runtime shows the
same way.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import re
from dataclasses import dataclass, field

__all__ = ["BUNDLED_PACKAGES", "Bundle", "Unbundleable", "link", "make_bundle"]

BUNDLED_PACKAGES = ("blocks",)  # static folders whose modules go into page bundles
BUNDLE_FOLDER = "page-bundle"  # /assets/v-<version>/page-bundle/<key>.js (no package has a -)

_PREFIX = "__blocks$"
_STATEMENT = re.compile(r"^(?:import|export)\b", re.M)
_NAME = r"[A-Za-z_$][\w$]*"
_IMPORT_FROM = re.compile(
    r"import\s+(?P<clause>[\w$\s{},*]+?)\s*from\s*(?P<q>[\"'])(?P<spec>[^\"'\n]+)(?P=q)[ \t]*;?"
)
_IMPORT_BARE = re.compile(r"import\s*(?P<q>[\"'])(?P<spec>[^\"'\n]+)(?P=q)[ \t]*;?")
_EXPORT_DECLARATION = re.compile(
    rf"export\s+(?P<decl>(?:async\s+)?function\s*\*?\s*(?P<fn>{_NAME})\s*\("
    rf"|class\s+(?P<cls>{_NAME})\b|const\s+(?P<const>{_NAME})\s*=)"
)
_EXPORT_DEFAULT_NAMED = re.compile(
    rf"export\s+default\s+(?P<decl>(?:async\s+)?function\s*\*?\s*(?P<fn>{_NAME})\s*\("
    rf"|class\s+(?!extends\b)(?P<cls>{_NAME})\b)"
)
_EXPORT_DEFAULT = re.compile(r"export\s+default\s+")
_EXPORT_LIST = re.compile(r"export\s*\{(?P<list>[\w$\s,]*)\}(?P<after>\s*from\b)?[ \t]*;?")
_DYNAMIC_IMPORT = re.compile(r"(?<![\w$.])import\s*\(")
_META_URL = re.compile(r"(?<![\w$.])import\.meta\.url\b")
_META = re.compile(r"(?<![\w$.])import\.meta\b")
_TOP_VAR = re.compile(r"^var\b", re.M)


class Unbundleable(ValueError):
    """A module that :func:`link` leaves out of bundles (the message says why)."""


@dataclass
class Linked:
    """One module, rewritten to run in a block of the bundle."""

    path: str  # "package/file.js"
    body: str
    imports: list[str] = field(default_factory=list)  # the modules it imports, as paths
    exports: dict[str, str] = field(default_factory=dict)  # exported name -> local name


def _resolve(path: str, spec: str) -> str:
    if not spec.startswith(("./", "../")):
        raise Unbundleable(f"it imports {spec!r}, which is not a relative path")
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(path), spec))
    if resolved.startswith("../"):
        raise Unbundleable(f"it imports {spec!r}, outside the static folders")
    return resolved


def _import_clause(clause: str, source: str) -> list[str]:
    """The ``const`` declarations that stand for ``import <clause> from ...``."""
    clause = " ".join(clause.split())
    match = re.fullmatch(
        rf"(?:(?P<default>{_NAME})\s*(?:,\s*|$))?"
        rf"(?:\{{(?P<named>[\w$\s,]*)\}}|\*\s*as\s+(?P<ns>{_NAME}))?",
        clause,
    )
    if not match or not clause:
        raise Unbundleable(f"it has an import this bundler does not read: import {clause}")
    default, named, namespace = match["default"], match["named"], match["ns"]
    lines = []
    if default:
        lines.append(f"const {default} = {source}.default;")
    if namespace:
        lines.append(f"const {namespace} = {source};")
    if named is not None:
        pairs = []
        for item in filter(None, (part.strip() for part in named.split(","))):
            words = item.split()
            if len(words) == 1 and re.fullmatch(_NAME, words[0]):
                pairs.append(words[0])
            elif (
                len(words) == 3
                and words[1] == "as"
                and all(re.fullmatch(_NAME, word) for word in (words[0], words[2]))
            ):
                pairs.append(f"{words[0]}: {words[2]}")
            else:
                raise Unbundleable(f"it has an import this bundler does not read: {item}")
        if pairs:
            lines.append(f"const {{ {', '.join(pairs)} }} = {source};")
    return lines


def _export_list(text: str) -> dict[str, str]:
    found = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        words = item.split()
        if len(words) == 1:
            found[words[0]] = words[0]
        elif len(words) == 3 and words[1] == "as":
            found[words[2]] = words[0]
        else:
            raise Unbundleable(f"it has an export this bundler does not read: {item}")
    return found


def link(path: str, text: str) -> Linked:
    """``text`` of module ``path`` (``package/file.js``), rewritten for a bundle; raises
    :class:`Unbundleable` for a module written otherwise than the forms above."""
    if _TOP_VAR.search(text):
        raise Unbundleable("it declares a var at the top level")
    linked = Linked(path, "")
    header: list[str] = []
    out: list[str] = []
    position = 0
    for match in _STATEMENT.finditer(text):
        start = match.start()
        if start < position:
            continue  # inside a statement already rewritten
        rest = text[start:]
        if rest.startswith("import") and re.match(r"import\s*[(.]", rest):
            continue  # import(...) or import.meta: an expression, rewritten below
        out.append(text[position:start])
        statement = (
            _IMPORT_FROM.match(rest)
            or _IMPORT_BARE.match(rest)
            or _EXPORT_DEFAULT_NAMED.match(rest)
            or _EXPORT_DECLARATION.match(rest)
            or _EXPORT_LIST.match(rest)
            or _EXPORT_DEFAULT.match(rest)
        )
        if statement is None:
            line = rest.split("\n", 1)[0]
            raise Unbundleable(f"it has a statement this bundler does not read: {line[:60]}")
        regex = statement.re
        if regex in (_IMPORT_FROM, _IMPORT_BARE):
            target = _resolve(path, statement["spec"])
            linked.imports.append(target)
            source = f"{_PREFIX}load({json.dumps(target)})"
            if regex is _IMPORT_FROM:
                header.extend(_import_clause(statement["clause"], source))
            else:  # an import for its effect: a module that failed fails this one too
                header.append(f"{source};")
            out.append("")
        elif regex is _EXPORT_DEFAULT_NAMED:
            linked.exports["default"] = statement["fn"] or statement["cls"]
            out.append(statement["decl"])
        elif regex is _EXPORT_DECLARATION:
            name = statement["fn"] or statement["cls"] or statement["const"]
            linked.exports[name] = name
            out.append(statement["decl"])
        elif regex is _EXPORT_LIST:
            if statement["after"]:
                raise Unbundleable("it exports from another module (export ... from)")
            linked.exports.update(_export_list(statement["list"]))
            out.append("")
        else:  # export default <expression>
            linked.exports["default"] = f"{_PREFIX}default"
            out.append(f"const {_PREFIX}default = ")
        position = start + statement.end()
    out.append(text[position:])
    body = "".join(out)
    body = _META_URL.sub(f"{_PREFIX}url", body)
    if _META.search(body):
        raise Unbundleable("it uses import.meta otherwise than import.meta.url")
    body = _DYNAMIC_IMPORT.sub(f"{_PREFIX}import(", body)
    linked.body = "\n".join(header + [body])
    return linked


@dataclass
class Bundle:
    """A page bundle: its key (its URL's name), the modules in it and its text."""

    key: str
    modules: list[str]  # in the order they run
    exports: dict[str, list[str]]  # module -> its exported names
    text: str
    gzipped: bytes | None = None  # the text gzipped, made when first sent

    def import_map(self, assets: str) -> dict:
        """The page's import map: each bundled module's URL -> its facade's."""
        return {
            "imports": {
                f"{assets}/{module}": f"{assets}/{BUNDLE_FOLDER}/{self.key}/{module}"
                for module in self.modules
            }
        }

    def facade(self, module: str) -> str | None:
        """The facade module of ``module``, or ``None`` if it is not in this bundle."""
        if module not in self.exports:
            return None
        up = "../" * (module.count("/") + 1)
        names = [name for name in self.exports[module] if name != "default"]
        lines = [
            f'import {{ load }} from "{up}{self.key}.js";',
            f"const module = load({json.dumps(module)});",
        ]
        if names:
            lines.append(f"export const {{ {', '.join(names)} }} = module;")
        if "default" in self.exports[module]:
            lines.append("export default module.default;")
        return "\n".join(lines) + "\n"


def _block(linked: Linked) -> str:
    own = json.dumps(linked.path)
    exports = ", ".join(f"{name}: {local}" for name, local in linked.exports.items())
    helpers = ""  # what stands for import.meta.url and import(), where the module uses them
    if f"{_PREFIX}url" in linked.body or f"{_PREFIX}import(" in linked.body:
        helpers += (
            f"const {_PREFIX}url = new URL({json.dumps('../' + linked.path)}, "
            f"import.meta.url).href;\n"
        )
    if f"{_PREFIX}import(" in linked.body:
        helpers += (
            f"const {_PREFIX}import = (specifier) => "
            f"import(new URL(specifier, {_PREFIX}url).href);\n"
        )
    return (
        f"// --- {linked.path}\n"
        f"try {{\n"
        f"{helpers}{linked.body}\n"
        f"{_PREFIX}modules[{own}] = {{ __proto__: null, {exports} }};\n"
        f"}} catch (error) {{\n"
        f"  {_PREFIX}failures[{own}] = error;\n"
        f"}}\n"
    )


_HEAD = f"""\
// A page bundle of Blocks (see blocks.server.bundle): modules, each in a block of its own.
const {_PREFIX}modules = Object.create(null);
const {_PREFIX}failures = Object.create(null);
function {_PREFIX}load(path) {{
  if (path in {_PREFIX}failures) throw {_PREFIX}failures[path];
  return {_PREFIX}modules[path];
}}
export {{ {_PREFIX}load as load }};
"""


def make_bundle(version: str, modules: list[str], read) -> Bundle | None:
    """The bundle of ``modules`` (a page's, from ``PageAssets.needs``), ``None`` when
    none of them can be bundled. ``read(path)`` gives a module's text, or ``None``."""
    linked: dict[str, Linked] = {}
    for module in modules:
        if module.split("/", 1)[0] not in BUNDLED_PACKAGES:
            continue
        text = read(module)
        if text is None:
            continue
        try:
            linked[module] = link(module, text)
        except Unbundleable:
            continue
    # a module whose imports are not all bundled stays out, and so do its importers
    changed = True
    while changed:
        changed = False
        for module in list(linked):
            if any(target not in linked for target in linked[module].imports):
                del linked[module]
                changed = True
    order: list[str] = []
    state: dict[str, int] = {}  # 1: being visited, 2: done

    def visit(module: str, trail: tuple) -> None:
        if state.get(module) == 2:
            return
        if state.get(module) == 1:
            raise Unbundleable(" -> ".join((*trail, module)))
        state[module] = 1
        for target in linked[module].imports:
            visit(target, (*trail, module))
        state[module] = 2
        order.append(module)

    for module in modules:
        if module in linked:
            try:
                visit(module, ())
            except Unbundleable:  # a cycle: bundle nothing rather than guess an order
                return None
    if not order:
        return None
    text = _HEAD + "".join(_block(linked[module]) for module in order)
    key = hashlib.sha256(f"{version}\n{chr(10).join(order)}".encode()).hexdigest()[:16]
    return Bundle(key, order, {m: list(linked[m].exports) for m in order}, text)
