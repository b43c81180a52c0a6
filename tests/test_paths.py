"""srbgraph paths: from a goal over a need and an obstacle, over an obstacle, or directly to a
measure; found by id or by a forgiving label, in both directions, with every hop's support."""
from __future__ import annotations

import json

import pytest

WORKED_GOAL = "goal-orientierung-an-bedarfen"
NETWORK = "measure-strukturen-netzwerkarbeit"
GUIDING = "goal-leitziel-weiterentwicklung-srb"


def paths_json(srbgraph, *args):
    result = srbgraph("paths", "--format", "json", *args)
    assert result.code == 0, result
    return json.loads(result.out)


def links_of(path: dict) -> set[tuple[str, str, str]]:
    return {(hop["subject"]["id"], hop["relation"], hop["object"]["id"]) for hop in path["hops"]}


@pytest.fixture(scope="module")
def graph_links():
    """Every path link of the shipped graph: (subject id, relation, object id) → support."""
    from srbgraph.model import catalogue
    from srbgraph.stores.select import open_store
    from srbgraph.terms import SRB, local_id

    store = open_store()
    links = {}
    for s, _sc, relation, o, _oc, support in store.select_values(catalogue.named("path-edges").text):
        links[(local_id(s), relation[len(SRB):], local_id(o))] = support and support[len(SRB):]
    return links


def test_the_worked_path_runs_from_the_goal_to_the_measure_stated_in_every_hop(srbgraph):
    # S.M.A.R.T.: "So ist das gebündelte Handlungsziel: Orientierung an Bedarfen aller Akteur:innen
    # (Familien und Fachkräfte) Basis für: a) Ermittlung und Finanzierung notwendiger (Sach-)Mittel,
    # b) (intensivere) Beteiligung aller Akteur:innen. Diese Faktoren werden von unzureichenden
    # personellen und finanziellen Ressourcen und der Haltung der Akteur:innen gebremst. Daher sollten
    # Strukturen für die gelingende Netzwerkarbeit geschaffen werden"
    result = srbgraph("paths", WORKED_GOAL)
    assert result.code == 0, result
    lines = result.out.splitlines()
    assert lines[0].startswith("Ziel: Orientierung an Bedarfen")
    assert any(line.endswith("● ist Basis für Ziel: Intensivere Beteiligung aller Sozialraumakteur:innen")
               for line in lines)
    assert any(line.endswith("● Bremse: Haltung der Akteur:innen") for line in lines)
    assert any(line.endswith("● Maßnahme: Strukturen für die gelingende Netzwerkarbeit schaffen") for line in lines)
    assert any(line.endswith("● Maßnahme, dient dem Ziel direkt: Strukturen für die gelingende Netzwerkarbeit "
                             "schaffen") for line in lines)
    worked = [p for p in paths_json(srbgraph, WORKED_GOAL) if p["support"] == "stated" and p["complete"]]
    assert {(p["goal"]["id"], p["obstacle"] and p["obstacle"]["id"]) for p in worked} >= {
        (goal, obstacle) for goal in ("goal-finanzierung-notwendiger-mittel", "goal-intensivere-beteiligung")
        for obstacle in ("obstacle-unzureichende-personelle-finanzielle-ressourcen", "obstacle-haltung-der-akteure")}
    assert all(p["upper"] == [{"id": WORKED_GOAL, "label": lines[0][len("Ziel: "):].split("  [")[0]}]
               for p in worked if p["kind"] != "direct")


def test_every_path_starts_at_a_goal_and_runs_hop_by_hop(srbgraph):
    kinds = {"need": ["requires", "hinders", "addresses"], "obstacle": ["hinders", "addresses"],
             "direct": ["supports"], "indicator": ["measuredBy"], "contributesTo": ["contributesTo"],
             "fragmentOf": ["fragmentOf"], "basisFor": ["basisFor"]}
    every = paths_json(srbgraph)
    assert {p["kind"] for p in every} == {*kinds, "no-goal"}
    for p in every:
        relations = [hop["relation"] for hop in p["hops"]]
        assert p["complete"] == (relations[-1] in ("addresses", "supports")), p  # it may end before a measure
        if p["kind"] == "no-goal":  # a brake (or a need) the text ties to no goal: the path starts there
            assert p["goal"] is None and relations in (["addresses"], ["hinders"], ["hinders", "addresses"]), p
            continue
        assert relations == kinds[p["kind"]][:len(relations)], p
        assert p["goal"]["id"].startswith("goal-")
        for part, prefix in (("need", "need-"), ("obstacle", "obstacle-"), ("measure", "measure-"),
                             ("indicator", "ind-")):
            assert p[part] is None or p[part]["id"].startswith(prefix)
        levels = {hop["support"] for hop in p["hops"]}  # the weakest hop decides
        assert p["support"] == ("interpreted" if "interpreted" in levels else "stated")


def test_every_entity_with_a_path_link_lies_on_a_path_and_answers_by_its_id(srbgraph, graph_links):
    # No linked entity is unreachable: a planner who asks for any of them gets its paths.
    on_paths = {node for p in paths_json(srbgraph) for link in links_of(p) for node in (link[0], link[2])}
    linked = {node for s, _r, o in graph_links for node in (s, o)}
    assert linked and linked <= on_paths
    for entity in sorted(linked):
        answer = paths_json(srbgraph, entity)
        assert any(entity in {n for link in links_of(p) for n in (link[0], link[2])} for p in answer), entity


def test_every_link_of_the_graph_is_drawn_on_some_path(srbgraph, graph_links):
    drawn = {link for p in paths_json(srbgraph) for link in links_of(p)}
    assert set(graph_links) == drawn


def test_the_stated_view_shows_every_stated_link_and_nothing_interpreted(srbgraph, graph_links):
    stated = paths_json(srbgraph, "--support", "stated")
    shown = {link for p in stated for link in links_of(p)}
    assert shown == {link for link, support in graph_links.items() if support == "stated"}
    assert all(hop["support"] == "stated" for p in stated for hop in p["hops"])
    # a run whose top the text ties to a goal only by a reading is a partial path, and says so
    tree = srbgraph("paths", "--support", "stated").out
    partial = [p for p in stated if p["kind"] == "partial"]
    assert ("Teilpfade, deren Anfang nur als Lesart mit einem Ziel verbunden ist" in tree) == bool(partial)


def test_a_measure_that_serves_a_goal_directly_answers_with_that_goal(srbgraph, graph_links):
    # "Beteiligung wurde … vermehrt angesprochen, jedoch wurden nur vereinzelt Maßnahmen zum Ausbau
    # bestehender Beteiligungsstrukturen (wie zum Beispiel Ausbau des Kernteams) benannt."
    result = srbgraph("paths", "measure-ausbau-kernteam")
    assert result.code == 0, result
    lines = result.out.splitlines()
    assert lines[0] == ("Maßnahme: Ausbau des Kernteams (Maßnahme zum Ausbau bestehender "
                        "Beteiligungsstrukturen)  [measure-ausbau-kernteam]")
    served = {o for s, r, o in graph_links if s == "measure-ausbau-kernteam" and r == "supports"}
    assert served and all(any("dient direkt dem Ziel: " in line for line in lines) for _ in served)
    every = paths_json(srbgraph)
    direct = {(p["measure"]["id"], p["goal"]["id"]) for p in every if p["kind"] == "direct"}
    assert direct == {(s, o) for s, r, o in graph_links if r == "supports"}
    # what the measure is for, up to the guiding goal: each path climbs the goal links above its goal
    assert any(line.endswith("trägt bei zum Leitziel: Weiterentwicklung des Sozialraumbudgets") for line in lines)
    back = paths_json(srbgraph, "measure-ausbau-kernteam")
    assert {p["goal"]["id"] for p in back} == served
    assert all(p["upper"] and p["upper"][0]["id"] == GUIDING for p in back)
    for path in back:
        assert all((hop["subject"]["id"], hop["relation"], hop["object"]["id"]) in graph_links for hop in path["hops"])


def test_the_guiding_goal_holds_the_paths_of_every_goal_below_it(srbgraph, graph_links):
    below = {s for s, r, o in graph_links if o == GUIDING and r in ("contributesTo", "fragmentOf")}
    assert len(below) >= 10  # seven action goals, six fragments
    guiding = paths_json(srbgraph, "Weiterentwicklung des Sozialraumbudgets")
    assert {p["goal"]["id"] for p in guiding} >= below
    own = [p for p in paths_json(srbgraph) if p["kind"] in ("need", "obstacle", "direct") and p["goal"]["id"] in below]
    rolled = {tuple(sorted(links_of(p))) for p in guiding}
    assert all(any(set(links_of(p)) <= set(r) for r in rolled) for p in own)
    tree = srbgraph("paths", GUIDING).out
    assert "○ Handlungsziel, trägt bei: Gewinnung und Sicherung von qualifiziertem Fachpersonal" in tree
    assert "● Zielfragment: Beteiligung aller Kita-Sozialraumakteur:innen" in tree


def test_a_goal_shows_its_indicators_and_the_guiding_goal_it_contributes_to(srbgraph, graph_links):
    goal = "goal-fachpersonal-gewinnen-sichern"
    tree = srbgraph("paths", goal).out.splitlines()
    indicators = {o for s, r, o in graph_links if s == goal and r == "measuredBy"}
    assert indicators
    assert sum("Erfolgsindikator (woran erkennbar): " in line for line in tree) == len(indicators)
    assert "Ziel: Weiterentwicklung des Sozialraumbudgets  [goal-leitziel-weiterentwicklung-srb]" in tree
    assert any(line.endswith("○ Handlungsziel, trägt bei: Gewinnung und Sicherung von qualifiziertem "
                             "Fachpersonal") for line in tree)
    # an indicator answers with the goal it indicates and that goal's paths
    by_indicator = paths_json(srbgraph, sorted(indicators)[0])
    assert {p["goal"]["id"] for p in by_indicator} == {goal}
    assert {p["kind"] for p in by_indicator} >= {"indicator", "obstacle"}


def test_the_count_line_counts_each_kind_of_path(srbgraph):
    every = paths_json(srbgraph)
    count = {kind: sum(1 for p in every if p["kind"] == kind) for kind in ("need", "obstacle", "direct")}
    whole = sum(count.values())
    open_ends = sum(1 for p in every if p["kind"] in count and not p["complete"])
    no_goal = sum(1 for p in every if p["kind"] == "no-goal")
    indicators = sum(1 for p in every if p["kind"] == "indicator")
    links = sum(1 for p in every if p["kind"] in ("contributesTo", "fragmentOf", "basisFor"))
    proper = whole + no_goal
    stated = sum(1 for p in every if p["kind"] in (*count, "no-goal") and p["support"] == "stated")
    assert no_goal > 0  # the shipped data name brakes (with measures) that they tie to no goal
    line = srbgraph("paths").out.splitlines()[-1]
    assert line == (f"{whole} Pfade ab einem Ziel: {count['need']} über einen Bedarf, {count['obstacle']} über "
                    f"eine Bremse, {count['direct']} direkt zu einer Maßnahme; {open_ends} davon ohne Maßnahme "
                    f"(Lücken); {no_goal} Pfade ohne Ziel (Bremse oder Bedarf, die der Text keinem Ziel zuordnet); "
                    f"dazu {indicators} Erfolgsindikatoren und {links} Verbindungen zwischen Zielen; "
                    f"Stützung aller {proper} Pfade: {stated} in jedem Glied genannt (●), {proper - stated} mit "
                    "Lesart der Kuration (○)")
    english = srbgraph("paths", "--lang", "en").out.splitlines()[-1]
    assert english.startswith(f"{whole} paths from a goal: {count['need']} via a need, {count['obstacle']} via an "
                              f"obstacle, {count['direct']} directly to a measure; {open_ends} of them without a "
                              f"measure (gaps); {no_goal} paths without a goal")


def test_csv_has_one_row_per_path_with_its_kind(srbgraph):
    import csv
    import io

    rows = list(csv.reader(io.StringIO(srbgraph("paths", "--format", "csv").out)))
    assert rows[0] == ["Pfadart", "Oberziel", "Ziel", "Bedarf", "Bremse", "Maßnahme", "Erfolgsindikator",
                       "Ziel → Ziel (Oberziel → Ziel)", "erfordert (Ziel → Bedarf)", "bremst (Bremse → Ziel/Bedarf)",
                       "setzt an (Maßnahme → Bremse)", "dient (Maßnahme → Ziel)",
                       "woran erkennbar (Ziel → Indikator)", "schwächste Stützung", "Urteil: Ziel → Ziel",
                       "Urteil: erfordert", "Urteil: bremst", "Urteil: setzt an", "Urteil: dient",
                       "Urteil: woran erkennbar"]
    every = paths_json(srbgraph)
    assert len(rows) - 1 == len(every)
    assert {row[0] for row in rows[1:]} == {"über Bedarf", "über Bremse", "direkt", "ohne Ziel", "Erfolgsindikator",
                                            "Beitrag zum Leitziel", "Fragment des Leitziels", "Basis für ein Ziel"}
    # the support in the words every view uses (issue 27: not "gelesen" here, "Lesart der Kuration" there)
    assert {row[13] for row in rows[1:]} == {"in der Quelle genannt", "Lesart der Kuration"}
    for row in rows[1:]:  # a hop the path does not have has neither support nor verdict
        assert (row[8] == "") == (row[15] == "") == (row[3] == "")
        assert (row[11] == "") == (row[0] != "direkt")


def test_english_labels_and_headers(srbgraph):
    de = paths_json(srbgraph, WORKED_GOAL)
    en = paths_json(srbgraph, WORKED_GOAL, "--lang", "en")
    assert [links_of(p) for p in de] != [] and len(de) == len(en)
    assert de[0]["goal"]["label"] != en[0]["goal"]["label"]
    header = srbgraph("paths", WORKED_GOAL, "--lang", "en", "--format", "tsv").out.splitlines()[0].split("\t")
    assert header[:7] == ["kind of path", "upper goal", "Goal", "Need", "Obstacle", "Measure", "Indicator"]
    tree = srbgraph("paths", WORKED_GOAL, "--lang", "en").out
    assert "● is the basis for goal: More intensive participation" in tree
    assert "Ziel" not in tree and "Bremse" not in tree and "Maßnahme" not in tree


def test_goal_by_label_tolerates_case_umlauts_and_hyphens(srbgraph):
    by_id = paths_json(srbgraph, "goal-fachpersonal-gewinnen-sichern")
    assert by_id
    label = "Gewinnung und Sicherung von qualifiziertem Fachpersonal"
    folded = label.lower().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    assert paths_json(srbgraph, folded) == by_id
    assert paths_json(srbgraph, label.upper()) == by_id


def test_unknown_name_says_did_you_mean(srbgraph):
    # a NAME may be a goal, a need, an obstacle, a measure or an indicator: the message names all five
    result = srbgraph("paths", "Orientierung an Bedarfn")
    assert result.code == 1
    error = result.err.strip().splitlines()[-1]  # a line before it may say that the graph was (re)built
    assert error.startswith("srbgraph: error: no goal, need, obstacle, measure or indicator named "
                            "'Orientierung an Bedarfn' (did you mean ")
    assert WORKED_GOAL in error
    assert all(line.startswith("building the graph") for line in result.err.strip().splitlines()[:-1])


def test_an_empty_answer_says_why_instead_of_nothing(srbgraph, data_copy):
    # A measure the documentation names without saying what it serves is a finding, not a blank.
    measures = data_copy / "measures.yaml"
    text = measures.read_text(encoding="utf-8")
    measures.write_text(text.replace("entities:\n", "entities:\n  - id: measure-ohne-verbindung\n"
                                     "    label_de: Eine Maßnahme ohne Verbindung\n"
                                     "    label_en: A measure without a link\n"
                                     "    evidence:\n      - quote: \"Ausbau des Kernteams\"\n"
                                     "        section: \"… gemeinsam beobACHTEN\"\n", 1), encoding="utf-8")
    result = srbgraph("paths", "--data", data_copy, "measure-ohne-verbindung")
    assert result.code == 0, result
    assert result.out.startswith("Maßnahme „Eine Maßnahme ohne Verbindung“ [measure-ohne-verbindung] liegt auf "
                                 "keinem Pfad: kein Ziel, kein Bedarf, keine Bremse und keine Maßnahme ist damit "
                                 "verbunden")
    assert "srbgraph evidence measure-ohne-verbindung" in result.out
    # a name whose links are all readings: the stated view says how many paths the reading gives
    stated = srbgraph("paths", "measure-ausbau-kernteam", "--support", "stated")
    assert stated.code == 0, stated
    n = len(paths_json(srbgraph, "measure-ausbau-kernteam"))
    assert stated.out.strip() == (f"Kein Pfad, dessen Glieder der Text selbst nennt; mit der Lesart der Kuration "
                                  f"sind es {n} (ohne --support stated).")


def test_paths_through_an_obstacle_and_back_from_a_measure(srbgraph):
    through = paths_json(srbgraph, "--obstacle", "Fachkraeftemangel")
    assert through and all(p["obstacle"]["id"] == "obstacle-fachkraeftemangel" for p in through)
    back = srbgraph("paths", "--measure", NETWORK)
    assert back.code == 0, back
    lines = back.out.splitlines()
    assert lines[0].startswith("Maßnahme: Strukturen für die gelingende Netzwerkarbeit")
    assert any("● setzt an bei Bremse: Haltung der Akteur:innen" in line for line in lines)
    assert any("● dient direkt dem Ziel: Orientierung an Bedarfen" in line for line in lines)
    assert {p["measure"]["id"] for p in paths_json(srbgraph, "--measure", NETWORK)} == {NETWORK}


def test_a_name_of_any_kind_finds_its_paths(srbgraph):
    # a user types a name, not a kind: an obstacle's paths run back to the goals it hinders
    back = srbgraph("paths", "Fachkräftemangel")
    assert back.code == 0, back
    assert back.out.startswith("Bremse: Fachkräftemangel  [obstacle-fachkraeftemangel]")
    assert "bremst Ziel: " in back.out
    # a part of one label will do; a part of several lists them with their kind
    assert paths_json(srbgraph, "Orientierung an Bedarfen") == paths_json(srbgraph, WORKED_GOAL)
    several = srbgraph("paths", "Beteiligung")
    assert several.code == 1
    error = several.err.strip().splitlines()[-1]
    assert error.startswith("srbgraph: error: 'Beteiligung' fits more than one goal, need, obstacle, measure or "
                            "indicator: ")
    # each candidate with its kind as the ontology names it (German by default) and its label
    assert "goal-intensivere-beteiligung (Ziel: Intensivere Beteiligung aller Sozialraumakteur:innen)" in error
    assert "ind-wg02-1 (Erfolgsindikator: Beteiligung der Praxis an relevanten Gremien)" in error
    assert "(entity)" not in error
    english = srbgraph("paths", "Beteiligung", "--lang", "en")
    assert "goal-intensivere-beteiligung (goal: More intensive participation" in english.err


def test_same_paths_on_every_store(srbgraph, tmp_path, oxigraph_server):
    reference = paths_json(srbgraph)
    assert paths_json(srbgraph, "--engine", "rdflib") == reference
    assert paths_json(srbgraph, "--store", tmp_path / "store") == reference
    assert paths_json(srbgraph, "--endpoint", f"{oxigraph_server}/query") == reference
    for goal in (WORKED_GOAL, GUIDING):  # one goal asked alone of a store that keeps no listing
        assert paths_json(srbgraph, goal, "--engine", "rdflib") == paths_json(srbgraph, goal)


def test_one_goal_asked_of_the_store_equals_that_goal_in_the_listing():
    # Without a kept listing one goal's paths are asked for that goal alone (fast on a large
    # graph); the answer must be the listing's, for every goal and in both languages.
    from srbgraph.model import catalogue
    from srbgraph.model.paths import _every_path, _goal_paths, through
    from srbgraph.stores.select import open_store
    from srbgraph.terms import IRI, SRB

    store = open_store(engine="rdflib")
    goals = [IRI(row[0]) for row in store.select_values(catalogue.named("entities").text, {"class": IRI(SRB + "Goal")})]
    assert len(goals) >= 14
    for lang in ("de", "en"):
        every = _every_path(store, lang, cache=False)
        for goal in goals:
            assert _goal_paths(store, [goal], lang) == through(every, [("goal", goal)]), goal


def test_every_path_at_once_equals_the_named_query_even_where_a_label_is_missing():
    # srbgraph joins cheaper queries (path-ids, goal-links, labels, link-support) instead of running
    # queries/paths.rq; the paths must be the ones paths.rq gives, also where a measure lacks a
    # label in the language asked for (it is then shown by its id, never left out).
    import pyoxigraph as ox

    from srbgraph.model import catalogue
    from srbgraph.model.paths import PATH_KINDS, find_paths
    from srbgraph.stores.select import open_store
    from srbgraph.terms import SRB, Literal

    store = open_store()
    measure = ox.NamedNode("https://w3id.org/srbgraph/resource/" + NETWORK)
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    for quad in list(store.store.quads_for_pattern(measure, label, None)):
        if quad.object.language == "en":
            store.store.remove(quad)

    def level(term):
        return term and term[len(SRB):]

    for lang in ("de", "en"):
        listing = [p for p in find_paths(store, lang=lang, cache=False) if p.kind in PATH_KINDS]
        mine = {(p.kind, p.goal.iri, p.need and p.need.iri, p.obstacle and p.obstacle.iri, p.measure and p.measure.iri,
                 *(next((h.support for h in p.hops if h.relation == r), None)
                   for r in ("requires", "hinders", "addresses", "supports")),
                 p.measure and p.measure.text) for p in listing}
        named = {(kind, goal, need, obstacle, measure, level(r), level(h), level(a), level(s), measure_label)
                 for kind, goal, _gl, need, _nl, obstacle, _ol, measure, measure_label, r, h, a, s
                 in store.select_values(catalogue.named("paths").text, {"lang": Literal(lang)})}
        assert mine == {(*row[:9], row[9] or "") if row[4] else row for row in named}
        shown = {p.measure.label() for p in listing if p.measure and p.measure.id == NETWORK}
        assert shown == ({"Strukturen für die gelingende Netzwerkarbeit schaffen"} if lang == "de" else {NETWORK})


def test_a_persistent_store_keeps_every_path_until_the_store_changes(tmp_path):
    # On a persistent store (--store) the listing of every path is kept in the cache folder and
    # reused while the store's files are unchanged; any write to the store makes it stale.
    import pyoxigraph as ox

    from srbgraph import resources
    from srbgraph.model.paths import find_paths
    from srbgraph.stores.oxigraph import OxigraphStore
    from srbgraph.stores.select import open_store

    store = open_store(store_dir=tmp_path / "store")
    first = find_paths(store)
    kept = list((resources.cache_root() / "stores").glob("*/paths-de.json"))
    assert len(kept) == 1
    assert find_paths(store) == first == find_paths(store, cache=False)
    kept[0].write_text(kept[0].read_text(encoding="utf-8").replace("Fachkräfte", "Gefälscht"), encoding="utf-8")
    assert any("Gefälscht" in node.text for p in find_paths(store) for node in p.nodes)  # the kept answer is used

    srbr = "https://w3id.org/srbgraph/resource/"
    new = ox.NamedNode(srbr + "obstacle-neue-bremse")
    store.store.add(ox.Quad(new, ox.NamedNode("https://w3id.org/srbgraph/ontology#hinders"),
                            ox.NamedNode(srbr + "goal-fachpersonal-gewinnen-sichern")))
    store.store.add(ox.Quad(new, ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
                            ox.Literal("Neue Bremse", language="de")))
    after = find_paths(store)
    assert len(after) == len(first) + 1 and "Neue Bremse" in {p.obstacle.text for p in after if p.obstacle}
    assert not any("Gefälscht" in node.text for p in after for node in p.nodes)
    store.close()

    reopened = OxigraphStore(tmp_path / "store")
    assert find_paths(reopened) == after
    reopened.close()
    read_only = OxigraphStore(tmp_path / "store", read_only=True)
    assert read_only.state() is None  # read-only: never kept
    assert find_paths(read_only) == after
    read_only.close()  # a read-only store closes without trying to write


def test_the_built_graph_answers_paths_from_kept_results_without_reading_the_graph():
    # The curated graph in memory keeps its listing of every path (and the entities and link
    # reviews paths needs) beside its build: a later command answers from them and never reads
    # the graph — the same paths, the same reviews, in the same order.
    from srbgraph.model.paths import find_paths, stated_view
    from srbgraph.model.review import review_index
    from srbgraph.stores.select import GraphSource

    first = GraphSource().open()
    assert first.prefers_kept()  # nothing read yet
    every, reviews = find_paths(first), review_index(first)
    assert not first.prefers_kept()  # nothing was kept yet: it read the graph to answer
    later = GraphSource().open()
    assert find_paths(later) == every and review_index(later) == reviews
    assert find_paths(later, support="stated") == stated_view(every)
    assert later.prefers_kept()  # answered from what was kept: the graph was never read
    assert len(later) == len(first)  # and it is there when a question needs it


def test_paths_through_any_name_are_the_same_from_kept_results_as_from_the_graph():
    # `srbgraph paths NAME` on a graph not read yet filters the kept listing; asked of the graph
    # itself (read first), every goal, need, obstacle, measure and indicator by id, and labels
    # (also ones that fit several entries or none), give the same paths, kinds and errors.
    from srbgraph.errors import SrbError
    from srbgraph.model import catalogue
    from srbgraph.model.paths import ENTITY_KINDS, find_paths, paths_through
    from srbgraph.stores.select import GraphSource
    from srbgraph.terms import IRI, SRB, local_id

    read = GraphSource().open().loaded()
    assert not read.prefers_kept()
    find_paths(read), find_paths(read, lang="en")  # asked once: kept for the build
    unread = GraphSource().open()
    ids = [local_id(row[0]) for cls in ENTITY_KINDS.values()
           for row in read.select_values(catalogue.named("entities").text, {"class": IRI(SRB + cls)})]
    assert len(ids) > 90
    names = [[i] for i in ids] + [["Fachkräftemangel"], ["Orientierung an Bedarfen"], ids[:3],
                                  ["Beteiligung"], ["gibt-es-nicht"], [ids[0], "gibt-es-nicht"]]

    def answer(store, name, lang):
        try:
            return paths_through(store, name, lang=lang)
        except SrbError as error:
            return str(error)

    for lang in ("de", "en"):
        for name in names:
            expected = answer(read, name, lang)  # asked first: what it looks up is kept
            assert answer(unread, name, lang) == expected, (name, lang)
    assert unread.prefers_kept()  # every answer came from the kept results
    assert sum(bool(paths_through(unread, [i])[0]) for i in ids) > 80


def test_a_write_or_a_new_build_is_never_answered_from_results_kept_for_the_old_one(data_copy):
    from srbgraph.model.paths import find_paths, paths_through
    from srbgraph.stores.select import GraphSource

    source = GraphSource(data=data_copy)
    first = source.open()
    before = find_paths(first)
    paths_through(first, ["goal-fachpersonal-gewinnen-sichern"])  # the entities are kept too
    written = source.open()
    written.update('INSERT DATA { <https://w3id.org/srbgraph/resource/obstacle-neue-bremse> '
                   '<https://w3id.org/srbgraph/ontology#hinders> '
                   '<https://w3id.org/srbgraph/resource/goal-fachpersonal-gewinnen-sichern> ; '
                   'a <https://w3id.org/srbgraph/ontology#Obstacle> ; '
                   '<http://www.w3.org/2000/01/rdf-schema#label> "Neue Bremse"@de }')
    assert not written.prefers_kept()
    assert len(find_paths(written)) == len(before) + 1
    assert paths_through(written, ["Neue Bremse"])[1] == ["obstacle"]
    assert find_paths(source.open()) == before  # the build itself is unchanged

    goals = data_copy / "goals.yaml"
    old = 'label_de: "Gewinnung und Sicherung von qualifiziertem Fachpersonal"'
    assert old in goals.read_text(encoding="utf-8")
    goals.write_text(goals.read_text(encoding="utf-8").replace(old, 'label_de: "Fachpersonal neu benannt"'),
                     encoding="utf-8")
    rebuilt = GraphSource(data=data_copy).open()
    assert "Fachpersonal neu benannt" in {p.goal.text for p in find_paths(rebuilt) if p.goal}
    assert not rebuilt.prefers_kept()  # the results kept for the old build were not taken


def test_an_obstacle_without_a_measure_shows_what_the_documentation_says_and_the_measures_of_its_goals():
    # `paths Fachkräftemangel` read "(noch keine Maßnahme)" like an error (issue 27): the open end
    # now says the documentation names none, quotes the finding it was drawn from, and points to
    # the measures that serve the same goals
    from srbgraph.model.paths import paths_through
    from srbgraph.model.rejected import open_ends
    from srbgraph.render.paths import paths_view
    from srbgraph.stores.select import GraphSource

    store = GraphSource().open()
    found, _kinds = paths_through(store, ["Fachkräftemangel"])
    [end] = open_ends(store, found)
    assert end.entity.id == "obstacle-fachkraeftemangel"
    assert end.statements == [("finding-wc-fachkraeftemangel-ohne-loesungsstrategien",
                               "Fachkräftemangel – ohne konkrete Lösungsstrategien",
                               ("Der Fachkräftemangel wurde in allen Arbeitsgruppen thematisiert, wobei konkrete "
                                "Lösungsstrategien nicht angesprochen wurden."))]
    goals = {goal.id: [m.id for m in measures] for goal, measures in end.goals}
    assert set(goals) == {"goal-fachpersonal-gewinnen-sichern", "goal-leitziel-weiterentwicklung-srb"}
    assert "measure-fortbildung-mit-spfz" in goals["goal-fachpersonal-gewinnen-sichern"]
    tree = paths_view(found, "tree", "de", reverse=True, open_ends=[end])
    assert tree.startswith("Bremse: Fachkräftemangel  [obstacle-fachkraeftemangel] — "
                           "(die Dokumentation nennt keine Maßnahme dafür)")
    assert "noch keine Maßnahme" not in tree
    assert ("  Die Dokumentation dazu: „Der Fachkräftemangel wurde in allen Arbeitsgruppen thematisiert, wobei "
            "konkrete Lösungsstrategien nicht angesprochen wurden.“ (finding-wc-fachkraeftemangel-ohne-loesungsstrategien)"
            ) in tree.splitlines()
    assert ("  7 Maßnahmen dienen demselben Ziel „Gewinnung und Sicherung von qualifiziertem Fachpersonal“ "
            "(alle: srbgraph paths goal-fachpersonal-gewinnen-sichern):") in tree.splitlines()
    assert "    – Fort- und Weiterbildung für SRB und Koordination Kita-Sozialarbeit gemeinsam mit dem SPFZ " \
           "(in Pirmasens angedacht)" in tree.splitlines()
    english = paths_view(found, "tree", "en", reverse=True, open_ends=open_ends(store, paths_through(
        store, ["Fachkräftemangel"], lang="en")[0], "en"))
    assert '"Shortage of skilled professionals" (Obstacle): the documentation names no measure for it.' in english
    assert "Maßnahme" not in english.replace("Der Fachkräftemangel wurde", "")
    # a path that reaches a measure has no open end to explain
    assert open_ends(store, paths_through(store, ["measure-strukturen-netzwerkarbeit"])[0]) == []


def test_the_command_shows_the_open_end_where_a_name_is_asked_and_counts_it_in_the_overview(srbgraph):
    run = srbgraph("paths", "Fachkräftemangel")
    assert run.code == 0, run
    assert "„Fachkräftemangel“ (Bremse): die Dokumentation nennt keine Maßnahme dafür." in run.out.splitlines()
    assert "  Die Dokumentation dazu: „Der Fachkräftemangel wurde in allen Arbeitsgruppen thematisiert" in run.out
    assert "(alle: srbgraph paths goal-fachpersonal-gewinnen-sichern):" in run.out
    overview = srbgraph("paths")  # the whole answer counts its gaps (`gaps` lists them) and stays short
    assert overview.code == 0 and "Die Dokumentation dazu" not in overview.out
    assert "davon ohne Maßnahme (Lücken)" in overview.out.splitlines()[-1]


def test_an_empty_table_says_why_under_its_header(srbgraph):
    from srbgraph.render.paths import paths_view
    from srbgraph.render.tables import render

    assert paths_view([], "table", "de").splitlines()[-1] == "keine Pfade gefunden"
    assert paths_view([], "md", "en").splitlines()[-1] == "no paths found"
    assert paths_view([], "csv", "de").count("\n") == 0  # data for programs: the header alone
    assert render(["a"], [], "table", empty="nothing") == "a\n-\nnothing"
    assert render(["a"], [["x"]], "table", empty="nothing") == "a\n-\nx"
