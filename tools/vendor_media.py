#!/usr/bin/env python3
"""Refresh the sample data files of ``gr.get_file`` (``blocks.media``) from Gradio's wheel.

    python3 tools/vendor_media.py             # the pinned wheel, checked against its hash
    python3 tools/vendor_media.py --check     # exit 1 if the vendored files differ

Gradio's demos read sample files through ``gr.get_file("titanic.csv")`` and its kind
(``gradio.media``). Blocks ships the small data files among them (CSV, JSON, text and
subtitles: about 80 KB) so that those demos run unchanged; the images, sounds, videos
and 3D models (about 7 MB) stay out of blocks-core (``BLOCKS_MEDIA_DIR`` points at a
folder that has them). This script downloads the pinned ``gradio`` wheel from PyPI
with ``pip download``, checks its SHA-256, and writes ``gradio/media_assets/data/*``,
Gradio's ``LICENSE`` (Apache-2.0) and ``SOURCE.txt`` into
``core/src/blocks/media_assets/``. To move to a new version, change ``VERSION`` and
``SHA256`` and run this.
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from npm_vendor import check_or_write

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "core" / "src" / "blocks" / "media_assets"
VERSION = "6.31.0"
SHA256 = "7b50b9b6a2d23cd02851ad4c8b1c8312c88d8b911d1f29c93f9761c98348a64a"
PREFIX = "gradio/media_assets/data/"


def files_of(wheel: Path) -> dict[str, bytes]:
    """Target path (inside TARGET) -> content, read from the wheel."""
    found = {}
    with zipfile.ZipFile(wheel) as archive:
        for name in archive.namelist():
            if name.startswith(PREFIX) and not name.endswith("/"):
                found["data/" + name[len(PREFIX):]] = archive.read(name)
        found["LICENSE"] = archive.read(f"gradio-{VERSION}.dist-info/licenses/LICENSE")
    found["SOURCE.txt"] = (
        f"The files of data/ come unchanged from gradio {VERSION} (PyPI wheel "
        f"gradio-{VERSION}-py3-none-any.whl, sha256 {SHA256}), folder {PREFIX}.\n"
        "Licence: Apache-2.0 (LICENSE, Gradio's). Refreshed by tools/vendor_media.py.\n"
    ).encode()
    return found


def download(folder: Path) -> Path:
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--quiet",
                    "--only-binary", ":all:", f"gradio=={VERSION}", "-d", str(folder)],
                   check=True)
    wheel = folder / f"gradio-{VERSION}-py3-none-any.whl"
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    if digest != SHA256:
        raise SystemExit(f"gradio {VERSION}'s wheel has sha256 {digest}, not the pinned "
                         f"{SHA256}: refusing it.")
    return wheel


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="exit 1 if the vendored files differ from the pinned wheel's")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        wanted = files_of(download(Path(folder)))
    if args.check:
        return check_or_write(wanted, TARGET, check=True)
    check_or_write(wanted, TARGET, check=False)
    print(f"gradio {VERSION}: {len(wanted)} files in {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
