"""Read the curated YAML files of ``data/`` into entity records that remember where they stand.

This module only reads; it reports what it cannot read (YAML syntax, wrong file shape, duplicate
keys) as :class:`~srbgraph.errors.Problem` records. Checking the entities against the ontology is
:mod:`srbgraph.validation`'s job.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import yaml

from ..errors import Problem, clip
from ..limits import MAX_YAML_BYTES
from ..resources import data_files


class AliasRefused(yaml.composer.ComposerError):
    """A YAML alias (``*name``): refused, so that a few bytes cannot stand for a billion values."""


class _RefuseAliases(yaml.composer.Composer):
    """Composes in Python (the events still come from the C parser) to see each alias where it
    stands: srbgraph's YAML files never need anchors and aliases, and a "billion laughs" of nested
    aliases would otherwise grow into gigabytes when checked or printed."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.events.AliasEvent):
            event = self.get_event()
            raise AliasRefused(None, None, f"YAML alias '*{clip(event.anchor, 40)}' refused: "
                               "srbgraph reads no anchors and aliases (write the value out)",
                               event.start_mark)
        return super().compose_node(parent, index)


if getattr(yaml, "__with_libyaml__", False):  # the C parser is several times faster
    class SafeLoader(_RefuseAliases, yaml.cyaml.CParser, yaml.constructor.SafeConstructor,
                     yaml.resolver.Resolver):
        """PyYAML's safe loader that refuses aliases (see :class:`_RefuseAliases`)."""

        def __init__(self, stream):
            yaml.cyaml.CParser.__init__(self, stream)
            _RefuseAliases.__init__(self)
            yaml.constructor.SafeConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)
else:  # pragma: no cover - PyYAML built without libyaml
    class SafeLoader(_RefuseAliases, yaml.SafeLoader):
        """PyYAML's safe loader that refuses aliases (see :class:`_RefuseAliases`)."""


FILE_KEYS = {"type", "entities"}


class LineMap(dict):
    """A YAML mapping that knows the line of itself and of each of its keys."""

    line: int = 0
    key_lines: dict
    duplicate_keys: list


class _Loader(SafeLoader):
    pass


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> LineMap:
    loader.flatten_mapping(node)
    mapping = LineMap()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    mapping.duplicate_keys = []
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if key in mapping:
            mapping.duplicate_keys.append((key, line))
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[key] = line
    return mapping


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _construct_timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode):
    """A date as YAML reads it; a text shaped like one that is no date (``2026-13-01``) stays the
    text, so that validation names the field and the line instead of the reader failing."""
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


@dataclass
class Entity:
    """One curated thing (an obstacle, a workshop, …) as written in a YAML file."""

    id: str
    type: str
    file: str
    line: int
    fields: dict[str, Any]
    key_lines: dict[str, int] = field(default_factory=dict)
    index: int = 0

    @property
    def name(self) -> str:
        """The id, or the entry's position where the id is missing."""
        return self.id or f"entry #{self.index}"

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)

    @property
    def replaced_by(self) -> str:
        """The id of the successor of a replaced entity (its ``isReplacedBy``), else empty."""
        value = self.fields.get("isReplacedBy")
        return value if isinstance(value, str) else ""


@dataclass(frozen=True)
class GlossaryTerm:
    """One English term for a recurring German term (``data/glossary.yaml``): every entity whose
    German label holds one of the German forms carries the English term in its English label, and
    no English label uses an avoided variant."""

    de: tuple[str, ...]
    en: str
    avoid: tuple[str, ...]
    file: str
    line: int


@dataclass
class Curation:
    """All entities of a data folder, its glossary, plus what could not be read."""

    folder: Path
    entities: list[Entity]
    problems: list[Problem]
    files: list[Path]
    glossary: list[GlossaryTerm] = field(default_factory=list)


def display_path(path: Path) -> str:
    """A path as the user would type it: relative to the working directory when that is shorter."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # other drive on Windows
        return str(path)
    return rel if not rel.startswith("../../") else str(path)


def read_folder(folder: Path, contents: Iterable[tuple[Path, bytes]] | None = None) -> Curation:
    """Read every ``*.yaml`` file of *folder* (not recursive), in name order; *contents* gives
    the files' bytes when they were read already (:mod:`srbgraph.curated.inputs`)."""
    given = list(contents) if contents is not None else [(path, None) for path in data_files(folder)]
    entities: list[Entity] = []
    problems: list[Problem] = []
    glossary: list[GlossaryTerm] = []
    for path, data in given:
        if (len(data) if data is not None else path.stat().st_size) > MAX_YAML_BYTES:
            size = path.stat().st_size
            problems.append(Problem(display_path(path), 0, "", f"the file has {size:,} bytes; srbgraph "
                                    f"reads data files of at most {MAX_YAML_BYTES:,} bytes", unreadable=True))
            continue
        read_file(path, entities, problems, data, glossary)
    return Curation(folder=folder, entities=entities, problems=problems, files=[path for path, _ in given],
                    glossary=glossary)


def read_file(path: Path, entities: list[Entity], problems: list[Problem], data: bytes | None = None,
              glossary: list[GlossaryTerm] | None = None) -> None:
    """Read the data file *path* (its bytes *data* when given) into *entities* and *problems* (a
    glossary file, one with a top-level ``glossary:`` list, into *glossary*)."""
    shown = display_path(path)
    try:
        text = (path.read_bytes() if data is None else data).decode("utf-8")
    except UnicodeDecodeError as exc:
        problems.append(Problem(shown, 0, "", f"not UTF-8 text ({exc.reason} at byte {exc.start})",
                                unreadable=True))
        return
    try:
        doc = yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        what = " ".join(str(p) for p in (exc.context, exc.problem) if p)
        message = what if isinstance(exc, AliasRefused) else f"YAML syntax error: {clip(what, 160)}"
        problems.append(Problem(shown, line, "", message, unreadable=True))
        return
    except yaml.YAMLError as exc:
        problems.append(Problem(shown, 0, "", f"YAML error: {clip(exc, 160)}", unreadable=True))
        return
    except RecursionError:
        problems.append(Problem(shown, 0, "", "YAML nested too deeply to read", unreadable=True))
        return
    if doc is None:
        return  # an empty file holds no entities
    if not isinstance(doc, LineMap):
        problems.append(
            Problem(shown, 1, "", "a data file must be a mapping with 'type:' and 'entities:'",
                    unreadable=True)
        )
        return
    for key, line in doc.duplicate_keys:
        problems.append(Problem(shown, line, "", f"key '{clip(key)}' is given twice"))
    if "glossary" in doc:
        _read_glossary(doc, shown, glossary if glossary is not None else [], problems)
        return
    for key in doc:
        if key not in FILE_KEYS:
            problems.append(
                Problem(shown, doc.key_lines[key], "",
                        f"unknown top-level key '{clip(key)}' (expected 'type' and 'entities')")
            )
    default_type = doc.get("type")
    if default_type is not None and not isinstance(default_type, str):
        problems.append(Problem(shown, doc.key_lines["type"], "", "'type' must be a class name"))
        default_type = None
    items = doc.get("entities")
    if items is None:
        problems.append(Problem(shown, doc.line, "", "missing 'entities:' list", unreadable=True))
        return
    if not isinstance(items, list):
        problems.append(Problem(shown, doc.key_lines["entities"], "", "'entities' must be a list",
                                unreadable=True))
        return
    for index, item in enumerate(items, start=1):
        if not isinstance(item, LineMap):
            line = doc.key_lines["entities"]
            problems.append(Problem(shown, line, f"entry #{index}", "an entity must be a mapping of fields"))
            continue
        ident = item.get("id")
        name = ident if isinstance(ident, str) and ident else f"entry #{index}"
        for key, line in item.duplicate_keys:
            problems.append(Problem(shown, line, name, f"field '{clip(key)}' is given twice"))
        etype = item.get("type", default_type)
        entities.append(
            Entity(
                id=ident if isinstance(ident, str) else "",
                type=etype if isinstance(etype, str) else "",
                file=shown,
                line=item.line,
                fields=dict(item),
                key_lines=dict(item.key_lines),
                index=index,
            )
        )


def _read_glossary(doc: LineMap, shown: str, glossary: list[GlossaryTerm], problems: list[Problem]) -> None:
    """The terms of a glossary file: ``glossary: [{de: [forms…], en: term, avoid: [variants…]}]``."""
    for key in doc:
        if key != "glossary":
            problems.append(Problem(shown, doc.key_lines[key], "", f"unknown top-level key '{key}' in a glossary "
                                    "(expected only 'glossary')"))
    items = doc["glossary"]
    if not isinstance(items, list):
        problems.append(Problem(shown, doc.key_lines["glossary"], "", "'glossary' must be a list of {de, en, avoid}"))
        return
    for number, item in enumerate(items, start=1):
        line = getattr(item, "line", doc.key_lines["glossary"])
        de = item.get("de") if isinstance(item, dict) else None
        forms = [de] if isinstance(de, str) else de
        avoid = item.get("avoid", []) if isinstance(item, dict) else None
        if (not isinstance(forms, list) or not forms or not all(isinstance(f, str) and f for f in forms)
                or not isinstance(item.get("en"), str) or not item["en"].strip()
                or not isinstance(avoid, list) or not all(isinstance(a, str) for a in avoid)):
            problems.append(Problem(shown, line, f"glossary #{number}",
                                    "a glossary term needs 'de' (German forms), 'en' (the English term) and "
                                    "optionally 'avoid' (a list of variants)"))
            continue
        glossary.append(GlossaryTerm(tuple(forms), item["en"].strip(), tuple(avoid), shown, line))
