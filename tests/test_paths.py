"""srbgraph paths: goal → (need) → obstacle → measure, found by id or by a forgiving label."""
from __future__ import annotations

import json


def paths_json(srbgraph, *args):
    result = srbgraph("paths", "--format", "json", *args)
    assert result.code == 0, result
    return json.loads(result.out)


def test_tree_shows_the_smart_chain_of_the_source(srbgraph):
    # S.M.A.R.T.: "Orientierung an Bedarfen aller Akteur:innen ... Basis für ... Beteiligung aller
    # Akteur:innen. Diese Faktoren werden von ... der Haltung der Akteur:innen gebremst. Daher sollten
    # Strukturen für die gelingende Netzwerkarbeit geschaffen werden"
    result = srbgraph("paths", "goal-orientierung-an-bedarfen")
    assert result.code == 0, result
    lines = result.out.splitlines()
    assert lines[0].startswith("Ziel: Orientierung an Bedarfen")
    assert any("Bedarf: " in l and "Beteiligung" in l for l in lines)
    assert any("Bremse: " in l and "Haltung" in l for l in lines)
    assert any("Maßnahme: " in l and "Netzwerkarbeit" in l for l in lines)


def test_every_path_runs_goal_obstacle_measure(srbgraph):
    paths = paths_json(srbgraph)
    complete = [p for p in paths if p["measure"]]
    assert len(complete) >= 2
    for p in paths:
        assert p["goal"]["id"].startswith("goal-")
        assert p["obstacle"]["id"].startswith("obstacle-")
        assert p["need"] is None or p["need"]["id"].startswith("need-")
        assert p["measure"] is None or p["measure"]["id"].startswith("measure-")
    assert len({(p["goal"]["id"], p["obstacle"]["id"]) for p in complete}) >= 2


def test_goal_by_label_tolerates_case_umlauts_and_hyphens(srbgraph):
    by_id = paths_json(srbgraph, "goal-fachpersonal-gewinnen-sichern")
    assert by_id
    label = by_id[0]["goal"]["label"]
    folded = label.lower().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    assert paths_json(srbgraph, folded) == by_id
    assert paths_json(srbgraph, label.upper()) == by_id


def test_english_labels(srbgraph):
    de = paths_json(srbgraph, "goal-orientierung-an-bedarfen")
    en = paths_json(srbgraph, "goal-orientierung-an-bedarfen", "--lang", "en")
    assert [p["goal"]["id"] for p in de] == [p["goal"]["id"] for p in en]
    assert de[0]["goal"]["label"] != en[0]["goal"]["label"]
    table = srbgraph("paths", "goal-orientierung-an-bedarfen", "--lang", "en", "--format", "tsv")
    assert table.out.splitlines()[0].split("\t") == ["Goal", "Need", "Obstacle", "Measure", "requires (goal → need)",
                                                     "hinders (obstacle → goal/need)", "addresses (measure → obstacle)",
                                                     "weakest support", "verdict: requires", "verdict: hinders",
                                                     "verdict: addresses"]


def test_unknown_name_says_did_you_mean(srbgraph):
    # a NAME may be a goal, a need, an obstacle or a measure: the message names all four kinds
    result = srbgraph("paths", "Orientierung an Bedarfn")
    assert result.code == 1
    error = result.err.strip().splitlines()[-1]  # a line before it may say that the graph was (re)built
    assert error.startswith("srbgraph: error: no goal, need, obstacle or measure named 'Orientierung an Bedarfn' "
                            "(did you mean ")
    assert "goal-orientierung-an-bedarfen" in error
    assert all(line.startswith("building the graph") for line in result.err.strip().splitlines()[:-1])


def test_csv_has_one_row_per_path(srbgraph):
    import csv
    import io

    rows = list(csv.reader(io.StringIO(srbgraph("paths", "--format", "csv").out)))
    # the four ends, then a column per hop with its support, the path's weakest support, and the
    # reviewers' verdict on each hop (nobody has reviewed the shipped links yet)
    assert rows[0] == ["Ziel", "Bedarf", "Bremse", "Maßnahme", "erfordert (Ziel → Bedarf)",
                       "bremst (Bremse → Ziel/Bedarf)", "setzt an (Maßnahme → Bremse)", "schwächste Stützung",
                       "Urteil: erfordert", "Urteil: bremst", "Urteil: setzt an"]
    assert {row[9] for row in rows[1:]} == {"ungeprüft"}
    assert all(row[8] == "" for row in rows[1:] if not row[1])  # no need: no verdict on a requires hop
    assert len(rows) - 1 == len(paths_json(srbgraph))
    assert {row[7] for row in rows[1:]} == {"genannt", "gelesen"}
    assert all(row[4] == "" for row in rows[1:] if not row[1])  # no need: no requires hop


def test_paths_through_an_obstacle_and_back_from_a_measure(srbgraph):
    through = paths_json(srbgraph, "--obstacle", "Fachkraeftemangel")
    assert through and {p["obstacle"]["id"] for p in through} == {"obstacle-fachkraeftemangel"}
    back = srbgraph("paths", "--measure", "measure-strukturen-netzwerkarbeit")
    assert back.code == 0, back
    lines = back.out.splitlines()
    assert lines[0].startswith("Maßnahme: Strukturen für die gelingende Netzwerkarbeit")
    assert any("Bremse: Haltung der Akteur:innen" in l for l in lines)
    assert any("Ziel: Orientierung an Bedarfen" in l for l in lines)
    as_json = paths_json(srbgraph, "--measure", "measure-strukturen-netzwerkarbeit")
    assert {p["measure"]["id"] for p in as_json} == {"measure-strukturen-netzwerkarbeit"}


def test_same_paths_on_every_store(srbgraph, tmp_path, oxigraph_server):
    reference = paths_json(srbgraph)
    assert paths_json(srbgraph, "--engine", "rdflib") == reference
    assert paths_json(srbgraph, "--store", tmp_path / "store") == reference
    assert paths_json(srbgraph, "--endpoint", f"{oxigraph_server}/query") == reference


def test_every_path_at_once_equals_the_named_query_even_where_a_label_is_missing():
    # For every path at once srbgraph joins two cheaper queries (path-links, labels) instead of
    # running queries/paths.rq; the answer must be the one paths.rq gives, also where a measure
    # lacks a label in the language asked for (paths.rq then leaves that measure out).
    import pyoxigraph as ox

    from srbgraph.model import catalogue
    from srbgraph.model.paths import _filtered_rows, _sorted_paths, find_paths
    from srbgraph.stores.select import open_store
    from srbgraph.terms import Literal

    store = open_store()
    measure = ox.NamedNode("https://w3id.org/srbgraph/resource/measure-strukturen-netzwerkarbeit")
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    for quad in list(store.store.quads_for_pattern(measure, label, None)):
        if quad.object.language == "en":
            store.store.remove(quad)
    for lang in ("de", "en"):
        fast = find_paths(store, lang=lang)
        named = _sorted_paths(store.select_values(catalogue.named("paths").text, {"lang": Literal(lang)}))
        assert fast == named
        assert _sorted_paths(_filtered_rows(store, (), None, None, lang)) == named  # one goal at a time too
        ids = {p.measure.id for p in fast if p.measure}
        assert ("measure-strukturen-netzwerkarbeit" in ids) == (lang == "de")
    # an obstacle only that measure addresses keeps its path, without a measure, in English
    assert {p.measure for p in find_paths(store, lang="en") if p.obstacle.id == "obstacle-haltung-der-akteure"} == {None}


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
    assert any("Gefälscht" in p.goal.text + p.obstacle.text for p in find_paths(store))  # the kept answer is used

    srbr = "https://w3id.org/srbgraph/resource/"
    new = ox.NamedNode(srbr + "obstacle-neue-bremse")
    store.store.add(ox.Quad(new, ox.NamedNode("https://w3id.org/srbgraph/ontology#hinders"),
                            ox.NamedNode(srbr + "goal-fachpersonal-gewinnen-sichern")))
    store.store.add(ox.Quad(new, ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
                            ox.Literal("Neue Bremse", language="de")))
    after = find_paths(store)
    assert len(after) == len(first) + 1 and "Neue Bremse" in {p.obstacle.text for p in after}
    assert not any("Gefälscht" in p.goal.text + p.obstacle.text for p in after)
    store.close()

    reopened = OxigraphStore(tmp_path / "store")
    assert find_paths(reopened) == after
    reopened.close()
    read_only = OxigraphStore(tmp_path / "store", read_only=True)
    assert read_only.state() is None  # read-only: never kept
    assert find_paths(read_only) == after
    read_only.close()  # a read-only store closes without trying to write


def test_only_stated_hops_give_the_one_path_the_documentation_works_out(srbgraph):
    # "So ist das gebündelte Handlungsziel: Orientierung an Bedarfen aller Akteur:innen (Familien und
    # Fachkräfte) Basis für: a) … b) …. Diese Faktoren werden von unzureichenden personellen und
    # finanziellen Ressourcen und der Haltung der Akteur:innen gebremst. Daher sollten Strukturen für
    # die gelingende Netzwerkarbeit geschaffen werden …" (… gemeinsam entwickeln > S.M.A.R.T.)
    stated = paths_json(srbgraph, "--support", "stated")
    assert {(p["goal"]["id"], p["need"]["id"], p["obstacle"]["id"], p["measure"]["id"]) for p in stated} == {
        ("goal-orientierung-an-bedarfen", need, obstacle, "measure-strukturen-netzwerkarbeit")
        for need in ("need-ermittlung-finanzierung-sachmittel", "need-intensivere-beteiligung-aller-akteure")
        for obstacle in ("obstacle-unzureichende-personelle-finanzielle-ressourcen", "obstacle-haltung-der-akteure")}
    assert all(p["requires"] == p["hinders"] == p["addresses"] == p["support"] == "stated" for p in stated)
    every = paths_json(srbgraph)
    assert len(every) > len(stated) and {p["support"] for p in every} == {"stated", "interpreted"}
    for p in every:  # the weakest hop decides
        hops = [p["hinders"]] + ([p["requires"]] if p["need"] else []) + ([p["addresses"]] if p["measure"] else [])
        assert p["support"] == ("interpreted" if "interpreted" in hops else "stated")


def test_the_tree_marks_each_hop_and_counts_both_kinds_of_path(srbgraph):
    tree = srbgraph("paths", "goal-orientierung-an-bedarfen").out.splitlines()
    assert any(line.endswith("● Bremse: Haltung der Akteur:innen") for line in tree)
    assert any("○ Bremse: " in line for line in tree)  # the same goal has hops the curation reads
    legend, count = tree[-2:]
    assert legend == "● in der Quelle genannt (stated) · ○ Lesart der Kuration (interpreted)"
    every = paths_json(srbgraph, "goal-orientierung-an-bedarfen")
    stated = sum(1 for p in every if p["support"] == "stated")
    assert count.endswith(f"Stützung aller {len(every)} Pfade: {stated} in jedem Glied genannt (●), "
                          f"{len(every) - stated} mit Lesart der Kuration (○)")


def test_the_count_line_tells_complete_paths_from_open_ends(srbgraph):
    """A path that reaches no measure is a gap; the last line counts both, so its two numbers agree."""
    every = paths_json(srbgraph)
    complete = sum(1 for p in every if p["measure"])
    assert 0 < complete < len(every)
    count = srbgraph("paths").out.splitlines()[-1]
    assert count.startswith(f"{complete} Pfade Ziel → Bremse → Maßnahme und {len(every) - complete} "
                            f"ohne Maßnahme (Lücken); Stützung aller {len(every)} Pfade")
    english = srbgraph("paths", "--lang", "en").out.splitlines()[-1]
    assert english.startswith(f"{complete} goal → obstacle → measure paths and {len(every) - complete} "
                              "without a measure (gaps);")


def test_a_name_of_any_kind_finds_its_paths(srbgraph):
    # a user types a name, not a kind: an obstacle's paths run back to the goals it hinders
    back = srbgraph("paths", "Fachkräftemangel")
    assert back.code == 0, back
    assert "Bremse: Fachkräftemangel" in back.out and "Ziel: Gewinnung und Sicherung" in back.out
    need = paths_json(srbgraph, "need-intensivere-beteiligung-aller-akteure")
    assert need and {p["need"]["id"] for p in need} == {"need-intensivere-beteiligung-aller-akteure"}
    # a part of one label will do; a part of several lists them with their kind
    assert paths_json(srbgraph, "Orientierung an Bedarfen")[0]["goal"]["id"] == "goal-orientierung-an-bedarfen"
    several = srbgraph("paths", "Beteiligung")
    assert several.code == 1
    error = several.err.strip().splitlines()[-1]
    assert error.startswith("srbgraph: error: 'Beteiligung' fits more than one goal, need, obstacle or measure: ")
    assert "goal-intensivere-beteiligung (goal)" in error and "(need)" in error


def test_the_built_graph_answers_paths_from_kept_results_without_reading_the_graph():
    # The curated graph in memory keeps its listing of every path (and the entities and link
    # reviews paths needs) beside its build: a later command answers from them and never reads
    # the graph — the same paths, the same reviews, in the same order.
    from srbgraph.model.paths import find_paths
    from srbgraph.model.review import review_index
    from srbgraph.stores.select import GraphSource

    first = GraphSource().open()
    assert first.prefers_kept()  # nothing read yet
    every, reviews = find_paths(first), review_index(first)
    assert not first.prefers_kept()  # nothing was kept yet: it read the graph to answer
    later = GraphSource().open()
    assert find_paths(later) == every and review_index(later) == reviews
    assert find_paths(later, support="stated") == [p for p in every if p.support == "stated"]
    assert later.prefers_kept()  # answered from what was kept: the graph was never read
    assert len(later) == len(first)  # and it is there when a question needs it


def test_paths_through_any_name_are_the_same_from_kept_results_as_from_the_graph():
    # `srbgraph paths NAME` on a graph not read yet filters the kept listing; asked of the graph
    # itself (read first), every goal, need, obstacle and measure by id, and labels (also ones
    # that fit several entries or none), give the same paths, kinds and errors.
    from srbgraph.errors import SrbError
    from srbgraph.model import catalogue
    from srbgraph.model.entities import PATH_KINDS
    from srbgraph.model.paths import find_paths, paths_through
    from srbgraph.stores.select import GraphSource
    from srbgraph.terms import IRI, SRB, local_id

    read = GraphSource().open().loaded()
    assert not read.prefers_kept()
    find_paths(read), find_paths(read, lang="en")  # asked once: kept for the build
    unread = GraphSource().open()
    ids = [local_id(row[0]) for cls in PATH_KINDS.values()
           for row in read.select_values(catalogue.named("entities").text, {"class": IRI(SRB + cls)})]
    assert len(ids) > 60
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
    assert sum(bool(paths_through(unread, [i])[0]) for i in ids) > 50


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
    assert "Fachpersonal neu benannt" in {p.goal.text for p in find_paths(rebuilt)}
    assert not rebuilt.prefers_kept()  # the results kept for the old build were not taken
