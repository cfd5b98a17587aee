#!/usr/bin/env python3
"""Refresh the vendored three.js of gr.Model3D (blocks-media) from the npm registry.

    python3 tools/vendor_three.py             # the pinned version, checked against its hash
    python3 tools/vendor_three.py --check     # exit 1 if the vendored files differ

It fetches ``three`` with ``npm pack`` at the version pinned below, checks the
tarball against the pinned integrity hash, and writes into
``packages/blocks-media/src/blocks_media/static/vendor/three/``: the minified
ES module build (``three.module.min.js``, which imports ``three.core.min.js``),
the add-ons Model3D uses (the glTF, OBJ, STL and PLY loaders, OrbitControls and
the two utilities the glTF loader imports) under ``addons/``, ``LICENSE`` and
``SOURCE.txt``. The add-ons import the bare name ``three``, which a browser
cannot resolve without an import map: their ``from 'three'`` becomes a relative
path to ``three.module.min.js``; nothing else is changed.

The browser loads these files only on a page that shows a Model3D, and only the
loader of the format it shows. To move to a new version, change ``VERSION`` and
``INTEGRITY`` (``npm view three@X dist.integrity``), run this, and look at the
Model3D tab of the showcase. 0.184 is the last release whose package still has
minified builds.

Why three.js: a maintained, MIT-licensed WebGL library that reads glTF/GLB
(with embedded buffers and textures), OBJ, STL and PLY as plain ES modules. The
engine is 749 KB minified (about 190 KB compressed); Gradio's viewer (Babylon.js)
is several times that. Writing a WebGL viewer that reads glTF's materials,
textures and node trees would be a library of its own.
"""

from __future__ import annotations

import re
import sys
import tarfile
from pathlib import Path

from npm_vendor import vendor_main

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "packages" / "blocks-media" / "src" / "blocks_media" / "static" / "vendor" / "three"
PACKAGE = "three"
VERSION = "0.184.0"
INTEGRITY = ("sha512-wtTRjG92pM5eUg/KuUnHsqSAlPM296brTOcLgMRqEeylYTh/CdtvKUvCyyCQTzFuStieWxvZb8"
             "mVTMvdPyUpxg==")
BUILD = ("three.module.min.js", "three.core.min.js")
ADDONS = ("loaders/GLTFLoader.js", "loaders/OBJLoader.js", "loaders/STLLoader.js",
          "loaders/PLYLoader.js", "controls/OrbitControls.js", "utils/BufferGeometryUtils.js",
          "utils/SkeletonUtils.js")
# `} from 'three';` / `import { X } from 'three';` at the start of a line (not in comments)
_BARE = re.compile(r"^((?:\}|import\b[^\n]*?)\s*from\s*)'three';", re.M)


def relink(source: str, depth: int) -> str:
    """The add-on's imports of ``three`` as a relative path to the vendored build."""
    target = "../" * depth + "three.module.min.js"
    relinked, count = _BARE.subn(lambda m: f"{m.group(1)}'{target}';", source)
    if count != 1:
        raise SystemExit(f"expected one import of 'three', found {count}")
    return relinked


def files_of(archive: tarfile.TarFile) -> dict[str, bytes]:
    """Target path (inside TARGET) -> content, read from the package tarball."""
    def read(member: str) -> bytes:
        source = archive.extractfile(archive.getmember(member))
        if source is None:
            raise SystemExit(f"{member} is not a file in the tarball")
        return source.read()

    found = {name: read(f"package/build/{name}") for name in BUILD}
    for addon in ADDONS:
        text = read(f"package/examples/jsm/{addon}").decode("utf-8")
        found[f"addons/{addon}"] = relink(text, addon.count("/") + 1).encode("utf-8")
    found["LICENSE"] = read("package/LICENSE")
    found["SOURCE.txt"] = (
        f"{PACKAGE} {VERSION} from the npm registry ({INTEGRITY}),\n"
        "written by tools/vendor_three.py: build/ as published; examples/jsm/ add-ons under\n"
        "addons/ with their import of 'three' made relative. Licence (MIT) in LICENSE.\n"
    ).encode()
    return found


def main(argv=None) -> int:
    return vendor_main(argv, __doc__, PACKAGE, VERSION, INTEGRITY, files_of, TARGET,
                       clean=TARGET, summary=lambda files: (
        f"{len(files)} files, "
        f"{sum(len(data) for name, data in files.items() if name.endswith('.js')) / 1024:.0f} "
        f"KiB of JS in {TARGET.relative_to(ROOT)}"))


if __name__ == "__main__":
    sys.exit(main())
