"""Message text to HTML on the server: Markdown, code, math, sanitising, streaming."""

from __future__ import annotations

import pytest

from blocks_chat.render import Renderer, segments


def test_markdown_is_rendered_and_sanitised():
    html = Renderer().html("**bold** <script>alert(1)</script> <a href='javascript:x'>a</a> "
                           "<img src=x onerror=alert(1)>")
    assert "<strong>bold</strong>" in html
    assert "<script" not in html and "onerror" not in html and "javascript:" not in html


def test_sanitising_can_be_turned_off_and_markdown_too():
    assert "<b onclick" in Renderer(sanitize_html=False).html("<b onclick='x'>hi</b>")
    assert Renderer(render_markdown=False).html("**a** <b>") == \
        '<div class="chat-plain">**a** &lt;b&gt;</div>'


def test_single_newlines_break_lines_unless_told_not_to():
    assert "<br" in Renderer().html("a\nb")
    assert "<br" not in Renderer(line_breaks=False).html("a\nb")


def test_closed_code_blocks_are_highlighted_open_ones_shown_plain():
    html = Renderer().html("```python\ndef f():\n    return 1\n```")
    assert '<span class="tok-k">def</span>' in html
    assert Renderer().html("```python\ndef f(") == \
        '<pre><code class="language-python">def f(</code></pre>\n'
    assert "tok-" not in Renderer().html("```\nno language\n```")


def test_math_becomes_mathml_and_bad_math_shows_its_source():
    html = Renderer().html("Euler: $$e^{i\\pi} + 1 = 0$$")
    assert '<math xmlns="http://www.w3.org/1998/Math/MathML" display="block">' in html
    assert "<msup>" in html
    inline = Renderer(latex_delimiters=[{"left": "$", "right": "$", "display": False}])
    assert 'display="inline"' in inline.html("x is $x^2$")
    assert "chat-math-error" in inline.html("bad $\\frac{$")
    assert "<math" not in Renderer(latex_delimiters=[]).html("$$x$$")


def test_markup_inside_math_is_sanitised():
    html = Renderer().html("$$\\text{<img src=x onerror=alert(1)>}$$")
    assert "onerror" not in html


def test_custom_tags_are_kept_as_harmless_elements():
    assert "<thinking>hmm</thinking>" in Renderer().html("<thinking>hmm</thinking>")
    assert "<thinking>" not in Renderer(allow_tags=False).html("<thinking>hmm</thinking>")
    assert "<script" not in Renderer(allow_tags=["script"]).html("<script>x</script>")


@pytest.mark.parametrize("text", [
    "a\n\nb\n\n```\nx\n\ny\n```\n\nc",
    "1. one\n\n2. two\n\n   more of two\n\n3. three",
    "> quote\n\nafter\n\n- item\n\n  continued",
    "$$\na\n\nb\n$$\n\nafter",
    "[ref]: http://example.com\n\nuses [ref]",
])
def test_rendering_in_blocks_matches_rendering_whole(text):
    renderer = Renderer()
    memo = {}
    for end in range(1, len(text) + 1):
        streamed = renderer.html(text[:end], memo)
        assert streamed == Renderer().html(text[:end]), text[:end]


def test_blocks_split_at_blank_lines_outside_code_and_not_before_indented_lines():
    assert segments("a\n\n```\nx\n\ny\n```\n\nb\n\n  c") == \
        ["a\n\n", "```\nx\n\ny\n```\n\n", "b\n\n  c"]
    assert segments("see [x]\n\n[x]: http://a") == ["see [x]\n\n[x]: http://a"]
    assert segments("<div>\n\nx\n\n</div>") == ["<div>\n\nx\n\n</div>"]


def test_bad_latex_delimiters_are_refused():
    with pytest.raises(ValueError, match="latex_delimiters"):
        Renderer(latex_delimiters=[{"left": "$"}])
