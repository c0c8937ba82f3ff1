"""What text from a pull request may hold: no invisible characters, and one spelling per name.

A zero-width space or a right-to-left override makes two values look alike that are not
(`T\u200bODO` is not the placeholder `TODO`; `Amazon\u200b SQS` is another service), so they are
refused wherever data becomes an id, a name, a value or a URL. Names are compared as a reader
sees them: NFKC-normalised (fullwidth and compatibility forms fold to plain ones) and case-folded.
"""

from __future__ import annotations

import unicodedata

# Letters that render as nothing, though Unicode does not class them as format characters.
BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
# Bidirectional embeddings, overrides and isolates: they reorder what a reviewer sees.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")


def is_invisible(char: str) -> bool:
    """Control, format (zero-width, bidi, BOM), private-use, surrogate, line and paragraph separators.

    Not unassigned code points: an emoji newer than this Python's Unicode tables is one."""
    return char in BLANK_LETTERS or unicodedata.category(char) in ("Cc", "Cf", "Co", "Cs", "Zl", "Zp")


def invisible_characters(text: str, allow: str = "") -> list[str]:
    """The invisible characters in `text`, each once, in order (`allow`: ones the caller accepts, e.g. "\\n")."""
    # Printable text (C-speed str.isprintable) holds no control, format, private-use, surrogate or line/paragraph
    # separator character; it can still hold a blank letter. Most values are printable.
    if text.isprintable():
        return [char for char in dict.fromkeys(text) if char in BLANK_LETTERS and char not in allow] \
            if not BLANK_LETTERS.isdisjoint(text) else []
    # Each distinct character is looked up once (dict.fromkeys keeps the order of first use): notes are long.
    return [char for char in dict.fromkeys(text) if char not in allow and is_invisible(char)]


def describe(chars: list[str]) -> str:
    """'U+200B (ZERO WIDTH SPACE)', for an error message that must itself stay printable."""
    return ", ".join(f"U+{ord(char):04X} ({unicodedata.name(char, 'unnamed')})" for char in chars)


def check_visible(text: str) -> str:
    """For pydantic validators: `text` itself, or a ValueError naming each invisible character."""
    found = invisible_characters(text)
    if found:
        raise ValueError(f"contains the invisible character(s) {describe(found)}; delete them or retype the text "
                         "(they make two different values look the same)")
    return text


def fold(text: str) -> str:
    """The form two names are compared in: NFKC, case-folded, spaces collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def normalise_newlines(text: str) -> str:
    """Windows (CRLF) and old Mac (CR) line endings as '\\n', so every editor's file reads the same."""
    return text.replace("\r\n", "\n").replace("\r", "\n")
