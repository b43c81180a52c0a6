"""Reviews written into a data file in place: new lines inserted, nothing else touched.

The data files are written by people — comments, key order, quoting, folded texts and line breaks
are theirs — so a review import must change nothing but the lines it adds. A round-trip YAML
library (ruamel.yaml) re-emits the whole file and can only promise to keep most of it: comments
that stand after a link's last line belong, for it, to that last value and move below any key
added after it, and its emitter has opinions on indentation and line width. Here instead the file
is parsed only to *locate* the link (PyYAML's node marks give each node's lines), and the review is
inserted as text at the right indentation: the diff adds lines by construction (a changed verdict
of the same reviewer replaces that reviewer's own lines). The caller re-reads and re-validates the
new text before anything is written.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import yaml

from ..errors import SrbError
from .reviews import VERDICT_DE, reviewer_slug


@dataclass(frozen=True)
class ReviewEdit:
    """One review to write: onto the link *relation* → *target* of entity *entity*."""

    entity: str
    relation: str
    target: str
    reviewer: str
    date: dt.date
    verdict: str  # confirmed | rejected | unclear
    comment: str = ""


def quoted(text: str) -> str:
    """*text* as a YAML double-quoted scalar that reads back as exactly *text* (every character
    YAML would fold, drop or refuse is escaped)."""
    out = []
    for ch in text:
        code = ord(ch)
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif code < 0x20 or 0x7F <= code <= 0x9F or code in (0x2028, 0x2029, 0xFEFF) or 0xD800 <= code <= 0xDFFF:
            out.append(f"\\u{code:04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def review_lines(edit: ReviewEdit, dash: str, indent: str) -> list[str]:
    """The lines of one review item: the first after *dash* (``"  - "``), the rest after *indent*."""
    lines = [f"{dash}reviewer: {quoted(edit.reviewer)}", f"{indent}date: {edit.date.isoformat()}",
             f"{indent}verdict: {VERDICT_DE[edit.verdict]}"]
    if edit.comment:
        lines.append(f"{indent}comment: {quoted(edit.comment)}")
    return [line + "\n" for line in lines]


def _scalar(node) -> str | None:
    return node.value if isinstance(node, yaml.ScalarNode) else None


def _get(mapping, key: str):
    for key_node, value_node in mapping.value:
        if _scalar(key_node) == key:
            return key_node, value_node
    return None, None


def last_line(node, lines: list[str]) -> int:
    """The 0-based number of the last line that holds *node*'s text (a block collection ends with
    its last item; a block scalar's end mark lies past its trailing blank lines)."""
    if isinstance(node, yaml.ScalarNode):
        if node.value == "" and node.style is None:  # an empty value: it ends where its key does
            return -1
        end = node.end_mark.line - (1 if node.end_mark.column == 0 else 0)
        while end > node.start_mark.line and not lines[end].strip():
            end -= 1
        return end
    if node.flow_style or not node.value:
        return node.end_mark.line
    if isinstance(node, yaml.MappingNode):
        key, value = node.value[-1]
        return max(last_line(key, lines), last_line(value, lines))
    return last_line(node.value[-1], lines)


def _link_node(root, edit: ReviewEdit, name: str):
    """The mapping node of the link *edit* writes to."""
    _key, entities = _get(root, "entities") if isinstance(root, yaml.MappingNode) else (None, None)
    for entity in entities.value if isinstance(entities, yaml.SequenceNode) else []:
        if isinstance(entity, yaml.MappingNode) and _scalar(_get(entity, "id")[1]) == edit.entity:
            _key, links = _get(entity, edit.relation)
            items = links.value if isinstance(links, yaml.SequenceNode) else [links]
            for item in items:
                if isinstance(item, yaml.MappingNode) and _scalar(_get(item, "to")[1]) == edit.target:
                    return item
    raise SrbError(f"{name}: no link {edit.entity} {edit.relation} → {edit.target} in this file")


def _refuse_flow(node, name: str, what: str) -> None:
    if node.flow_style:
        raise SrbError(f"{name}:{node.start_mark.line + 1}: {what} is written in flow style ({{…}} or […]); "
                       "write it as a block (one key per line) so that a review can be added as lines of its own")


def _splice(lines: list[str], edit: ReviewEdit, link, name: str) -> None:
    """Insert (or, for the same reviewer, replace) the review of *edit* in *lines*."""
    _refuse_flow(link, name, f"the link → {edit.target}")
    key, reviews = _get(link, "reviews")
    column = link.start_mark.column
    if reviews is None:
        at = last_line(link, lines) + 1
        pad = " " * column
        lines[at:at] = [f"{pad}reviews:\n", *review_lines(edit, pad + "  - ", pad + "    ")]
        return
    if not isinstance(reviews, yaml.SequenceNode) or not reviews.value:
        raise SrbError(f"{name}:{key.start_mark.line + 1}: 'reviews' of the link → {edit.target} is not a list "
                       "of reviews")
    _refuse_flow(reviews, name, f"'reviews' of the link → {edit.target}")
    first = reviews.value[0]
    dash_line = lines[first.start_mark.line]
    dash = dash_line[:first.start_mark.column] if dash_line[:first.start_mark.column].strip() == "-" else \
        " " * (first.start_mark.column - 2) + "- "
    indent = " " * first.start_mark.column
    slug = reviewer_slug(edit.reviewer)
    for item in reviews.value:
        if isinstance(item, yaml.MappingNode) and reviewer_slug(_scalar(_get(item, "reviewer")[1]) or "") == slug:
            _refuse_flow(item, name, "the review")
            start, end = item.start_mark.line, last_line(item, lines)
            own_dash = lines[start][:item.start_mark.column]
            lines[start:end + 1] = review_lines(edit, own_dash, indent)
            return
    at = last_line(reviews, lines) + 1
    lines[at:at] = review_lines(edit, dash, indent)


def add_reviews(text: str, edits: list[ReviewEdit], name: str) -> str:
    """*text* (the data file *name*) with the reviews of *edits* (one per link) written onto their
    links. The file is parsed once; the links are edited from the last to the first, so that the
    lines of those above stay where the parse found them."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    root = yaml.compose(text, Loader=loader)
    located = sorted(((_link_node(root, edit, name), edit) for edit in edits),
                     key=lambda pair: pair[0].start_mark.line, reverse=True)
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith(("\n", "\r")):
        lines[-1] += newline
    for link, edit in located:
        _splice(lines, edit, link, name)
    if newline != "\n":
        lines = [line[:-1] + newline if line.endswith("\n") and not line.endswith("\r\n") else line
                 for line in lines]
    return "".join(lines)
