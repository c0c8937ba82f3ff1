"""Diagrams are data: an SVG may draw, never run anything.

The files in docs/ (those in docs/_data/diagrams/ are included inline into the notes) are
checked against an allow-list of drawing elements and attributes: no script, no event handler,
no foreignObject, no animation (an animated `href` can become `javascript:`), no link or
reference to anything but an id in the same drawing, no DTD, entity, comment or processing
instruction. What is not on the list is refused with its line, so a reviewer never has to read
an SVG to trust it. No maintained SVG sanitiser is packaged for Python (bleach is retired and
nh3 speaks HTML), hence this short list over the standard library's HTML parser, which reads the
files as the browser will (inline SVG inside HTML).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from .problems import Problem, escape_control

ELEMENTS = frozenset({
    "figure", "figcaption",  # the HTML wrapper the notes use
    "svg", "g", "title", "desc", "defs", "marker", "lineargradient", "radialgradient", "stop",
    "path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "text", "tspan",
})
ATTRIBUTES = frozenset({
    "class", "id", "role", "aria-label", "aria-labelledby", "aria-describedby", "aria-hidden", "focusable",
    "data-search-exclude", "xmlns", "viewbox", "preserveaspectratio", "width", "height",
    "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "dx", "dy", "d", "points", "transform",
    "fill", "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-opacity", "stroke-dasharray",
    "stroke-linecap", "stroke-linejoin", "opacity", "offset", "stop-color", "stop-opacity",
    "text-anchor", "dominant-baseline", "font-size", "font-weight", "font-style", "font-family",
    "refx", "refy", "markerwidth", "markerheight", "markerunits", "orient", "marker-start", "marker-mid",
    "marker-end", "gradientunits", "gradienttransform",
})
SVG_NAMESPACE = "http://www.w3.org/2000/svg"
# A value may reference only an id of the drawing (`url(#arrow)`) or apply a numeric transform.
FUNCTION = re.compile(r"([a-zA-Z-]+)\(([^()]*)\)")
NUMBERS = re.compile(r"[-+0-9.eE,\s]*")
TRANSFORMS = {"translate", "rotate", "scale", "matrix", "skewx", "skewy"}


class _Checker(HTMLParser):
    def __init__(self, path: Path):
        super().__init__(convert_charrefs=True)
        self.path = path
        self.problems: list[Problem] = []

    def refuse(self, what: str) -> None:
        self.problems.append(Problem(self.path, self.getpos()[0], "", f"{escape_control(what)} is not allowed in a "
                                     "diagram (only drawing elements and attributes are); remove it"))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ELEMENTS:
            self.refuse(f"the element <{tag}>")
        for name, value in attrs:
            if name not in ATTRIBUTES:
                self.refuse(f"the attribute {name!r} on <{tag}>")
            elif name == "xmlns" and value != SVG_NAMESPACE:
                self.refuse(f"xmlns={value!r}")
            elif value and name != "xmlns" and not _plain_value(value):
                self.refuse(f"the value {name}={value!r}")

    handle_startendtag = handle_starttag

    def handle_comment(self, data: str) -> None:
        self.refuse("a comment")

    def handle_decl(self, decl: str) -> None:
        self.refuse(f"the declaration <!{decl.split()[0] if decl.split() else decl}>")

    def unknown_decl(self, data: str) -> None:
        self.refuse("a CDATA section or declaration")

    def handle_pi(self, data: str) -> None:
        self.refuse("a processing instruction")


def _plain_value(value: str) -> bool:
    """No scheme (javascript:, data:), and functions only as `url(#id)` or numeric transforms."""
    if ":" in value or "&" in value or "\\" in value:
        return False
    for name, arguments in FUNCTION.findall(value):
        if name.lower() == "url":
            if not re.fullmatch(r"#[A-Za-z][\w-]*", arguments.strip()):
                return False
        elif name.lower() not in TRANSFORMS or not NUMBERS.fullmatch(arguments):
            return False
    return "(" not in FUNCTION.sub("", value)


def diagram_problems(path: Path, text: str) -> list[Problem]:
    checker = _Checker(path)
    checker.feed(text)
    checker.close()
    return checker.problems


def unsafe_diagrams(docs_dir: Path, read_text) -> list[Problem]:
    """Every .svg under docs/, each read with `read_text` (the loader's checked reader)."""
    problems = []
    for path in sorted(Path(docs_dir).rglob("*.svg")):
        if path.is_file():
            problems += diagram_problems(path, read_text(path))
    return problems
