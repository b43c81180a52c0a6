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

import csv
import datetime as dt
import hashlib
import io
import re
import unicodedata
from dataclasses import dataclass, field
from difflib import get_close_matches
from pathlib import Path

from ..errors import SrbError
from ..terms import SRB, fold

LINKED_GRAPH = "https://w3id.org/srbgraph/graph/linked/"
LINKED_DATA = "https://w3id.org/srbgraph/linked/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
XSD = "http://www.w3.org/2001/XMLSchema#"
DCT = "http://purl.org/dc/terms/"
PROV = "http://www.w3.org/ns/prov#"
LICENCES = {"dl-de/by-2-0": "https://www.govdata.de/dl-de/by-2-0",
            "dl-de/zero-2-0": "https://www.govdata.de/dl-de/zero-2-0",
            "cc-by-4.0": "https://creativecommons.org/licenses/by/4.0/",
            "cc0-1.0": "https://creativecommons.org/publicdomain/zero/1.0/"}
MISSING = {"", "-", "–", ".", "x", "X", "...", "…", "/", "k.A.", "k. A.", "n.v."}
RDF_SUFFIXES = {".ttl": "turtle", ".nt": "nt", ".rdf": "xml", ".owl": "xml", ".xml": "xml",
                ".jsonld": "json-ld", ".n3": "n3"}


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
    """A key cell as an official key: digits only; 4 or 7 digits (leading zero lost) padded;
    a 12-digit Regionalschlüssel shortened to the 8-digit AGS."""
    if raw is None:
        return None
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = re.sub(r"[\s.]", "", str(raw))
    if not text.isdigit():
        return None
    if len(text) in (4, 7, 11):
        text = "0" + text
    if len(text) == 12:
        text = text[:5] + text[9:]
    return text


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
            return [], f"not an official key: {raw!r}" if str(raw or "").strip() else "empty key"
        if key in self.by_ags:
            return [self.by_ags[key]], ""
        if len(key) == 8 and key.endswith("000") and key[:5] in self.by_ags:
            return [self.by_ags[key[:5]]], ""  # the AGS of a kreisfreie Stadt: 07111000
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
            return [], f"no region named {text!r}{hint}"
        return found, ""


# --------------------------------------------------------------------------------------------
# reading tables
# --------------------------------------------------------------------------------------------
@dataclass
class Table:
    headers: list[str]
    rows: list[list]
    subjects: list[str] | None = None  # RDF input: the original subject of each row
    properties: list[str] | None = None  # RDF input: the original property of each column


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252")


def read_csv(data: bytes) -> Table:
    text = decode(data)
    sample = "\n".join(text.splitlines()[:20])
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=";,\t")
        delimiter = dialect.delimiter
    except csv.Error:
        first = text.splitlines()[0] if text else ""
        delimiter = ";" if first.count(";") >= first.count(",") else ","
    rows = [row for row in csv.reader(io.StringIO(text), delimiter=delimiter) if any(c.strip() for c in row)]
    if not rows:
        raise SrbError("the table is empty")
    return Table([h.strip() for h in rows[0]], [r for r in rows[1:]])


def read_xlsx(path: Path) -> Table:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several kinds for a broken file
        raise SrbError(f"cannot read {path} as an XLSX workbook: {exc}") from None
    sheet = book.worksheets[0]
    rows = [list(r) for r in sheet.iter_rows(values_only=True) if any(c not in (None, "") for c in r)]
    book.close()
    if not rows:
        raise SrbError(f"the first sheet of {path} is empty")
    return Table(["" if h is None else str(h).strip() for h in rows[0]], rows[1:])


def read_rdf(path: Path, key: str) -> Table:
    import rdflib

    graph = rdflib.Graph()
    try:
        graph.parse(path, format=RDF_SUFFIXES[path.suffix.lower()])
    except Exception as exc:  # rdflib parsers raise many kinds
        raise SrbError(f"cannot read {path} as RDF: {exc}") from None
    properties = sorted({str(p) for p in graph.predicates() if str(p) != RDF_TYPE})

    def local(iri: str) -> str:
        return re.split(r"[#/]", iri)[-1]

    key_props = [p for p in properties if p == key or local(p) == key]
    if not key_props:
        raise SrbError(f"no property {key!r} in {path} (its properties: "
                       f"{', '.join(local(p) for p in properties[:12])})")
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


def read_table(path: Path, key: str | None) -> Table:
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return read_xlsx(path)
    if suffix in RDF_SUFFIXES:
        if not key:
            raise SrbError("RDF input needs --key PROPERTY (the property holding the key or name)")
        return read_rdf(path, key)
    return read_csv(path.read_bytes())


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
    return (text, XSD + "string")  # keys with a leading zero ("07131") stay text


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

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def read_mapping(path: Path) -> dict:
    import yaml

    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SrbError(f"mapping file not found: {path}") from None
    except yaml.YAMLError as exc:
        raise SrbError(f"mapping file {path} is not valid YAML: {exc}") from None
    if not isinstance(doc, dict):
        raise SrbError(f"mapping file {path} must be a mapping (key:, key_type:, columns:, licence:)")
    unknown = set(doc) - {"key", "key_type", "columns", "licence", "name"}
    if unknown:
        raise SrbError(f"mapping file {path}: unknown field '{sorted(unknown)[0]}' "
                       "(known: key, key_type, columns, licence, name)")
    if not isinstance(doc.get("columns", {}), dict):
        raise SrbError(f"mapping file {path}: 'columns' must map a column header to a name")
    return doc


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
    into the named graph ``…/graph/linked/<name>``; returns what happened to every row."""
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
    missing = [h for h in renames if h not in table.headers]
    if missing:
        raise SrbError(f"mapping names column {missing[0]!r}, which {path.name} does not have "
                       f"(its columns: {', '.join(table.headers)})")
    if table.properties is None and not key:
        raise SrbError(f"give the key column with --key COLUMN (columns: {', '.join(table.headers)})")
    if table.properties is None and key not in table.headers:
        close = get_close_matches(key, table.headers, n=1, cutoff=0.5)
        hint = f" (did you mean '{close[0]}'?)" if close else f" (columns: {', '.join(table.headers)})"
        raise SrbError(f"no column {key!r} in {path.name}{hint}")
    key_index = 0 if table.properties is not None else table.headers.index(key)
    key_cells = [row[key_index] if key_index < len(row) else None for row in table.rows]
    if key_type == "auto":
        present = [c for c in key_cells if c not in (None, "")]
        key_type = "ags" if present and all(normal_key(c) for c in present) else "name"
    if key_type not in ("ags", "name"):
        raise SrbError(f"--key-type must be ags or name, got {key_type!r}")

    regions = regions_of(store)
    if not regions:
        raise SrbError("the store holds no regions with official keys (data/regions.yaml)")
    matcher = Matcher(regions)
    data = path.read_bytes()
    checksum = hashlib.sha256(data).hexdigest()
    graph = LINKED_GRAPH + name
    base = LINKED_DATA + name + "/"
    report = LinkReport(name=name, graph=graph, file=str(path), sha256=checksum,
                        key=table.headers[key_index], key_type=key_type)

    headers = [renames.get(h, h) or f"column {i + 1}" for i, h in enumerate(table.headers)]
    if table.properties is not None:
        columns = list(table.properties)
    else:
        seen: dict[str, int] = {}
        columns = []
        for header in headers:
            s = slug(header)
            seen[s] = seen.get(s, 0) + 1
            columns.append(base + "column/" + (s if seen[s] == 1 else f"{s}-{seen[s]}"))
    styles = [column_style([row[i] if i < len(row) else None for row in table.rows]) for i in range(len(columns))]

    lines = []
    add = lines.append
    g = _iri(graph)
    for i, (column, header) in enumerate(zip(columns, headers)):
        add(f"{_iri(column)} <{RDFS_LABEL}> {_lit(header)} .")
    for number, row in enumerate(table.rows, start=1):
        subject = table.subjects[number - 1] if table.subjects else base + f"row/{number}"
        s = _iri(subject)
        raw_key = key_cells[number - 1]
        found, why = matcher.by_key(raw_key) if key_type == "ags" else matcher.by_label(raw_key)
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
            if i == key_index and cell is not None:
                value = (str(cell).strip(), None)  # keys stay text ("07131")
                value = None if not value[0] else value
            else:
                value = typed(cell, styles[i])
            if value is not None:
                add(f"{s} {_iri(column)} {_lit(*value)} .")
    when = (today or dt.date.today()).isoformat()
    add(f"{g} <{RDF_TYPE}> <{PROV}Entity> .")
    add(f"{g} <{DCT}title> {_lit(name)} .")
    add(f"{g} <{DCT}source> {_lit(path.name)} .")
    add(f"{g} <{DCT}identifier> {_lit('sha256:' + checksum)} .")
    add(f"{g} <{DCT}created> {_lit(when, XSD + 'date')} .")
    if licence:
        iri = LICENCES.get(licence.lower(), licence)
        add(f"{g} <{DCT}license> {_iri(iri) if re.match(r'https?://', iri) else _lit(licence)} .")
    report.triples = len(lines)

    # the same file under another name, or this name again: replace, never duplicate
    previous = store.select_values(
        "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?g <http://purl.org/dc/terms/identifier> ?id } "
        f"FILTER(?id = {_lit('sha256:' + checksum)} || ?g = {g}) }}")
    for (old,) in previous:
        store.clear_graph(old)
        if old != graph:
            report.replaced.append(old)
    store.clear_graph(graph)
    store.load_ntriples("\n".join(lines).encode("utf-8") + b"\n", graph=graph)
    return report


def linked_graphs(store) -> list[tuple[str, str, str]]:
    """``(graph, file, sha256)`` of every linked graph in *store*."""
    return store.select_values(
        "SELECT ?g ?file ?id WHERE { GRAPH ?g { ?g <http://purl.org/dc/terms/source> ?file ; "
        "<http://purl.org/dc/terms/identifier> ?id } } ORDER BY ?g")
