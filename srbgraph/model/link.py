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
  ``srb:LinkedRecord`` per linked row (``srb:aboutRegion``), one property per column with typed
  values, and the provenance (file, sha256, date, licence). Unmatched and ambiguous rows are
  counted and the first :data:`MAX_LISTED_ROWS` listed in the report, never written: memory grows
  with the linked rows, not with the rows of the file. Linking the same file again
  replaces its graph.

A CSV or XLSX table is read as a stream (:mod:`.tables_in`), in two passes over its rows (a CSV
file's bytes are scanned before, for NUL bytes and the encoding): the reader checks every row, and
:class:`FirstLook` watches that pass: it counts the key column (:mod:`.link_keys`: how many keys
are official keys, the first rows of each kind, a sketch of the keys that may repeat — a byte per
slot, not a set of every key) and finds each column's number style; the second pass
matches the rows and writes the N-Triples of the linked ones into one growing text
(:class:`NTriples`). What stays in memory is the regions, the report and the triples of the linked
rows.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import unicodedata
from dataclasses import dataclass, field
from difflib import get_close_matches
from pathlib import Path

from ..errors import SrbError, clip, did_you_mean, first_line, shown
from ..terms import NAMESPACES, SRB, fold
from .cells import MISSING, column_style, decimal_style, typed  # noqa: F401  (typed: used from here too)
from .link_keys import (  # noqa: F401  (normal_key, official_key, detect_key_type: used from here too)
    KeyColumn,
    Repeats,
    _blank,
    detect_key_type,
    normal_key,
    official_key,
    repeated_keys_warning,
)
from .tables_in import RDF_TYPE, read_mapping, read_table

LINKED_GRAPH = "https://w3id.org/srbgraph/graph/linked/"
LINKED_DATA = "https://w3id.org/srbgraph/linked/"
RDFS_LABEL = NAMESPACES["rdfs"] + "label"
RDFS_COMMENT = NAMESPACES["rdfs"] + "comment"
XSD, DCT, PROV = NAMESPACES["xsd"], NAMESPACES["dcterms"], NAMESPACES["prov"]
LICENCES = {"dl-de/by-2-0": "https://www.govdata.de/dl-de/by-2-0",
            "dl-de/zero-2-0": "https://www.govdata.de/dl-de/zero-2-0",
            "cc-by-4.0": "https://creativecommons.org/licenses/by/4.0/",
            "cc0-1.0": "https://creativecommons.org/publicdomain/zero/1.0/"}


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
    (r"\brh\.", "rhein"), (r"str\.", "straße"),  # Ludwigshafen a. Rh., Neustadt a. d. Weinstr.
]
_DISTRICT_WORDS = ("kreisverwaltung", "kreisjugendamt", "landkreis", "lkr.", "lk", "kreis", "krs.", "kr.")
_CITY_WORDS = ("stadtverwaltung", "stadtjugendamt", "kreisfreie stadt", "kreisangehörige stadt",
               "große kreisangehörige stadt", "stadt", "kfr. st.", "kfst.", "st.")
_SUFFIXES = ("am rhein", "an der weinstraße", "in der pfalz", "pfalz", "westerwald")


def parse_name(raw: str) -> tuple[set[str], str | None]:
    """Folded forms of a region name and the kind it names: ``"district"``, ``"city"`` or None.

    ``Kreisverwaltung des Rhein-Lahn-Kreises`` → ({"rheinlahnkreis", "rheinlahn"}, "district");
    ``Kaiserslautern, Stadt`` → ({"kaiserslautern"}, "city"); ``Landau i. d. Pf.`` →
    ({"landauinderpfalz", "landau"}, None); ``Stadt Ludwigshafen a. Rh.``, ``St. Frankenthal (Pf.)``,
    ``Kr. Kusel``, ``Kreisverwaltung Südliche Weinstr.`` as offices abbreviate them."""
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
# linking
# --------------------------------------------------------------------------------------------
#: rows a report lists one by one per kind (unmatched, ambiguous, aggregate rows); the rest are counted
MAX_LISTED_ROWS = 1_000


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
    #: rows of each kind; the lists hold every matched row but at most MAX_LISTED_ROWS of the others
    counts: dict = field(default_factory=lambda: {"matched": 0, "unmatched": 0, "ambiguous": 0})
    #: rows linked to a Kreis whose figure covers cities with a Jugendamt of their own too
    not_youth_office_district: list = field(default_factory=list)

    def add(self, kind: str, entry: dict) -> None:
        """Count a row of *kind* (matched, unmatched, ambiguous) and list it while there is room."""
        self.counts[kind] += 1
        listed = getattr(self, kind)
        if kind == "matched" or len(listed) < MAX_LISTED_ROWS:
            listed.append(entry)

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
    look = FirstLook(key)
    table = read_table(path, key, look.start)  # every row checked (and looked at); read again below
    renames = {str(k).strip(): str(v).strip() for k, v in (spec.get("columns") or {}).items()}
    key_index = _key_index(table, key, renames, path)
    if look.key_index != key_index:  # RDF input: its rows are in memory, look at them now
        look = FirstLook.of(table, key_index)
    warnings = []
    if key_type == "auto":
        key_type, warning = look.keys.key_type()
        warnings += [warning] if warning else []
    if key_type not in ("ags", "name"):
        raise SrbError(f"--key-type must be ags or name, got {shown(key_type)}")

    regions = regions_of(store)
    if not regions:
        raise SrbError("the store holds no regions with official keys (data/regions.yaml)")
    checksum = file_sha256(path)
    report = LinkReport(name=name, graph=LINKED_GRAPH + name, file=str(path), sha256=checksum,
                        key=table.headers[key_index], key_type=key_type, warnings=warnings)
    headers = [renames.get(h, h) or f"column {i + 1}" for i, h in enumerate(table.headers)]
    out = NTriples()
    from .districts import youth_offices

    offices = youth_offices(store)
    repeats = _row_triples(table, headers, key_index, look, Matcher(regions), report, out, offices)
    if repeats.keys:
        report.warnings.append(repeats.warning())
    out.extend(_provenance(report.graph, name, path.name, checksum, licence, today))
    report.triples = out.count
    report.replaced = replace_graph(store, report.graph, checksum, out.text())
    return report


class NTriples:
    """N-Triples lines gathered into one text as they are written: a list of a million short
    strings costs several times the text they hold (an object and a pointer each)."""

    def __init__(self):
        self._text = io.StringIO()
        self.count = 0

    def add(self, line: str) -> None:
        self._text.write(line)
        self._text.write("\n")
        self.count += 1

    def extend(self, lines) -> None:
        for line in lines:
            self.add(line)

    def text(self) -> str:
        return self._text.getvalue()


def file_sha256(path: Path) -> str:
    """The SHA-256 of the file *path*, read in chunks (a table may be 200 MB)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


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


class FirstLook:
    """What linking needs to know before the first row is matched, seen as the reader checks the
    rows (:meth:`start` is the *look* of :func:`~.tables_in.read_table`): the key column
    (:class:`KeyColumn`) and whether each column writes decimals with a point (``12.5``: ``"en"``)
    or a comma (:func:`column_style`, decided by its first decimal)."""

    def __init__(self, key: str | None):
        self.key = key
        self.key_index: int | None = None  # the column of *key*, once the header is seen
        self.keys = KeyColumn()
        self.rows = 0
        self._styles: list[str | None] = []
        self._open: list[int] = []  # the columns whose style is not decided yet

    @classmethod
    def of(cls, table, key_index: int) -> FirstLook:
        """The look at the rows of *table* (in memory: RDF input), its key in column *key_index*."""
        look = cls(None)
        add = look.start(table.headers)
        look.key_index = key_index
        for row in table.rows:
            add(row)
        return look

    def start(self, headers: list[str]):
        self.key_index = headers.index(self.key) if self.key in headers else None
        self._styles, self._open = [None] * len(headers), list(range(len(headers)))
        return self.add

    def add(self, row: list) -> None:
        self.rows += 1
        if self.key_index is not None:
            self.keys.add(self.rows, row[self.key_index] if self.key_index < len(row) else None)
        if self._open:
            for i in [i for i in self._open if i < len(row) and isinstance(row[i], str)]:
                style = decimal_style(row[i].strip())
                if style:
                    self._styles[i] = style
                    self._open.remove(i)

    @property
    def styles(self) -> list[str]:
        return [style or "de" for style in self._styles]


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


def _row_triples(table, headers, key_index, look: FirstLook, matcher, report, out: NTriples,
                 offices=None) -> Repeats:
    """The N-Triples of the linked rows and the column labels, into *out*, as the rows come; what
    happened to each row goes into *report*; the keys that repeat are returned. A row linked to a
    Kreis that holds cities with a Jugendamt of their own (*offices*) is flagged afterwards, as a
    GENESIS table's is (:func:`_flag_kreis_rows`)."""
    kreis_rows: list[tuple[str, dict, str]] = []  # (record, report entry, Kreis key): a few per Kreis
    linked: set[str] = set()
    base = LINKED_DATA + report.name + "/"
    columns = _columns(table, headers, base)
    styles = look.styles
    for column, header in zip(columns, headers):
        out.add(f"{_iri(column)} <{RDFS_LABEL}> {_lit(header)} .")
    add = out.add
    g = _iri(report.graph)
    repeats = Repeats(look.keys, report.key_type)
    for number, row in enumerate(table.rows, start=1):
        raw_key = row[key_index] if key_index < len(row) else None
        repeats.add(number, raw_key)
        found, why = matcher.by_key(raw_key) if report.key_type == "ags" else matcher.by_label(raw_key)
        entry = {"row": number, "key": None if raw_key is None else str(raw_key)}
        if found and len(found) > 1:  # counted and listed in the report, not written: only linked rows are
            report.add("ambiguous", {**entry, "candidates": [r.id for r in found], "labels": [r.label for r in found]})
            continue
        if not found:
            report.add("unmatched", {**entry, "reason": why})
            continue
        s = _iri(table.subjects[number - 1] if table.subjects else base + f"row/{number}")
        add(f"{s} <{SRB}aboutRegion> {_iri(found[0].iri)} .")
        report.add("matched", {**entry, "region": found[0].id, "label": found[0].label})
        linked.add(found[0].ags)
        if offices is not None and offices.also_covered(found[0].ags):
            kreis_rows.append((s, entry, found[0].ags))
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
    _flag_kreis_rows(kreis_rows, linked, offices, report, out)
    return repeats


def _flag_kreis_rows(kreis_rows, linked: set[str], offices, report, out: NTriples) -> None:
    """Flag the rows linked to a Kreis that holds cities with a Jugendamt of their own, as
    :mod:`~srbgraph.model.link_statistics` flags a GENESIS table's: ``srb:alsoCovers`` the cities
    and a note (``rdfs:comment``, German and English), and an entry of the report — unless the
    table has rows of its own for every one of those cities: then the Kreis row is the figure of
    the Kreisjugendamt (a table of the 41 youth offices, "Kreisverwaltung Mayen-Koblenz" beside
    "Stadtverwaltung Andernach" and "Stadtverwaltung Mayen")."""
    from .districts import kreis_note

    for record, entry, kreis in kreis_rows:
        cities = offices.also_covered(kreis)
        if all(city.ags in linked for city in cities):
            continue
        de, en = kreis_note(offices.districts[kreis], cities)
        for city in cities:
            out.add(f"{record} <{SRB}alsoCovers> {_iri(city.iri)} .")
        out.add(f"{record} <{RDFS_COMMENT}> {_lit(de)}@de .")
        out.add(f"{record} <{RDFS_COMMENT}> {_lit(en)}@en .")
        report.not_youth_office_district.append(
            {**entry, "region": offices.districts[kreis].id, "label": offices.districts[kreis].label_de,
             "also_covers": [c.id for c in cities], "note": en})


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


def replace_graph(store, graph: str, checksum: str, lines: list[str] | str) -> list[str]:
    """Put the triples *lines* (a list of N-Triples lines, or their text) into the named *graph* of
    *store*, removing in the same step the graph's old content and every graph that holds the same
    file under another name (returned).

    One SPARQL UPDATE, which Oxigraph applies as one transaction: a process killed at any moment
    leaves the old graph or the new one, never neither and never a part. The old triples are
    deleted as data (``DELETE DATA``, from Oxigraph's own N-Triples of them), which Oxigraph does
    several times faster than ``DROP GRAPH`` inside a transaction; a graph holding blank nodes,
    which ``DELETE DATA`` cannot name, is dropped instead. (A bulk load into a temporary graph and
    a ``MOVE`` would be atomic too, but Oxigraph copies the graph inside the transaction: minutes
    and 8 GB for 1.8 million triples.) The price of one transaction is memory in Oxigraph: it holds
    the parsed update and the transaction's writes until the commit, about 2.4 KB per triple
    inserted (200,000 triples: 470 MB) — a table whose every row links costs that per value, however
    it is read; rows that do not link cost nothing here."""
    previous = store.select_values(
        "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?g <http://purl.org/dc/terms/identifier> ?id } "
        f"FILTER(?id = {_lit('sha256:' + checksum)} || ?g = {_iri(graph)}) }}")
    others = sorted({old for (old,) in previous} - {graph})
    body = lines if isinstance(lines, str) else "\n".join(lines) + "\n"
    insert = f"INSERT DATA {{ GRAPH {_iri(graph)} {{\n" + body + "} }"
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
