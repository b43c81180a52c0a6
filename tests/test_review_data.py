"""Reviews in the data files: written in place (only lines added), checked by validate, decided by one
rule; Cohen's kappa; the graph with reviews passes the SHACL shapes and the ontology quality check."""
from __future__ import annotations

import datetime as dt
import difflib

import pytest

from srbgraph.curated.reviews import link_status, reviewer_slug, verdict_of
from srbgraph.curated.yaml_edit import ReviewEdit, add_reviews
from srbgraph.model.review import cohen_kappa

FILE = """\
# obstacles for a test
type: Obstacle
entities:
  - id: obstacle-a
    hinders:
      # the first link
      - to: goal-a
        support: interpreted
        rationale: >-
          A folded rationale
          over two lines.

      # a comment that belongs to the next link
      - to: goal-b
        support: 'stated'
        evidence:
          - {quote: "q", section: "s"}   # flow style inside is fine
        reviews:
          - reviewer: "Dr. M. Muster"
            date: 2026-12-01
            verdict: bestätigt
    label_de: "Bremse A"   # trailing comment
"""


def edit(target: str, reviewer: str, verdict: str, comment: str = "", day: int = 2) -> ReviewEdit:
    return ReviewEdit("obstacle-a", "hinders", target, reviewer, dt.date(2026, 12, day), verdict, comment)


def added_only(before: str, after: str) -> list[str]:
    diff = [d for d in difflib.ndiff(before.splitlines(), after.splitlines()) if d[:1] in "+-"]
    assert all(d.startswith("+ ") for d in diff), diff
    return [d[2:] for d in diff]


def test_a_review_is_inserted_after_the_links_last_line_at_its_indentation():
    after = add_reviews(FILE, [edit("goal-a", "B. Zweite", "rejected", 'sagt "nein"\nzwei Zeilen')], "t.yaml")
    assert added_only(FILE, after) == [
        "        reviews:",
        '          - reviewer: "B. Zweite"',
        "            date: 2026-12-02",
        "            verdict: abgelehnt",
        '            comment: "sagt \\"nein\\"\\nzwei Zeilen"']
    # after the folded text and before the blank line and the comment of the next link
    assert "          over two lines.\n        reviews:\n" in after
    assert "\n\n      # a comment that belongs to the next link\n      - to: goal-b" in after


def test_a_second_reviewer_is_appended_and_the_same_reviewer_replaces_their_own_lines():
    second = add_reviews(FILE, [edit("goal-b", "B. Zweite", "unclear")], "t.yaml")
    assert added_only(FILE, second) == ['          - reviewer: "B. Zweite"', "            date: 2026-12-02",
                                        "            verdict: unklar"]
    assert second.index('reviewer: "Dr. M. Muster"') < second.index('reviewer: "B. Zweite"') < second.index("label_de")
    again = add_reviews(second, [edit("goal-b", "dr m muster", "rejected", "doch nicht", day=9)], "t.yaml")
    assert 'reviewer: "dr m muster"\n            date: 2026-12-09\n            verdict: abgelehnt\n' \
           '            comment: "doch nicht"\n' in again
    assert "Dr. M. Muster" not in again and 'reviewer: "B. Zweite"' in again


def test_line_endings_and_a_missing_last_newline_are_kept():
    crlf = FILE.replace("\n", "\r\n").rstrip("\r\n")
    after = add_reviews(crlf, [edit("goal-a", "B. Zweite", "confirmed")], "t.yaml")
    assert "\n" not in after.replace("\r\n", "")
    assert after.startswith(crlf.split("      # a comment")[0].split("          over two lines.")[0])


def test_every_character_of_a_comment_reads_back():
    import yaml

    strange = 'Anführung „x“ \\ tab\t bell\x07 nbsp\u00a0 line\u2028sep \x85 end'
    after = add_reviews(FILE, [edit("goal-a", "Ñame", "unclear", strange)], "t.yaml")
    link = yaml.safe_load(after)["entities"][0]["hinders"][0]
    assert link["reviews"] == [{"reviewer": "Ñame", "date": dt.date(2026, 12, 2), "verdict": "unklar",
                                "comment": strange}]


def test_a_link_in_flow_style_is_refused_in_one_line():
    from srbgraph.errors import SrbError

    flow = FILE.replace("      - to: goal-b\n        support: 'stated'\n", "      - {to: goal-c, support: stated}\n"
                        "      - to: goal-b\n        support: 'stated'\n")
    with pytest.raises(SrbError, match=r"t.yaml:14: the link → goal-c is written in flow style"):
        add_reviews(flow, [edit("goal-c", "B. Zweite", "confirmed")], "t.yaml")


def test_the_rule_and_the_words():
    assert link_status([]) == "unreviewed"
    assert link_status(["rejected", "unclear"]) == "rejected"
    assert link_status(["rejected", "confirmed"]) == "disputed"
    assert link_status(["confirmed", "unclear"]) == "confirmed"
    assert link_status(["unclear", "unclear"]) == "unclear"
    assert [verdict_of(w) for w in ("Bestätigt ", "bestaetigt", "abgelehnt", "UNKLAR", "rejected", "ja", 3)] == \
        ["confirmed", "confirmed", "rejected", "unclear", "rejected", None, None]
    assert reviewer_slug("Dr. M. Müller-Lüdenscheidt") == "dr-m-mueller-luedenscheidt"


def test_cohen_kappa():
    # 50 items: both yes 20, both no 15, first yes second no 5, first no second yes 10:
    # p_o = 35/50 = 0.7; p_e = 0.5*0.6 + 0.5*0.4 = 0.5; kappa = 0.4
    pairs = [("confirmed", "confirmed")] * 20 + [("rejected", "rejected")] * 15 + \
        [("confirmed", "rejected")] * 5 + [("rejected", "confirmed")] * 10
    assert cohen_kappa(pairs) == pytest.approx(0.4)
    assert cohen_kappa([("confirmed", "confirmed")] * 3) is None  # chance explains all agreement: 0/0
    assert cohen_kappa([]) is None
    assert cohen_kappa([("confirmed", "rejected"), ("rejected", "confirmed")]) == pytest.approx(-1)


REVIEWED = """\
        reviews:
          - reviewer: "Dr. M. Muster"
            date: 2026-12-01
            verdict: abgelehnt
"""


#: where a review is written in: after the evidence of obstacle-anstellungstraegervielfalt's first link
#: (it hinders goal-fachpersonal-gewinnen-sichern), before its second
FIRST = ('section: "… gemeinsam beobACHTEN > Klären und in Bezug setzen > Rückkopplungsschleife"\n'
         "      - to: goal-koordination-kontinuitaet-flexibilitaet")


def _with_reviews(data_copy, block: str, at: str = FIRST) -> None:
    path = data_copy / "obstacles.yaml"
    text = path.read_text(encoding="utf-8")
    assert at in text
    head, tail = at.split("\n", 1)
    path.write_text(text.replace(at, head + "\n" + block + tail, 1), encoding="utf-8")


def test_validate_checks_every_review(srbgraph, data_copy):
    _with_reviews(data_copy, """\
        reviews:
          - reviewer: "Dr. M. Muster"
            date: 2026-13-01
            verdict: jein
            note: x
          - reviewer: "dr m muster"
            date: 2026-12-01
            verdict: bestätigt
            comment: 3
          - "nur Text"
""")
    result = srbgraph("validate", "--data", data_copy)
    assert result.code == 1
    err = result.err
    what = "obstacle-anstellungstraegervielfalt: 'hinders' → 'goal-fachpersonal-gewinnen-sichern': review #"
    text = (data_copy / "obstacles.yaml").read_text(encoding="utf-8").splitlines()
    first = 1 + next(i for i, line in enumerate(text) if line.strip() == '- reviewer: "Dr. M. Muster"')
    assert f"{what}1: 'date' must be a date written YYYY-MM-DD, got '2026-13-01'" in err
    assert f"{what}1: 'verdict' must be bestätigt, abgelehnt or unklar (or confirmed, rejected, unclear), got 'jein'" in err
    assert f"{what}1: unknown field 'note'" in err
    assert f"{what}2: 'dr m muster' reviewed this link already (line {first}); one review per reviewer and link" in err
    assert f"{what}2: 'comment' must be a text" in err
    assert f"{what}3 must be a mapping" in err
    assert all(line.startswith("data/obstacles.yaml:") or line.startswith(str(data_copy)) or line.startswith("srbgraph:")
               or "obstacles.yaml:" in line for line in err.strip().splitlines())


def test_two_spellings_of_one_reviewer_are_refused(srbgraph, data_copy):
    _with_reviews(data_copy, REVIEWED)
    _with_reviews(data_copy, REVIEWED.replace("Dr. M. Muster", "Dr M Muster"),
                  at='section: "… gemeinsam entwickeln > Stegreifrede > Kontinuität in der Bedarfsplanung"\n'
                     '      - to: goal-leitziel-weiterentwicklung-srb')
    result = srbgraph("validate", "--data", data_copy)
    assert result.code == 1
    assert "reviewer 'Dr. M. Muster' and 'Dr M Muster' (" in result.err
    assert "give the same id 'agent/dr-m-muster': write the name the same way" in result.err


def test_a_graph_with_reviews_passes_the_shapes_and_the_quality_check(data_copy):
    from rdflib import OWL, Literal
    from rdflib.namespace import PROV

    from srbgraph.checks.quality import check_quality
    from srbgraph.checks.shacl import validate_shapes
    from srbgraph.curated.build import build_graph
    from srbgraph.curated.vocabulary import SRB, SRBR

    _with_reviews(data_copy, REVIEWED)
    graph = build_graph(data_copy)
    assert validate_shapes(graph) == []
    assert check_quality(graph) == []
    assert not [note for note in graph.objects(SRB.Review, None) if str(note).startswith("unused")]
    # the shapes notice a deprecated link that nobody rejected, and a review without a reviewer
    link = SRBR["link/obstacle-anstellungstraegervielfalt/hinders/goal-fachpersonal-gewinnen-sichern"]
    other = SRBR["link/obstacle-anstellungstraegervielfalt/hinders/goal-koordination-kontinuitaet-flexibilitaet"]
    graph.add((other, OWL.deprecated, Literal(True)))
    review = next(graph.subjects(SRB.reviews, link))
    graph.remove((review, PROV.wasAttributedTo, None))
    found = {(v.focus, v.path, v.message_en) for v in validate_shapes(graph)}
    assert found == {
        # (a deprecated entity that is no link says why too: it is replaced, ReplacedEntityShape)
        ("srbr:link/obstacle-anstellungstraegervielfalt/hinders/goal-koordination-kontinuitaet-flexibilitaet", "",
         "A deprecated link needs at least one review that rejects it."),
        ("srbr:review/obstacle-anstellungstraegervielfalt/hinders/goal-fachpersonal-gewinnen-sichern/dr-m-muster",
         "prov:wasAttributedTo", "The review names exactly one reviewer (prov:wasAttributedTo).")}
