"""Evidence in context as text: each quote inside its source lines, the quote marked."""
from __future__ import annotations

from ..model.evidence import Evidence, Passage
from .i18n import word

BOLD, PLAIN = "\033[1m", "\033[0m"


def evidence_text(found: Evidence, lang: str = "de", *, bold: bool = False) -> str:
    """*found* as lines: the title, a link's support and rationale, then every passage with its
    section and line numbers, the quote in bold (*bold*) or between ``**``."""
    lines = [found.title]
    lines += [word("replaced-by", lang, old=r.old_id, new=r.new_id) for r in found.replacements]
    if found.support:
        lines.append(f"{word('support-of-link', lang)}: {word(found.support + '-long', lang)} ({found.support})")
    if found.rationale:
        lines.append(f"{word('rationale', lang)}: {found.rationale}")
    for number, passage in enumerate(found.passages, start=1):
        lines.append("")
        lines.extend(_passage(number, passage, lang, bold))
    return "\n".join(lines)


def _passage(number: int, passage: Passage, lang: str, bold: bool) -> list[str]:
    head = f"[{number}] {passage.section}"
    if not passage.found:
        return [head, f"    „{passage.quote}“", f"    {word('quote-not-found', lang)}"]
    last = passage.first_line + len(passage.lines) - 1
    out = [f"{head} — {passage.file}, {word('line', lang)} {passage.first_line}–{last}"]
    width = len(str(last))
    start, end = (BOLD, PLAIN) if bold else ("**", "**")
    for index, line in enumerate(passage.lines):
        if index in passage.spans:
            a, b = passage.spans[index]
            line = f"{line[:a]}{start}{line[a:b]}{end}{line[b:]}" if b > a else line
        out.append(f"  {passage.first_line + index:>{width}} │ {line}")
    return out
