"""Reading the tables that ``srbgraph link`` attaches: CSV, XLSX (first sheet), RDF, and the YAML
mapping file beside them; each checked against :mod:`srbgraph.limits` before a parser sees it.

A cell keeps the text it holds (a leading tab or apostrophe included): whatever protects a
spreadsheet user is done where srbgraph writes, not here.

A CSV or XLSX table is never held whole: :func:`read_table` reads its header, checks every row once
(so that a broken row is refused before anything is linked) and gives a :class:`Table` whose
``rows`` read the file again each time they are iterated (:class:`CsvRows`, :class:`XlsxRows`).
A table of a million rows thus costs one row of memory at a time, whoever reads it; the few
passes over a file in the page cache cost seconds, not gigabytes. (An RDF table is parsed by
rdflib into memory, as before: its size is capped by :func:`~srbgraph.limits.check_rdf_file`.)
"""
from __future__ import annotations

import codecs
import csv
import itertools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import SrbError, clip, first_line, shown
from ..limits import (
    MAX_COLUMNS,
    MAX_TABLE_BYTES,
    MAX_YAML_BYTES,
    check_rdf_file,
    check_size,
)
from ..rdf_io import parser_for
from ..terms import NAMESPACES

RDF_TYPE = NAMESPACES["rdf"] + "type"


@dataclass
class Table:
    headers: list[str]
    rows: Iterable[list]  # CSV, XLSX: CsvRows or XlsxRows, read from the file each time; RDF: a list
    subjects: list[str] | None = None  # RDF input: the original subject of each row
    properties: list[str] | None = None  # RDF input: the original property of each column


#: what a caller of :func:`read_table` may watch the checking pass with: called with the header, it
#: gives the function that is then called with every data row
Look = Callable[[list], Callable[[list], None]]

#: a byte above 127 in UTF-8: a whole multi-byte sequence (ASCII needs no look), or a stray byte
_NON_ASCII = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
                        rb"|([\x80-\xff])")
#: bytes Windows-1252 leaves undefined (ISO-8859-1 reads them as control characters)
_UNDEFINED_1252 = re.compile(rb"[\x81\x8d\x8f\x90\x9d]")
_CHUNK = 1 << 20


def table_encoding(chunks, where: str = "the table") -> str:
    """The encoding of a text table whose bytes come in *chunks* (any sizes), by one rule:

    * a UTF-8 byte-order mark, or only ASCII and whole UTF-8 sequences: UTF-8;
    * no whole UTF-8 sequence at all, only single bytes above 127 (``ä`` as one byte ``E4``):
      Windows-1252 (ISO-8859-1 when it holds a byte 1252 leaves undefined) — GENESIS downloads
      and spreadsheets saved as "CSV (Windows)" are written so;
    * both — UTF-8 umlauts and a stray single byte — is refused, naming the line and byte of the
      first byte that is not UTF-8: guessing would garble every umlaut ("PlÃ¤tze") without a word.
    """
    utf8_at = stray_at = None  # (line, offset) of the first whole UTF-8 sequence, of the first stray byte
    undefined = bom = False
    line, offset, carry = 1, 0, b""
    first = True
    for chunk in chunks:
        data = carry + chunk
        if first and data.startswith(b"\xef\xbb\xbf"):
            bom = True
        first = False if data else first
        keep = len(data) - 3 if chunk else len(data)  # a sequence may run into the next chunk
        end = 0
        for match in _NON_ASCII.finditer(data):
            if match.start() >= keep:
                break
            end = match.end()
            at = (line + data.count(b"\n", 0, match.start()), offset + match.start())
            if match.group(1) is None:
                utf8_at = utf8_at or at
            else:
                stray_at = stray_at or at
            if utf8_at and stray_at:
                break
        if utf8_at and stray_at:
            break
        cut = max(keep, end) if chunk else len(data)
        undefined = undefined or bool(_UNDEFINED_1252.search(data, 0, cut))
        line += data.count(b"\n", 0, cut)
        offset += cut
        carry = data[cut:]
        if not chunk:
            break
    if stray_at and (utf8_at or bom):
        (line, byte), utf8 = stray_at, utf8_at or (1, 0)
        raise SrbError(f"{where}:{line}: byte {byte:,} is not UTF-8, but line {utf8[0]} is written in UTF-8: "
                       "the file mixes two encodings (save it again as CSV in UTF-8)")
    if stray_at:
        return "latin-1" if undefined else "cp1252"
    return "utf-8-sig"


def _chunks(data: bytes):
    for start in range(0, len(data), _CHUNK):
        yield data[start:start + _CHUNK]
    yield b""


def file_chunks(path: Path):
    """The bytes of *path* in chunks of 1 MB, and an empty chunk at the end."""
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            yield chunk
    yield b""


def decode(data: bytes, where: str = "the table") -> str:
    """The text of a table's bytes in the encoding :func:`table_encoding` finds."""
    try:
        return data.decode(table_encoding(_chunks(data), where))
    except UnicodeDecodeError as exc:  # not a whole sequence after all (an overlong form, a cut end)
        line = data.count(b"\n", 0, exc.start) + 1
        raise SrbError(f"{where}:{line}: byte {exc.start:,} is not UTF-8 ({exc.reason})") from None


def _refuse_nul(path: Path, where: str) -> None:
    """A NUL byte: not a text table (UTF-16, or a binary file)."""
    lines = 0
    for chunk in file_chunks(path):
        at = chunk.find(b"\x00")
        if at >= 0:
            line = lines + chunk.count(b"\n", 0, at) + 1
            raise SrbError(f"{where}:{line}: a NUL byte: not a text table (UTF-16 or binary? "
                           "save it as CSV in UTF-8)")
        lines += chunk.count(b"\n")


def _check_decodes(path: Path, encoding: str, where: str) -> None:
    """Decode the whole file *path* once, in chunks, as :func:`decode` would: a sequence that looks
    whole but is not UTF-8 (an overlong form, a cut end) is refused naming its line and byte."""
    decoder = codecs.getincrementaldecoder("utf-8" if encoding == "utf-8-sig" else encoding)()
    fed = lines = 0  # bytes and line breaks handed to the decoder so far
    with open(path, "rb") as handle:
        if encoding == "utf-8-sig" and handle.read(3) != codecs.BOM_UTF8:
            handle.seek(0)
        fed = handle.tell()
        while True:
            chunk = handle.read(_CHUNK)
            pending = decoder.getstate()[0]  # the start of a sequence the last chunk cut
            try:
                decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError as exc:
                data = pending + chunk
                line = lines - pending.count(b"\n") + data.count(b"\n", 0, exc.start) + 1
                raise SrbError(f"{where}:{line}: byte {fed - len(pending) + exc.start:,} is not UTF-8 "
                               f"({exc.reason})") from None
            if not chunk:
                return
            fed += len(chunk)
            lines += chunk.count(b"\n")


def _sample(path: Path, encoding: str, lines: int = 20) -> list[str]:
    """The first *lines* lines of the text (as ``str.splitlines`` cuts it), read only as far as needed."""
    text = ""
    with open(path, encoding=encoding, newline="\n") as handle:
        while chunk := handle.read(1 << 16):
            text += chunk
            if len(text.splitlines()) > lines:
                break
    return text.splitlines()[:lines]


class CsvRows:
    """The data rows of a CSV table, read from the file each time they are iterated: a row is a
    list of the cells as written (the header, the first row with a value, is left out)."""

    def __init__(self, path: Path, encoding: str, delimiter: str, where: str, count: int = 0):
        self.path, self.encoding, self.delimiter, self.where = path, encoding, delimiter, where
        self.count = count  # data rows, known after the first (checking) pass

    def numbered(self) -> Iterator[tuple[int, list[str]]]:
        """``(line, cells)`` of every record with a value, the header first."""
        # newline="\n": records end where the text read whole ends them (io.StringIO(text) did)
        with open(self.path, encoding=self.encoding, newline="\n") as handle:
            reader = csv.reader(handle, delimiter=self.delimiter)
            try:
                for row in reader:
                    if any(c.strip() for c in row):
                        yield reader.line_num, row
            except csv.Error as exc:
                raise SrbError(f"{self.where}:{reader.line_num}: {clip(exc)}") from None

    def __iter__(self) -> Iterator[list[str]]:
        return (row for _line, row in itertools.islice(self.numbered(), 1, None))

    def __len__(self) -> int:
        return self.count


def read_csv(path: Path, where: str = "the table", look: Look | None = None) -> Table:
    """The header and rows of the CSV/TSV table *path*. Refused, in one
    line naming the file and line: a NUL byte (not a text table: UTF-16, or a binary file), a
    header without rows, a row with filled cells beyond the header (they would be dropped without
    a word). Every row is checked here, once (and shown to *look*, see :func:`read_table`);
    ``rows`` reads them again as they are needed."""
    _refuse_nul(path, where)
    encoding = table_encoding(file_chunks(path), where)
    _check_decodes(path, encoding, where)
    sample = _sample(path, encoding)
    try:
        dialect = csv.Sniffer().sniff("\n".join(sample), delimiters=";,\t")
        delimiter = dialect.delimiter
    except csv.Error:
        first = sample[0] if sample else ""
        delimiter = ";" if first.count(";") >= first.count(",") else ","
    rows = CsvRows(path, encoding, delimiter, where)
    header: list[str] | None = None
    count = 0
    see = None
    for line, row in rows.numbered():
        if header is None:
            header = row
            see = look([h.strip() for h in header]) if look else None
            continue
        count += 1
        if see:
            see(row)
        if any(cell.strip() for cell in row[len(header):]):
            raise SrbError(f"{where}:{line}: {len(row)} cells, the header has {len(header)}: "
                           "a value beyond the last column")
    if header is None:
        raise SrbError(f"{where}: the table is empty")
    if not count:
        raise SrbError(f"{where}: the table has a header but no rows")
    rows.count = count
    return Table([h.strip() for h in header], rows)


class XlsxRows:
    """The data rows of the first visible sheet of a workbook, streamed from the file (with the caps
    of :mod:`srbgraph.workbooks`) each time they are iterated; the header row is left out."""

    def __init__(self, path: Path, count: int = 0):
        self.path, self.count = path, count

    def numbered(self) -> Iterator[tuple[int, list]]:
        from ..workbooks import open_workbook

        with open_workbook(self.path) as book:
            if not book.sheets:
                raise SrbError(f"{self.path}: the workbook has no visible worksheet")
            yield from book.sheets[0].rows()

    def __iter__(self) -> Iterator[list]:
        return (row for _number, row in itertools.islice(self.numbered(), 1, None))

    def __len__(self) -> int:
        return self.count


def read_xlsx(path: Path, look: Look | None = None) -> Table:
    """The first visible sheet of the workbook *path* (a hidden sheet is passed over), streamed
    with the caps of :mod:`srbgraph.workbooks`: read through once here (every cap checked), and
    again by whoever iterates ``rows``."""
    rows = XlsxRows(path)
    headers = see = None
    for _number, row in rows.numbered():
        if headers is None:
            headers = ["" if h is None else str(h).strip() for h in row]
            see = look(headers) if look else None
        else:
            rows.count += 1
            if see:
                see(row)
    if headers is None:
        raise SrbError(f"the first sheet of {path} is empty")
    return Table(headers, rows)


def read_rdf(path: Path, key: str) -> Table:
    import rdflib

    fmt = parser_for(path)
    check_rdf_file(path, fmt)
    graph = rdflib.Graph()
    try:
        graph.parse(path, format=fmt)
    except Exception as exc:  # rdflib parsers raise many kinds
        raise SrbError(f"cannot read {path} as RDF: {first_line(exc)}") from None
    properties = sorted({str(p) for p in graph.predicates() if str(p) != RDF_TYPE})

    def local(iri: str) -> str:
        return re.split(r"[#/]", iri)[-1]

    key_props = [p for p in properties if p == key or local(p) == key]
    if not key_props:
        raise SrbError(f"no property {shown(key)} in {path} (its properties: "
                       f"{clip(', '.join(local(p) for p in properties[:12]), 160)})")
    key_prop = key_props[0]
    properties.remove(key_prop)
    properties.insert(0, key_prop)
    subjects = sorted({str(s) for s in graph.subjects(rdflib.URIRef(key_prop), None)})
    rows = []
    for subject in subjects:
        row = []
        for prop in properties:
            value = graph.value(rdflib.URIRef(subject), rdflib.URIRef(prop))
            row.append(value.toPython() if isinstance(value, rdflib.Literal) else None)
        rows.append(row)
    return Table([local(p) for p in properties], rows, subjects, properties)


def read_table(path: Path, key: str | None, look: Look | None = None) -> Table:
    """The table *path* (CSV, XLSX or RDF; *key*: the key property of RDF input), every row checked.

    *look*, when given, watches the pass that checks the rows of a CSV or XLSX table: it is called
    with the header and gives a function then called with each data row — what a caller must
    count before it uses the rows, without reading the file once more. (RDF rows are in memory:
    it is not called for them.)"""
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        table = read_xlsx(path, look)
    elif parser_for(path):
        if not key:
            raise SrbError("RDF input needs --key PROPERTY (the property holding the key or name)")
        table = read_rdf(path, key)
    else:
        check_size(path, MAX_TABLE_BYTES, "tables")
        table = read_csv(path, str(path), look)
    if len(table.headers) > MAX_COLUMNS:
        raise SrbError(f"{path}: the table has {len(table.headers):,} columns; srbgraph reads at most "
                       f"{MAX_COLUMNS:,}")
    return table


def read_mapping(path: Path) -> dict:
    import yaml

    from ..curated.read import SafeLoader

    try:
        check_size(path, MAX_YAML_BYTES, "mapping files")
        doc = yaml.load(path.read_text(encoding="utf-8"), Loader=SafeLoader)  # noqa: S506
    except FileNotFoundError:
        raise SrbError(f"mapping file not found: {path}") from None
    except UnicodeDecodeError as exc:
        raise SrbError(f"mapping file {path} is not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = " ".join(str(p) for p in (exc.context, exc.problem) if p)
        raise SrbError(f"{path}:{mark.line + 1 if mark else 0}: {clip(what, 160)}") from None
    except (yaml.YAMLError, RecursionError) as exc:
        raise SrbError(f"mapping file {path} is not valid YAML: {clip(exc)}") from None
    if not isinstance(doc, dict):
        raise SrbError(f"mapping file {path} must be a mapping (key:, key_type:, columns:, licence:)")
    unknown = set(doc) - {"key", "key_type", "columns", "licence", "name"}
    if unknown:
        raise SrbError(f"mapping file {path}: unknown field {shown(str(sorted(unknown, key=str)[0]))} "
                       "(known: key, key_type, columns, licence, name)")
    if not isinstance(doc.get("columns", {}), dict):
        raise SrbError(f"mapping file {path}: 'columns' must map a column header to a name")
    return doc
