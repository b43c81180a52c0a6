"""The guard every caller-given SPARQL text passes before an engine sees it.

Why a guard, and why here: pyoxigraph parses and evaluates recursively on the calling thread's
stack, so a query nested a few thousand levels deep (``{{{…}}}``, ``((((…))))``, a collection
``( 1 2 … )``, thousands of MINUS or BIND in one group) overflows it — a segmentation fault, the
process gone, no message. And both engines fetch whatever a ``SERVICE`` clause names (pyoxigraph
has no switch to turn that off), so a query can make srbgraph send requests on its behalf. Neither
can be caught after the fact, so the text is checked first, in one tokenizer pass that skips
strings, IRIs and comments exactly as SPARQL does:

* nesting of ``{ ( [`` deeper than :data:`MAX_DEPTH` is refused, and so is a group holding more
  than :data:`MAX_WIDTH` tokens at its own level (long UNION, MINUS, path or operator chains build
  as deep a tree as brackets do; the contents of a ``VALUES`` block are data and not counted);
* ``SERVICE`` is refused unless its IRI — after ``BASE`` and relative IRIs are resolved (RFC 3986),
  prefixed names expanded and ``\\u`` escapes decoded — is exactly one the caller allowed.
  ``SERVICE ?var`` is always refused (no IRI to compare).

The two engines read ``\\u`` escapes differently: Oxigraph decodes them inside IRIs and strings
only, rdflib decodes the whole text before parsing (so ``\\u0053ERVICE`` is a keyword there). A text
holding escapes is therefore checked in both readings, and refused if either is.

One reading, and the engine's: a regular-expression scan cannot know the grammar — it read
``<'>`` in ``BIND(1<'>' AS ?z)`` as an IRI where Oxigraph reads ``1 < '>'``, lost track of the
strings behind it and let a ``SERVICE`` through. So every text that is not plainly harmless (see
:func:`_plainly_harmless`: no "service", no escape, few brackets — such a text cannot fail) is
also parsed by a real SPARQL 1.1 parser (rdflib's grammar, :func:`_parse_reading`), and what the
check decides comes from that parse tree: every ``SERVICE`` with its IRI resolved, the nesting of
groups, sub-selects, expressions and paths, the width of every list. The token scan stays as a
second reading (and gives the positions of most messages); a text is refused when either reading
refuses it, and when the parser cannot read it at all. The scan also reads an IRI-shaped
``<…>`` holding a quote or bracket a second time as the operator ``<``, since an engine may read
it so. A text the parse reading cannot finish within its recursion budget (enough for
:data:`MAX_DEPTH` levels of every construct) nests too deep. Where the two escape readings could
differ in what is code (an escape that decodes to a quote, ``<``, ``>``, ``#``, a backslash, a
bracket or a line break) the text is refused. The parser is imported only for such texts: the
shipped named queries are plainly harmless and never pay for it.

The engine is not trusted on this alone: query workers and the command line's query process run
without network access (:mod:`srbgraph.stores.sandbox`) unless a SERVICE was allowed.

The errors are :class:`~srbgraph.errors.QueryError`: one line naming line and column, as the CLI
prints them and the endpoint answers them (400).
"""
from __future__ import annotations

import os
import re
import sys
import threading
from functools import lru_cache
from typing import Iterable

from ..errors import QueryError

#: deepest nesting of ``{``, ``(`` and ``[`` taken (pyoxigraph overflows its stack at ~2,200)
MAX_DEPTH = 100
#: most tokens directly inside one group (pyoxigraph overflows at ~3,000 MINUS or BIND in one group
#: and at ~4,500 members of one collection; VALUES data do not count)
MAX_WIDTH = 2000

_PN_LOCAL_ESC = r"\\[_~.\-!$&'()*+,;=/?#@%]"
_PLX = rf"(?:%[0-9A-Fa-f]{{2}}|{_PN_LOCAL_ESC})"
_PNAME = (rf"(?:[^\W\d_](?:[\w.\-]*[\w\-])?)?:"
          rf"(?:(?:[\w:]|{_PLX})(?:(?:[\w.\-:]|{_PLX})*(?:[\w\-:]|{_PLX}))?)?")
_UCHAR = r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}"
_TOKEN_PATTERN = (
    r"(?P<ws>\s+)"
    r"|(?P<comment>\#[^\n\r]*)"
    r'|(?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n\r]|\\.)*"|\'(?:[^\'\\\n\r]|\\.)*\')'
    rf"|(?P<iri><(?:[^<>\"{{}}|^`\\\x00-\x20]|{_UCHAR})*>)"
    r"|(?P<var>[?$]\w+)"
    r"|(?P<bnode>_:[\w.\-]*)"
    rf"|(?P<pname>{_PNAME})"
    r"|(?P<word>[A-Za-z_]\w*)"
    r"|(?P<number>[0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?|\.[0-9]+(?:[eE][+-]?[0-9]+)?)"
    r"|(?P<open>[{(\[])|(?P<close>[})\]])"
    r"|(?P<other>[\s\S])"
)
#: how rdflib reads escapes before parsing (``rdflib.plugins.sparql.parser.expandUnicodeEscapes``)
#: compiled on first use: the short texts of the shipped queries never need it (see :func:`check`)
_token_re = lru_cache(maxsize=1)(lambda: re.compile(_TOKEN_PATTERN))
_RDFLIB_ESCAPE = re.compile(r"\\u([0-9a-f]{4}(?:[0-9a-f]{4})?)", re.IGNORECASE)
_IRI_ESCAPE = re.compile(_UCHAR)
#: an IRI-shaped token an engine may read as ``<`` and more (``1<'>'`` is ``1 < '>'`` in an
#: expression): a quote or bracket inside would change what the rest of the text is
_AMBIGUOUS_IRI = re.compile(r"['()\[\]]")
_LESS_THAN = re.compile("<")
_LOCAL_ESCAPE = re.compile(_PN_LOCAL_ESC)
_URI = re.compile(r"^(?:([A-Za-z][A-Za-z0-9+.\-]*):)?(?://([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$", re.S)


#: TESTS ONLY: with this variable set to "skip the guard" nothing is checked, so that a test can
#: show that the sandbox (:mod:`srbgraph.stores.sandbox`) holds even when the guard lets a query by
TEST_HOOK = "SRBGRAPH_TEST_ONLY_SKIP_GUARD"


def check(query: str, allow_service: Iterable[str] = ()) -> None:
    """Raise :class:`QueryError` when *query* nests too deep, has too long a group, or calls a
    ``SERVICE`` whose IRI is not one of *allow_service*; return quietly otherwise. Checked once per
    text and allow list (shipped named queries cost nothing after their first run)."""
    if _plainly_harmless(query) or os.environ.get(TEST_HOOK) == "skip the guard":
        return
    allowed = tuple(sorted({_plain_iri(iri) for iri in allow_service}))
    if len(query) <= _CACHED_SIZE:
        _check_cached(query, allowed)
    else:
        _check(query, allowed)


def allow_hint(iri: str) -> str:
    return f"--allow-service {iri}"


def _check(query: str, allowed: tuple[str, ...]) -> None:
    same = lambda offset: offset
    first = _Reader(query, allowed)
    first.read(query, same)
    if first.ambiguous:  # an IRI-shaped <…> with a quote or bracket: read it as `<` too
        _Reader(query, allowed, split_iris=True).read(query, same)
    decoded, where = query, same
    if "\\u" in query or "\\U" in query:  # rdflib's reading: escapes decoded before parsing
        decoded, where = _decode_everywhere(query)
        _Reader(query, allowed).read(decoded, where)
        _refuse_code_escapes(query)
    if query not in _shipped_texts():  # srbgraph's own queries are parsed by the tests, not on every run
        _parse_reading(query, decoded, where, allowed, first.deepest)


#: texts up to this size are remembered once they passed (bounded: 512 × 16 KB at most)
_CACHED_SIZE = 16_384
_check_cached = lru_cache(maxsize=512)(_check)


@lru_cache(maxsize=1)
def _shipped_texts() -> frozenset:
    """The texts of the named queries shipped with srbgraph (``queries/*.rq``): two of them are too
    long for the fast path, and a command running them must not import the parser for them (the
    tests parse every one, see tests/test_query_guard.py)."""
    from .. import resources

    texts = set()
    for path in resources.queries_dir().glob("*.rq"):
        try:
            texts.add(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            continue
    return frozenset(texts)


def _plainly_harmless(query: str) -> bool:
    """A text that cannot fail the check, told without reading it token by token: it has fewer
    brackets than the nesting limit, fewer characters outside white space than a group may have
    tokens (each token has one at least), no "service" in any case and no ``\\u`` escape (which
    rdflib would decode into a keyword)."""
    if len(query) > 8 * MAX_WIDTH or len(query) - sum(map(query.count, " \t\r\n")) > MAX_WIDTH:
        return False
    lowered = query.lower()
    return ("service" not in lowered and "\\u" not in lowered
            and query.count("{") + query.count("(") + query.count("[") <= MAX_DEPTH)


def _plain_iri(iri: str) -> str:
    iri = iri.strip()
    return iri[1:-1] if iri.startswith("<") and iri.endswith(">") else iri


class _Reader:
    """One pass over a query text: brackets, groups, PREFIX/BASE declarations and SERVICE calls."""

    def __init__(self, original: str, allowed: tuple[str, ...], split_iris: bool = False):
        self.original = original
        self.allowed = allowed
        self.base: str | None = None
        self.prefixes: dict[str, str] = {}
        #: read an IRI-shaped token holding a quote or bracket as the operator ``<`` instead
        self.split_iris = split_iris
        #: whether the text held such a token (then it is read both ways, see :func:`_check`)
        self.ambiguous = False
        #: the offset (in the original) of the deepest bracket, for messages of the parse reading
        self.deepest = (0, 0)

    def fail(self, message: str, offset: int):
        line = self.original.count("\n", 0, offset) + 1
        column = offset - (self.original.rfind("\n", 0, offset) + 1) + 1
        raise QueryError(f"{message} at line {line}, column {column}")

    def read(self, text: str, where) -> None:
        """Check *text*; *where* maps an offset in it to one in the original (for messages)."""
        stack: list[list] = [[0, False]]  # per open group: [tokens at its level, holds VALUES data]
        values_next = False
        pending: tuple | None = None  # (keyword, its offset, the tokens after it so far)
        token, position, end = _token_re().match, 0, len(text)
        while position < end:
            match = token(text, position)
            kind = match.lastgroup
            if kind == "iri" and _AMBIGUOUS_IRI.search(match.group()):
                self.ambiguous = True
                if self.split_iris:
                    match = _LESS_THAN.match(text, position)
                    kind = "other"
            position = match.end()
            if kind in ("ws", "comment"):
                continue
            value = match.group()
            taken = False
            if pending is not None:
                pending, taken = self._after(pending, match)
            frame = stack[-1]
            if not frame[1]:
                frame[0] += 1
                if frame[0] > MAX_WIDTH:
                    self.fail(f"SPARQL group with more than {MAX_WIDTH:,} parts (split it, or list values "
                              "in a VALUES block)", where(match.start()))
            if kind == "open":
                if len(stack) > MAX_DEPTH:
                    self.fail(f"SPARQL nesting deeper than {MAX_DEPTH}", where(match.start()))
                if len(stack) > self.deepest[0]:
                    self.deepest = (len(stack), where(match.start()))
                stack.append([0, frame[1] or (values_next and value == "{")])
                values_next = values_next and value != "{"
            elif kind == "close":
                if len(stack) > 1:
                    stack.pop()
            elif kind == "word" and not taken:
                keyword = value.upper()
                if keyword == "VALUES":
                    values_next = True
                elif keyword in ("PREFIX", "BASE", "SERVICE"):
                    pending = (keyword, where(match.start()), [])
        if pending is not None:
            self._after(pending, None)

    #: what may follow each keyword before it takes effect
    _EXPECTED = {"PREFIX": ("pname", "iri"), "BASE": ("iri",), "SERVICE": (None,)}

    def _after(self, pending: tuple, match) -> tuple:
        """``(pending, taken)``: collect the tokens after PREFIX (2), BASE (1) or SERVICE (1, after an
        optional SILENT) and act once there are enough, or when the text ends (*match* None). A token
        of another kind ends a PREFIX or BASE (the engine refuses such a text) and is read as usual."""
        keyword, offset, following = pending
        if match is not None:
            if (keyword == "SERVICE" and not following and match.lastgroup == "word"
                    and match.group().upper() == "SILENT"):
                return pending, True
            expected = self._EXPECTED[keyword][len(following)]
            if expected is not None and match.lastgroup != expected:
                return None, False
            following.append(match)
            if len(following) < len(self._EXPECTED[keyword]):
                return pending, True
        if keyword == "SERVICE":
            self._service(following[0] if following else None, offset)
        elif len(following) == len(self._EXPECTED[keyword]):
            self._declare(keyword, following)
        return None, True

    def _declare(self, keyword: str, following: list) -> None:
        """``PREFIX p: <iri>`` and ``BASE <iri>``, each IRI resolved against the base before it."""
        if keyword == "BASE":
            self.base = resolve(_iri_text(following[0].group()), self.base) or self.base
        elif following[0].group().endswith(":"):
            target = resolve(_iri_text(following[1].group()), self.base)
            self.prefixes[following[0].group()[:-1]] = target or ""

    def _service(self, target, offset: int) -> None:
        iri = None
        if target is not None and target.lastgroup == "iri":
            iri = resolve(_iri_text(target.group()), self.base)
            shown = iri or _iri_text(target.group())
        elif target is not None and target.lastgroup == "pname":
            prefix, _colon, local = target.group().partition(":")
            if self.prefixes.get(prefix):
                iri = self.prefixes[prefix] + _LOCAL_ESCAPE.sub(lambda m: m.group()[1:], local)
            shown = iri or target.group()
        else:
            shown = target.group() if target is not None else "?"
            self.fail(f"SERVICE {shown} is not allowed (only a SERVICE with an IRI given by "
                      "--allow-service can run)", offset)
        if iri is None or iri not in self.allowed:
            self.fail(f"SERVICE <{shown}> is not allowed (allow it with {allow_hint(shown)})", offset)


def _refuse_code_escapes(query: str) -> None:
    """Refuse a ``\\u`` escape that decodes to a character that decides what is code: rdflib
    decodes it before parsing, Oxigraph only inside IRIs and strings, so a quote, ``<``, ``>``,
    ``#``, a backslash, a bracket or a line break made so would make the two read different texts."""
    for match in _RDFLIB_ESCAPE.finditer(query):
        decoded = _char(match.group(1))
        if decoded in _CODE_CHARACTERS or decoded <= " ":
            _Reader(query, ()).fail(f"the escape {match.group()} ({decoded!r}) is refused: the engines read "
                                    "it differently (write the character itself)", match.start())


_CODE_CHARACTERS = frozenset("'\"<>#\\{}()[]")


# --------------------------------------------------------------------------------------------
# the parse reading: rdflib's SPARQL 1.1 grammar (pyparsing), imported only when needed
# --------------------------------------------------------------------------------------------
#: Python frames the parser may use: ~45 per level of the deepest construct (``!(`` in an
#: expression; a group ``{`` takes ~27), measured with rdflib 7.x — enough for MAX_DEPTH levels of
#: every construct, far below the engine's ~2,200; a deeper text ends the parse as too deep
PARSE_FRAMES = 60 * MAX_DEPTH + 1500
#: the stack of the thread that parses (those frames on the C stack, with room to spare)
PARSE_STACK = 256 << 20
_parse_lock = threading.Lock()
#: nodes of the parse tree that are one level of nesting in the engine's tree as well
_LEVELS = frozenset({"GroupGraphPatternSub", "SubSelect", "ConditionalOrExpression", "PathAlternative"})
#: nodes holding data, not structure (VALUES): their lists are as long as the data
_DATA = frozenset({"InlineData", "InlineDataFull", "InlineDataOneVar", "ValuesClause"})
_service_at = threading.local()


def _parse_reading(original: str, decoded: str, where, allowed: tuple[str, ...], deepest: tuple) -> None:
    """Parse *decoded* (the text as rdflib reads it: escapes decoded) with rdflib's grammar and
    check the tree: every SERVICE (IRI resolved as the engine resolves it, or a variable), the
    nesting and the width. Refuses a text the grammar cannot read."""
    reader = _Reader(original, allowed)
    tree, services, failure = _parse(decoded)
    if failure is not None:
        kind, offset, message = failure
        if kind == "deep":
            reader.fail(f"SPARQL nesting deeper than {MAX_DEPTH}", deepest[1])
        reader.fail(f"SPARQL syntax error: {message}", where(offset))
    prologue, body = tree[0], tree[1]
    for declaration in prologue:  # BASE and PREFIX in their order, each resolved against the base before it
        iri = str(declaration.get("iri"))
        if declaration.name == "Base":
            reader.base = resolve(iri, reader.base) or reader.base
        else:
            reader.prefixes[declaration.get("prefix") or ""] = resolve(iri, reader.base) or ""
    found = iter(services)
    for node, depth in _walk(body):
        if depth > MAX_DEPTH:
            reader.fail(f"SPARQL nesting deeper than {MAX_DEPTH}", deepest[1])
        if node is None:  # a list too long
            reader.fail(f"SPARQL group with more than {MAX_WIDTH:,} parts (split it, or list values in a "
                        "VALUES block)", deepest[1])
        if node.name == "ServiceGraphPattern":
            _check_service(reader, node, where(getattr(node, "_srbgraph_at", None) or next(found, 0)))


def _check_service(reader: _Reader, node, offset: int) -> None:
    from rdflib.term import URIRef, Variable

    term = node.get("term")
    if isinstance(term, Variable):
        reader.fail(f"SERVICE ?{term} is not allowed (only a SERVICE with an IRI given by --allow-service "
                    "can run)", offset)
    if isinstance(term, URIRef):
        iri = resolve(str(term), reader.base)
        shown = iri or str(term)
    else:  # a prefixed name
        prefix, local = term.get("prefix") or "", term.get("localname") or ""
        base = reader.prefixes.get(prefix)
        iri = base + _LOCAL_ESCAPE.sub(lambda m: m.group()[1:], local) if base else None
        shown = iri or f"{prefix}:{local}"
    if iri is None or iri not in reader.allowed:
        reader.fail(f"SERVICE <{shown}> is not allowed (allow it with {allow_hint(shown)})", offset)


def _walk(tree):
    """``(node, depth)`` for every node of the parse tree (without recursion: the tree may be as
    deep as the parser went); ``(None, depth)`` for a list longer than :data:`MAX_WIDTH` (outside
    VALUES data and the flattened triples of one pattern)."""
    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [(tree, 0, True)]
    while stack:
        item, depth, counted = stack.pop()
        if isinstance(item, CompValue):
            depth += item.name in _LEVELS
            yield item, depth
            if item.name in _DATA:
                continue
            for key, value in item.items():
                stack.append((value, depth, key != "triples"))
        elif isinstance(item, (list, tuple)) or type(item).__name__ == "ParseResults":
            if counted and len(item) > MAX_WIDTH:
                yield None, depth
            stack.extend((child, depth, counted) for child in item)


def _parse(text: str):
    """``(tree, service offsets, failure)``: rdflib's parse of *text* in a thread with a large
    stack and :data:`PARSE_FRAMES` frames; *failure* ``("deep", 0, "")`` when the parse ran out of
    them, ``("syntax", offset, what)`` when the grammar cannot read the text."""
    outcome: list = [None, [], None]

    def run():
        from pyparsing import ParseBaseException
        from rdflib.plugins.sparql import parser

        _note_services(parser)
        _service_at.found = outcome[1]
        try:
            outcome[0] = parser.Query.parse_string(text, parse_all=True)
        except RecursionError:
            outcome[2] = ("deep", 0, "")
        except ParseBaseException as exc:
            outcome[2] = ("syntax", exc.loc, _plain_expectation(exc, text))
        except (ValueError, TypeError) as exc:  # a parse action refusing a term
            outcome[2] = ("syntax", 0, " ".join(str(exc).split())[:160])
        finally:
            _service_at.found = None

    with _parse_lock:  # the frame limit is the interpreter's: one parse at a time sets it
        frames, stack = sys.getrecursionlimit(), threading.stack_size()
        sys.setrecursionlimit(max(frames, PARSE_FRAMES))
        try:
            threading.stack_size(PARSE_STACK)
            worker = threading.Thread(target=run, name="srbgraph-guard-parse", daemon=True)
            threading.stack_size(stack)
            worker.start()
            worker.join()
        finally:
            sys.setrecursionlimit(frames)
    return outcome


def _note_services(parser) -> None:
    """Note where each SERVICE starts, for the messages (once: a parse action on rdflib's rule;
    it acts only while the guard parses, see :func:`_parse`)."""
    if getattr(parser.ServiceGraphPattern, "_srbgraph_noted", False):
        return

    def note(_text, offset, tokens):
        if getattr(_service_at, "found", None) is not None and tokens:
            try:
                tokens[0]._srbgraph_at = offset
            except AttributeError:
                _service_at.found.append(offset)

    parser.ServiceGraphPattern.add_parse_action(note)
    parser.ServiceGraphPattern._srbgraph_noted = True


def _plain_expectation(exc, text: str) -> str:
    """What the parser expected where it stopped, in a few words."""
    found = text[exc.loc:exc.loc + 20].split("\n")[0].strip()
    expected = " ".join(str(getattr(exc, "msg", "") or "").split())
    expected = re.sub(r"^Expected\s+", "", expected)
    if len(expected) > 80 or not expected:
        expected = "another SPARQL 1.1 token"
    return f"expected {expected}, found {found!r}" if found else f"expected {expected}, found the end"


def _iri_text(token: str) -> str:
    """The IRI of an ``<…>`` token, its ``\\u`` escapes decoded."""
    return _IRI_ESCAPE.sub(lambda m: _char(m.group()[2:]), token[1:-1])


def _char(hex_digits: str) -> str:
    try:
        return chr(int(hex_digits, 16))
    except (ValueError, OverflowError):
        return "\ufffd"


def _decode_everywhere(text: str):
    """*text* with every escape decoded as rdflib decodes it, and a map of offsets back."""
    pieces, starts, last = [], [], 0  # starts: (offset in decoded text, offset in original)
    length = 0
    for match in _RDFLIB_ESCAPE.finditer(text):
        pieces.append(text[last:match.start()])
        length += match.start() - last
        starts.append((length, match.start()))
        pieces.append(_char(match.group(1)))
        length += 1
        last = match.end()
    pieces.append(text[last:])

    def where(offset: int) -> int:
        shift = 0
        for decoded_at, original_at in starts:
            if decoded_at > offset:
                break
            shift = original_at - decoded_at
        return offset + shift
    return "".join(pieces), where


# --------------------------------------------------------------------------------------------
# IRI resolution (RFC 3986, section 5.2), as the engines resolve relative IRIs against BASE
# --------------------------------------------------------------------------------------------
def resolve(reference: str, base: str | None) -> str | None:
    """*reference* resolved against *base*; None when it is relative and there is no base."""
    scheme, authority, path, query, fragment = _URI.match(reference).groups()
    if scheme is not None:
        return _compose(scheme, authority, _remove_dots(path), query, fragment)
    if base is None:
        return None
    b_scheme, b_authority, b_path, b_query, _ = _URI.match(base).groups()
    if authority is not None:
        return _compose(b_scheme, authority, _remove_dots(path), query, fragment)
    if path == "":
        return _compose(b_scheme, b_authority, b_path, query if query is not None else b_query, fragment)
    if not path.startswith("/"):
        path = ("/" + path) if b_authority is not None and b_path == "" else b_path[:b_path.rfind("/") + 1] + path
    return _compose(b_scheme, b_authority, _remove_dots(path), query, fragment)


def _remove_dots(path: str) -> str:
    out: list[str] = []
    while path:
        if path.startswith("../"):
            path = path[3:]
        elif path.startswith("./"):
            path = path[2:]
        elif path.startswith("/./"):
            path = path[2:]
        elif path == "/.":
            path = "/"
        elif path.startswith("/../") or path == "/..":
            path = "/" + path[4:] if path.startswith("/../") else "/"
            if out:
                out.pop()
        elif path in (".", ".."):
            path = ""
        else:
            cut = path.find("/", 1)
            segment, path = (path, "") if cut < 0 else (path[:cut], path[cut:])
            out.append(segment)
    return "".join(out)


def _compose(scheme, authority, path, query, fragment) -> str:
    text = f"{scheme}:" if scheme is not None else ""
    if authority is not None:
        text += "//" + authority
    text += path
    if query is not None:
        text += "?" + query
    if fragment is not None:
        text += "#" + fragment
    return text
