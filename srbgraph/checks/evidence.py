"""Check that every evidence quote stands in the source text.

The source is text extracted from a PDF: words are hyphenated across lines ("Sozialraum-⏎⏎budget"),
margin labels are broken into letters, quotation marks come in several styles. A quote is found
when it occurs in the source after both are reduced to their *skeleton*: typographic quotation marks
unified, every whitespace character and every hyphen or dash removed. Nothing else is forgiven: a
changed letter, word or punctuation mark is a miss. For each miss the closest passage of the source
is reported with its line, so a curator can copy the exact wording.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..curated.links import links_of
from ..curated.read import Entity
from ..curated.source_text import SourceText
from ..errors import SrbError


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
    links: int = 0
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
            "links": self.links,
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
        _check_items(report, evidence, entity.file, entity.line, entity.name, source, references)
        for link in links_of(entity):
            report.links += 1
            _check_items(report, list(link.evidence), entity.file, link.line,
                         f"{entity.name} {link.relation} {link.target}", source, references)
    return report


def _check_items(report: EvidenceReport, evidence: list, file: str, line: int, who: str,
                 source: SourceText, references: _References) -> None:
    for item in evidence:
        if not isinstance(item, dict):
            continue
        at = getattr(item, "line", line)
        quote = item.get("quote")
        reference = item.get("source")
        text = references.get(reference) if isinstance(reference, str) and reference else source
        if isinstance(quote, str) and quote.strip():
            report.quotes += 1
            if not text.contains(quote):
                c_line, passage, ratio = text.closest(quote)
                report.misses.append(QuoteMiss(file, at, who, " ".join(quote.split()), "quote", c_line, passage, ratio))
        section = item.get("section")
        if isinstance(section, str) and text is source:
            for part in section.split(" > "):
                if part.strip() and not source.contains(part):
                    report.misses.append(QuoteMiss(file, at, who, part.strip(), "section"))


def check_evidence(source: Path, data_dir: Path | None = None,
                   reference_dir: Path | None = None) -> EvidenceReport:
    """Check every quote and section of the curated data against the *source* text file; quotes
    with ``source: reference/<file>`` against that file of *reference_dir* (default: see
    :func:`reference_folder`)."""
    from ..curated.build import read_data
    from ..errors import ValidationFailed

    text = SourceText.from_file(source)
    curation = read_data(data_dir)
    if curation.problems:
        raise ValidationFailed(curation.problems)
    return check_entities(curation.entities, text, reference_folder(source, reference_dir))
