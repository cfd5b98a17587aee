#!/usr/bin/env python3
"""Refresh the vendored highlight.js of gr.Code (and gr.ParamViewer) from the npm registry.

    python3 tools/vendor_highlight.py             # the pinned version, checked against its hash
    python3 tools/vendor_highlight.py --check     # exit 1 if the vendored files differ

It fetches ``@highlightjs/cdn-assets`` (the ES module build of highlight.js) with
``npm pack`` at the version pinned below, checks the tarball against the pinned
integrity hash, and writes into ``core/src/blocks/static/vendor/highlight/``:
``core.min.js`` (the engine), one ``languages/<name>.min.js`` per grammar the Code
languages use, ``LICENSE`` and ``SOURCE.txt`` (what was fetched). The browser loads
the engine and a grammar only on a page that shows code in that language. To move to
a new version, change ``VERSION`` and ``INTEGRITY`` (``npm view
@highlightjs/cdn-assets@X dist.integrity``), run this, and look at a Code of each
language in the showcase.

Why highlight.js: the engine is 20 KB (8 KB compressed) and each grammar 0.5 to 19 KB,
as plain ES modules, so a page pays only for the languages it shows; an editor
library (CodeMirror 6, as Gradio ships) costs 100 KB or more compressed and needs a
bundler to become one module. Blocks edits code in a plain text field laid over the
highlighted text, so it needs a highlighter, not an editor.
"""

from __future__ import annotations

import sys
import tarfile
from pathlib import Path

from npm_vendor import vendor_main

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "core" / "src" / "blocks" / "static" / "vendor" / "highlight"
PACKAGE = "@highlightjs/cdn-assets"
VERSION = "11.12.0"
INTEGRITY = ("sha512-KvOKXODaiFmId9xaq3xc5xCL66wVLUuOngDbO9B/kewbFTqdGbn2nJxNhN3H5R1cgDTVj6R8"
             "vH0zgiNDEGjpDw==")
# The grammars gr.Code's languages map to (see components/code.js).
GRAMMARS = ("bash", "c", "cpp", "css", "django", "dockerfile", "javascript", "json", "latex",
            "markdown", "pgsql", "python", "r", "sql", "typescript", "xml", "yaml")


def files_of(archive: tarfile.TarFile) -> dict[str, bytes]:
    """Target path (inside TARGET) -> content, read from the package tarball."""
    wanted = {"core.min.js": "package/es/core.min.js", "LICENSE": "package/LICENSE"}
    wanted.update({f"languages/{name}.min.js": f"package/es/languages/{name}.min.js"
                   for name in GRAMMARS})
    found = {}
    for target, member in wanted.items():
        source = archive.extractfile(archive.getmember(member))
        if source is None:
            raise SystemExit(f"{member} is not a file in the tarball")
        found[target] = source.read()
    found["SOURCE.txt"] = (f"{PACKAGE} {VERSION} from the npm registry ({INTEGRITY}),\n"
                           "written by tools/vendor_highlight.py; licence in LICENSE.\n").encode()
    return found


def main(argv=None) -> int:
    return vendor_main(argv, __doc__, PACKAGE, VERSION, INTEGRITY, files_of, TARGET,
                       clean=TARGET / "languages", summary=lambda files: (
        f"{len(files)} files in {TARGET.relative_to(ROOT)}"))


if __name__ == "__main__":
    sys.exit(main())
