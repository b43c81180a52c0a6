"""The source text cut into passages: sentences, and list items with the line that introduces them.

The source is text extracted from a PDF: lines break inside sentences and words ("Sozialraum-⏎⏎
budget"), a blank line stands between most lines, list items start with ``⁃``, ``•``, ``-``, ``o`` or
a number (``1.``), and headings are short lines of their own. :func:`passages` reads it so:

* **Lines.** Blank lines, page numbers and figure captions (``Abbildung 3 …``) are dropped. A line
  is a *list item* when it starts with a list mark; a *heading* when it is short (at most 80
  characters and 10 words), starts with a capital, a digit or ``…``, ends without a comma, colon,
  hyphen or sentence mark (an acronym like ``S.M.A.R.T.`` aside) and not in a function word
  (``der``, ``und`` …) or an adjective (``soziale``), does not open like a sentence (``Zwar``,
  ``Wir`` …), stands indented (as the extracted text sets most headings) or after a line that ended
  a sentence or another heading, and is not followed by a sentence going on in lower case; a
  heading line followed by a short line in lower case (``Sozialen Ausgleich`` ⏎ ``erreichen``) is
  one heading. Every other line is prose.
* **Joining.** A list item goes on over the following lines until its text ends a sentence, the
  next item starts, or — where its line does not end in a comma, colon, hyphen or function word —
  a line starts a new list (ends in ``:``) or prose (opens with ``Die``, ``Diese``, ``Daher``,
  ``Wir`` …); prose goes on until a heading or an item. A line that ends in a hyphen is joined with
  the next without a space — the hyphen dropped before a word in lower case (``Sozialraum-`` ⏎
  ``budget`` → ``Sozialraumbudget``), kept before a capital (``Kita-`` ⏎ ``Sozialarbeit``).
* **Passages.** Prose is cut into sentences at ``.``, ``!`` and ``?`` before a capital, a digit or
  an opening quotation mark — not after an abbreviation (``z. B.``, ``d.h.``, ``vgl.`` …), a single
  letter or a number of one or two digits (``3. Ordnung``). A list item is a passage together with
  its *heading*: the heading above it, or the prose sentence that introduces its list (usually one
  ending in ``:``), kept for the items of the list that follow, also when prose interrupts it.

:func:`connected` gives, beside them, every two or three consecutive sentences of which each takes
up the one before ("Daher …", "Diese Faktoren …"), as one passage. Every passage knows the line
where it begins and its *section*: the nearest heading above it (a margin label broken into
letters, ``K ob le nz``, joined again).
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

#: a list item's mark at the start of a line
_ITEM = re.compile(r"^(?:[⁃•◦▪‣∙]|[-o](?=\s+\S)|\d{1,2}\.(?=\s+[^\W\d_]))\s*")
_SENTENCE_END = re.compile(r"[.!?][\"“”»‘’)]*$")
_ACRONYM = re.compile(r"(?:[A-ZÄÖÜ]\.){2,}$")
_HEADING_END = re.compile(r"[,;:\-\u2010\u2011\u2013\u2014\u00ad.!?]$")
_HYPHEN_END = re.compile(r"(?<=\w)[-\u00ad\u2010\u2011]$")
#: a sentence ends at . ! ? (and closing quotation marks or brackets), before a space and a capital,
#: a digit, an opening quotation mark or bracket
_BOUNDARY = re.compile(r"(?<=[.!?])[\"“”»‘’)]*\s+(?=[A-ZÄÖÜ0-9„\"“(‚»])")
#: the word before a sentence mark (and closing quotation marks), searched for in the last
#: :data:`_LONGEST_WORD` characters before a boundary
_LAST_WORD = re.compile(r"(\S+)[.!?][\"“”»‘’)]*$")
_LONGEST_WORD = 80
#: words after which a full stop does not end a sentence (lower case, without the stop)
NO_SENTENCE_END = frozenset("""
abb bzw ca d dh dr ebd engl etc evtl f ff ggf h i idr inkl jh max min nr päd s sog u ua usw uvm v va
vgl z zb zt
""".split())
_FUNCTION_WORDS = frozenset("""
der die das den dem des ein eine einer eines einem einen und oder sowie mit von vom zu zur zum für
auf in im an am bei beim nach aus über unter durch um als wie dass ob wenn weil sich sind ist wird
werden wurde wurden haben hat nicht auch noch so sie es wir ihr ihre ihren sein seine seiner diese
dieser dieses diesen bzw sowohl als auch
""".split())
#: words that open a sentence of prose after a list item without a full stop ("Diese Faktoren …")
_PROSE_OPENERS = frozenset("""
die der das dies diese dieser dieses es wir ich sie man im in auf daher deshalb zudem außerdem hier so
auch zwar ebenso dabei jedoch vielmehr insbesondere
""".split())
#: words that open a sentence, never a heading
_SENTENCE_OPENERS = frozenset("zwar ebenso dabei daher jedoch dennoch somit es wir ich er sie man".split())
#: a line that is only a page number or a footnote mark, or a figure's caption
_LEFT_OUT = re.compile(r"^(?:\d{1,3}|Abbildung \d+\b.*)$")


@dataclass(frozen=True)
class Passage:
    """One sentence, or one list item with its heading, where it stands in the source."""

    line: int  # the line of the source where it begins (1-based)
    text: str  # the sentence or item, hyphenation undone, whitespace collapsed
    section: str  # the nearest heading above it
    heading: str = ""  # of a list item: the heading or sentence that introduces its list
    kind: str = "sentence"  # "sentence", "item", or "sentences" (see connected())

    @property
    def full(self) -> str:
        """The passage as it is read: a list item after its heading."""
        return f"{self.heading} {self.text}" if self.heading else self.text


@dataclass
class _Block:
    kind: str  # "prose", "item" or "heading"
    lines: list[tuple[int, str]]  # (line number, stripped text)

    def text_and_starts(self) -> tuple[str, list[tuple[int, int]]]:
        """The lines joined (see the module's description), and (offset, line number) of each."""
        text, starts, previous = "", [], ""
        for number, line in self.lines:
            if text and _HYPHEN_END.search(previous):  # the text ends with the line before
                text = text if line[:1].isupper() else text[:-1]
            elif text:
                text += " "
            starts.append((len(text), number))
            text += line
            previous = line
        return text, starts


def passages(text: str) -> list[Passage]:
    """The passages of the source *text*, in their order (see the module's description)."""
    found: list[Passage] = []
    section = list_heading = ""
    previous: _Block | None = None
    for block in _blocks(text):
        joined, starts = block.text_and_starts()
        if block.kind == "heading":
            section = list_heading = _heading_text(joined)
        elif block.kind == "prose":
            sentences = list(_sentences(joined, starts))
            found += [Passage(line, sentence, section) for line, sentence in sentences]
            if sentences and (sentences[-1][1].endswith(":") or previous is None or previous.kind != "item"):
                list_heading = sentences[-1][1]
        else:
            item = _clean(_ITEM.sub("", joined, count=1))
            if item:
                found.append(Passage(block.lines[0][0], item, section, list_heading, "item"))
        previous = block
    return found


def _clean(text: str) -> str:
    return " ".join(text.split())


def _heading_text(text: str) -> str:
    """A heading's words; a margin label broken into letters (``K ob le nz``) joined again."""
    words = text.split()
    if len(words) > 1 and all(len(word) <= 3 for word in words):
        return "".join(words)
    return " ".join(words)


def _sentences(text: str, starts: list[tuple[int, int]]):
    """(line, sentence) of each sentence of a prose *text* whose lines begin at *starts*."""
    begin = 0
    for match in _BOUNDARY.finditer(text):
        before = text[begin:match.start()]
        # the last word before the boundary, looked for near it: a sentence that runs on over many
        # skipped boundaries ("12. 13. …") must not be searched again from its start each time
        last = _LAST_WORD.search(text, max(begin, match.start() - _LONGEST_WORD), match.start())
        raw = last.group(1) if last else ""
        word = re.sub(r"\W", "", raw.lower())
        if last and (word in NO_SENTENCE_END or (len(raw) <= 2 and raw.isdigit())
                     or (len(word) == 1 and raw[-1:].isalpha()) or raw.endswith(".")):
            continue
        yield _line_at(starts, begin), _clean(before)
        begin = match.end()
    if text[begin:].strip():
        yield _line_at(starts, begin), _clean(text[begin:])


def _line_at(starts: list[tuple[int, int]], offset: int) -> int:
    """The line of *offset*: of the last line start at or before it."""
    at = bisect_right(starts, offset, key=lambda start: start[0])
    return starts[max(at - 1, 0)][1]


def _blocks(text: str) -> list[_Block]:
    """The source's non-blank lines grouped into headings, list items and prose."""
    lines = [(number, line.strip(), line[:1].isspace()) for number, line in enumerate(text.split("\n"), 1)
             if line.strip() and not _LEFT_OUT.match(line.strip())]
    blocks: list[_Block] = []
    for index, (number, line, indented) in enumerate(lines):
        current = blocks[-1] if blocks else None
        following = lines[index + 1][1] if index + 1 < len(lines) else ""
        if _ITEM.match(line):
            blocks.append(_Block("item", [(number, line)]))
        elif current is not None and current.kind == "item" and _goes_on(current, line):
            current.lines.append((number, line))
        elif (current is not None and current.kind == "heading" and line[:1].islower()
              and not _HEADING_END.search(line) and len(line) <= 80):
            current.lines.append((number, line))
        elif _is_heading(line, indented, current, following):
            blocks.append(_Block("heading", [(number, line)]))
        elif current is not None and current.kind == "prose":
            current.lines.append((number, line))
        else:
            blocks.append(_Block("prose", [(number, line)]))
    return blocks


def _goes_on(item: _Block, line: str) -> bool:
    """Whether *line* continues the list *item* (rather than starting prose, a heading or a list)."""
    last = item.lines[-1][1]
    if _SENTENCE_END.search(last) and not _ACRONYM.search(last.split()[-1]):
        return False
    if (_HYPHEN_END.search(last) or last.endswith((",", ":")) or line[:1].islower()
            or last.split()[-1].lower() in _FUNCTION_WORDS):
        return True
    return not (line.endswith(":") or line.split()[0].lower() in _PROSE_OPENERS)


def _is_heading(line: str, indented: bool, before: _Block | None, following: str) -> bool:
    """Whether *line* has a heading's shape and place (see the module's description); *indented*:
    it starts with a space, as the extracted text sets most headings."""
    words = line.split()
    if len(line) > 80 or len(words) > 10 or not (line[:1].isupper() or line[:1].isdigit() or line[:1] == "…"):
        return False
    if _HEADING_END.search(line) and not _ACRONYM.search(words[-1]):
        return False
    if words[-1].lower() in _FUNCTION_WORDS or words[0].lower() in _SENTENCE_OPENERS:
        return False
    if following[:1].islower() and (len(following.split()) > 3 or _HEADING_END.search(following)):
        return False  # the line goes on in a sentence (but "Sozialen Ausgleich" ⏎ "erreichen" is a heading)
    if words[-1][:1].islower() and not words[-1].lower().endswith("n"):
        return False  # a heading ends in a noun or a verb's infinitive or participle, not in "soziale"
    if indented or before is None or before.kind == "heading":
        return True
    last = before.lines[-1][1]
    return bool(_SENTENCE_END.search(last) or last.endswith((":", ")", "…")))


#: how a sentence that takes up the one before it opens ("Diese Faktoren …", "Vielmehr …")
TAKING_UP = re.compile(r"^(?:Vielmehr|Hier|In diesem Zusammenhang|Dies(?:e[rsmn]?)?)\b")
#: a connective that takes up the sentence before, among a sentence's first words ("Wichtig ist es daher")
CONSEQUENCE = re.compile(r"^(?:\S+\s+){0,4}?(?:daher|deshalb|deswegen|somit|dadurch)\b", re.IGNORECASE)
#: the most sentences one passage of connected sentences holds
LONGEST_RUN = 3


def connected(found: list[Passage]) -> list[tuple[list[Passage], Passage]]:
    """(sentences, passage) for every run of two or three consecutive sentences of one section of
    which each takes up the one before by the text's own connective or pointer (:data:`TAKING_UP`:
    "Diese Faktoren", "Hier", "Vielmehr", "in diesem Zusammenhang" …; :data:`CONSEQUENCE`: "Daher",
    "Wichtig ist es daher" …); *passage* is the run as one passage, at its first line."""
    runs = []
    for at, first in enumerate(found):
        run = [first]
        for second in found[at + 1:at + LONGEST_RUN]:
            previous = run[-1]
            if not (previous.kind == second.kind == "sentence" and previous.section == second.section
                    and (TAKING_UP.match(second.text) or CONSEQUENCE.match(second.text))):
                break
            run.append(second)
            runs.append((list(run), Passage(first.line, " ".join(p.text for p in run), first.section,
                                            kind="sentences")))
    return runs
