"""Official keys (Kreisschlüssel, AGS, ARS) and the key column of a table that ``srbgraph link``
attaches, counted as its cells stream past.

A table of a million rows is not kept to decide its key type or to name the keys that repeat:
:class:`KeyColumn` counts (official keys or not, the first rows of each kind) and keeps a sketch
of the keys that may repeat — a byte per slot, not a set of every key — and :class:`Repeats`
counts exactly, in the pass that links the rows, only the keys the sketch lets through. The
warnings read as they did when every key cell was held in a list.
"""
from __future__ import annotations

import re

from ..errors import shown
from ..terms import fold


def normal_key(raw) -> str | None:
    """A key cell as an official key (:func:`official_key`), None where it is not one: digits
    only, spaces and dots dropped."""
    if raw is None:
        return None
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = re.sub(r"[\s.]", "", str(raw))
    return official_key(text) if text.isdigit() else None


def official_key(digits: str) -> str:
    """An official key written in *digits* as the key of what it names: 4, 7 or 11 digits get back
    the leading zero a spreadsheet dropped; a 12-digit Regionalschlüssel (ARS: Land, Regierungsbezirk,
    Kreis — 5 —, Gemeindeverband — 4 —, Gemeinde — 3) becomes the 8-digit AGS of its Gemeinde, of its
    Kreis (``…000`` where the Gemeindeverband is ``0000``), or the 9-digit key of the Gemeindeverband
    it names (Gemeinde ``000``: a Verbandsgemeinde, never its whole Kreis)."""
    if len(digits) in (4, 7, 11):
        digits = "0" + digits
    if len(digits) == 12:
        gemeindeverband, gemeinde = digits[5:9], digits[9:]
        return digits[:9] if gemeinde == "000" and gemeindeverband != "0000" else digits[:5] + gemeinde
    return digits


def _blank(cell) -> bool:
    return cell is None or not str(cell).strip()


def _same_key(cell, kind: str) -> str:
    """The form in which two key cells are the same key (``7211`` and ``07211`` for ags)."""
    return (normal_key(cell) if kind == "ags" else None) or fold(str(cell)) or str(cell).strip()


class KeyColumn:
    """The cells of the key column, counted as they come (a table of a million rows is not kept):
    how many are official keys, the first rows of each kind, and a sketch of the keys that may
    repeat — a byte per slot, saturating at 2, 16 million slots in an anonymous memory map (the
    pages no key touches cost nothing: a small table a few kilobytes, a million keys 16 MB), marked
    for a key in both the forms it may be compared in (ags, name). A key whose slot holds 2 may
    repeat (a few other keys share a slot by chance); :class:`Repeats` counts only those exactly, in
    a later pass."""

    SLOTS = 1 << 24

    def __init__(self):
        import mmap

        self.present = self.official = 0
        self.first_official: list[int] = []  # the first rows whose key is an official key …
        self.first_other: list[int] = []  # … and whose key is not
        self.slots, self.mask = mmap.mmap(-1, self.SLOTS), self.SLOTS - 1  # zero pages until written

    def add(self, row: int, cell) -> None:
        if _blank(cell):
            return
        self.present += 1
        official = normal_key(cell)
        if official:
            self.official += 1
            if len(self.first_official) < 10:
                self.first_official.append(row)
        elif len(self.first_other) < 10:
            self.first_other.append(row)
        forms = {_same_key(cell, "name")}
        if official:
            forms.add(official)
        for form in forms:
            slot = hash(form) & self.mask
            if self.slots[slot] < 2:
                self.slots[slot] += 1

    def may_repeat(self, form: str) -> bool:
        return self.slots[hash(form) & self.mask] >= 2

    def key_type(self) -> tuple[str, str | None]:
        """``ags`` when most keys are official keys, else ``name``; and a warning naming the rows
        whose key does not fit what the majority chose (None when all fit)."""
        kind = "ags" if self.present and self.official * 2 > self.present else "name"
        misfits, first = ((self.present - self.official, self.first_other) if kind == "ags"
                          else (self.official, self.first_official))
        if not misfits:
            return kind, None
        what = "official keys" if kind == "ags" else "names"
        more = f" and {misfits - len(first):,} more" if misfits > len(first) else ""
        return kind, (f"{misfits:,} of {self.present:,} keys do not fit the key type {kind} that "
                      f"most rows have (they are not {what}): row {', '.join(map(str, first))}{more}")


class Repeats:
    """The keys given in more than one row, counted exactly among those :class:`KeyColumn` found
    may repeat: key (as first written) → its number of rows and the first five."""

    def __init__(self, column: KeyColumn, kind: str):
        self.column, self.kind = column, kind
        self.seen: dict[str, list] = {}  # same form → [as first written, rows, first five rows]

    def add(self, row: int, cell) -> None:
        if _blank(cell):
            return
        same = _same_key(cell, self.kind)
        if not self.column.may_repeat(same):
            return
        entry = self.seen.setdefault(same, [str(cell), 0, []])
        entry[1] += 1
        if len(entry[2]) < 5:
            entry[2].append(row)

    @property
    def keys(self) -> list[tuple[str, int, list[int]]]:
        return [(first, count, rows) for first, count, rows in self.seen.values() if count > 1]

    def warning(self) -> str:
        repeats = self.keys
        parts = []
        for key, count, rows in repeats[:3]:
            more = f" and {count - len(rows):,} more" if count > len(rows) else ""
            parts.append(f"{shown(key, 40)} in rows {', '.join(map(str, rows))}{more}")
        more = f"; and {len(repeats) - 3:,} more keys" if len(repeats) > 3 else ""
        many = len(repeats) != 1
        return f"{len(repeats):,} key{'s' if many else ''} repeat{'' if many else 's'}: {'; '.join(parts)}{more}"


def detect_key_type(cells) -> tuple[str, str | None]:
    """``ags`` when most of the key *cells* are official keys, else ``name``; and a warning naming
    the rows whose key does not fit what the majority chose (None when all fit)."""
    column = KeyColumn()
    for row, cell in enumerate(cells, start=1):
        column.add(row, cell)
    return column.key_type()


def repeated_keys_warning(cells, kind: str) -> str | None:
    """The warning about keys in more than one of *cells* (two passes over them), None when none repeats."""
    column = KeyColumn()
    for row, cell in enumerate(cells, start=1):
        column.add(row, cell)
    repeats = Repeats(column, kind)
    for row, cell in enumerate(cells, start=1):
        repeats.add(row, cell)
    return repeats.warning() if repeats.keys else None
