"""Fonts for themes: a family name, or a web font with a stylesheet to load.

``font=`` and ``font_mono=`` take a string, a :class:`Font` or a list of them;
the list becomes a CSS ``font-family`` stack. The built-in themes use only
fonts the system has, so a page never needs the network.
"""

from __future__ import annotations

from urllib.parse import quote_plus

__all__ = ["Font", "GoogleFont", "font_stack", "stylesheets"]

GENERIC = {"serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui",
           "ui-serif", "ui-sans-serif", "ui-monospace", "ui-rounded", "math", "emoji",
           "fangsong", "-apple-system", "blinkmacsystemfont"}


class Font:
    """A font family the browser already has (or that the page's own CSS loads)."""

    def __init__(self, name: str):
        self.name = name

    def css_name(self) -> str:
        if self.name.lower() in GENERIC:
            return self.name
        return "'" + self.name.replace("'", "\\'") + "'"

    def stylesheet(self) -> str | None:
        """The URL of a stylesheet that defines this font, or ``None``."""
        return None

    def __eq__(self, other):
        return isinstance(other, Font) and other.name == self.name

    def __hash__(self):
        return hash(self.name)

    def __repr__(self):
        return f"{type(self).__name__}({self.name!r})"


class GoogleFont(Font):
    """A font from Google Fonts: the page loads its stylesheet from Google.

    This is the one theme feature that reaches the network; without it the
    rest of the font stack is used.
    """

    def __init__(self, name: str, weights: tuple[int, ...] = (400, 600)):
        super().__init__(name)
        self.weights = tuple(weights)

    def stylesheet(self) -> str:
        weights = ";".join(str(w) for w in self.weights)
        return (f"https://fonts.googleapis.com/css2?family={quote_plus(self.name)}:"
                f"wght@{weights}&display=swap")


def _fonts(value) -> list[Font]:
    if isinstance(value, (Font, str)):
        value = [value]
    return [item if isinstance(item, Font) else Font(str(item)) for item in value]


def font_stack(value) -> str:
    """``"'Inter', system-ui, sans-serif"`` from a font, a name or a list of them."""
    if isinstance(value, str) and "," in value:
        return value  # already a CSS font-family list
    return ", ".join(font.css_name() for font in _fonts(value))


def stylesheets(*values) -> list[str]:
    urls = []
    for value in values:
        if isinstance(value, str) and "," in value:
            continue
        for font in _fonts(value):
            url = font.stylesheet()
            if url and url not in urls:
                urls.append(url)
    return urls
