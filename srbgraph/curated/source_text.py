"""The source document as text, searched by *skeleton* (whitespace, hyphens, quote styles ignored)."""
from __future__ import annotations

import re
from difflib import SequenceMatcher
from pathlib import Path

from ..errors import SrbError

_QUOTES = str.maketrans(
    {**{c: '"' for c in "„“”‟«»\""}, **{c: "'" for c in "‚‘’‛‹›`´"}}
)
_IGNORED = re.compile(r"[\s\-\u00ad\u2010\u2011\u2012\u2013\u2014\u2043\u2212]")


def skeleton(text: str) -> str:
    """*text* without whitespace and hyphens, with unified quotation marks."""
    return _IGNORED.sub("", text.translate(_QUOTES))


def read_source(path: Path) -> str:
    """The text of the source file *path*: at most :data:`~srbgraph.limits.MAX_SOURCE_BYTES`, UTF-8
    (a BOM dropped), no NUL character; else one line naming the file."""
    from ..files import read_bounded
    from ..limits import MAX_SOURCE_BYTES

    path = Path(path)
    try:
        text = read_bounded(path, MAX_SOURCE_BYTES).decode("utf-8-sig")
    except FileNotFoundError:
        raise SrbError(f"source file not found: {path}") from None
    except UnicodeDecodeError as exc:
        raise SrbError(f"source file {path} is not UTF-8 text ({exc.reason})") from None
    if "\0" in text:
        line = text.count("\n", 0, text.index("\0")) + 1
        raise SrbError(f"source file {path}:{line}: a NUL character; the source is plain UTF-8 text")
    return text


class SourceText:
    """The source document, indexed for skeleton search."""

    def __init__(self, text: str, name: str = "source"):
        self.text = text
        self.name = name
        translated = text.translate(_QUOTES)
        keep = [i for i, ch in enumerate(translated) if not _IGNORED.match(ch)]
        self.positions = keep
        self.skeleton = "".join(translated[i] for i in keep)

    @classmethod
    def from_file(cls, path: Path) -> "SourceText":
        return cls(read_source(path), name=str(path))

    def contains(self, passage: str) -> bool:
        probe = skeleton(passage)
        return bool(probe) and probe in self.skeleton

    def locate(self, passage: str) -> tuple[int, int] | None:
        """``(start, end)`` offsets in the text of the first place *passage* stands (its skeleton),
        None where it does not."""
        probe = skeleton(passage)
        at = self.skeleton.find(probe) if probe else -1
        if at < 0:
            return None
        return self.positions[at], self.positions[at + len(probe) - 1] + 1

    def line_of(self, skeleton_index: int) -> int:
        offset = self.positions[min(skeleton_index, len(self.positions) - 1)]
        return self.text.count("\n", 0, offset) + 1

    def closest(self, passage: str) -> tuple[int, str, float]:
        """``(line, passage, similarity)`` of the source region most like *passage*."""
        probe = skeleton(passage)
        if not probe or not self.skeleton:
            return 0, "", 0.0
        best = (0.0, 0)
        # anchor on the longest common run of a few slices of the probe, then score the window
        step = max(8, len(probe) // 6)
        anchors = set()
        matcher = SequenceMatcher(None, self.skeleton, autojunk=False)
        for start in range(0, len(probe), step):
            piece = probe[start:start + step * 2]
            matcher.set_seq2(piece)
            match = matcher.find_longest_match(0, len(self.skeleton), 0, len(piece))
            if match.size:
                anchors.add(max(0, match.a - match.b - start))
        for begin in anchors:
            window = self.skeleton[begin:begin + len(probe)]
            ratio = SequenceMatcher(None, window, probe, autojunk=False).ratio()
            if ratio > best[0]:
                best = (ratio, begin)
        ratio, begin = best
        end = min(begin + len(probe), len(self.positions)) - 1
        first, last = self.positions[begin], self.positions[max(end, begin)]
        excerpt = " ".join(self.text[first:last + 1].split())
        return self.line_of(begin), excerpt, ratio
