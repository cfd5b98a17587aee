"""Translations: ``gr.I18n(en={...}, fr={...})`` and ``i18n("key")``.

``i18n("key")`` gives an :class:`I18nData`, a string that remembers its key;
pass it as a label, info, placeholder, value, title or Markdown text. Given to
``launch(i18n=...)``, the I18n translates every such prop when a browser loads
a page, in the language the browser asks for (its ``Accept-Language``), falling
back to English and then to the key itself.
"""

from __future__ import annotations

import copy
import re
import warnings
from collections.abc import Callable, Iterable
from typing import Any

__all__ = ["I18n", "I18nData", "translate_block", "translate_value"]

# BCP 47, simplified: language, optional script, optional region, optional variants.
_LOCALE = re.compile(r"^[a-z]{2,3}(-[a-z]{4})?(-([a-z]{2}|[0-9]{3}))?(-[a-z0-9]{5,8})*$",
                     re.IGNORECASE)


class I18nData(str):
    """A translatable string: its text is the key until a page translates it."""

    def __new__(cls, key: str):
        value = super().__new__(cls, key)
        value.key = str(key)
        return value

    def __str__(self):
        return self  # str(data) keeps the key, so constructors that call str() keep it

    def to_dict(self) -> dict:
        return {"__type__": "translation_metadata", "key": self.key}

    def __repr__(self):
        return f"I18nData({self.key!r})"

    def __reduce__(self):
        return (I18nData, (self.key,))

    def __deepcopy__(self, memo):
        return self


def normalize_locale(code: str) -> str:
    return str(code).replace("_", "-")


class I18n:
    """Translations by locale: ``gr.I18n(en={"greeting": "Hello"}, fr={...})``.

    Locale codes follow BCP 47 (``en``, ``en-US``, ``zh-Hans``); as Python
    keyword arguments cannot hold a hyphen, ``zh_CN`` is read as ``zh-CN``.
    An invalid code is kept but warned about.
    """

    def __init__(self, **translations: dict[str, str]):
        self.translations: dict[str, dict[str, str]] = {}
        for code, table in translations.items():
            locale = normalize_locale(code)
            if not _LOCALE.match(locale):
                warnings.warn(f"Invalid locale code {code!r} in gr.I18n: locale codes follow "
                              "BCP 47, such as 'en', 'fr', 'en-US' or 'zh-CN'.",
                              UserWarning, stacklevel=2)
            if not isinstance(table, dict):
                raise TypeError(f"The translations for {code!r} must be a dict of "
                                "key -> text.")
            self.translations[locale] = {str(k): str(v) for k, v in table.items()}

    def __call__(self, key: str) -> I18nData:
        """A translatable string for ``key``."""
        return I18nData(key)

    @property
    def locales(self) -> list[str]:
        return list(self.translations)

    def _table(self, locale: str) -> dict[str, str] | None:
        wanted = locale.lower()
        for code, table in self.translations.items():
            if code.lower() == wanted:
                return table
        return None

    def candidates(self, preferred: Iterable[str]) -> list[str]:
        """The locales to look a key up in, best first, ending with English."""
        result: list[str] = []

        def add(code):
            if code is not None and code not in result:
                result.append(code)

        codes = {code.lower(): code for code in self.translations}
        for locale in preferred:
            locale = normalize_locale(locale).lower()
            if locale in codes:
                add(codes[locale])
            base = locale.split("-")[0]
            if base in codes:
                add(codes[base])
            for code in self.translations:  # "fr" also finds "fr-CA"
                if code.lower().split("-")[0] == base:
                    add(code)
        add(codes.get("en"))
        for code in self.translations:
            if code.lower().startswith("en-"):
                add(code)
        return result

    def language(self, preferred: Iterable[str]) -> str:
        """The locale a page is shown in (for ``<html lang>``)."""
        found = self.candidates(preferred)
        return found[0] if found else "en"

    def translator(self, preferred: Iterable[str]) -> Callable[[str], str]:
        """A function key -> text in the first of ``preferred`` that has it."""
        tables = [self.translations[code] for code in self.candidates(preferred)]

        def translate(key: str) -> str:
            for table in tables:
                if key in table:
                    return table[key]
            return key

        return translate


def translate_value(value: Any, translate: Callable[[str], str]) -> Any:
    """``value`` with every I18nData in it (also in lists, tuples, dicts) translated."""
    if isinstance(value, I18nData):
        return translate(value.key)
    if isinstance(value, (list, tuple)):
        items = [translate_value(item, translate) for item in value]
        if all(a is b for a, b in zip(items, value)):
            return value
        return type(value)(items) if isinstance(value, list) else tuple(items)
    if isinstance(value, dict):
        items = {key: translate_value(item, translate) for key, item in value.items()}
        if all(items[key] is value[key] for key in value):
            return value
        return items
    return value


def translate_block(block, translate: Callable[[str], str]):
    """``block`` itself, or a shallow copy of it with its props translated."""
    changes = {}
    for name, value in vars(block).items():
        if name.startswith("_") or name in ("children",):
            continue
        new = translate_value(value, translate)
        if new is not value:
            changes[name] = new
    if not changes:
        return block
    clone = copy.copy(block)
    clone.__dict__.update(changes)
    return clone
