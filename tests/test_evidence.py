"""srbgraph evidence: an entity's or a link's quotes where they stand in the source, to check a link
in seconds."""
from __future__ import annotations

import re


def test_a_stated_link_shows_the_sentence_that_states_it(srbgraph, source):
    result = srbgraph("evidence", "obstacle-haltung-der-akteure", "hinders",
                      "goal-intensivere-beteiligung", "--source", source)
    assert result.code == 0, result
    lines = result.out.splitlines()
    # the relation in the view's language (issue 27: one language per view)
    assert lines[0] == ("srbr:obstacle-haltung-der-akteure (Haltung der Akteur:innen) bremst "
                        "srbr:goal-intensivere-beteiligung (Intensivere Beteiligung aller Sozialraumakteur:innen)")
    assert lines[1] == "Stützung: in der Quelle genannt"
    # each quote in its source lines, the match between ** (output is not a terminal), with its section
    heads = [line for line in lines if re.match(r"\[\d\] ", line)]
    assert heads and all(h.startswith("[") and "… gemeinsam entwickeln > S.M.A.R.T. — " in h for h in heads)
    text = "\n".join(lines)
    assert "**Diese Faktoren werden von unzureichenden personellen und fi-**" in text
    assert "**nanziellen Ressourcen und der Haltung der Akteur:innen gebremst.**" in text
    # two non-blank lines of context: the sentence before the quote is shown, unmarked
    assert "Beteiligung aller Akteur:innen. **Diese Faktoren" in text


def test_an_interpreted_link_shows_its_rationale(srbgraph, source):
    result = srbgraph("evidence", "measure-fortbildung-mit-spfz", "supports", "goal-fachpersonal-gewinnen-sichern",
                      "--source", source, "--context", "0")
    assert result.code == 0, result
    assert "Stützung: Lesart der Kuration" in result.out and "(interpreted)" not in result.out
    assert "Begründung der Kuration: Fort- und Weiterbildungen für SRB-Personal" in result.out
    assert "**Fort- und Weiterbildungen für SRB-Personal werden jetzt angegangen.**" in result.out


def test_an_entity_shows_every_quote_and_english_labels(srbgraph, source):
    result = srbgraph("evidence", "Fachkräftemangel", "--source", source, "--lang", "en")
    assert result.code == 0, result
    assert result.out.startswith("srbr:obstacle-fachkraeftemangel (Shortage of skilled professionals)")
    assert "**Der Fachkräftemangel wurde in allen Arbeitsgruppen thematisiert,**" in result.out


def test_a_link_that_is_not_there_is_one_line(srbgraph, source):
    result = srbgraph("evidence", "obstacle-haltung-der-akteure", "hinders", "goal-orientierung-an-bedarfen",
                      "--source", source)
    assert result.code == 1
    assert result.err.strip().splitlines()[-1] == (
        "srbgraph: error: no link obstacle-haltung-der-akteure hinders goal-orientierung-an-bedarfen in the graph "
        "(srbgraph paths obstacle-haltung-der-akteure lists its links)")
    two = srbgraph("evidence", "a", "b", "--source", source)
    assert two.code == 1 and "give an entity (ID) or a link (SUBJECT RELATION OBJECT)" in two.err
