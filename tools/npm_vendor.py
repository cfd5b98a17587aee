"""What the scripts that vendor a browser library from the npm registry share
(``tools/vendor_highlight.py``, ``tools/vendor_three.py``): fetch a pinned package
tarball and check its integrity hash; compare or write the files taken from it (which
``tools/vendor_media.py`` does too, for files taken from a wheel); and their command
line (:func:`vendor_main`)."""

from __future__ import annotations

import argparse
import base64
import hashlib
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

__all__ = ["check_or_write", "npm_pack", "vendor_main"]


def npm_pack(package: str, version: str, integrity: str, folder: Path) -> Path:
    """``npm pack package@version`` into ``folder``; the tarball, once its hash matches."""
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit("npm is needed to fetch the package (apt-get install npm).")
    subprocess.run([npm, "pack", f"{package}@{version}", "--pack-destination", str(folder)],
                   check=True, capture_output=True, timeout=300)
    [tarball] = folder.glob("*.tgz")
    algorithm, expected = integrity.split("-", 1)
    digest = base64.b64encode(hashlib.new(algorithm, tarball.read_bytes()).digest()).decode()
    if digest != expected:
        raise SystemExit(f"{tarball.name} does not match the pinned integrity hash.")
    return tarball


def check_or_write(files: dict[str, bytes], target: Path, check: bool,
                   clean: Path | None = None) -> int:
    """With ``check``, list the files of ``target`` that differ (exit status 1 if any);
    otherwise remove ``clean`` (a folder of old files) and write every file."""
    if check:
        stale = [name for name, data in files.items()
                 if not (target / name).is_file() or (target / name).read_bytes() != data]
        for name in stale:
            print(f"stale: {name}", file=sys.stderr)
        return 1 if stale else 0
    if clean is not None:
        shutil.rmtree(clean, ignore_errors=True)
    for name, data in files.items():
        path = target / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return 0


def vendor_main(argv, doc: str, package: str, version: str, integrity: str, files_of,
                target: Path, clean: Path, summary) -> int:
    """A vendoring script's command line: write the files ``files_of(tarfile)`` takes from
    the pinned package into ``target`` (``clean`` removed first) and print
    ``summary(files)``; with ``--check``, only compare them (exit status 1 if stale)."""
    parser = argparse.ArgumentParser(description=doc.split("\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="compare the vendored files with the pinned package")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        with tarfile.open(npm_pack(package, version, integrity, Path(tmp))) as archive:
            files = files_of(archive)
    if args.check:
        return check_or_write(files, target, check=True)
    check_or_write(files, target, check=False, clean=clean)
    print(f"{package} {version}: {summary(files)}")
    return 0
