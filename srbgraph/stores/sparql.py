"""SPARQL query text: a small tokenizer, and parameters bound as a ``VALUES`` block of RDF terms."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable, Sequence

from ..errors import QueryError, SrbError
from ..terms import Term

# --------------------------------------------------------------------------------------------
# parameters as a VALUES block (for endpoints)
# --------------------------------------------------------------------------------------------
TOKEN = re.compile(
    r'(?P<comment>\#[^\n]*)'
    r'|(?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\')'
    r'|(?P<iri><[^<>"{}|^`\\\s]*>)'
    r'|(?P<word>[A-Za-z_][A-Za-z0-9_]*)'
    r'|(?P<open>\{)|(?P<close>\})'
    r'|(?P<other>[\s\S])'
)


@lru_cache(maxsize=256)
def where_group_start(query: str) -> int:
    """Offset just after the ``{`` that opens the query's WHERE group (comments, strings and IRIs
    are skipped; ``CONSTRUCT { … } WHERE { … }`` picks the second brace)."""
    depth = 0
    first_open = None
    after_where = False
    for match in TOKEN.finditer(query):
        kind = match.lastgroup
        if kind == "word" and depth == 0 and match.group().upper() == "WHERE":
            after_where = True
        elif kind == "open":
            if depth == 0:
                if after_where:
                    return match.end()
                if first_open is None:
                    first_open = match.end()
            depth += 1
        elif kind == "close":
            depth -= 1
    if first_open is None:
        raise QueryError("the query has no WHERE group to bind parameters in")
    return first_open


def bind_values(query: str, params: dict[str, Term] | None) -> str:
    """*query* with *params* as ``VALUES (?a ?b) { (… …) }`` at the start of its WHERE group; each
    value is written as an escaped RDF term, so it cannot change the query's structure."""
    if not params:
        return query
    names = list(params)
    for name in names:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise SrbError(f"not a valid parameter name: {name!r}")
    values = " ".join(params[n].n3() for n in names)
    block = f" VALUES ({' '.join('?' + n for n in names)}) {{ ({values}) }} "
    at = where_group_start(query)
    return query[:at] + block + query[at:]


def restrict(query: str, names: Sequence[str], rows: Iterable[Sequence[Term]]) -> str:
    """*query* restricted to *rows*: ``VALUES (?a ?b) { (… …) (… …) }`` at the start of its WHERE
    group, every value an escaped RDF term (see :func:`bind_values`). An empty *rows* gives a query
    that finds nothing."""
    for name in names:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise SrbError(f"not a valid variable name: {name!r}")
    body = " ".join("(" + " ".join(term.n3() for term in row) + ")" for row in rows)
    block = f" VALUES ({' '.join('?' + n for n in names)}) {{ {body} }} "
    at = where_group_start(query)
    return query[:at] + block + query[at:]


# --------------------------------------------------------------------------------------------
# a caller's own query: the graph's prefixes added where it uses them undeclared, ?lang
# --------------------------------------------------------------------------------------------
#: the names a prefixed name or a declaration may have (SPARQL's PN_PREFIX, roughly: the engine
#: decides; a name read wrongly here at worst adds a declaration the query does not use)
_PNAME = r"[A-Za-z\u00c0-\ufffd](?:[\w.\-\u00b7\u00c0-\ufffd]*[\w\-\u00b7\u00c0-\ufffd])?"
#: compiled on first use (its wide character classes cost ~25 ms to compile: only a caller's own
#: query needs it, never `srbgraph paths`)
_NAMES = lru_cache(maxsize=1)(lambda: re.compile(
    r'(?P<comment>\#[^\n]*)'
    r'|(?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\')'
    r'|(?P<iri><[^<>"{}|^`\\\s]*>)'
    r'|(?P<var>[?$][\w\u00b7\u00c0-\ufffd]+)'
    r'|(?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)'
    rf'|(?P<pname>(?:{_PNAME})?:)'
    r'|(?P<word>[A-Za-z_][\w]*)'
    r'|(?P<other>[\s\S])'
))


def _tokens(query: str):
    """``(kind, text)`` of *query*: comments, strings and IRIs as one token each, so that a
    ``srb:`` inside a string or a ``?lang`` in a comment is not taken for a use."""
    for match in _NAMES().finditer(query):
        kind = match.lastgroup
        if kind != "comment" and not (kind == "other" and match.group().isspace()):
            yield kind, match.group()


def undeclared_prefixes(query: str, known: dict[str, str]) -> list[str]:
    """The prefixes of *known* that *query* uses in a prefixed name (``srb:Measure``) without
    declaring them, in the order of their first use. A prefix the query declares is never among
    them, whatever IRI it gives it."""
    declared, used = set(), []
    after_prefix = False
    for kind, text in _tokens(query):
        if kind == "word" and text.upper() == "PREFIX":
            after_prefix = True
            continue
        if kind == "pname":
            name = text[:-1]
            if after_prefix:
                declared.add(name)
            elif name not in used:
                used.append(name)
        after_prefix = False
    return [name for name in used if name not in declared and name in known]


def with_prefixes(query: str, known: dict[str, str]) -> tuple[str, list[str]]:
    """*query* with a ``PREFIX`` line for each prefix of *known* it uses undeclared (see
    :func:`undeclared_prefixes`), and the declarations added. The lines go first, all on one line
    of their own, so that an error's line number is one more than in the caller's text (see
    :func:`plain_syntax_error`'s *skip_lines*) and its column the same."""
    missing = undeclared_prefixes(query, known)
    if not missing:
        return query, []
    added = [f"PREFIX {name}: <{known[name]}>" for name in missing]
    return " ".join(added) + "\n" + query, added


def free_variable(query: str, name: str) -> bool:
    """Whether *query* mentions the variable ``?name`` (or ``$name``) without giving it a value
    itself (``… AS ?name``, ``VALUES ?name``, ``VALUES (… ?name …)``): a parameter it expects."""
    mentioned = False
    previous = ""
    in_values = False
    for kind, text in _tokens(query):
        upper = text.upper() if kind == "word" else ""
        if upper == "VALUES":
            in_values = True
        elif kind == "var" and text[1:] == name:
            if previous == "AS" or in_values:
                return False
            mentioned = True
        elif kind == "other" and text == "{" and in_values:
            in_values = False
        previous = upper
    return mentioned


# --------------------------------------------------------------------------------------------
# the engine's syntax errors in words
# --------------------------------------------------------------------------------------------
#: what the engine's expectations mean, in words (its grammar's tokens and character classes)
_TOKEN_WORDS = {'"$"': "a variable", '"?"': "a variable", '"\'"': "a string", '"\'\'\'"': "a string",
                '"\\""': "a string", '"\\"\\"\\""': "a string", '"<"': "an IRI <…>", '":"': "a prefixed name",
                '"_:"': "a blank node", '"["': "a blank node", '"<<"': "a quoted triple", '"<<("': "a quoted triple",
                '"+"': "a number", '"-"': "a number", '"."': "a number", "IRI parsing failed": "a valid IRI",
                '"true"': "true or false", '"false"': "true or false"}
_SYNTAX = re.compile(r"SPARQL syntax error at line (\d+), column (\d+): (.*)", re.DOTALL)
#: one character class of the engine's grammar: [ … ] whose quoted characters may hold ] or ,
_CHAR_CLASS = re.compile(r"\[(?:'(?:[^'\\]|\\.)*'|[^\]'])*\]")
#: the prefixed name that ends just before an error's column
_PNAME_BEFORE = lru_cache(maxsize=1)(lambda: re.compile(rf"({_PNAME})?:[^\s:]*\Z"))


def escape_text(text: str) -> str:
    """*text* with control characters written as escapes (for messages that quote a client)."""
    return "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in text)


def plain_syntax_error(message: str, query: str, skip_lines: int = 0) -> str:
    """The engine's syntax error in words a person reads: line and column, the text found there,
    and what the grammar expected (``a variable, a string or an IRI <…>``, not ``"$", "'"…``); a
    prefix used undeclared is named (``the prefix ex: is not declared``). *query* is the text the
    engine ran; its first *skip_lines* lines were not the caller's (declarations srbgraph added,
    see :func:`with_prefixes`): the line number is the caller's. Used by the command line and by
    ``srbgraph serve``, so both say the same."""
    found = _SYNTAX.fullmatch(" ".join(message.split()))
    if not found:
        return message
    line, column, what = int(found.group(1)), int(found.group(2)), found.group(3)
    lines = query.splitlines() or [""]
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    near = text[max(column - 1, 0):][:30].strip()
    at = f"found {escape_text(near)!r}" if near else "found the end of the query" if line >= len(lines) else ""
    shown = line - skip_lines if line > skip_lines else line
    if what.startswith("expected "):
        items = _split_expected(what[len("expected "):].removeprefix("one of "))
        before = _PNAME_BEFORE().search(text[:max(column - 1, 0)])
        if "Prefix not found" in items and before:
            prefix = before.group(1) or ""
            return (f"SPARQL syntax error at line {shown}, column {column}: the prefix {prefix}: is not declared "
                    f"(add PREFIX {prefix}: <…> before the query)")
        expected = []
        for item in items:
            if item.startswith("['0'"):
                word = "a number"
            elif item.startswith("['A'"):
                word = "a name"
            elif item.startswith("[") or item == "Prefix not found":
                continue  # any other character class: nothing a person would type
            else:
                word = _TOKEN_WORDS.get(item, item)
            if word not in expected:
                expected.append(word)
        if expected:
            listed = expected[0] if len(expected) == 1 else ", ".join(expected[:-1]) + " or " + expected[-1]
            what = f"expected {listed}"
    return f"SPARQL syntax error at line {shown}, column {column}: {what}" + (f" ({at})" if at else "")


def _split_expected(text: str) -> list[str]:
    """The items of the engine's list of expectations (character classes hold commas)."""
    items, rest = [], text.strip()
    while rest:
        klass = _CHAR_CLASS.match(rest)
        if klass:
            items.append(klass.group())
            rest = rest[klass.end():].lstrip(", ").strip()
        else:
            item, _, rest = rest.partition(", ")
            items.append(item.strip())
    return items
