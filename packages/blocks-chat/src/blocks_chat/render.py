"""Chat message text to HTML, on the server: Markdown, highlighted code, math as MathML.

Like ``gr.Markdown`` (the project's decision 5), a chat message is rendered and
sanitised on the server, so the page needs no Markdown, highlighting or math
library. Two things are particular to chat:

- **Messages grow while they stream.** A message is rendered in blocks
  (paragraphs, lists, fenced code, split at blank lines outside code), each
  kept in a cache: a new token re-renders only the block it lands in, and the
  HTML changes at its end, which ``blocks.diff`` sends as a short ``splice``.
  A code block is highlighted once its closing fence has arrived; until then
  it is shown as plain text (highlighting a growing block on every token
  would cost as much as the whole block each time).
- **Math** between ``latex_delimiters`` becomes MathML (``latex2mathml``),
  which browsers show natively: no script or font to download, and screen
  readers read it. A formula that does not convert is shown as its source.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Sequence

__all__ = ["Renderer", "DEFAULT_LATEX_DELIMITERS", "segments"]

DEFAULT_LATEX_DELIMITERS = ({"left": "$$", "right": "$$", "display": True},)

# The patterns start with a newline (the text is scanned with one put before it): a
# literal first character lets the regular expression engine skip quickly.
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_FENCE_LINE = re.compile(r"\n {0,3}(`{3,}|~{3,})[ \t]*(\S[^\n]*)?(?=\n|$)")
_BLANK_THEN_TEXT = re.compile(r"\n[ \t]*\n(?=[^\s])")
_WHOLE = re.compile(r"\n {0,3}(?:\[[^\]\n]+\]:|<[A-Za-z/!])")  # reference definition, HTML
_TAG_NAME = re.compile(r"</?([A-Za-z][A-Za-z0-9-]*)")
_PLACEHOLDER = re.compile("\ue000(\\d+)\ue001")

# Tags of HTML and MathML: with allow_tags=True, any other tag name in a message
# (<thinking>) is kept as a harmless element of its own instead of being removed.
_KNOWN_TAGS = frozenset("""
a abbr acronym address applet area article aside audio b base basefont bdi bdo bgsound big
blink blockquote body br button canvas caption center cite code col colgroup data datalist dd
del details dfn dialog dir div dl dt em embed fieldset figcaption figure font footer form frame
frameset h1 h2 h3 h4 h5 h6 head header hgroup hr html i iframe image img input ins isindex kbd
keygen label legend li link listing main map mark marquee math menu menuitem meta meter nav
nobr noembed noframes noscript object ol optgroup option output p param picture plaintext
portal pre progress q rb rp rt rtc ruby s samp script search section select slot small source
spacer span strike strong style sub summary sup svg table tbody td template textarea tfoot th
thead time title tr track tt u ul var video wbr xmp
""".split())  # noqa: SIM905 (a word list reads best as text)

MATHML_TAGS = frozenset("""
math semantics annotation mrow mi mo mn ms mtext mspace msup msub msubsup mfrac msqrt mroot
mstyle mover munder munderover mtable mtr mtd mpadded mphantom menclose merror mmultiscripts
mprescripts none
""".split())  # noqa: SIM905 (a word list reads best as text)
_MATHML_ATTRIBUTES = frozenset({
    "display", "mathvariant", "stretchy", "fence", "separator", "lspace", "rspace", "width",
    "height", "depth", "displaystyle", "scriptlevel", "linethickness", "columnalign",
    "rowalign", "rowspacing", "columnspacing", "columnlines", "rowlines", "frame", "form",
    "accent", "accentunder", "movablelimits", "notation", "largeop", "symmetric", "minsize",
    "maxsize", "encoding", "xmlns"})


def segments(text: str) -> list[str]:
    """``text`` cut into blocks that render the same alone as together.

    Cuts fall on blank lines outside fenced code, before a line that is not
    indented (an indented one may continue a list item). Text with reference
    link definitions or HTML blocks, which may span blank lines, stays whole.
    The scanning is done by regular expressions: a long message costs little.
    """
    scanned = "\n" + text
    if _WHOLE.search(scanned):
        return [text]
    cuts = [match.end() - 1 for match in _BLANK_THEN_TEXT.finditer(scanned)]
    if not cuts:
        return [text]
    fences = list(_FENCE_LINE.finditer(scanned))
    if fences:
        cuts = [cut for cut in cuts if not _inside_fence(cut + 1, fences)]
    parts, start = [], 0
    for cut in cuts:
        parts.append(text[start:cut])
        start = cut
    parts.append(text[start:])
    return [part for part in parts if part] or [""]


def _inside_fence(position: int, fences: list) -> bool:
    """Whether ``position`` lies inside a fenced code block (``fences``: its fence lines)."""
    opened = None
    for match in fences:
        if match.start() + 1 >= position:  # the fence line begins after its newline
            break
        marker = match.group(1)
        if opened is None:
            opened = marker
        elif marker[0] == opened[0] and len(marker) >= len(opened) and not match.group(2):
            opened = None
    return opened is not None


def _closed_fence(segment: str) -> bool | None:
    """``None`` when the segment is not fenced code, else whether its fence is closed."""
    first = _FENCE.match(segment)
    if first is None:
        return None
    fence = first.group(1)
    body = segment.rstrip("\n")
    if "\n" not in body:
        return False
    last = body[body.rindex("\n") + 1:].strip()
    return last.startswith(fence) and not last.strip(fence[0])


def _open_code(segment: str) -> str:
    """A fenced code block whose closing fence has not arrived, as markdown-it shows it."""
    first, _, code = segment.partition("\n")
    info = first.lstrip("`~").strip()
    language = f' class="language-{html.escape(info.split()[0])}"' if info else ""
    return f"<pre><code{language}>{html.escape(code, quote=False)}</code></pre>\n"


def _highlight(code: str, language: str, _attrs) -> str:
    """Pygments' token spans for a closed code block; ``""`` lets markdown-it escape it."""
    if not language:
        return ""
    from pygments import highlight
    from pygments.formatters import HtmlFormatter
    from pygments.lexers import get_lexer_by_name
    from pygments.util import ClassNotFound
    try:
        lexer = get_lexer_by_name(language.split()[0])
    except ClassNotFound:
        return ""
    return highlight(code, lexer, HtmlFormatter(nowrap=True, classprefix="tok-"))


@functools.lru_cache(maxsize=8)
def _markdown(line_breaks: bool, highlighted: bool):
    from markdown_it import MarkdownIt
    options = {"html": True, "linkify": False, "breaks": line_breaks}
    if highlighted:
        options["highlight"] = _highlight
    return MarkdownIt("commonmark", options).enable("table").enable("strikethrough")


class Renderer:
    """Renders the text of one Chatbot's messages, with that Chatbot's options.

    Blocks of text are cached (bounded): a chat history rendered again, or a
    message that grows, costs only its new blocks.
    """

    def __init__(self, *, render_markdown: bool = True, sanitize_html: bool = True,
                 line_breaks: bool = True,
                 latex_delimiters: Sequence[dict] | None = DEFAULT_LATEX_DELIMITERS,
                 allow_tags: Sequence[str] | bool = True, cache_size: int = 4096):
        self.render_markdown = render_markdown
        self.sanitize_html = sanitize_html
        self.line_breaks = line_breaks
        self.delimiters = _check_delimiters(latex_delimiters)
        self.allow_tags = allow_tags
        self.segment_html = functools.lru_cache(maxsize=cache_size)(self._segment_html)
        self._message_html = functools.lru_cache(maxsize=cache_size)(self._html)

    def html(self, text: str, memo: dict | None = None) -> str:
        """The HTML of one message's text.

        ``memo`` is kept by the caller for one message while it streams: each
        call then cuts only the new end of the text into blocks.
        """
        if memo is None:
            return self._message_html(text)
        if not self.render_markdown:
            return self._plain(text)
        return "".join(self.segment_html(part) for part in self._parts(text, memo))

    def _html(self, text: str) -> str:
        if not self.render_markdown:
            return self._plain(text)
        return "".join(self.segment_html(part) for part in self._parts(text, None))

    @staticmethod
    def _plain(text: str) -> str:
        return f'<div class="chat-plain">{html.escape(text)}</div>'

    def _parts(self, text: str, memo: dict | None) -> list[str]:
        """The blocks of ``text``; with a memo of a shorter version, only its end is cut."""
        kept: list[str] = []
        start = 0
        if memo:
            previous, parts = memo.get("text"), memo.get("parts")
            if previous is not None and parts and len(parts) > 1 and text.startswith(previous):
                kept = parts[:-1]
                start = len(previous) - len(parts[-1])
        parts = kept + self._merge(segments(text[start:]))
        if kept and len(parts) > 1 and _WHOLE.search("\n" + text[start:]):
            parts = self._merge(segments(text))  # the new end keeps the text whole
        if memo is not None:
            memo["text"], memo["parts"] = text, parts
        return parts

    def _merge(self, parts: list[str]) -> list[str]:
        if not self.delimiters or len(parts) == 1:
            return parts
        merged: list[str] = []  # a formula spanning a blank line stays in one block
        for part in parts:
            if merged and not self._balanced(merged[-1]):
                merged[-1] += part
            else:
                merged.append(part)
        return merged

    def _balanced(self, text: str) -> bool:
        for delimiter in self.delimiters:
            left, right = delimiter["left"], delimiter["right"]
            if left == right:
                if text.count(left) % 2:
                    return False
            elif text.count(left) != text.count(right):
                return False
        return True

    # -- one block ---------------------------------------------------------------------
    def _segment_html(self, segment: str) -> str:
        closed = _closed_fence(segment)
        if closed is False and segment[:1] in "`~":
            return _open_code(segment)  # still streaming: shown plain, at the cost of escaping
        formulas: list[str] = []
        source = segment if closed is not None else self._take_math(segment, formulas)
        rendered = _markdown(self.line_breaks, closed is not False).render(source)
        if self.sanitize_html:
            rendered = self._clean(rendered)
        if formulas:
            rendered = _PLACEHOLDER.sub(lambda m: formulas[int(m.group(1))], rendered)
        return rendered

    def _take_math(self, text: str, formulas: list[str]) -> str:
        """Replace each formula by a placeholder; its MathML goes into ``formulas``."""
        if not self.delimiters or not any(d["left"] in text for d in self.delimiters):
            return text
        pattern = "|".join(
            f"(?P<d{index}>{re.escape(d['left'])}(?P<b{index}>.+?){re.escape(d['right'])})"
            for index, d in enumerate(self.delimiters))

        def swap(match: re.Match) -> str:
            for index, delimiter in enumerate(self.delimiters):
                if match.group(f"d{index}") is not None:
                    formulas.append(_mathml(match.group(f"b{index}"), delimiter["display"],
                                            match.group(0)))
                    return f"\ue000{len(formulas) - 1}\ue001"
            return match.group(0)

        return re.sub(pattern, swap, text, flags=re.DOTALL)

    def _clean(self, markup: str) -> str:
        extra: set[str] = set()
        if self.allow_tags is True:
            extra = {name.lower() for name in _TAG_NAME.findall(markup)} - _KNOWN_TAGS \
                - MATHML_TAGS
        elif self.allow_tags:
            extra = {str(name).lower() for name in self.allow_tags} - _KNOWN_TAGS
        return clean(markup, frozenset(extra))


def clean(markup: str, extra_tags: set[str] | frozenset[str] = frozenset(), *,
          mathml: bool = False) -> str:
    """Sanitise HTML: formatting kept; scripts, handlers and ``javascript:`` links removed."""
    return _cleaner(frozenset(extra_tags), mathml).clean(markup)


@functools.lru_cache(maxsize=64)
def _cleaner(extra_tags: frozenset[str], mathml: bool):
    import nh3
    attributes = {tag: set(attrs) for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items()}
    for tag in ("span", "div", "p", "code", "pre", "td", "th", "img", "a", "h1", "h2", "h3",
                "h4", "h5", "h6"):
        attributes.setdefault(tag, set()).update({"class", "title"})
    tags = set(nh3.ALLOWED_TAGS) | {"span", "div", "img"} | set(extra_tags)
    if mathml:
        tags |= MATHML_TAGS
        for tag in MATHML_TAGS:
            attributes.setdefault(tag, set()).update(_MATHML_ATTRIBUTES)
    return nh3.Cleaner(tags=tags, attributes=attributes, link_rel="noopener noreferrer")


@functools.lru_cache(maxsize=1024)
def _mathml(formula: str, display: bool, source: str) -> str:
    """MathML for a LaTeX formula (sanitised: ``\\text{}`` passes markup through)."""
    from latex2mathml.converter import convert
    try:
        markup = convert(formula.strip(), display="block" if display else "inline")
    except Exception:  # latex2mathml raises many kinds of errors for input it cannot read
        return f'<code class="chat-math-error">{html.escape(source)}</code>'
    return clean(markup, mathml=True)


def _check_delimiters(delimiters) -> tuple[dict, ...]:
    if delimiters is None:
        return DEFAULT_LATEX_DELIMITERS
    checked = []
    for delimiter in delimiters:
        if not isinstance(delimiter, dict) or not isinstance(delimiter.get("left"), str) \
                or not isinstance(delimiter.get("right"), str) or not delimiter["left"] \
                or not delimiter["right"]:
            raise ValueError("latex_delimiters must be dicts like {'left': '$$', 'right': '$$', "
                             f"'display': True}}; got {delimiter!r}.")
        checked.append({"left": delimiter["left"], "right": delimiter["right"],
                        "display": bool(delimiter.get("display", False))})
    # the longest left delimiter first: "$$" before "$"
    return tuple(sorted(checked, key=lambda d: -len(d["left"])))
