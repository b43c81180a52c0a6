"""A JSON Schema of the data files, generated from the ontology, for curators' editors.

An editor with a YAML plug-in (VS Code's YAML extension, IntelliJ, Neovim's yaml-language-server)
reads it and then completes field names, relation names and kinds while the curator types, shows
each field's German and English meaning, and flags an unknown field or kind at once. It says what
:mod:`srbgraph.curated.validate` says about the *shape* of a file: the fields of an entity (the
reserved ones and one per ontology property, :class:`~srbgraph.curated.vocabulary.Vocabulary`),
the value of each (ids, a link mapping with support, evidence and reviews, a number, a date …) and
the kinds (``type``). What needs the whole data — that an id exists, that it names the right kind,
that a field applies to the class — stays with ``srbgraph validate``.

The schema is written in JSON Schema draft-07, the draft every YAML editor plug-in reads, and it
is deterministic (sorted, no date), so the copy kept in the repository can be compared with a
fresh one (``tests/test_schema.py``: the CI check that it is current).
"""
from __future__ import annotations

import json

from rdflib import RDFS, XSD
from rdflib.namespace import SKOS

from .links import LINK_RELATIONS, SUPPORT_LEVELS
from .reviews import VERDICT_DE, VERDICTS
from .validate import ID_PATTERN
from .vocabulary import REPLACED_BY, Vocabulary

#: classes whose individuals the build or `srbgraph link` makes, never a data file
MADE_CLASSES = ("Assertion", "Evidence", "LinkedRecord", "Review", "SupportLevel", "Verdict")
SCHEMA_ID = "https://w3id.org/srbgraph/data.schema.json"
DATE = r"^\d{4}-\d{2}-\d{2}$"
ID = {"type": "string", "pattern": ID_PATTERN.pattern}


def _text(vocabulary: Vocabulary, iri, predicate, lang: str) -> str:
    return " ".join(next((str(v) for v in vocabulary.graph.objects(iri, predicate)
                          if getattr(v, "language", None) == lang), "").split())


def _describe(vocabulary: Vocabulary, spec) -> str:
    """German label and definition, the English beside them, and where the field applies."""
    de = _text(vocabulary, spec.iri, RDFS.label, "de")
    en = _text(vocabulary, spec.iri, RDFS.label, "en")
    parts = [f"{de} ({en})" if de and en else de or en or spec.name]
    definition = _text(vocabulary, spec.iri, SKOS.definition, "de") or _text(vocabulary, spec.iri, SKOS.definition, "en")
    if definition:
        parts.append(definition)
    if spec.domain:
        parts.append(f"gilt für (applies to): {vocabulary.names(spec.domain)}")
    if spec.is_relation and spec.range:
        parts.append(f"→ {vocabulary.names(spec.range)} (id)")
    return "\n".join(parts)


def _value(spec) -> dict:
    """The schema of a value field's value (one value, or a list of them)."""
    datatype = next(iter(spec.range), None) if len(spec.range) == 1 else None
    one: dict
    if datatype == XSD.integer:
        one = {"type": "integer"}
    elif datatype == XSD.boolean:
        one = {"type": "boolean"}
    elif datatype == XSD.date:
        one = {"type": "string", "pattern": DATE}
    elif datatype == XSD.gYear:
        one = {"anyOf": [{"type": "integer", "minimum": 1000, "maximum": 9999},
                         {"type": "string", "pattern": r"^\d{4}$"}]}
    elif datatype == XSD.anyURI:
        one = {"type": "string", "pattern": r"^https?://\S+$"}
    else:
        one = {"type": ["string", "number", "boolean"]}
    return {"anyOf": [one, {"type": "array", "items": one}]}


def _definitions() -> dict:
    evidence = {"type": "object", "additionalProperties": False, "required": ["quote", "section"],
                "properties": {"quote": {"type": "string", "minLength": 1,
                                         "description": "Zitat, wörtlich wie in der Quelle (verbatim quote)"},
                               "section": {"type": "string", "minLength": 1,
                                           "description": "Abschnitt, in dem es steht (section heading)"},
                               "source": {"type": "string", "pattern": r"^reference/[\w.\-]+$",
                                          "description": "Referenzdatei statt der Dokumentation (reference file)"}}}
    words = [*VERDICT_DE.values(), *VERDICTS]
    review = {"type": "object", "additionalProperties": False, "required": ["reviewer", "date", "verdict"],
              "properties": {"reviewer": {"type": "string", "minLength": 1, "description": "wer urteilte (reviewer)"},
                             "date": {"type": "string", "pattern": DATE, "description": "wann, JJJJ-MM-TT (date)"},
                             "verdict": {"enum": words, "description": "bestätigt, abgelehnt oder unklar (verdict)"},
                             "comment": {"type": "string", "description": "Kommentar (comment)"}}}
    link = {"type": "object", "additionalProperties": False, "required": ["to", "support", "evidence"],
            "properties": {"to": {**ID, "description": "id des anderen Endes (id of the other end)"},
                           "support": {"enum": list(SUPPORT_LEVELS),
                                       "description": "stated: die Quelle nennt beide Enden; interpreted: Lesart "
                                                      "der Kuration, mit Begründung"},
                           "evidence": {"type": "array", "minItems": 1, "items": {"$ref": "#/definitions/evidence"}},
                           "rationale": {"type": "string", "description": "Begründung der Kuration (deutsch)"},
                           "rationale_en": {"type": "string", "description": "rationale in English (optional)"},
                           "reviews": {"type": "array", "items": {"$ref": "#/definitions/review"},
                                       "description": "Urteile von Gutachter:innen (srbgraph review import)"}},
            "if": {"properties": {"support": {"const": "interpreted"}}},
            "then": {"required": ["rationale"]}}
    return {"evidence": evidence, "review": review, "link": link,
            "ids": {"anyOf": [ID, {"type": "array", "items": ID}]}}


def _entity(vocabulary: Vocabulary, kinds: list[str]) -> dict:
    text = {"type": "string", "minLength": 1}
    properties: dict = {
        "id": {**ID, "description": "Kennung: Kleinbuchstaben, Ziffern, Bindestriche (ae/oe/ue/ss für Umlaute)"},
        "type": {"enum": kinds, "description": "Art (kind); sonst gilt das type der Datei"},
        "label_de": {**text, "description": "deutsche Bezeichnung (German label)"},
        "label_en": {**text, "description": "englische Bezeichnung (English label)"},
        "definition_de": {"type": "string"}, "definition_en": {"type": "string"},
        "note": {"type": "string", "description": "Anmerkung der Kuration, englisch (curators' note, English)"},
        "note_de": {"type": "string", "description": "Anmerkung der Kuration, deutsch (curators' note, German)"},
        "evidence": {"type": "array", "minItems": 1, "items": {"$ref": "#/definitions/evidence"},
                     "description": "Belege aus der Quelle (evidence): mindestens einer"},
    }
    for name, spec in sorted(vocabulary.fields.items()):
        if name in LINK_RELATIONS:
            value = {"anyOf": [{"$ref": "#/definitions/link"},
                               {"type": "array", "items": {"$ref": "#/definitions/link"}}]}
        elif name == REPLACED_BY:  # one successor (data/replaced.yaml)
            value = dict(ID)
        elif spec.is_relation:
            value = {"$ref": "#/definitions/ids"}
        else:
            value = _value(spec)
        properties[name] = {**value, "description": _describe(vocabulary, spec)}
    return {"type": "object", "additionalProperties": False, "required": ["id", "label_de", "label_en", "evidence"],
            "properties": properties}


def data_schema(vocabulary: Vocabulary) -> dict:
    """The JSON Schema (draft-07) of a data file (or the glossary file) for *vocabulary*."""
    kinds = sorted(name for name in vocabulary.classes if name not in MADE_CLASSES)
    definitions = _definitions()
    definitions["entity"] = _entity(vocabulary, kinds)
    definitions["dataFile"] = {"type": "object", "additionalProperties": False, "required": ["entities"],
                               "properties": {"type": {"enum": kinds, "description": "Art aller Einträge der Datei"},
                                              "entities": {"type": "array", "items": {"$ref": "#/definitions/entity"}}}}
    definitions["glossaryFile"] = {
        "type": "object", "additionalProperties": False, "required": ["glossary"],
        "properties": {"glossary": {"type": "array", "items": {
            "type": "object", "additionalProperties": False, "required": ["de", "en"],
            "properties": {"de": {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]},
                           "en": {"type": "string", "minLength": 1},
                           "avoid": {"type": "array", "items": {"type": "string"}}}}}}}
    return {"$schema": "http://json-schema.org/draft-07/schema#", "$id": SCHEMA_ID,
            "title": "srbgraph: Datendatei (data file)",
            "description": "Eine Datei in data/: type und entities, oder die Glossardatei (glossary). Erzeugt aus "
                           "ontology/srb.ttl mit `srbgraph schema`; srbgraph validate prüft den Rest.",
            "if": {"type": "object", "required": ["glossary"]},
            "then": {"$ref": "#/definitions/glossaryFile"}, "else": {"$ref": "#/definitions/dataFile"},
            "definitions": definitions}


def schema_text(vocabulary: Vocabulary) -> str:
    """:func:`data_schema` as the text kept in the repository (sorted keys, two-space indent)."""
    return json.dumps(data_schema(vocabulary), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
