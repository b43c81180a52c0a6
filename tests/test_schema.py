"""srbgraph schema: the JSON Schema of the data files, generated from the ontology; the copy in
docs/ is current (the CI check), every shipped file passes it, and a wrong field, kind or verdict
does not."""
from __future__ import annotations

import datetime as dt
import json

import jsonschema
import pytest
import yaml
from conftest import REPO

KEPT = REPO / "docs" / "data.schema.json"


def as_editor_reads(value):
    """A YAML document as an editor's YAML 1.2 plug-in sees it: dates are texts."""
    if isinstance(value, dict):
        return {key: as_editor_reads(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_editor_reads(item) for item in value]
    return value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else value


@pytest.fixture(scope="module")
def validator():
    schema = json.loads(KEPT.read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


def test_the_kept_schema_is_current(srbgraph, tmp_path):
    result = srbgraph("schema", "-o", tmp_path / "schema.json")
    assert result.code == 0, result
    assert (tmp_path / "schema.json").read_text(encoding="utf-8") == KEPT.read_text(encoding="utf-8"), \
        "docs/data.schema.json is out of date: run `srbgraph schema -o docs/data.schema.json`"
    assert srbgraph("schema").out == KEPT.read_text(encoding="utf-8")


def test_every_shipped_data_file_passes(validator):
    for path in sorted((REPO / "data").glob("*.yaml")):
        errors = list(validator.iter_errors(as_editor_reads(yaml.safe_load(path.read_text(encoding="utf-8")))))
        assert not errors, f"{path.name}: {errors[0].message} at {list(errors[0].path)}"


def _doc(entity: dict, kind: str = "Obstacle") -> dict:
    base = {"id": "obstacle-x", "label_de": "X", "label_en": "X", "evidence": [{"quote": "q", "section": "s"}]}
    return {"type": kind, "entities": [{**base, **entity}]}


LINK = {"to": "goal-x", "support": "interpreted", "rationale": "weil", "evidence": [{"quote": "q", "section": "s"}]}


@pytest.mark.parametrize("entity, kind, wrong", [
    ({"hindres": [LINK]}, "Obstacle", "'hindres'"),  # a field the ontology does not know
    ({}, "Obstacel", "'Obstacel'"),  # a kind it does not know
    ({"hinders": [{**LINK, "support": "gelesen"}]}, "Obstacle", "'gelesen'"),
    ({"hinders": [{k: v for k, v in LINK.items() if k != "rationale"}]}, "Obstacle", "'rationale'"),
    ({"hinders": [{**LINK, "reviews": [{"reviewer": "A", "date": "2026-12-01", "verdict": "jein"}]}]}, "Obstacle",
     "'jein'"),
    ({"hinders": [{**LINK, "reviews": [{"reviewer": "A", "date": "1.12.2026", "verdict": "unklar"}]}]}, "Obstacle",
     "'1.12.2026'"),
    ({"rank": "eins"}, "Indicator", "'eins'"),
])
def test_a_wrong_field_kind_or_value_is_flagged(validator, entity, kind, wrong):
    errors = list(validator.iter_errors(_doc(entity, kind)))
    assert errors and any(wrong in str(e.message) or any(wrong in str(c.message) for c in e.context or [])
                          for e in errors), [e.message for e in errors]


def test_a_right_link_with_reviews_passes_and_fields_are_described(validator):
    doc = _doc({"hinders": [{**LINK, "reviews": [{"reviewer": "Dr. M. Muster", "date": "2026-12-01",
                                                  "verdict": "bestätigt", "comment": "ja"}]}]})
    assert list(validator.iter_errors(doc)) == []
    fields = validator.schema["definitions"]["entity"]["properties"]
    assert fields["hinders"]["description"].startswith("bremst (hinders)")
    assert "gilt für (applies to): Obstacle" in fields["hinders"]["description"]
    assert "Obstacle" in validator.schema["definitions"]["dataFile"]["properties"]["type"]["enum"]
    assert "Assertion" not in validator.schema["definitions"]["entity"]["properties"]["type"]["enum"]
