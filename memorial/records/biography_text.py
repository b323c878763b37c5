"""Biographies as Markdown, both ways, so exports round-trip through the importer.

Only text travels: paragraphs (with bold, italic, links and lists), headings and quotes.
Pictures, recordings and other blocks stay in the archive; an export says so in its notes.
Converting Markdown → blocks → Markdown gives back the same Markdown.
"""

import re
from html.parser import HTMLParser

import markdown as markdown_lib

MARKDOWN_SPECIALS = re.compile(r"([\\`*_\[\]#])")
HEADING = re.compile(r"^(#{1,3})\s+(.*)$")


def escape_markdown(text: str) -> str:
    return MARKDOWN_SPECIALS.sub(r"\\\1", text)


# What Python-Markdown reads as the start of a block at the start of a line, once '#', '*',
# '_' and '`' are escaped everywhere: a quote ('>', on any line of a paragraph), a list
# item ('-', '+', a number), a rule or a heading underline (a line of '-'). A line of '='
# would underline a heading too, but '=' has no escape: the importer reads no such
# headings instead (_NoSetextHeadings).
BLOCK_START = re.compile(r"^(?:>|[-+*](?: |$)|-[- ]*$)")
NUMBERED = re.compile(r"^(\d+)([.)] )")


# An empty line inside a paragraph (two <br> in a row) is written as a no-break space and a
# line break: a blank line would end the paragraph. Blocks are split only on lines blank of
# spaces, tabs and carriage returns (BLOCK_BREAK); Markdown then drops the no-break space
# as it drops other whitespace at the start of a line, giving back the two <br>.
EMPTY_LINE = "\u00a0  "
BLOCK_BREAK = re.compile(r"\n[ \t\r]*\n")


def _escape_block_start(line: str) -> str:
    """A line that would read as a quote, list, rule or heading underline is escaped."""
    numbered = NUMBERED.match(line)
    if numbered:
        return f"{numbered.group(1)}\\{line[len(numbered.group(1)) :]}"
    if BLOCK_START.match(line):
        return "\\" + line
    return line


class _HtmlToMarkdown(HTMLParser):
    """The rich text subset the archive uses, written as Markdown."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.current: list[str] = []
        self.lists: list[tuple[str, int, int]] = []  # (tag, first block index, items so far)
        self.item_marker = ""  # '- ' or '3. ' before the text of a list item
        self.href: str | None = None

    def _flush(self):
        # Each line, after a <br> too, is escaped on its own: Markdown reads a quote there.
        lines = "".join(self.current).strip().split("\n")
        lines = [_escape_block_start(line) if line.strip() else EMPTY_LINE for line in lines]
        text = (self.item_marker + "\n".join(lines)).strip()
        if text:
            self.blocks.append(text)
        self.current = []
        self.item_marker = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("b", "strong"):
            self.current.append("**")
        elif tag in ("i", "em"):
            self.current.append("*")
        elif tag == "a":
            href = attrs.get("href") or ""
            self.href = href if href.startswith(("http://", "https://", "mailto:")) else None
            if self.href:
                self.current.append("[")
        elif tag == "br":
            self.current.append("  \n")
        elif tag in ("ul", "ol"):
            self._flush()
            self.lists.append((tag, len(self.blocks), 0))
        elif tag == "li" and self.lists:
            self._flush()
            kind, first, count = self.lists[-1]
            self.lists[-1] = (kind, first, count + 1)
            self.item_marker = f"{count + 1}. " if kind == "ol" else "- "

    def handle_endtag(self, tag):
        if tag in ("b", "strong"):
            self.current.append("**")
        elif tag in ("i", "em"):
            self.current.append("*")
        elif tag == "a" and self.href:
            self.current.append(f"]({self.href})")
            self.href = None
        elif tag in ("p", "li"):
            self._flush()
        elif tag in ("ul", "ol") and self.lists:
            self._flush()
            _kind, first, _count = self.lists.pop()
            # The items of one list make one Markdown block, one item a line.
            items = self.blocks[first:]
            del self.blocks[first:]
            if items:
                self.blocks.append("\n".join(items))

    def handle_data(self, data):
        if not data.strip():
            # Whitespace between block tags or after a line break is layout, not text.
            if self.current and not self.current[-1].endswith(("\n", " ")):
                self.current.append(" ")
            return
        text = re.sub(r"\s+", " ", data)
        if not self.current or self.current[-1].endswith("\n"):
            text = text.lstrip()
        self.current.append(escape_markdown(text))

    def markdown(self) -> str:
        self._flush()
        return "\n\n".join(self.blocks)


def html_to_markdown(html: str) -> str:
    parser = _HtmlToMarkdown()
    parser.feed(html or "")
    parser.close()
    return parser.markdown()


def stream_to_markdown(stream_value) -> str:
    """The text of a StreamField as Markdown; non-text blocks are left out."""
    parts = []
    for block in stream_value:
        if block.block_type == "paragraph":
            text = html_to_markdown(block.value.source)
        elif block.block_type == "heading":
            level = "###" if block.value.get("level") == "h3" else "##"
            text = f"{level} {escape_markdown(block.value['text'])}"
        elif block.block_type == "quote":
            text = "> " + escape_markdown(" ".join(block.value["quote"].split()))
        else:
            continue
        if text:
            parts.append(text)
    return "\n\n".join(parts)


def markdown_to_blocks(text: str) -> list[dict]:
    """StreamField data (paragraph, heading and quote blocks) from plain text or Markdown."""
    blocks = []
    # A heading line is a block of its own even without blank lines around it.
    text = re.sub(r"(?m)^(#{1,3} .*)$", r"\n\1\n", (text or "").strip())
    for chunk in BLOCK_BREAK.split(text.strip()):
        chunk = chunk.strip()
        if not chunk:
            continue
        heading = HEADING.match(chunk)
        if heading and "\n" not in chunk:
            level = "h3" if len(heading.group(1)) == 3 else "h2"
            blocks.append(
                {"type": "heading", "value": {"text": _unescape(heading.group(2)), "level": level}}
            )
        elif chunk.startswith("> ") and "\n" not in chunk:
            blocks.append(
                {
                    "type": "quote",
                    "value": {"quote": _unescape(chunk[2:]), "attribution": "", "source": ""},
                }
            )
        else:
            blocks.append({"type": "paragraph", "value": _markdown_html(chunk)})
    return blocks


def _unescape(text: str) -> str:
    return re.sub(r"\\([\\`*_\[\]#>])", r"\1", text)


PLAIN = re.compile(r"^[^\\`*_\[\]#>&<!\n-][^\\`*_\[\]#>&<!\n]*$")


class _NoSetextHeadings(markdown_lib.extensions.Extension):
    """A line under a line of '=' or '-' stays text: the archive's headings are '#' lines
    (markdown_to_blocks), and a line of '=' could not be escaped on export."""

    def extendMarkdown(self, md):
        md.parser.blockprocessors.deregister("setextheader")


def _markdown_html(chunk: str) -> str:
    if PLAIN.match(chunk) and not re.match(r"^\d+[.)] ", chunk):
        return f"<p>{chunk}</p>"  # nothing for Markdown to do: skip its (slow) parser
    # Raw HTML in the source is text, never markup: '<' and '&' are escaped before Markdown
    # sees them ('>' stays, so that Markdown's own backslash escapes keep working).
    return markdown_lib.markdown(
        chunk.replace("&", "&amp;").replace("<", "&lt;"), extensions=[_NoSetextHeadings()]
    )
