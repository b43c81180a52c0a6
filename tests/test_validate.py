"""Bad data is refused: one line per problem naming file, line and entity; exit 1; nothing written."""
from __future__ import annotations

import textwrap

import pytest

EVIDENCE = """
    evidence:
      - quote: "Der Fachkräftemangel wurde in allen Arbeitsgruppen thematisiert"
        section: "… gemeinsam beobACHTEN > Klären und in Bezug setzen"
"""
#: a path link as the data writes it: a mapping that says how the source supports it
QUOTE = '{quote: "Der Fachkräftemangel wurde in allen Arbeitsgruppen thematisiert", section: "… gemeinsam beobACHTEN"}'


#: numbers for the rationales of test links (one rationale may stand on two links at most)
_NUMBER = iter(range(1, 10_000))


def link(target: str, support: str = "interpreted", rationale: str | None = None, quote: bool = True) -> str:
    if rationale is None:
        rationale = f"Lesart der Kuration Nr. {next(_NUMBER)}."
    parts = [f"to: {target}", f"support: {support}"]
    if rationale:
        parts.append(f'rationale: "{rationale}"')
    if quote:
        parts.append(f"evidence: [{QUOTE}]")
    return "[{" + ", ".join(parts) + "}]"


def hinders() -> str:
    """A valid path link for a test entity, with a rationale of its own."""
    return "hinders: " + link("goal-orientierung-an-bedarfen")


def entity(text: str, evidence: bool = True) -> str:
    body = textwrap.indent(textwrap.dedent(text).strip("\n"), "    ")
    body = "  - " + body[4:]
    return body + ("\n" + textwrap.indent(textwrap.dedent(EVIDENCE).strip("\n"), "    ") if evidence else "")


def bad_file(data, name: str, *entities: str, file_type: str = "Obstacle"):
    path = data / name
    path.write_text(f"type: {file_type}\nentities:\n" + "\n".join(entities) + "\n", encoding="utf-8")
    return path


# one case per error class: (entity YAML, expected message part)
CASES = {
    "unknown type": ("""
        id: bad-type
        type: Obstacel
        label_de: Falsch getippt
        label_en: Mistyped
        """, "bad-type: unknown type 'Obstacel' (did you mean 'Obstacle'?)"),
    "unknown field": ("""
        id: bad-field
        label_de: Feld falsch
        label_en: Wrong field
        """ + hinders() + """
        hindres: goal-orientierung-an-bedarfen
        """, "bad-field: unknown field 'hindres' (did you mean 'hinders'?)"),
    "duplicate id": ("""
        id: workshop-koblenz
        label_de: Doppelt
        label_en: Twice
        """ + hinders() + """
        """, "workshop-koblenz: duplicate id (first defined at "),
    "unknown id": ("""
        id: bad-target
        label_de: Ziel unbekannt
        label_en: Unknown target
        hinders: """ + link("goal-orientierung-an-bedarfn") + """
        """, "bad-target: 'hinders' refers to unknown id 'goal-orientierung-an-bedarfn' "
             "(did you mean 'goal-orientierung-an-bedarfen'?)"),
    "relation from the wrong class": ("""
        id: bad-measure
        type: Measure
        label_de: Maßnahme, die bremst
        label_en: Measure that hinders
        supports: """ + link("goal-orientierung-an-bedarfen") + """
        """ + hinders() + """
        """, "bad-measure: 'hinders' does not apply to a Measure (it applies to Obstacle)"),
    "relation to the wrong class": ("""
        id: bad-range
        type: Measure
        label_de: Maßnahme gegen ein Ziel
        label_en: Measure against a goal
        addresses: """ + link("goal-orientierung-an-bedarfen") + """
        """, "bad-range: 'addresses' → 'goal-orientierung-an-bedarfen' is a ActionGoal, expected Obstacle"),
    "missing German label": ("""
        id: bad-label
        label_en: Only English
        """ + hinders() + """
        """, "bad-label: missing German label ('label_de')"),
    "empty quote": ("""
        id: bad-quote
        label_de: Leeres Zitat
        label_en: Empty quote
        """ + hinders() + """
        evidence:
          - quote: ""
            section: Einleitung
        """, "bad-quote: evidence #1: empty quote"),
    # path links say how the source supports them (docs/curation.md, "Path links")
    "link in the short form": ("""
        id: bad-short
        label_de: Kurzform
        label_en: Short form
        hinders: goal-orientierung-an-bedarfen
        """, "bad-short: 'hinders' → 'goal-orientierung-an-bedarfen': a link needs its support — write it as a "
             "mapping {to, support: stated|interpreted, evidence, rationale}"),
    "link without support": ("""
        id: bad-nosupport
        label_de: Ohne Stützung
        label_en: Without support
        hinders: [{to: goal-orientierung-an-bedarfen, evidence: [""" + QUOTE + """]}]
        """, "bad-nosupport: 'hinders' → 'goal-orientierung-an-bedarfen': no support — say 'support: stated'"),
    "unknown support level": ("""
        id: bad-level
        label_de: Falsche Stufe
        label_en: Wrong level
        hinders: """ + link("goal-orientierung-an-bedarfen", support="vielleicht") + """
        """, "bad-level: 'hinders' → 'goal-orientierung-an-bedarfen': support must be stated or interpreted, "
             "got 'vielleicht'"),
    "stated link without a quote": ("""
        id: bad-stated
        label_de: Genannt ohne Zitat
        label_en: Stated without a quote
        hinders: """ + link("goal-orientierung-an-bedarfen", support="stated", rationale="", quote=False) + """
        """, "bad-stated: 'hinders' → 'goal-orientierung-an-bedarfen': a stated link needs a quote that names "
             "both ends (evidence)"),
    "interpreted link without a rationale": ("""
        id: bad-reading
        label_de: Lesart ohne Begründung
        label_en: Reading without rationale
        hinders: """ + link("goal-orientierung-an-bedarfen", rationale="") + """
        """, "bad-reading: 'hinders' → 'goal-orientierung-an-bedarfen': an interpreted link needs a rationale"),
    "English label against the glossary": ("""
        id: bad-glossary
        label_de: Mehr sozialer Ausgleich
        label_en: More equalising
        """ + hinders() + """
        """, "bad-glossary: label_en should say 'social balance' for 'sozialer Ausgleich'"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_error_class_gives_one_line_naming_file_line_and_entity(srbgraph, data_copy, case):
    text, expected = CASES[case]
    bad_file(data_copy, "zz_bad.yaml", entity(text, evidence=case != "empty quote"))
    result = srbgraph("validate", "--data", data_copy)
    assert result.code == 1, result
    lines = [line for line in result.err.splitlines() if expected in line]
    assert len(lines) == 1, result
    assert lines[0].startswith(str(data_copy / "zz_bad.yaml") + ":") or "zz_bad.yaml:" in lines[0]
    assert result.err.strip().splitlines()[-1] == "srbgraph: error: 1 problem in the data; nothing was written"


def test_missing_evidence(srbgraph, data_copy):
    bad_file(data_copy, "zz_bad.yaml", entity("""
        id: no-evidence
        label_de: Ohne Beleg
        label_en: Without evidence
        """ + hinders() + """
        """, evidence=False))
    result = srbgraph("validate", "--data", data_copy)
    assert result.code == 1
    assert "zz_bad.yaml:3: no-evidence: missing evidence (at least one {quote, section} from the source)" in result.err


def test_yaml_syntax_error_names_file_and_line(srbgraph, data_copy):
    (data_copy / "zz_broken.yaml").write_text(
        "type: Obstacle\nentities:\n  - id: broken\n    label_de: [nicht geschlossen\n    label_en: x\n",
        encoding="utf-8")
    result = srbgraph("validate", "--data", data_copy)
    assert result.code == 1
    line = next(l for l in result.err.splitlines() if "zz_broken.yaml" in l)
    assert "YAML syntax error" in line
    assert "zz_broken.yaml:5:" in line or "zz_broken.yaml:4:" in line


def test_all_problems_are_found_in_one_run_and_nothing_is_written(srbgraph, data_copy, tmp_path):
    bad_file(data_copy, "zz_bad.yaml", *(entity(t, evidence=k != "empty quote") for k, (t, _) in CASES.items()))
    (data_copy / "zz_broken.yaml").write_text("type: Measure\nentities:\n  - id: [x\n", encoding="utf-8")
    target = tmp_path / "out.ttl"
    target.write_text("previous build\n", encoding="utf-8")
    result = srbgraph("build", "--data", data_copy, "--output", target)
    assert result.code == 1
    for _text, expected in CASES.values():
        assert expected in result.err
    assert "zz_broken.yaml" in result.err
    assert f"srbgraph: error: {len(CASES) + 1} problems in the data; nothing was written" in result.err
    assert target.read_text(encoding="utf-8") == "previous build\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out.ttl")] == []


def test_shipped_data_is_valid(srbgraph):
    result = srbgraph("validate")
    assert result.code == 0, result
    assert result.out.startswith("ok: ")
