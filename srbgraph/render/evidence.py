"""Evidence in context as text: each quote inside its source lines, the quote marked."""
from __future__ import annotations

from ..model.evidence import Evidence, Passage
from ..terminal import clean
from .i18n import also_fits, word

BOLD, PLAIN = "\033[1m", "\033[0m"


def evidence_text(found: Evidence, lang: str = "de", *, bold: bool = False) -> str:
    """*found* as lines: the title, a link's support and rationale, then every passage with its
    section and line numbers, the quote in bold (*bold*) or between ``**``. Every text of the data
    or the source is made terminal-safe here (:func:`srbgraph.terminal.clean`), before the bold
    escapes of srbgraph's own are added."""
    lines = [clean(found.title)]
    lines += [word("replaced-by", lang, old=r.old_id, new=r.new_id) for r in found.replacements]
    lines += [clean(also_fits(a, lang)) for a in found.also]
    if found.support:
        lines.append(f"{word('support-of-link', lang)}: {word(found.support + '-long', lang)}")
    if found.rationale:
        lines.append(f"{word('rationale', lang)}: {clean(found.rationale)}")
    for number, passage in enumerate(found.passages, start=1):
        lines.append("")
        lines.extend(_passage(number, passage, lang, bold))
    return "\n".join(lines)


def _passage(number: int, passage: Passage, lang: str, bold: bool) -> list[str]:
    head = f"[{number}] {clean(passage.section)}"
    if not passage.found:
        return [head, f"    „{clean(passage.quote)}“", f"    {word('quote-not-found', lang)}"]
    last = passage.first_line + len(passage.lines) - 1
    out = [f"{head} — {clean(passage.file)}, {word('line', lang)} {passage.first_line}–{last}"]
    width = len(str(last))
    start, end = (BOLD, PLAIN) if bold else ("**", "**")
    for index, line in enumerate(passage.lines):
        if index in passage.spans:
            a, b = passage.spans[index]
            line = f"{clean(line[:a])}{start}{clean(line[a:b])}{end}{clean(line[b:])}" if b > a else clean(line)
        else:
            line = clean(line)
        out.append(f"  {passage.first_line + index:>{width}} │ {line}")
    return out
