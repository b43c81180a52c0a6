"""The catalogue of named SPARQL queries: ``queries/*.rq`` files with a header comment.

Header lines at the top of a file, each starting with ``#``::

    # title: Kurzer Titel (short title)
    # description: What the query answers; continuation lines are indented
    # description_de: Was die Abfrage beantwortet (the description in German)
    # param goal (entity): what the parameter means (default: every goal)
    # param_de goal: was der Parameter bedeutet (the parameter's help in German)
    # returns: the columns

The title is German with the English in brackets; :meth:`NamedQuery.title_in` and
:meth:`NamedQuery.description_in` give one language, as a page in that language shows it.

Parameter types: ``entity`` (an id or a German/English label, found tolerantly), ``iri`` (``<…>``,
``prefix:name`` or an id), ``string``, ``integer``, ``lang`` (``de`` or ``en``), ``support``
(``any`` or ``stated``: which path links count). A parameter whose
default is a value (``(default: de)``) is bound to it when not given; a default in words
(``(default: every goal)``) leaves the variable free.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .. import resources
from ..errors import SrbError, did_you_mean
from ..terms import NAMESPACES, SHOWN_PREFIXES

_HEADER = re.compile(r"^#\s?(title|description|description_de|returns)\s*:\s?(.*)$")
_PARAM = re.compile(r"^#\s?param\s+(\w+)\s*(?:\((\w+)\))?\s*:\s?(.*)$")
_PARAM_DE = re.compile(r"^#\s?param_de\s+(\w+)\s*:\s?(.*)$")
#: a title "Deutscher Titel (English title)"
_TITLES = re.compile(r"^(.*\S)\s+\(([^()]*)\)$")
_DEFAULT = re.compile(r"\(default:\s*([^)]*)\)\s*$")
PARAM_TYPES = ("entity", "iri", "string", "integer", "lang", "support")
#: values of a ``support`` parameter: every link, or only those the documentation states
SUPPORT_VALUES = ("any", "stated")
#: prefixes for ``prefix:name`` parameter values and for showing IRIs in results
PREFIXES = {p: NAMESPACES[p] for p in SHOWN_PREFIXES}


@dataclass
class Parameter:
    name: str
    type: str = "string"
    description: str = ""
    default: str | None = None  # a value to bind when not given; None leaves the variable free
    description_de: str = ""

    def description_in(self, lang: str) -> str:
        """The help in *lang* (German from ``param_de``; the English one where it is missing)."""
        return (self.description_de if lang == "de" else "") or self.description

    def as_dict(self) -> dict:
        return {"name": self.name, "type": self.type, "description": self.description, "default": self.default}


@dataclass
class NamedQuery:
    name: str
    path: Path
    text: str
    title: str = ""
    description: str = ""
    returns: str = ""
    parameters: dict[str, Parameter] = field(default_factory=dict)
    description_de: str = ""

    def title_in(self, lang: str) -> str:
        """The title in *lang* alone: of "Deutsch (English)" the German or the English part."""
        found = _TITLES.match(self.title)
        if not found:
            return self.title or self.name
        german, english = found.groups()
        return german if lang == "de" else english[:1].upper() + english[1:]

    def description_in(self, lang: str) -> str:
        """The description in *lang* (German from ``description_de``; else the English one)."""
        return (self.description_de if lang == "de" else "") or self.description

    def as_dict(self) -> dict:
        return {"name": self.name, "title": self.title, "description": self.description,
                "parameters": [p.as_dict() for p in self.parameters.values()], "returns": self.returns}


def parse(path: Path, text: str | None = None) -> NamedQuery:
    if text is None:
        from ..limits import read_query

        with open(path, "rb") as handle:
            text = read_query(handle, str(path))
    query = NamedQuery(name=path.stem, path=path, text=text)
    last = None
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        param = _PARAM.match(line)
        header = _HEADER.match(line)
        german = _PARAM_DE.match(line)
        if german:
            name, description = german.groups()
            if name not in query.parameters:
                raise SrbError(f"{path}: 'param_de {name}' before (or without) 'param {name}'")
            last = (query.parameters[name], "description_de")
            last[0].description_de = description.strip()
        elif param:
            name, kind, description = param.groups()
            kind = kind or "string"
            if kind not in PARAM_TYPES:
                raise SrbError(f"{path}: parameter '{name}' has unknown type '{kind}' "
                               f"(choose one of {', '.join(PARAM_TYPES)})")
            last = query.parameters[name] = Parameter(name, kind, description.strip())
        elif header:
            key, value = header.groups()
            setattr(query, key, value.strip())
            last = key
        elif last is not None and line[1:].startswith("  "):  # continuation line
            more = line[1:].strip()
            if isinstance(last, tuple):
                last[0].description_de += " " + more
            elif isinstance(last, Parameter):
                last.description += " " + more
            else:
                setattr(query, last, (getattr(query, last) + " " + more).strip())
    for parameter in query.parameters.values():
        match = _DEFAULT.search(parameter.description)
        if match:
            value = match.group(1).strip()
            if _is_literal_default(parameter.type, value):
                parameter.default = value
    return query


def _is_literal_default(kind: str, value: str) -> bool:
    if kind == "lang":
        return value in ("de", "en")
    if kind == "support":
        return value in SUPPORT_VALUES
    if kind == "integer":
        return bool(re.fullmatch(r"-?\d+", value))
    if kind == "iri":
        return bool(re.fullmatch(r"<[^>]+>|\w+:\S+", value))
    return False


_PARSED: dict[tuple[str, int], NamedQuery] = {}


def named(name: str, folder: Path | None = None) -> NamedQuery:
    """The named query *name* (file ``<name>.rq`` in the queries folder); parsed once per version
    of the file."""
    folder = folder or resources.queries_dir()
    path = folder / f"{name}.rq"
    try:
        key = (str(path), path.stat().st_mtime_ns)
    except OSError:
        key = None
    if key in _PARSED:
        return _PARSED[key]
    if not path.is_file():
        names = [p.stem for p in folder.glob("*.rq")]
        hint = did_you_mean(name, names, otherwise=" (srbgraph queries lists them)")
        raise SrbError(f"no named query '{name}'{hint}")
    _PARSED[key] = parse(path)
    return _PARSED[key]


def all_named(folder: Path | None = None) -> list[NamedQuery]:
    folder = folder or resources.queries_dir()
    return [parse(p) for p in sorted(folder.glob("*.rq"))]


def load(spec: str, stdin_text: str | None = None) -> NamedQuery:
    """A query given as a name, a file path or ``-`` (standard input)."""
    if spec == "-":
        return parse(Path("<stdin>"), stdin_text or "")
    path = Path(spec)
    if spec.endswith((".rq", ".sparql")) or path.is_file():
        if not path.is_file():
            raise SrbError(f"query file not found: {spec}")
        return parse(path)
    return named(spec)
