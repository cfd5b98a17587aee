"""Size scales for themes: ``gr.themes.sizes.radius_md`` and friends.

A :class:`Size` holds seven steps, ``xxs`` to ``xxl``. A theme takes one for
each of ``radius_size``, ``spacing_size`` and ``text_size``: a Size, its short
name (``"sm"``, ``"md"``, ``"lg"``) or one CSS length (``"10px"``), which
becomes the ``md`` step of a scale around it.
"""

from __future__ import annotations

import re

__all__ = ["Size", "get", "STEPS"]

STEPS = ("xxs", "xs", "sm", "md", "lg", "xl", "xxl")


class Size:
    def __init__(self, xxs: str, xs: str, sm: str, md: str, lg: str, xl: str, xxl: str,
                 name: str | None = None):
        self.name = name
        self.xxs, self.xs, self.sm, self.md, self.lg, self.xl, self.xxl = \
            xxs, xs, sm, md, lg, xl, xxl

    def steps(self) -> dict[str, str]:
        return {step: getattr(self, step) for step in STEPS}

    def __repr__(self):
        return f"<Size {self.name or self.md}>"


def _size(name: str, values: str) -> Size:
    return Size(*values.split(), name=name)


radius_none = _size("radius_none", "0px 0px 0px 0px 0px 0px 0px")
radius_sm = _size("radius_sm", "1px 2px 3px 4px 6px 8px 12px")
radius_md = _size("radius_md", "2px 4px 6px 8px 12px 16px 22px")
radius_lg = _size("radius_lg", "4px 6px 10px 14px 18px 24px 32px")

spacing_sm = _size("spacing_sm", "1px 2px 4px 6px 8px 10px 14px")
spacing_md = _size("spacing_md", "1px 2px 6px 8px 10px 14px 20px")
spacing_lg = _size("spacing_lg", "2px 4px 8px 10px 14px 18px 28px")

text_sm = _size("text_sm", "9px 10px 12px 13px 15px 18px 22px")
text_md = _size("text_md", "10px 12px 13px 15px 17px 20px 26px")
text_lg = _size("text_lg", "11px 13px 15px 17px 19px 24px 30px")

_FACTORS = (0.25, 0.5, 0.75, 1, 1.25, 1.6, 2.4)
_LENGTH = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(px|rem|em)\s*$")


def get(value, kind: str) -> Size:
    """A :class:`Size` of ``kind`` (``radius``, ``spacing``, ``text``) from any spelling."""
    if isinstance(value, Size):
        return value
    if not isinstance(value, str):
        raise TypeError(f"A {kind} size is a gr.themes.Size, a name or a CSS length, "
                        f"not {value!r}.")
    named = globals().get(value) or globals().get(f"{kind}_{value}")
    if isinstance(named, Size) and (named.name or "").startswith(kind):
        return named
    match = _LENGTH.match(value)
    if match is None:
        choices = ", ".join(n for n, v in globals().items()
                            if isinstance(v, Size) and n.startswith(kind))
        raise ValueError(f"Unknown {kind} size {value!r}; use {choices}, or a length "
                         "such as '10px'.")
    number, unit = float(match.group(1)), match.group(2)
    steps = [f"{round(number * factor, 2):g}{unit}" for factor in _FACTORS]
    return Size(*steps, name=f"{kind}_{value}")
