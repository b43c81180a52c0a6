"""Check curated entities against the ontology: every problem found in one run.

The rules (see ``docs/curation.md``): a readable unique id, a known class, known fields, a German
and an English label, at least one piece of evidence with a non-empty quote and a section, relations
to known ids of the right class, values of the right datatype.
"""
from __future__ import annotations

import datetime as dt
import re
from difflib import get_close_matches
from typing import Any, Iterable

from rdflib import XSD, URIRef

from ..errors import Problem, clip, shown
from ..limits import MAX_YAML_BYTES
from .read import Curation, Entity
from .vocabulary import EVIDENCE_KEYS, RESERVED, Field, Vocabulary

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _hint(word: str, choices: Iterable[str]) -> str:
    if len(word) > 200:  # no near miss, and difflib would take its time
        return ""
    close = get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def as_list(value: Any) -> list:
    """A relation written as one id or as a list of ids."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def check_value(value: Any, datatype: URIRef | None) -> str | None:
    """Why *value* does not fit *datatype*, or None when it fits."""
    if datatype == XSD.integer:
        if isinstance(value, bool) or not isinstance(value, int):
            return "must be a whole number"
    elif datatype == XSD.boolean:
        if not isinstance(value, bool):
            return "must be true or false"
    elif datatype == XSD.date:
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return None
        try:
            dt.date.fromisoformat(str(value))
        except ValueError:
            return "must be a date written YYYY-MM-DD"
    elif datatype == XSD.gYear:
        if not re.fullmatch(r"\d{4}", str(value)):
            return "must be a year of four digits"
    elif datatype == XSD.anyURI:
        if not isinstance(value, str) or not re.fullmatch(r"https?://[^\s<>\"{}|^`\\]+", value):
            return "must be an http(s) IRI"
    elif isinstance(value, (dict, list)):
        return "must be a single value"
    return None


def validate(curation: Curation, vocabulary: Vocabulary) -> list[Problem]:
    """All problems of *curation*: those found while reading and those against *vocabulary*.
    When a file could not be read at all, its entities are missing: what refers to them is not
    reported (it would be dozens of "unknown id" lines after the one that matters), nor are goals
    missing for indicators; every other problem still is."""
    problems = list(curation.problems)
    unread = _ids_of_unread_files(curation)
    classes = vocabulary.classes
    fields = vocabulary.fields
    known = set(RESERVED) | set(fields)

    first_seen: dict[str, Entity] = {}
    types: dict[str, URIRef] = {}
    for entity in curation.entities:
        where = (entity.file, entity.line, entity.name)
        if not entity.id:
            problems.append(Problem(*where, "missing 'id'"))
        elif not ID_PATTERN.match(entity.id):
            problems.append(
                Problem(entity.file, entity.line_of("id"), entity.name,
                        "id must be lower-case ASCII letters, digits and single hyphens "
                        "(write ae/oe/ue/ss for umlauts)")
            )
        elif entity.id in first_seen:
            other = first_seen[entity.id]
            problems.append(
                Problem(entity.file, entity.line_of("id"), entity.name,
                        f"duplicate id (first defined at {other.file}:{other.line})")
            )
        else:
            first_seen[entity.id] = entity
        if not entity.type:
            problems.append(Problem(*where, "no 'type' (give one here or at the top of the file)"))
        elif entity.type not in classes:
            line = entity.line_of("type") if "type" in entity.fields else 1
            problems.append(
                Problem(entity.file, line, entity.name,
                        f"unknown type '{clip(entity.type)}'{_hint(entity.type, classes)}")
            )
        elif entity.id and entity.id not in types:
            types[entity.id] = classes[entity.type]

    for entity in curation.entities:
        problems.extend(_check_entity(entity, vocabulary, fields, known, types, unread or set()))
    if unread is None:
        problems.extend(_check_paths_complete(curation, vocabulary))
    return problems


#: class → (fields of which at least one must be given, what the message says)
REQUIRED_LINKS = {
    "Obstacle": (("hinders",), "an obstacle must hinder at least one goal or need ('hinders')"),
    "Measure": (("addresses", "supports"),
                "a measure must address an obstacle ('addresses') or support a goal ('supports')"),
    "Indicator": (("rank",), "an indicator needs its 'rank' (1 = most important in its working group)"),
}


def _check_paths_complete(curation: Curation, vocabulary: Vocabulary) -> Iterable[Problem]:
    """The path classes carry the links that make a path: no dangling obstacle or measure, and
    every indicator measures some goal."""
    classes = vocabulary.classes
    measured = {target for e in curation.entities for target in as_list(e.fields.get("measuredBy"))}
    for entity in curation.entities:
        cls = classes.get(entity.type)
        if cls is None or not entity.id:
            continue
        for name, (keys, message) in REQUIRED_LINKS.items():
            if vocabulary.is_a(cls, frozenset({classes[name]})) and not any(entity.fields.get(k) for k in keys):
                yield Problem(entity.file, entity.line, entity.name, message)
        if vocabulary.is_a(cls, frozenset({classes["Indicator"]})) and entity.id not in measured:
            yield Problem(entity.file, entity.line, entity.name,
                          "no goal is measured by this indicator (list it under a goal's 'measuredBy')")


_ID_LINE = re.compile(rb"^[ \t-]*id:[ \t]*[\"']?([a-z0-9][a-z0-9-]*)", re.M)


def _ids_of_unread_files(curation: Curation) -> set[str] | None:
    """The ids that the files which could not be read seem to define (``id: …`` lines, read from
    the first 20 MB of each), or None when every file was read."""
    from .read import display_path

    unread = {problem.file for problem in curation.problems if problem.unreadable}
    if not unread:
        return None
    ids: set[str] = set()
    for path in curation.files:
        if display_path(path) in unread:
            try:
                with open(path, "rb") as handle:
                    ids.update(m.decode("ascii") for m in _ID_LINE.findall(handle.read(MAX_YAML_BYTES)))
            except OSError:
                pass
    return ids


def _check_entity(
    entity: Entity,
    vocabulary: Vocabulary,
    fields: dict[str, Field],
    known: set[str],
    types: dict[str, URIRef],
    unread: set[str],
) -> Iterable[Problem]:
    name = entity.name
    cls = vocabulary.classes.get(entity.type)

    def problem(key: str, message: str) -> Problem:
        return Problem(entity.file, entity.line_of(key), name, message)

    for key in entity.fields:
        if not isinstance(key, str) or key not in known:
            yield problem(key, f"unknown field '{clip(key)}'{_hint(str(key), known)}")

    for key in ("label_de", "label_en"):
        value = entity.fields.get(key)
        language = "German" if key == "label_de" else "English"
        if value is None or (isinstance(value, str) and not value.strip()):
            yield problem(key, f"missing {language} label ('{key}')")
        elif not isinstance(value, str):
            yield problem(key, f"'{key}' must be a text")
    for key in ("definition_de", "definition_en", "note"):
        if key in entity.fields and not isinstance(entity.fields[key], str):
            yield problem(key, f"'{key}' must be a text")

    yield from _check_evidence(entity, problem)

    for key, value in entity.fields.items():
        spec = fields.get(key) if isinstance(key, str) else None
        if spec is None:
            continue
        if cls is not None and spec.domain and not vocabulary.is_a(cls, spec.domain):
            yield problem(
                key,
                f"'{key}' does not apply to a {entity.type} (it applies to "
                f"{vocabulary.names(spec.domain)})",
            )
        if spec.is_relation:
            for target in as_list(value):
                if not isinstance(target, str):
                    yield problem(key, f"'{key}' must list ids, got {shown(target)}")
                elif target not in types:
                    if target in unread:
                        continue  # defined, it seems, in a file that could not be read
                    yield problem(key, f"'{key}' refers to unknown id '{clip(target)}'{_hint(target, types)}")
                elif spec.range and not vocabulary.is_a(types[target], spec.range):
                    yield problem(
                        key,
                        f"'{key}' → '{target}' is a {vocabulary.local(types[target])}, "
                        f"expected {vocabulary.names(spec.range)}",
                    )
        else:
            datatype = next(iter(spec.range), None) if len(spec.range) == 1 else None
            for item in as_list(value):
                why = check_value(item, datatype)
                if why:
                    yield problem(key, f"'{key}' {why}, got {shown(item)}")


def _check_evidence(entity: Entity, problem) -> Iterable[Problem]:
    evidence = entity.fields.get("evidence")
    if evidence is None or evidence == []:
        yield problem("evidence", "missing evidence (at least one {quote, section} from the source)")
        return
    if not isinstance(evidence, list):
        yield problem("evidence", "'evidence' must be a list of {quote, section}")
        return
    for number, item in enumerate(evidence, start=1):
        line = getattr(item, "line", entity.line_of("evidence"))
        if not isinstance(item, dict):
            yield Problem(entity.file, line, entity.name, f"evidence #{number} must be a mapping {{quote, section}}")
            continue
        for key in item:
            if key not in EVIDENCE_KEYS:
                yield Problem(entity.file, item.key_lines.get(key, line), entity.name,
                              f"evidence #{number}: unknown field '{clip(key)}'{_hint(str(key), EVIDENCE_KEYS)}")
        quote = item.get("quote")
        if not isinstance(quote, str) or not quote.strip():
            yield Problem(entity.file, line, entity.name, f"evidence #{number}: empty quote")
        section = item.get("section")
        if not isinstance(section, str) or not section.strip():
            yield Problem(entity.file, line, entity.name, f"evidence #{number}: missing section")
        source = item.get("source")
        if source is not None and not (isinstance(source, str) and re.fullmatch(r"reference/[\w.\-]+", source)):
            yield Problem(entity.file, line, entity.name,
                          f"evidence #{number}: 'source' must name a reference file as reference/<file>, "
                          f"got {shown(source)}")
