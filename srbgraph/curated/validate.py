"""Check curated entities against the ontology: every problem found in one run.

The rules (see ``docs/curation.md``): a readable unique id, a known class, known fields, a German
and an English label, at least one piece of evidence with a non-empty quote and a section, relations
to known ids of the right class, values of the right datatype.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Any, Iterable

from rdflib import XSD, URIRef

from ..errors import Problem, clip, did_you_mean, shown
from ..limits import MAX_YAML_BYTES
from .links import LINK_RELATIONS, check_links, check_rationales, links_of
from .read import Curation, Entity
from .reviews import check_reviewer_names
from .vocabulary import EVIDENCE_KEYS, REPLACED_BY, RESERVED, Field, Vocabulary

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _hint(word: str, choices: Iterable[str]) -> str:
    if len(word) > 200:  # no near miss, and difflib would take its time
        return ""
    return did_you_mean(word, choices)


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
    problems.extend(check_replaced(curation, types, {name for name, spec in fields.items() if spec.is_relation}))
    if unread is None:
        problems.extend(_check_paths_complete(curation, vocabulary))
    problems.extend(check_glossary(curation))
    problems.extend(check_rationales(curation.entities))
    problems.extend(check_reviewer_names((review, link.file, link.line) for entity in curation.entities
                                         for link in links_of(entity) for review in link.reviews))
    return problems


def check_glossary(curation: Curation) -> Iterable[Problem]:
    """English labels follow the glossary: the English term wherever the German label holds one of
    its German forms (case ignored), and none of the variants to avoid."""
    for entity in curation.entities:
        german, english = entity.fields.get("label_de"), entity.fields.get("label_en")
        if not isinstance(german, str) or not isinstance(english, str):
            continue
        for term in curation.glossary:
            form = next((f for f in term.de if f.lower() in german.lower()), None)
            if form is not None and term.en.lower() not in english.lower():
                yield Problem(entity.file, entity.line_of("label_en"), entity.name,
                              f"label_en should say '{term.en}' for '{form}' (glossary, {term.file}:{term.line})")
            for variant in term.avoid:
                if variant.lower() in english.lower():
                    yield Problem(entity.file, entity.line_of("label_en"), entity.name,
                                  f"label_en uses '{variant}'; the glossary says '{term.en}' ({term.file}:{term.line})")


#: class → (fields of which at least one must be given, what the message says). An obstacle the
#: documentation ties to nothing it brakes, a measure it names for no obstacle, or an indicator it
#: ties to no goal, is an honest gap (``srbgraph gaps`` lists them), not a fault: no link is ever
#: added to fill one.
REQUIRED_LINKS = {
    "Indicator": (("rank",), "an indicator of a working group needs its 'rank' (1 = most important in its working group)"),
}
#: class → the field that makes a required field of :data:`REQUIRED_LINKS` required: an indicator of
#: the theory table (no working group proposed it) has no rank
REQUIRED_WHEN = {"Indicator": "proposedBy"}


def _check_paths_complete(curation: Curation, vocabulary: Vocabulary) -> Iterable[Problem]:
    """The path classes carry what makes them what they are: an indicator of a working group has its
    rank."""
    classes = vocabulary.classes
    for entity in curation.entities:
        cls = classes.get(entity.type)
        if cls is None or not entity.id:
            continue
        for name, (keys, message) in REQUIRED_LINKS.items():
            if name in REQUIRED_WHEN and not entity.fields.get(REQUIRED_WHEN[name]):
                continue
            if vocabulary.is_a(cls, frozenset({classes[name]})) and not any(entity.fields.get(k) for k in keys):
                yield Problem(entity.file, entity.line, entity.name, message)


def check_replaced(curation: Curation, types: dict[str, URIRef], relations: set[str]) -> Iterable[Problem]:
    """The rules of replaced entities (``isReplacedBy``, the vocabulary contract's "Replaced
    entities"): the successor is one id, not the entity itself and not itself replaced (no chains,
    no cycles); a replaced entity has no path link of its own, and nothing links to it."""
    replaced = {e.id: e for e in curation.entities if e.id and REPLACED_BY in e.fields}
    for entity in replaced.values():
        yield from _check_successor(entity, replaced)
        for key in LINK_RELATIONS:
            if key in entity.fields:
                yield Problem(entity.file, entity.line_of(key), entity.name,
                              f"a replaced entity carries no path link ('{key}'): its successor "
                              f"'{shown_id(entity.replaced_by)}' carries the links")
    if not replaced:
        return
    for entity in curation.entities:
        for key, target, line in _references(entity, types, relations):
            if target in replaced:
                yield Problem(entity.file, line, entity.name,
                              f"'{key}' → '{target}' is a replaced entity: point to its successor "
                              f"'{shown_id(replaced[target].replaced_by)}'")


def shown_id(ident: str) -> str:
    return clip(ident) if ident else "?"


def _check_successor(entity: Entity, replaced: dict[str, Entity]) -> Iterable[Problem]:
    """One successor, not the entity itself, and the last of its line (no chain, no cycle)."""
    line, successor = entity.line_of(REPLACED_BY), entity.fields.get(REPLACED_BY)
    if not isinstance(successor, str) or not successor:
        yield Problem(entity.file, line, entity.name,
                      f"'isReplacedBy' names one id, the successor, got {shown(successor)}")
        return
    if successor == entity.id:
        yield Problem(entity.file, line, entity.name, "'isReplacedBy' names the entity itself")
        return
    if successor not in replaced:
        return
    walked, current = [entity.id], successor
    while current in replaced and current not in walked:
        walked.append(current)
        current = replaced[current].replaced_by
    if current in walked:
        cycle = " → ".join(walked[walked.index(current):] + [current])
        yield Problem(entity.file, line, entity.name,
                      f"'isReplacedBy' → '{successor}' leads round in a cycle ({cycle}): "
                      "a replaced entity names a successor that is not replaced")
    else:
        yield Problem(entity.file, line, entity.name,
                      f"'isReplacedBy' → '{successor}' is itself replaced (by '{replaced[successor].replaced_by}'): "
                      f"name the last successor '{shown_id(current)}' (no chains)")


def _references(entity: Entity, types: dict[str, URIRef], relations: set[str]) -> Iterable[tuple[str, str, int]]:
    """``(relation, target id, line)`` of every link and other relation (*relations*: the names of
    the relation fields) of *entity* to a known id, its successor aside."""
    for link in links_of(entity):
        yield link.relation, link.target, link.line
    for key, value in entity.fields.items():
        if key in LINK_RELATIONS or key == REPLACED_BY or key not in relations:
            continue
        for target in as_list(value):
            if isinstance(target, str) and target in types:
                yield key, target, entity.line_of(key)


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
    for key in ("definition_de", "definition_en", "note", "note_de"):
        if key in entity.fields and not isinstance(entity.fields[key], str):
            yield problem(key, f"'{key}' must be a text")

    def check_items(items, line: int, what: str) -> list[Problem]:
        return list(_check_evidence_items(items, entity, line, what))

    evidence = entity.fields.get("evidence")
    if evidence is None or evidence == []:
        yield problem("evidence", "missing evidence (at least one {quote, section} from the source)")
    else:
        yield from check_items(evidence, entity.line_of("evidence"), "evidence")

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
            if key in LINK_RELATIONS:
                link_problems, targets = check_links(entity, key, value, check_items)
                yield from link_problems
            else:
                targets = [(target, entity.line_of(key)) for target in as_list(value)]
            for target, line in targets:
                if not isinstance(target, str):
                    yield Problem(entity.file, line, name, f"'{key}' must list ids, got {shown(target)}")
                elif target not in types:
                    if target in unread:
                        continue  # defined, it seems, in a file that could not be read
                    yield Problem(entity.file, line, name,
                                  f"'{key}' refers to unknown id '{clip(target)}'{_hint(target, types)}")
                elif spec.range and not vocabulary.is_a(types[target], spec.range):
                    yield Problem(entity.file, line, name,
                                  f"'{key}' → '{target}' is a {vocabulary.local(types[target])}, "
                                  f"expected {vocabulary.names(spec.range)}")
        else:
            datatype = next(iter(spec.range), None) if len(spec.range) == 1 else None
            for item in as_list(value):
                why = check_value(item, datatype)
                if why:
                    yield problem(key, f"'{key}' {why}, got {shown(item)}")


def _check_evidence_items(evidence, entity: Entity, line: int, what: str) -> Iterable[Problem]:
    """Problems of an evidence list (an entity's or a link's): each item a ``{quote, section}``."""
    if not isinstance(evidence, list):
        yield Problem(entity.file, line, entity.name, f"{what} must be a list of {{quote, section}}")
        return
    for number, item in enumerate(evidence, start=1):
        at = getattr(item, "line", line)
        if not isinstance(item, dict):
            yield Problem(entity.file, at, entity.name, f"{what} #{number} must be a mapping {{quote, section}}")
            continue
        for key in item:
            if key not in EVIDENCE_KEYS:
                yield Problem(entity.file, item.key_lines.get(key, at), entity.name,
                              f"{what} #{number}: unknown field '{clip(key)}'{_hint(str(key), EVIDENCE_KEYS)}")
        quote = item.get("quote")
        if not isinstance(quote, str) or not quote.strip():
            yield Problem(entity.file, at, entity.name, f"{what} #{number}: empty quote")
        section = item.get("section")
        if not isinstance(section, str) or not section.strip():
            yield Problem(entity.file, at, entity.name, f"{what} #{number}: missing section")
        source = item.get("source")
        if source is not None and not (isinstance(source, str) and re.fullmatch(r"reference/[\w.\-]+", source)):
            yield Problem(entity.file, at, entity.name,
                          f"{what} #{number}: 'source' must name a reference file as reference/<file>, "
                          f"got {shown(source)}")
