"""How much srbgraph reads from a file someone gave it, and the checks made before any parser sees
the file: sizes, XML entity declarations, remote JSON-LD contexts, zip archives that inflate.

Every refusal is an :class:`~srbgraph.errors.SrbError` of one line that names the file (and the
line or archive member where there is one) and the limit that was passed.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import IO, BinaryIO

from .errors import SrbError, clip, shown

MB = 1_000_000
#: one curated YAML data file, or a mapping file of ``srbgraph link``
MAX_YAML_BYTES = 20 * MB
#: the source document (text extracted from the PDF: about 0.1 MB), read whole into memory and indexed
MAX_SOURCE_BYTES = 20 * MB
#: a table (CSV, XLSX) or an RDF file read into memory
MAX_TABLE_BYTES = 200 * MB
#: an XLSX workbook: its members, what they inflate to, and how far one member may inflate
MAX_XLSX_MEMBERS = 1_000
MAX_XLSX_INFLATED = 500 * MB
MAX_XLSX_RATIO = 100  # real sheets inflate about tenfold; only members above 1 MB are judged
#: the columns of a table; the cells and the rows of an XLSX workbook (counted as they come: the
#: dimension a sheet declares is not trusted)
MAX_COLUMNS = 1_000
MAX_XLSX_CELLS = 10_000_000
MAX_XLSX_ROWS = 2_000_000
#: a filled-in review workbook (the one of every shipped link has some 200 rows and 35 kB)
MAX_REVIEW_ROWS = 100_000
MAX_REVIEW_CELLS = 2_000_000
MAX_REVIEW_INFLATED = 100 * MB
#: problem lines printed before "… and N more problems" (review import, link)
MAX_PROBLEM_LINES = 30
#: nesting of a JSON-LD document
MAX_JSON_DEPTH = 100
#: a SPARQL query given as a file or on standard input (the largest shipped one has 3 KB)
MAX_QUERY_BYTES = 1 * MB
#: how long a command that writes into a data folder waits for another one writing there (seconds),
#: before it refuses (:func:`srbgraph.files.data_lock`)
DATA_LOCK_WAIT = 120.0
#: the most characters a cell of an XLSX workbook holds (Excel refuses a workbook with a longer one)
XLSX_CELL_CHARS = 32_767


def more_problems(problems: list[str], limit: int = MAX_PROBLEM_LINES) -> list[str]:
    """The first *limit* of *problems*, and a last line "… and N more problems" when there are more:
    a million bad rows make one screen of lines, not a million."""
    if len(problems) <= limit:
        return list(problems)
    rest = len(problems) - limit
    return problems[:limit] + [f"… and {rest:,} more problem{'s' if rest != 1 else ''}"]


def read_query(stream: BinaryIO, where: str) -> str:
    """The text of a query read from the binary *stream* (a file, standard input) named *where*:
    at most :data:`MAX_QUERY_BYTES`, UTF-8 (a BOM is dropped); else one line naming it."""
    data = stream.read(MAX_QUERY_BYTES + 1)
    if len(data) > MAX_QUERY_BYTES:
        raise SrbError(f"{where}: a query larger than {MAX_QUERY_BYTES // MB} MB is refused")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise SrbError(f"{where}: line {line}: not UTF-8 text") from None


def check_size(path: Path, limit: int, what: str) -> int:
    """The size of *path* in bytes; an error when it is larger than *limit*."""
    size = Path(path).stat().st_size
    if size > limit:
        raise SrbError(f"{path}: the file has {size:,} bytes; srbgraph reads {what} of at most "
                       f"{limit:,} bytes")
    return size


class _RootReached(Exception):
    """The first element of the document: every declaration lies before it."""


def refuse_xml_declarations(stream: IO[bytes], where: str, *, any_doctype: bool = False) -> None:
    """Read the prolog of the XML document *stream* (up to its first element) and refuse an entity
    declaration ("billion laughs": a few hundred bytes that expand to gigabytes) or an external
    DTD; with *any_doctype*, any document type declaration. A document that is not well-formed is
    left to the real parser to report."""
    from xml.parsers import expat

    parser = expat.ParserCreate()

    def refuse(what: str):
        raise SrbError(f"{where}:{parser.CurrentLineNumber}: {what}; srbgraph reads XML without "
                       "entity declarations or a DTD (they can expand to gigabytes or fetch files)")

    def doctype(name, system_id, public_id, _internal_subset):
        if any_doctype or system_id or public_id:
            refuse(f"the document type declaration <!DOCTYPE {shown(name, 40)[1:-1]} …> is refused")

    def entity(name, *_rest):
        refuse(f"declares the XML entity '{shown(name, 40)[1:-1]}'")

    def root(*_args):
        raise _RootReached

    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = entity
    parser.UnparsedEntityDeclHandler = entity
    parser.StartElementHandler = root
    try:
        while True:
            chunk = stream.read(1 << 16)
            parser.Parse(chunk, not chunk)
            if not chunk:
                return
    except _RootReached:
        return
    except expat.ExpatError:
        return  # not well-formed: the parser that reads the file reports where


def refuse_remote_context(data: bytes, where: str) -> None:
    """Refuse a JSON-LD document whose ``@context`` (anywhere in it) names a URL or ``@import``s
    one: parsing it would fetch from the network. An inline context is fine."""
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except RecursionError:
        raise SrbError(f"{where}: the JSON is nested too deeply; srbgraph reads at most "
                       f"{MAX_JSON_DEPTH} levels") from None
    except ValueError:
        return  # not JSON: the JSON-LD parser reports where
    stack = [(doc, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            raise SrbError(f"{where}: the JSON is nested more than {MAX_JSON_DEPTH} levels deep; "
                           f"srbgraph reads at most {MAX_JSON_DEPTH}")
        if isinstance(node, list):
            stack.extend((item, depth + 1) for item in node)
        elif isinstance(node, dict):
            for key, value in node.items():
                remote = None
                if key == "@import":
                    remote = value
                elif key == "@context":
                    items = value if isinstance(value, list) else [value]
                    remote = next((item for item in items if isinstance(item, str)), None)
                if remote is not None:
                    line = _line_of(data, remote)
                    raise SrbError(f"{where}{f':{line}' if line else ''}: the JSON-LD context "
                                   f"{shown(remote)} lies elsewhere; srbgraph fetches nothing from "
                                   "the network (write the context into the file)")
                stack.append((value, depth + 1))


def _line_of(data: bytes, value) -> int:
    text = json.dumps(value, ensure_ascii=False).encode("utf-8")
    found = data.find(text)
    return data.count(b"\n", 0, found) + 1 if found >= 0 else 0


def check_rdf_file(path: Path, fmt: str) -> None:
    """The checks before an RDF parser reads *path* in the rdflib format *fmt*: its size, no XML
    entity declarations, no remote JSON-LD context."""
    check_size(path, MAX_TABLE_BYTES, "RDF files")
    if fmt in ("xml", "trix", "pretty-xml"):
        with open(path, "rb") as handle:
            refuse_xml_declarations(handle, str(path))
    elif fmt == "json-ld":
        refuse_remote_context(Path(path).read_bytes(), str(path))


def check_xlsx_archive(path: Path, inflated_limit: int = MAX_XLSX_INFLATED) -> None:
    """The checks before openpyxl opens the workbook *path*: its size, the number of its members,
    what they inflate to (in all and each against its compressed size), and no DTD in any of its
    XML parts. The sizes a zip archive declares bound what Python's zipfile gives out."""
    import zipfile

    check_size(path, MAX_TABLE_BYTES, "XLSX workbooks")
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise SrbError(f"cannot read {path} as an XLSX workbook: {exc}") from None
    try:
        with archive:
            _check_members(archive, path, inflated_limit)
    except (zipfile.BadZipFile, RuntimeError, NotImplementedError, EOFError) as exc:
        raise SrbError(f"cannot read {path} as an XLSX workbook: {clip(exc)}") from None


def _check_members(archive, path: Path, inflated_limit: int = MAX_XLSX_INFLATED) -> None:
    members = archive.infolist()
    if len(members) > MAX_XLSX_MEMBERS:
        raise SrbError(f"{path}: the workbook has {len(members):,} parts; srbgraph reads "
                       f"workbooks of at most {MAX_XLSX_MEMBERS:,}")
    inflated = sum(m.file_size for m in members)
    if inflated > inflated_limit:
        raise SrbError(f"{path}: the workbook inflates to {inflated:,} bytes; srbgraph reads "
                       f"workbooks that inflate to at most {inflated_limit:,}")
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > MB and ratio > MAX_XLSX_RATIO:
            raise SrbError(f"{path}: the part {shown(member.filename)} inflates {ratio:,.0f}-fold "
                           f"({member.compress_size:,} to {member.file_size:,} bytes); srbgraph "
                           f"reads parts that inflate at most {MAX_XLSX_RATIO}-fold")
    for member in members:  # every part, whatever its name: openpyxl follows the relations
        with archive.open(member) as handle:
            refuse_xml_declarations(handle, f"{path}[{clip(member.filename)}]", any_doctype=True)
