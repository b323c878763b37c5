"""Biographies travel as Markdown; exporting what was imported gives back the same text."""

import re
from html import unescape

import pytest
from wagtail.blocks import StreamBlock

from memorial.core.blocks import BODY_BLOCKS
from memorial.records.biography_text import markdown_to_blocks, stream_to_markdown

STREAM = StreamBlock(BODY_BLOCKS)


def export(raw_blocks):
    return stream_to_markdown(STREAM.to_python(raw_blocks))


def round_trip(markdown_text):
    return export(markdown_to_blocks(markdown_text))


@pytest.mark.parametrize(
    "html",
    [
        "<p>Born in <b>Velmora</b>, she <i>loved</i> * stars_ and [brackets] & "
        '<a href="https://example.org/?a=1&amp;b=2">maps</a>.</p>',
        "<p>First line<br/>second line</p>",
        "<ul><li>one</li><li>two <b>bold</b></li></ul><ol><li>first</li><li>second</li></ol>",
        "<p>&lt;script&gt;alert(1)&lt;/script&gt; # not a heading</p>",
        "<p>&gt; not a quote</p><p>- not a list</p><p>3. not a list either</p>",
        '<p>A <a linktype="page" id="3">page link</a> keeps its words.</p>',
    ],
)
def test_exported_text_comes_back_the_same(html):
    first = export(
        [
            {"type": "paragraph", "value": html},
            {"type": "heading", "value": {"text": "Later # years", "level": "h3"}},
            {"type": "quote", "value": {"quote": "We *stayed*.", "attribution": "", "source": ""}},
        ]
    )
    assert round_trip(first) == first


def test_plain_text_becomes_paragraphs_and_headings():
    blocks = markdown_to_blocks("## Childhood\n\nShe grew up by the river.\n\nHe worked.")
    assert [b["type"] for b in blocks] == ["heading", "paragraph", "paragraph"]
    assert blocks[0]["value"] == {"text": "Childhood", "level": "h2"}
    assert blocks[1]["value"] == "<p>She grew up by the river.</p>"


def test_html_in_an_import_is_text_not_markup():
    (block,) = markdown_to_blocks('<img src=x onerror="alert(1)"> and <b>bold</b>')
    assert "<img" not in block["value"] and "<b>" not in block["value"]
    assert "&lt;img" in block["value"]


def test_non_text_blocks_are_left_out_of_the_text():
    text = export(
        [
            {"type": "paragraph", "value": "<p>Kept.</p>"},
            {"type": "event", "value": {"date": None, "precision": "unknown", "title": "Moved"}},
        ]
    )
    assert text == "Kept."


def test_a_heading_line_needs_no_blank_line_around_it():
    blocks = markdown_to_blocks("## Later years\nShe moved away.")
    assert [b["type"] for b in blocks] == ["heading", "paragraph"]


@pytest.mark.parametrize(
    "html",
    [
        "<p>---</p>",
        "<p>- - -</p>",
        "<p>***</p>",
        "<p>First<br/>&gt; second</p>",
        "<p>First<br/>---</p>",
        "<p>First<br/>===</p>",
        "<p>First<br/>- two<br/>+ three<br/>* four<br/>5. five<br/># six</p>",
        "<ul><li>&gt; quoted item</li><li>one<br/>- two</li></ul>",
    ],
)
def test_a_line_that_looks_like_markdown_structure_stays_text_of_its_paragraph(html):
    first = export([{"type": "paragraph", "value": html}])
    blocks = markdown_to_blocks(first)
    assert [block["type"] for block in blocks] == ["paragraph"]
    for structure in ("<hr", "<blockquote", "<h1", "<h2"):
        assert structure not in blocks[0]["value"]
    assert _words(blocks[0]["value"]) == _words(html)
    assert export(blocks) == first


def test_an_empty_line_inside_a_paragraph_stays_in_its_paragraph():
    first = export([{"type": "paragraph", "value": "<p>First<br/><br/>after an empty line</p>"}])
    blocks = markdown_to_blocks(first)
    assert [block["type"] for block in blocks] == ["paragraph"]
    assert _words(blocks[0]["value"]) == "First\n\nafter an empty line"
    assert export(blocks) == first


def _words(html: str) -> str:
    """The text of some HTML, a line break as a new line: what a reader sees."""
    text = re.sub(r"<br\s*/?>\n?", "\n", html)
    return unescape(re.sub(r"<[^>]+>\n?", "", text)).strip()
