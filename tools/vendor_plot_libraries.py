#!/usr/bin/env python3
"""Refresh the browser libraries of blocks-plots from the npm registry.

    python3 tools/vendor_plot_libraries.py            download the pinned versions again
    python3 tools/vendor_plot_libraries.py --check    verify the files against the manifest

The plots draw in the browser with libraries that are vendored, not fetched at run
time (pages work offline and no CDN sees the users). Each one is a pinned file of its
npm package, written as an ES module to
``packages/blocks-plots/src/blocks_plots/static/vendor/`` with the package's licence
beside it, and listed in ``vendor/manifest.json`` (package, version, the registry's
integrity hash of the tarball, the SHA-256 of the file written). A test checks the
files against the manifest.

To move to a newer version: change its pin in ``LIBRARIES``, run this script, run the
plot tests (``python3 tools/dev.py test -- packages/blocks-plots``) and commit the
vendor folder. Keep Bokeh's pin equal to the Python ``bokeh`` version the package's
``bokeh`` extra allows: BokehJS renders only the documents of its own version.

Packages that ship a UMD bundle rather than an ES module (plotly.js, Vega, Vega-Lite)
are wrapped: the bundle runs with a local ``module.exports`` object, which becomes the
module's default export. The wrapped code itself is unchanged.

Standard library only; it needs the npm registry (https://registry.npmjs.org), not Node.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import io
import json
import sys
import tarfile
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "packages" / "blocks-plots" / "src" / "blocks_plots" / "static" / "vendor"
REGISTRY = "https://registry.npmjs.org"


@dataclass(frozen=True)
class Library:
    package: str        # npm package name
    version: str        # exact pin
    source: str         # file inside the tarball's package/ folder
    target: str         # file written in vendor/
    wrap: str           # "esm" (ships an ES module), "iife:<name>" or "umd"
    licence: str = "LICENSE"
    imports: dict = field(default_factory=dict)  # require() name -> vendor file (umd only)
    why: str = ""


LIBRARIES = [
    Library("uplot", "1.6.32", "dist/uPlot.iife.min.js", "uplot.js", "iife:uPlot",
            why="LinePlot, ScatterPlot and BarPlot: canvas charts with time axes, 50 KB"),
    Library("uplot", "1.6.32", "dist/uPlot.min.css", "uplot.css", "css",
            why="uPlot's own stylesheet (cursor, selection box)"),
    Library("plotly.js-dist-min", "4.1.1", "plotly.min.js", "plotly.js", "umd",
            why="gr.Plot of Plotly figures (plotly.py 7 writes plotly.js 4 figures)"),
    Library("vega", "6.4.0", "build/vega.min.js", "vega.js", "umd",
            why="gr.Plot of Altair charts: the Vega runtime"),
    Library("vega-lite", "6.4.1", "build/vega-lite.min.js", "vega-lite.js", "umd",
            imports={"vega": "vega.js"},
            why="gr.Plot of Altair charts: compiles Vega-Lite (Altair 6) to Vega"),
    Library("@bokeh/bokehjs", "3.9.2", "build/js/bokeh.esm.min.js", "bokeh.js", "esm",
            why="gr.Plot of Bokeh figures (Python bokeh 3.9)"),
]


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=120) as response:
        return response.read()


def tarball(package: str, version: str) -> tuple[tarfile.TarFile, str]:
    """The package's tarball, checked against the registry's integrity hash."""
    meta = json.loads(fetch(f"{REGISTRY}/{package}/{version}"))
    integrity = meta["dist"]["integrity"]
    algorithm, _, expected = integrity.partition("-")
    if algorithm != "sha512":
        sys.exit(f"{package}@{version}: unexpected integrity algorithm {algorithm}")
    data = fetch(meta["dist"]["tarball"])
    if base64.b64encode(hashlib.sha512(data).digest()).decode() != expected:
        sys.exit(f"{package}@{version}: the tarball does not match its integrity hash")
    return tarfile.open(fileobj=io.BytesIO(data), mode="r:gz"), integrity


def read(archive: tarfile.TarFile, path: str) -> bytes:
    member = archive.extractfile(f"package/{path}")
    if member is None:
        raise FileNotFoundError(path)
    return member.read()


def header(lib: Library) -> str:
    return (f"// {lib.package}@{lib.version}: package/{lib.source} from the npm registry,\n"
            f"// vendored by tools/vendor_plot_libraries.py (licence: "
            f"{licence_name(lib)}). Do not edit.\n")


def licence_name(lib: Library) -> str:
    return f"{lib.package.replace('@', '').replace('/', '-')}.LICENSE.txt"


def wrap(lib: Library, code: str) -> str:
    """The file as an ES module whose default export is the library."""
    if lib.wrap == "esm":
        return header(lib) + code
    if lib.wrap.startswith("iife:"):
        name = lib.wrap.split(":", 1)[1]
        return f"{header(lib)}{code}\nexport default {name};\n"
    if lib.wrap == "umd":
        lines = [header(lib).rstrip("\n")]
        for index, (_name, target) in enumerate(sorted(lib.imports.items())):
            lines.append(f'import dependency{index} from "./{target}";')
        required = ", ".join(f"{json.dumps(name)}: dependency{index}"
                             for index, name in enumerate(sorted(lib.imports)))
        lines += [
            "const module = { exports: {} };",
            "const exports = module.exports;",
            f"const required = {{ {required} }};",
            "const require = (name) => {",
            "  if (name in required) return required[name];",
            "  throw new Error(`vendored module needs ${name}`);",
            "};",
            "void require;",
            code,
            "export default module.exports;",
            "",
        ]
        return "\n".join(lines)
    raise ValueError(lib.wrap)


def refresh() -> None:
    VENDOR.mkdir(parents=True, exist_ok=True)
    manifest = []
    archives: dict[tuple[str, str], tuple[tarfile.TarFile, str]] = {}
    for lib in LIBRARIES:
        key = (lib.package, lib.version)
        if key not in archives:
            print(f"fetching {lib.package}@{lib.version}", flush=True)
            archives[key] = tarball(*key)
        archive, integrity = archives[key]
        raw = read(archive, lib.source)
        if lib.wrap == "css":
            out = (f"/* {lib.package}@{lib.version}: package/{lib.source}, vendored by "
                   f"tools/vendor_plot_libraries.py. Do not edit. */\n").encode() + raw
        else:
            out = wrap(lib, raw.decode("utf-8")).encode("utf-8")
        (VENDOR / lib.target).write_bytes(out)
        (VENDOR / licence_name(lib)).write_bytes(read(archive, lib.licence))
        manifest.append({"package": lib.package, "version": lib.version,
                         "integrity": integrity, "source": lib.source, "file": lib.target,
                         "licence": licence_name(lib), "bytes": len(out),
                         "sha256": hashlib.sha256(out).hexdigest(), "for": lib.why})
        print(f"  {lib.target}: {len(out) / 1024:.0f} KiB")
    (VENDOR / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    print(f"wrote {VENDOR.relative_to(ROOT)}/manifest.json")


def check() -> int:
    manifest = json.loads((VENDOR / "manifest.json").read_text())
    problems = []
    for entry in manifest:
        path = VENDOR / entry["file"]
        if not path.is_file():
            problems.append(f"{entry['file']} is missing")
        elif hashlib.sha256(path.read_bytes()).hexdigest() != entry["sha256"]:
            problems.append(f"{entry['file']} differs from {entry['package']}@{entry['version']}")
        if not (VENDOR / entry["licence"]).is_file():
            problems.append(f"{entry['licence']} is missing")
    pinned = {(lib.package, lib.version, lib.target) for lib in LIBRARIES}
    listed = {(e["package"], e["version"], e["file"]) for e in manifest}
    if pinned != listed:
        problems.append("the manifest does not match the pins of this script: run it again")
    for problem in problems:
        print(problem)
    print("vendor folder matches its manifest" if not problems else "run the script again")
    return 1 if problems else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="only verify the vendored files")
    if parser.parse_args(argv).check:
        return check()
    refresh()
    return check()


if __name__ == "__main__":
    sys.exit(main())
