"""Flagging: what users mark in a ``gr.Interface``, saved as rows of a CSV file.

``gr.Interface(..., flagging_mode="manual")`` shows a Flag button (one per
``flagging_options`` entry); each click appends the inputs and outputs to
``<flagging_dir>/dataset1.csv`` with the option chosen, the user's name (when
the app has logins) and the time. Files (images, sounds) are copied next to
the CSV, under a folder named after their component, and the CSV holds their
paths. ``flagging_callback=`` takes another :class:`FlaggingCallback`.
"""

from __future__ import annotations

import csv
import datetime
import json
import shutil
import threading
import uuid
from pathlib import Path

from blocks import files

__all__ = ["FlaggingCallback", "CSVLogger"]


class FlaggingCallback:
    """Where flagged samples go: subclass it and pass an instance as ``flagging_callback``."""

    def setup(self, components: list, flagging_dir: str) -> None:
        """Called once before the first flag with the components whose values are flagged."""
        raise NotImplementedError

    def flag(self, flag_data: list, flag_option: str = "", username: str | None = None) -> int:
        """Save one sample (the components' values as the page sent them); return how many
        samples are saved in all."""
        raise NotImplementedError


class CSVLogger(FlaggingCallback):
    """Each flagged sample is a row of a CSV file with a header (Gradio's default).

    Args:
        simplify_file_data: keep only a file's path in the CSV (not its whole record).
        verbose: accepted for Gradio scripts (nothing is printed).
        dataset_file_name: the CSV's name; by default ``dataset1.csv``, or the next
            free number when a file of that name has other columns.
    """

    def __init__(self, simplify_file_data: bool = True, verbose: bool = True,
                 dataset_file_name: str | None = None):
        self.simplify_file_data = simplify_file_data
        self.verbose = verbose
        self.dataset_file_name = dataset_file_name
        self.lock = threading.Lock()

    def setup(self, components: list, flagging_dir) -> None:
        self.components = list(components)
        self.flagging_dir = Path(flagging_dir)
        self.headers = _headers(self.components) + ["flag", "username", "timestamp"]
        self.flagging_dir.mkdir(parents=True, exist_ok=True)
        if self.dataset_file_name:
            self.dataset_filepath = self.flagging_dir / self.dataset_file_name
        else:
            number = 1
            while True:
                candidate = self.flagging_dir / f"dataset{number}.csv"
                if not candidate.exists() or _header_of(candidate) == self.headers:
                    break
                number += 1
            self.dataset_filepath = candidate
        if not self.dataset_filepath.exists():
            with open(self.dataset_filepath, "w", newline="", encoding="utf-8") as file:
                csv.writer(file).writerow(self.headers)

    def flag(self, flag_data: list, flag_option: str = "", username: str | None = None) -> int:
        row = [self._cell(header, value)
               for header, value in zip(self.headers, flag_data)]
        row += [flag_option or "", username or "", str(datetime.datetime.now())]
        with self.lock:
            with open(self.dataset_filepath, "a", newline="", encoding="utf-8") as file:
                csv.writer(file).writerow(row)
            with open(self.dataset_filepath, newline="", encoding="utf-8") as file:
                return sum(1 for _ in csv.reader(file)) - 1

    def _cell(self, header: str, value) -> str:
        if value is None:
            return ""
        found = list(files.iter_file_data(value))
        if found:  # keep a copy of each file: the app's cache is cleaned
            folder = self.flagging_dir / _safe_name(header) / uuid.uuid4().hex[:12]
            folder.mkdir(parents=True, exist_ok=True)
            for item in found:
                source = Path(item["path"])
                target = folder / _safe_name(item.get("orig_name") or source.name)
                shutil.copyfile(source, target)
                item["path"] = str(target)
                item.pop("url", None)
            if self.simplify_file_data:
                paths = [item["path"] for item in found]
                return paths[0] if len(paths) == 1 and files.is_file_data(value) \
                    else json.dumps(paths)
        if isinstance(value, (dict, list)):
            return _inert(json.dumps(value, ensure_ascii=False))
        return _inert(str(value))


def _inert(text: str) -> str:
    """A cell a spreadsheet shows as text: one starting like a formula (``=``, ``+``,
    ``-``, ``@``, a tab or carriage return) gets a leading ``'``, unless it is a number.
    Flagged values come from users; opened in a spreadsheet, ``=HYPERLINK(...)`` would run."""
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        try:
            float(text)
        except ValueError:
            return "'" + text
    return text


def _headers(components) -> list[str]:
    headers, seen = [], set()
    for index, component in enumerate(components):
        base = getattr(component, "label", None) or f"{type(component).__name__} {index}"
        name, n = str(base), 1
        while name in seen:
            n += 1
            name = f"{base} {n}"
        seen.add(name)
        headers.append(name)
    return headers


def _header_of(path: Path) -> list[str] | None:
    with open(path, newline="", encoding="utf-8") as file:
        return next(csv.reader(file), None)


def _safe_name(name: str) -> str:
    """A file or folder name from a label or an uploaded file's name: no separators, no
    leading dot, at most 100 characters."""
    cleaned = "".join(c if c.isalnum() or c in "-_. " else "_" for c in name).strip(". ")
    return cleaned[:100] or "file"
