"""Errors that srbgraph reports to its users as short, precise messages."""
from __future__ import annotations

from dataclasses import dataclass


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

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        who = f" {self.entity}:" if self.entity else ""
        return f"{where}:{who} {self.message}"


class ValidationFailed(SrbError):
    """The curated data has problems; nothing was written."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
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


def shown(value, limit: int = 80) -> str:
    """*value* as a message quotes it: its repr, cut to about *limit* characters (a value in a data
    file may be megabytes long, and a message must stay one line)."""
    text = repr(value)
    if len(text) > limit:
        text = text[:limit - 1] + "…"
    return text.replace("\n", "\\n")
