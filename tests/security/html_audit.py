"""Find code a strict content security policy would refuse in rendered HTML."""

from html.parser import HTMLParser

# Script types that hold data, which browsers never run.
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}


class InlineCodeFinder(HTMLParser):
    def __init__(self):
        super().__init__()
        self.problems: list[str] = []
        self.scripts_with_src: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, _ in attrs:
            if name.lower().startswith("on"):
                self.problems.append(f"<{tag} {name}=...>: inline event handler")
            if name.lower() == "style":
                self.problems.append(f"<{tag} style=...>: inline style attribute")
        if tag == "style":
            self.problems.append("<style> block")
        if tag == "script":
            script_type = (attributes.get("type") or "").strip().lower()
            if attributes.get("src"):
                self.scripts_with_src.append(attributes["src"])
            elif script_type not in DATA_SCRIPT_TYPES:
                self.problems.append(f"<script type={script_type!r}> with inline code")
        for name in ("href", "src", "action"):
            if (attributes.get(name) or "").strip().lower().startswith("javascript:"):
                self.problems.append(f"<{tag} {name}=javascript:...>")


def inline_code_problems(html: str) -> list[str]:
    finder = InlineCodeFinder()
    finder.feed(html)
    finder.close()
    return finder.problems
