"""Text from the data or from a reviewer, made harmless before it reaches a terminal.

A terminal obeys the characters it is sent: a carriage return moves back to the start of the
line, ``ESC [ …`` sequences move the cursor, clear lines or change colours, a backspace erases,
and the bidi overrides (U+202A–U+202E, U+2066–U+2069) show text in another order than it is
stored. A reviewer's comment "bestätigt\\r abgelehnt" printed as it stands shows "bestätigt"
where "abgelehnt" is written — the curator confirms what they did not see. So every text that
comes from the data or from a reviewer passes :func:`clean` on its way to a terminal: C0 and C1
control characters and the bidi overrides are removed, a tab becomes a space, and a line break
stays only where the text is meant to run over lines (a comment, a label, an id is one line: its
line break becomes a space, so it cannot fake a line of srbgraph's own). What goes into a file
(``-o``, CSV, JSON, XLSX) keeps its text as it is.

Where something was removed, one note at the end of the command says so (:func:`take_note`, in
the command's ``--lang``). Only the standard library is imported (click, where it is loaded, is
looked up, never imported).
"""
from __future__ import annotations

import re
import sys

#: what a terminal acts on: C0 controls but tab, DEL, C1 controls, bidi embeddings/overrides/isolates,
#: and the line and paragraph separators (some terminals break the line there)
_UNSAFE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
#: the same, keeping the newline (for text meant to run over lines)
_UNSAFE_KEEP_LINES = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
#: breaks of a line: a space where a one-line text had one
_BREAKS = frozenset("\n\x0b\x0c\u2028\u2029\x85")

_state = {"texts": 0, "lang": None}


def _replace(match: re.Match) -> str:
    return " " if match.group() in _BREAKS else ""


def clean(text, *, lines: bool = False) -> str:
    """*text* without what would steer a terminal: control characters and bidi overrides removed,
    a tab as a space; a line break kept where *lines* (a multi-line text printed line by line),
    else a space. Each text that had something removed is counted for :func:`take_note`."""
    text = str(text)
    if "\t" in text:
        text = text.replace("\t", " ")
    pattern = _UNSAFE_KEEP_LINES if lines else _UNSAFE
    cleaned = pattern.sub(_replace, text)
    if cleaned != text:
        _state["texts"] += 1
        if _state["lang"] is None:
            _state["lang"] = _command_lang()
    return cleaned


def _command_lang() -> str:
    """The ``--lang`` of the running command (English where it has none: its own lines are English)."""
    click = sys.modules.get("click")
    context = click.get_current_context(silent=True) if click is not None else None
    while context is not None:
        if context.params.get("lang") in ("de", "en"):
            return context.params["lang"]
        context = context.parent
    return "en"


def take_note() -> str | None:
    """The one line that says how many texts lost characters since the last call, or None; counts
    anew from here."""
    count, lang = _state["texts"], _state["lang"] or "en"
    _state.update(texts=0, lang=None)
    if not count:
        return None
    if lang == "de":
        return f"Hinweis: Steuerzeichen aus {count} Text{'' if count == 1 else 'en'} entfernt"
    return f"note: control characters removed from {count} text{'' if count == 1 else 's'}"
