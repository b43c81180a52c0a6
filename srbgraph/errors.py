"""Errors that srbgraph reports to its users as short, precise messages."""
from __future__ import annotations

import reprlib
from dataclasses import dataclass, field
from typing import Any

#: how many characters of a value from the user a message quotes
QUOTE_LIMIT = 80


class SrbError(Exception):
    """An error the user can fix; the CLI prints it as one line (no traceback)."""


class QueryError(SrbError):
    """A query the engine refused; the message names line and column where the engine gives them."""


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in the curated data, located by file, line and entity."""

    file: str
    line: int
    entity: str
    message: str
    #: the whole file could not be read (YAML syntax, encoding, size): what the other files say
    #: about its entities is a knock-on effect, not a problem of their own
    unreadable: bool = field(default=False, compare=False)

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        who = f" {clip(self.entity)}:" if self.entity else ""
        return f"{where}:{who} {self.message}"


class ValidationFailed(SrbError):
    """The curated data has problems; nothing was written."""

    def __init__(self, problems: list[Problem]):
        # a file that could not be read first: what follows may be a consequence of it
        self.problems = sorted(problems, key=lambda problem: (not problem.unreadable, problem))
        n = len(self.problems)
        super().__init__(f"{n} problem{'s' if n != 1 else ''} in the data; nothing was written")


def did_you_mean(wanted: str, choices, *, n: int = 1, cutoff: float = 0.6, key=None, otherwise: str = "") -> str:
    """`` (did you mean 'a'?)`` naming the *n* choices closest to *wanted* (``'a', 'b'`` for more);
    *otherwise* when none is close. *key* maps a choice to the form that is compared (e.g. folded
    spelling); the choice itself is shown."""
    from difflib import get_close_matches

    choices = list(choices)
    keyed = {(key(choice) if key else choice): choice for choice in choices}
    wanted = key(wanted) if key else wanted
    close = [keyed[k] for k in get_close_matches(wanted, list(keyed), n=n, cutoff=cutoff)]
    if not close:
        return otherwise
    return f" (did you mean {', '.join(repr(str(c)) for c in close)}?)"


def clip(text: Any, limit: int = QUOTE_LIMIT) -> str:
    """*text* as it is, cut to *limit* characters (``…`` marks the cut), so that a message quoting a
    value from a file stays one readable line however long the value is."""
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


_REPR = reprlib.Repr()
_REPR.maxlevel, _REPR.maxlist, _REPR.maxtuple, _REPR.maxdict = 3, 6, 6, 6
_REPR.maxstring = _REPR.maxother = QUOTE_LIMIT


def shown(value: Any, limit: int = QUOTE_LIMIT) -> str:
    """A value from the user as a message quotes it (like ``repr``), at most *limit* characters.
    Bounded by construction: a nested list of a billion items is never rendered whole."""
    if isinstance(value, str):
        return repr(value) if len(value) <= limit - 2 else repr(value[: limit - 3] + "…")
    return clip(_REPR.repr(value), limit)


def first_line(exc: BaseException, limit: int = 160) -> str:
    """The first line of an exception's message (its type where it has none), cut to *limit*; a
    first line that only leads in to the next (``at line 1 of <>:``, as rdflib's Turtle parser
    writes) is joined with it, so the line says what is wrong."""
    lines = [line.strip() for line in str(exc).strip().splitlines() if line.strip()]
    if not lines:
        return type(exc).__name__
    text = f"{lines[0]} {lines[1]}" if lines[0].endswith(":") and len(lines) > 1 else lines[0]
    return clip(text, limit)
