"""Check that every evidence quote stands in the source text.

The source is text extracted from a PDF: words are hyphenated across lines ("Sozialraum-⏎⏎budget"),
margin labels are broken into letters, quotation marks come in several styles. A quote is found
when it occurs in the source after both are reduced to their *skeleton*: typographic quotation marks
unified, every whitespace character and every hyphen or dash removed. Nothing else is forgiven: a
changed letter, word or punctuation mark is a miss. For each miss the closest passage of the source
is reported with its line, so a curator can copy the exact wording.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

from .curation import Entity
from .errors import SrbError

_QUOTES = str.maketrans(
    {**{c: '"' for c in "„“”‟«»\""}, **{c: "'" for c in "‚‘’‛‹›`´"}}
)
_IGNORED = re.compile(r"[\s\-\u00ad\u2010\u2011\u2012\u2013\u2014\u2043\u2212]")


def skeleton(text: str) -> str:
    """*text* without whitespace and hyphens, with unified quotation marks."""
    return _IGNORED.sub("", text.translate(_QUOTES))


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
        path = Path(path)
        try:
            return cls(path.read_text(encoding="utf-8"), name=str(path))
        except FileNotFoundError:
            raise SrbError(f"source file not found: {path}") from None
        except UnicodeDecodeError as exc:
            raise SrbError(f"source file {path} is not UTF-8 text ({exc.reason})") from None

    def contains(self, passage: str) -> bool:
        probe = skeleton(passage)
        return bool(probe) and probe in self.skeleton

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


@dataclass
class QuoteMiss:
    file: str
    line: int
    entity: str
    quote: str
    what: str  # "quote" or "section"
    closest_line: int = 0
    closest: str = ""
    similarity: float = 0.0

    def __str__(self) -> str:
        shown = self.quote if len(self.quote) <= 120 else self.quote[:117] + "…"
        if self.what == "section":
            return f"{self.file}:{self.line}: {self.entity}: section part not found in the source: {shown!r}"
        return (
            f"{self.file}:{self.line}: {self.entity}: quote not found in the source: {shown!r}; "
            f"closest passage (line {self.closest_line}, {self.similarity:.0%} alike): {self.closest!r}"
        )


@dataclass
class EvidenceReport:
    source: str
    quotes: int = 0
    entities: int = 0
    misses: list[QuoteMiss] = field(default_factory=list)

    @property
    def found(self) -> int:
        return self.quotes - sum(1 for m in self.misses if m.what == "quote")

    @property
    def ok(self) -> bool:
        return not self.misses

    def as_dict(self) -> dict:
        return {
            "source": self.source,
            "entities": self.entities,
            "quotes": self.quotes,
            "found": self.found,
            "misses": [m.__dict__ for m in self.misses],
        }


def reference_folder(source: Path, reference_dir: Path | None = None) -> Path:
    """Where ``source: reference/<file>`` evidence is looked up: *reference_dir*, else the folder
    ``reference`` beside the source text's folder (``../shared/reference/`` for
    ``../shared/seed/….txt``)."""
    if reference_dir is not None:
        return Path(reference_dir)
    return Path(source).resolve().parent.parent / "reference"


class _References:
    """Reference files (``source: reference/<file>``), read once each."""

    def __init__(self, folder: Path | None):
        self.folder = folder
        self.texts: dict[str, SourceText] = {}

    def get(self, name: str) -> SourceText:
        if name not in self.texts:
            if self.folder is None:
                raise SrbError(f"evidence names the reference file {name!r}, but no reference folder is known")
            relative = name.split("/", 1)[1] if name.startswith("reference/") else name
            path = self.folder / relative
            if not path.is_file():
                raise SrbError(f"reference file not found: {path} (named by evidence 'source: {name}'; "
                               "give the folder with --reference-dir)")
            self.texts[name] = SourceText.from_file(path)
        return self.texts[name]


def check_entities(entities: list[Entity], source: SourceText,
                   reference_dir: Path | None = None) -> EvidenceReport:
    """Check quotes and sections against *source*; an evidence item with ``source:
    reference/<file>`` is checked against that file of *reference_dir* instead (its section is the
    file name and is not looked up)."""
    report = EvidenceReport(source=source.name)
    references = _References(reference_dir)
    for entity in entities:
        evidence = entity.fields.get("evidence")
        if not isinstance(evidence, list):
            continue
        report.entities += 1
        for item in evidence:
            if not isinstance(item, dict):
                continue
            line = getattr(item, "line", entity.line)
            quote = item.get("quote")
            reference = item.get("source")
            text = references.get(reference) if isinstance(reference, str) and reference else source
            if isinstance(quote, str) and quote.strip():
                report.quotes += 1
                if not text.contains(quote):
                    c_line, passage, ratio = text.closest(quote)
                    report.misses.append(
                        QuoteMiss(entity.file, line, entity.name, " ".join(quote.split()), "quote",
                                  c_line, passage, ratio)
                    )
            section = item.get("section")
            if isinstance(section, str) and text is source:
                for part in section.split(" > "):
                    if part.strip() and not source.contains(part):
                        report.misses.append(
                            QuoteMiss(entity.file, line, entity.name, part.strip(), "section")
                        )
    return report


def check_evidence(source: Path, data_dir: Path | None = None,
                   reference_dir: Path | None = None) -> EvidenceReport:
    """Check every quote and section of the curated data against the *source* text file; quotes
    with ``source: reference/<file>`` against that file of *reference_dir* (default: see
    :func:`reference_folder`)."""
    from .build import read_data
    from .errors import ValidationFailed

    text = SourceText.from_file(source)
    curation = read_data(data_dir)
    if curation.problems:
        raise ValidationFailed(curation.problems)
    return check_entities(curation.entities, text, reference_folder(source, reference_dir))
