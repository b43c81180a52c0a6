"""Link outside tables (Kita statistics, SRB allocations, Kita directories …) to the regions of
the curated graph through official keys or tolerant names, into named graphs of a persistent
Oxigraph store.

* Input: CSV (``;`` or ``,`` sniffed; UTF-8 with or without BOM, else Windows-1252), XLSX (first
  sheet) or RDF (Turtle, N-Triples, RDF/XML, JSON-LD: every subject with the key property is a row).
* Matching: ``ags`` keys (5-digit Kreisschlüssel, 8-digit AGS, 12-digit ARS; a leading zero lost by
  a spreadsheet is restored) or names ("Kreisverwaltung Kaiserslautern", "Kaiserslautern, Stadt",
  "Landau i. d. Pf." …). A name that fits more than one region (Kaiserslautern, Bad Kreuznach,
  Neuwied without "Stadt" or "Landkreis") is reported as ambiguous and never attached.
* Output: the named graph ``https://w3id.org/srbgraph/graph/linked/<name>`` holding one
  ``srb:LinkedRecord`` per row (``srb:aboutRegion`` where matched), one property per column with
  typed values, and the provenance (file, sha256, date, licence). Linking the same file again
  replaces its graph.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from difflib import get_close_matches
from pathlib import Path

from ..errors import SrbError, clip, did_you_mean, first_line, shown
from ..terms import NAMESPACES, SRB, fold
from .tables_in import RDF_TYPE, read_mapping, read_table

LINKED_GRAPH = "https://w3id.org/srbgraph/graph/linked/"
LINKED_DATA = "https://w3id.org/srbgraph/linked/"
RDFS_LABEL = NAMESPACES["rdfs"] + "label"
XSD, DCT, PROV = NAMESPACES["xsd"], NAMESPACES["dcterms"], NAMESPACES["prov"]
LICENCES = {"dl-de/by-2-0": "https://www.govdata.de/dl-de/by-2-0",
            "dl-de/zero-2-0": "https://www.govdata.de/dl-de/zero-2-0",
            "cc-by-4.0": "https://creativecommons.org/licenses/by/4.0/",
            "cc0-1.0": "https://creativecommons.org/publicdomain/zero/1.0/"}
MISSING = {"", "-", "–", ".", "x", "X", "...", "…", "/", "k.A.", "k. A.", "n.v."}


# --------------------------------------------------------------------------------------------
# regions of the curated graph
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Region:
    iri: str
    label: str
    ags: str
    kind: str

    @property
    def id(self) -> str:
        return self.iri.rsplit("/", 1)[-1]

    @property
    def is_district(self) -> bool:  # a Landkreis
        return self.kind == "Landkreis"


REGIONS_QUERY = """
PREFIX srb: <https://w3id.org/srbgraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?region ?label ?ags ?kind WHERE {
  ?region a srb:Region ; srb:ags ?ags ; rdfs:label ?label .
  FILTER(lang(?label) = "de")
  OPTIONAL { ?region srb:regionKind ?kind }
}"""


def regions_of(store) -> list[Region]:
    """The regions with an official key in *store*'s curated (default) graph."""
    rows = store.select_values(REGIONS_QUERY)
    return sorted((Region(r, label, ags, kind or "") for r, label, ags, kind in rows), key=lambda r: r.ags)


# --------------------------------------------------------------------------------------------
# names and keys
# --------------------------------------------------------------------------------------------
_ABBREVIATIONS = [  # applied to lower-cased text with umlauts kept
    (r"\ba\.\s*d\.\s*", "an der "), (r"\bi\.\s*d\.\s*", "in der "), (r"\ba\.\s*", "am "),
    (r"\bpf\.", "pfalz"), (r"\bww\.", "westerwald"), (r"\bst\.\s*", "stadt "),
]
_DISTRICT_WORDS = ("kreisverwaltung", "kreisjugendamt", "landkreis", "lkr.", "lk", "kreis", "krs.")
_CITY_WORDS = ("stadtverwaltung", "stadtjugendamt", "kreisfreie stadt", "kreisangehörige stadt",
               "große kreisangehörige stadt", "stadt", "kfr. st.", "kfst.")
_SUFFIXES = ("am rhein", "an der weinstraße", "in der pfalz", "pfalz", "westerwald")


def parse_name(raw: str) -> tuple[set[str], str | None]:
    """Folded forms of a region name and the kind it names: ``"district"``, ``"city"`` or None.

    ``Kreisverwaltung des Rhein-Lahn-Kreises`` → ({"rheinlahnkreis", "rheinlahn"}, "district");
    ``Kaiserslautern, Stadt`` → ({"kaiserslautern"}, "city"); ``Landau i. d. Pf.`` →
    ({"landauinderpfalz", "landau"}, None)."""
    text = " ".join(unicodedata.normalize("NFC", raw).lower().split())
    kind = None
    # qualifiers after a comma or in brackets: "Kaiserslautern, Stadt", "Neuwied (Landkreis)"
    for qualifier in re.findall(r",\s*([^,]+)$|\(([^)]*)\)", text):
        word = (qualifier[0] or qualifier[1]).strip().rstrip(".")
        if word in ("stadt", "kreisfreie stadt", "kreisangehörige stadt", "krfr. stadt", "st"):
            kind = "city"
        elif word in ("landkreis", "kreis", "lk", "lkr", "krs", "land"):
            kind = "district"
        else:
            continue
        text = text.replace(f", {qualifier[0]}", "") if qualifier[0] else text.replace(f"({qualifier[1]})", "")
    text = text.strip(" ,")
    for word in _DISTRICT_WORDS + _CITY_WORDS:
        if text.startswith(word + " "):
            kind = "district" if word in _DISTRICT_WORDS else "city"
            text = text[len(word) + 1:]
            break
    text = re.sub(r"^(des|der)\s+", "", text)
    for pattern, repl in _ABBREVIATIONS:
        text = re.sub(pattern, repl, text)
    text = re.sub(r"kreises\b", "kreis", text)
    full = fold(text)
    forms = {full}
    short = re.sub(r"\(.*?\)", "", text).strip()
    for suffix in _SUFFIXES:
        if short.endswith(" " + suffix):
            short = short[: -len(suffix) - 1]
    forms.add(fold(short))
    folded_short = fold(short)
    if folded_short.endswith("kreis") and len(folded_short) > 8:  # Westerwaldkreis → westerwald
        forms.add(folded_short[:-5])
    if folded_short.startswith("eifelkreis"):
        forms.add(folded_short[len("eifelkreis"):])
    return {f for f in forms if f}, kind


def normal_key(raw) -> str | None:
    """A key cell as an official key (:func:`official_key`), None where it is not one: digits
    only, spaces and dots dropped."""
    if raw is None:
        return None
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = re.sub(r"[\s.]", "", str(raw))
    return official_key(text) if text.isdigit() else None


def official_key(digits: str) -> str:
    """An official key written in *digits* as the key of what it names: 4, 7 or 11 digits get back
    the leading zero a spreadsheet dropped; a 12-digit Regionalschlüssel (ARS: Land, Regierungsbezirk,
    Kreis — 5 —, Gemeindeverband — 4 —, Gemeinde — 3) becomes the 8-digit AGS of its Gemeinde, of its
    Kreis (``…000`` where the Gemeindeverband is ``0000``), or the 9-digit key of the Gemeindeverband
    it names (Gemeinde ``000``: a Verbandsgemeinde, never its whole Kreis)."""
    if len(digits) in (4, 7, 11):
        digits = "0" + digits
    if len(digits) == 12:
        gemeindeverband, gemeinde = digits[5:9], digits[9:]
        return digits[:9] if gemeinde == "000" and gemeindeverband != "0000" else digits[:5] + gemeinde
    return digits


@dataclass
class Matcher:
    regions: list[Region]
    by_ags: dict = field(default_factory=dict)
    by_name: dict = field(default_factory=dict)

    def __post_init__(self):
        for region in self.regions:
            self.by_ags[region.ags] = region
            forms, _kind = parse_name(region.label)
            for form in forms:
                self.by_name.setdefault(form, []).append(region)

    def by_key(self, raw) -> tuple[list[Region], str]:
        key = normal_key(raw)
        if not key:
            return [], f"not an official key: {shown(raw)}" if str(raw or "").strip() else "empty key"
        if key in self.by_ags:
            return [self.by_ags[key]], ""
        if len(key) == 8 and key.endswith("000") and key[:5] in self.by_ags:
            return [self.by_ags[key[:5]]], ""  # the AGS of a kreisfreie Stadt: 07111000
        if len(key) == 9:
            return [], f"{key} is a Gemeindeverband (Verbandsgemeinde), not a youth-office district"
        return [], f"no region with the key {key}"

    def by_label(self, raw) -> tuple[list[Region], str]:
        text = "" if raw is None else str(raw).strip()
        if not text:
            return [], "empty name"
        forms, kind = parse_name(text)
        found: list[Region] = []
        for form in sorted(forms, key=len, reverse=True):  # the fullest form first
            hits = self.by_name.get(form, [])
            if hits:
                found = hits
                break
        if kind:
            narrowed = [r for r in found if r.is_district == (kind == "district")]
            found = narrowed or found
        found = list(dict.fromkeys(found))
        if not found:
            close = get_close_matches(fold(text), list(self.by_name), n=1, cutoff=0.75)
            hint = ""
            if close:
                hint = f" (closest: {', '.join(r.label for r in self.by_name[close[0]])})"
            return [], f"no region named {shown(text)}{hint}"
        return found, ""


# --------------------------------------------------------------------------------------------
# typed values
# --------------------------------------------------------------------------------------------
_INT_DE = re.compile(r"-?\d{1,3}(?:\.\d{3})+")
_DEC_DE = re.compile(r"-?\d{1,3}(?:\.\d{3})*,\d+|-?\d+,\d+")
_DEC_EN = re.compile(r"-?\d+\.\d+")
_DATE_DE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_DATE_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


def column_style(cells) -> str:
    """``"en"`` when a column writes decimals with a point (``12.5``), else ``"de"`` (``1.234`` is
    one thousand two hundred and thirty-four)."""
    for cell in cells:
        if isinstance(cell, str):
            text = cell.strip()
            if _DEC_DE.fullmatch(text):
                return "de"
            if _DEC_EN.fullmatch(text) and not _INT_DE.fullmatch(text):
                return "en"
    return "de"


def typed(cell, style: str = "de") -> tuple[str, str] | None:
    """``(lexical form, datatype IRI)`` of a cell, or None for an empty or missing value."""
    if cell is None:
        return None
    if isinstance(cell, bool):
        return ("true" if cell else "false", XSD + "boolean")
    if isinstance(cell, int):
        return (str(cell), XSD + "integer")
    if isinstance(cell, float):
        return (repr(cell) if not cell.is_integer() else str(int(cell)),
                XSD + ("decimal" if not cell.is_integer() else "integer"))
    if isinstance(cell, dt.datetime):
        return (cell.date().isoformat(), XSD + "date") if cell.time() == dt.time() else (
            cell.isoformat(), XSD + "dateTime")
    if isinstance(cell, dt.date):
        return (cell.isoformat(), XSD + "date")
    text = " ".join(str(cell).split())
    if text in MISSING:
        return None
    if re.fullmatch(r"-?[1-9]\d*|0", text):
        return (text, XSD + "integer")
    if style == "de":
        if _INT_DE.fullmatch(text):
            return (text.replace(".", ""), XSD + "integer")
        if _DEC_DE.fullmatch(text):
            return (text.replace(".", "").replace(",", "."), XSD + "decimal")
    elif _DEC_EN.fullmatch(text):
        return (text, XSD + "decimal")
    match = _DATE_DE.fullmatch(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
        try:
            return (dt.date(year, month, day).isoformat(), XSD + "date")
        except ValueError:
            pass
    if _DATE_ISO.fullmatch(text):
        try:
            return (dt.date.fromisoformat(text).isoformat(), XSD + "date")
        except ValueError:
            pass
    return (str(cell), XSD + "string")  # as the cell holds it; "07131" stays text


# --------------------------------------------------------------------------------------------
# linking
# --------------------------------------------------------------------------------------------
@dataclass
class LinkReport:
    name: str
    graph: str
    file: str
    sha256: str
    key: str
    key_type: str
    matched: list = field(default_factory=list)
    unmatched: list = field(default_factory=list)
    ambiguous: list = field(default_factory=list)
    replaced: list = field(default_factory=list)
    triples: int = 0
    warnings: list = field(default_factory=list)

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def slug(text: str) -> str:
    text = text.lower().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "column"


def _lit(value: str, datatype: str | None = None) -> str:
    escaped = (value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r"))
    if datatype and datatype != XSD + "string":
        return f'"{escaped}"^^<{datatype}>'
    return f'"{escaped}"'


def _iri(value: str) -> str:
    from ..terms import IRI

    return IRI(value).n3()


def link_table(store, path: Path, *, key: str | None = None, key_type: str = "auto",
               mapping: Path | None = None, name: str | None = None, licence: str | None = None,
               today: dt.date | None = None) -> LinkReport:
    """Link the table *path* to the regions of *store* (an :class:`~srbgraph.store.OxigraphStore`)
    into the named graph ``…/graph/linked/<name>``; returns what happened to every row. The graph
    is replaced in one transaction: whoever opens the store sees the old graph or the new one."""
    path = Path(path)
    if not path.is_file():
        raise SrbError(f"file not found: {path}")
    spec = read_mapping(mapping) if mapping else {}
    key = key or spec.get("key")
    key_type = spec.get("key_type", key_type) if key_type == "auto" else key_type
    licence = licence or spec.get("licence")
    name = slug(name or spec.get("name") or path.stem)
    table = read_table(path, key)
    renames = {str(k).strip(): str(v).strip() for k, v in (spec.get("columns") or {}).items()}
    key_index = _key_index(table, key, renames, path)
    key_cells = [row[key_index] if key_index < len(row) else None for row in table.rows]
    warnings = []
    if key_type == "auto":
        key_type, warning = detect_key_type(key_cells)
        warnings += [warning] if warning else []
    if key_type not in ("ags", "name"):
        raise SrbError(f"--key-type must be ags or name, got {shown(key_type)}")
    warnings += [repeated_keys_warning(key_cells, key_type)] if repeated_keys(key_cells, key_type) else []

    regions = regions_of(store)
    if not regions:
        raise SrbError("the store holds no regions with official keys (data/regions.yaml)")
    checksum = hashlib.sha256(path.read_bytes()).hexdigest()
    report = LinkReport(name=name, graph=LINKED_GRAPH + name, file=str(path), sha256=checksum,
                        key=table.headers[key_index], key_type=key_type, warnings=warnings)
    headers = [renames.get(h, h) or f"column {i + 1}" for i, h in enumerate(table.headers)]
    lines = _row_triples(table, headers, key_index, key_cells, Matcher(regions), report)
    lines += _provenance(report.graph, name, path.name, checksum, licence, today)
    report.triples = len(lines)
    report.replaced = replace_graph(store, report.graph, checksum, lines)
    return report


def _key_index(table, key: str | None, renames: dict, path: Path) -> int:
    """The column of the key (RDF input: the key property, always first)."""
    columns = clip(", ".join(table.headers), 160)
    missing = [h for h in renames if h not in table.headers]
    if missing:
        raise SrbError(f"mapping names column {shown(missing[0])}, which {path.name} does not have "
                       f"(its columns: {columns})")
    if table.properties is not None:
        return 0
    if not key:
        raise SrbError(f"give the key column with --key COLUMN (columns: {columns})")
    if key not in table.headers:
        hint = did_you_mean(key, table.headers, cutoff=0.5, otherwise=f" (columns: {columns})")
        raise SrbError(f"no column {shown(key)} in {path.name}{hint}")
    return table.headers.index(key)


def _blank(cell) -> bool:
    return cell is None or not str(cell).strip()


def _rows_list(rows: list[int], limit: int = 10) -> str:
    shown_rows = ", ".join(str(r) for r in rows[:limit])
    return shown_rows + (f" and {len(rows) - limit:,} more" if len(rows) > limit else "")


def detect_key_type(cells) -> tuple[str, str | None]:
    """``ags`` when most keys are official keys, else ``name``; and a warning naming the rows
    whose key does not fit what the majority chose (None when all fit)."""
    present = [(row, cell) for row, cell in enumerate(cells, start=1) if not _blank(cell)]
    official = [row for row, cell in present if normal_key(cell)]
    kind = "ags" if present and len(official) * 2 > len(present) else "name"
    misfits = [row for row, cell in present if bool(normal_key(cell)) != (kind == "ags")]
    if not misfits:
        return kind, None
    what = "official keys" if kind == "ags" else "names"
    return kind, (f"{len(misfits):,} of {len(present):,} keys do not fit the key type {kind} that "
                  f"most rows have (they are not {what}): row {_rows_list(misfits)}")


def repeated_keys(cells, kind: str) -> dict[str, list[int]]:
    """Key (as first written) → the rows that give it, for keys given in more than one row."""
    rows: dict[str, list[int]] = {}
    first: dict[str, str] = {}
    for row, cell in enumerate(cells, start=1):
        if _blank(cell):
            continue
        same = (normal_key(cell) if kind == "ags" else None) or fold(str(cell)) or str(cell).strip()
        first.setdefault(same, str(cell))
        rows.setdefault(same, []).append(row)
    return {first[k]: found for k, found in rows.items() if len(found) > 1}


def repeated_keys_warning(cells, kind: str) -> str:
    repeats = repeated_keys(cells, kind)
    parts = [f"{shown(k, 40)} in rows {_rows_list(rows, 5)}" for k, rows in list(repeats.items())[:3]]
    more = f"; and {len(repeats) - 3:,} more keys" if len(repeats) > 3 else ""
    many = len(repeats) != 1
    return f"{len(repeats):,} key{'s' if many else ''} repeat{'' if many else 's'}: {'; '.join(parts)}{more}"


def _columns(table, headers: list[str], base: str) -> list[str]:
    if table.properties is not None:
        return list(table.properties)
    seen: dict[str, int] = {}
    columns = []
    for header in headers:
        s = slug(header)
        seen[s] = seen.get(s, 0) + 1
        columns.append(base + "column/" + (s if seen[s] == 1 else f"{s}-{seen[s]}"))
    return columns


def _row_triples(table, headers, key_index, key_cells, matcher, report) -> list[str]:
    """The N-Triples of the rows and the column labels; what happened to each row goes into
    *report*."""
    base = LINKED_DATA + report.name + "/"
    columns = _columns(table, headers, base)
    styles = [column_style([row[i] if i < len(row) else None for row in table.rows])
              for i in range(len(columns))]
    lines = [f"{_iri(column)} <{RDFS_LABEL}> {_lit(header)} ." for column, header in zip(columns, headers)]
    add = lines.append
    g = _iri(report.graph)
    for number, row in enumerate(table.rows, start=1):
        s = _iri(table.subjects[number - 1] if table.subjects else base + f"row/{number}")
        raw_key = key_cells[number - 1]
        found, why = matcher.by_key(raw_key) if report.key_type == "ags" else matcher.by_label(raw_key)
        entry = {"row": number, "key": None if raw_key is None else str(raw_key)}
        if len(found) == 1:
            add(f"{s} <{SRB}aboutRegion> {_iri(found[0].iri)} .")
            report.matched.append({**entry, "region": found[0].id, "label": found[0].label})
        elif found:
            report.ambiguous.append({**entry, "candidates": [r.id for r in found],
                                     "labels": [r.label for r in found]})
        else:
            report.unmatched.append({**entry, "reason": why})
        add(f"{s} <{RDF_TYPE}> <{SRB}LinkedRecord> .")
        add(f"{s} <{DCT}isPartOf> {g} .")
        for i, column in enumerate(columns):
            cell = row[i] if i < len(row) else None
            if i == key_index:  # keys stay text as written ("07131")
                value = None if _blank(cell) else (str(cell), None)
            else:
                value = typed(cell, styles[i])
            if value is not None:
                add(f"{s} {_iri(column)} {_lit(*value)} .")
    return lines


def _provenance(graph: str, name: str, file_name: str, checksum: str, licence: str | None,
                today: dt.date | None) -> list[str]:
    g = _iri(graph)
    lines = [f"{g} <{RDF_TYPE}> <{PROV}Entity> .", f"{g} <{DCT}title> {_lit(name)} .",
             f"{g} <{DCT}source> {_lit(file_name)} .",
             f"{g} <{DCT}identifier> {_lit('sha256:' + checksum)} .",
             f"{g} <{DCT}created> {_lit((today or dt.date.today()).isoformat(), XSD + 'date')} ."]
    if licence:
        iri = LICENCES.get(licence.lower(), licence)
        lines.append(f"{g} <{DCT}license> {_iri(iri) if re.match(r'https?://', iri) else _lit(licence)} .")
    return lines


def replace_graph(store, graph: str, checksum: str, lines: list[str]) -> list[str]:
    """Put the triples *lines* into the named *graph* of *store*, removing in the same step the
    graph's old content and every graph that holds the same file under another name (returned).

    One SPARQL UPDATE, which Oxigraph applies as one transaction: a process killed at any moment
    leaves the old graph or the new one, never neither and never a part. The old triples are
    deleted as data (``DELETE DATA``, from Oxigraph's own N-Triples of them), which Oxigraph does
    several times faster than ``DROP GRAPH`` inside a transaction; a graph holding blank nodes,
    which ``DELETE DATA`` cannot name, is dropped instead. (A bulk load into a temporary graph and
    a ``MOVE`` would be atomic too, but Oxigraph copies the graph inside the transaction: minutes
    and 8 GB for 1.8 million triples.)"""
    previous = store.select_values(
        "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?g <http://purl.org/dc/terms/identifier> ?id } "
        f"FILTER(?id = {_lit('sha256:' + checksum)} || ?g = {_iri(graph)}) }}")
    others = sorted({old for (old,) in previous} - {graph})
    insert = f"INSERT DATA {{ GRAPH {_iri(graph)} {{\n" + "\n".join(lines) + "\n} }"
    drops = [f"DROP SILENT GRAPH {_iri(old)}" for old in others]
    deletes = [_delete_data(store, old) for old in [*others, graph]]
    try:
        try:
            store.store.update(" ;\n".join([*filter(None, deletes), *drops, insert]))
        except SyntaxError:  # a blank node in an old graph: drop the graphs instead
            store.store.update(" ;\n".join([*drops, f"DROP SILENT GRAPH {_iri(graph)}", insert]))
    except (SyntaxError, ValueError, OSError, RuntimeError) as exc:
        raise SrbError(f"cannot write the graph {graph} into the store: {first_line(exc)}") from None
    return others


def _delete_data(store, graph: str) -> str | None:
    """``DELETE DATA`` of every triple of *graph* in *store* (None when it is empty)."""
    import pyoxigraph as ox

    triples = store.store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(graph))
    if not triples.strip():
        return None
    return f"DELETE DATA {{ GRAPH {_iri(graph)} {{\n" + triples.decode("utf-8") + "\n} }"
