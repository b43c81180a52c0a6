"""Replaced entities (the vocabulary contract's "Replaced entities", ``data/replaced.yaml``): an entity
merged into another or renamed keeps its IRI, its labels and its evidence, names its successor
(``dcterms:isReplacedBy``) and is deprecated (``owl:deprecated true``); it has no path link, nothing
links to it, no count or list takes it for a live entity, and every look-up of its id leads to the
successor — by a command, and by ``/resource/ID`` (301 Moved Permanently)."""
from __future__ import annotations

import json
import re
import urllib.error
import urllib.request

import pytest
import yaml
from rdflib import OWL, RDF, RDFS, Literal
from rdflib.namespace import DCTERMS

from srbgraph import resources
from srbgraph.curated.links import LINK_RELATIONS
from srbgraph.curated.vocabulary import SRB, SRBR

# a renamed obstacle, a measure merged into another measure, a need re-kinded into an indicator,
# a measure re-kinded into a finding (docs/link-reading.md, "Entities merged, renamed …")
RENAMED = ("obstacle-fehlende-finanzierung-koordination", "obstacle-koordination-kommunal-finanziert")
MERGED = ("measure-fixe-koordinierungsstellen", "measure-koordinierungskraefte-finanzieren")
TO_INDICATOR = ("need-wissen-ueber-inanspruchnahme", "ind-wg07-1")
TO_FINDING = ("measure-personal-umschichten", "finding-fb-koblenz-umschichtung-personal")


def replaced_entries() -> list[dict]:
    return yaml.safe_load((resources.data_dir() / "replaced.yaml").read_text(encoding="utf-8"))["entities"]


@pytest.fixture(scope="module")
def graph():
    from srbgraph.curated.build import build_graph

    return build_graph()


# ---------------------------------------------------------------------------------------------
# the graph
# ---------------------------------------------------------------------------------------------
def test_each_replaced_entity_keeps_iri_labels_evidence_and_names_its_successor(graph):
    entries = replaced_entries()
    assert {RENAMED[0], MERGED[0], TO_INDICATOR[0], TO_FINDING[0]} <= {e["id"] for e in entries}
    assert len(entries) >= 21
    for entry in entries:
        old, new = SRBR[entry["id"]], SRBR[entry["isReplacedBy"]]
        assert (old, DCTERMS.isReplacedBy, new) in graph
        assert (old, OWL.deprecated, Literal(True)) in graph
        assert (old, RDF.type, SRB[entry["type"]]) in graph  # the class it had
        assert (old, RDFS.label, Literal(entry["label_de"], lang="de")) in graph
        assert len(list(graph.objects(old, SRB.hasEvidence))) == len(entry["evidence"])
        # no path link of its own, none to it, and a successor that is live
        assert not [p for p in LINK_RELATIONS for _ in graph.objects(old, SRB[p])]
        assert not [p for p in LINK_RELATIONS for _ in graph.subjects(SRB[p], old)]
        assert not list(graph.subjects(RDF.subject, old)) and not list(graph.subjects(RDF.object, old))
        assert graph.value(new, DCTERMS.isReplacedBy) is None and graph.value(new, RDFS.label) is not None


def test_the_shapes_catch_a_chain_a_path_link_and_a_missing_deprecation(graph):
    from srbgraph.checks.shacl import validate_shapes

    faulty = type(graph)()
    faulty += graph
    old, new = SRBR[MERGED[0]], SRBR[MERGED[1]]
    faulty.add((old, SRB.addresses, SRBR["obstacle-haltung-der-akteure"]))
    faulty.add((SRBR[RENAMED[0]], DCTERMS.isReplacedBy, old))  # a second successor, itself replaced
    faulty.remove((SRBR[TO_INDICATOR[0]], OWL.deprecated, None))
    found = {(v.focus, v.message_en) for v in validate_shapes(faulty)}
    assert found == {
        (f"srbr:{MERGED[0]}", "A replaced entity has no path link, neither out nor in."),
        (f"srbr:{RENAMED[0]}", "A replaced entity names exactly one successor (dcterms:isReplacedBy)."),
        (f"srbr:{RENAMED[0]}", "The successor is itself replaced: name the last successor (no chains)."),
        (f"srbr:{TO_INDICATOR[0]}", "A replaced entity is deprecated (owl:deprecated true)."),
    }
    assert validate_shapes(graph) == [] and new != old


# ---------------------------------------------------------------------------------------------
# the data: what `srbgraph validate` refuses
# ---------------------------------------------------------------------------------------------
def test_a_chain_of_replacements_is_refused_naming_file_line_and_entity(srbgraph, data_copy):
    path = data_copy / "replaced.yaml"
    text = path.read_text(encoding="utf-8")
    # measure-fixe-koordinierungsstellen now names a need that is itself replaced
    start = text.index(f"  - id: {MERGED[0]}\n")
    at = text.index(f"isReplacedBy: {MERGED[1]}", start)
    path.write_text(text[:at] + "isReplacedBy: need-refinanzierung-koordinierungsaufgaben" +
                    text[at + len(f"isReplacedBy: {MERGED[1]}"):], encoding="utf-8")
    result = srbgraph("validate", "--data", data_copy)
    assert result.code == 1
    line = text[:at].count("\n") + 1
    assert result.err.splitlines()[0] == (
        f"{path}:{line}: {MERGED[0]}: 'isReplacedBy' → 'need-refinanzierung-koordinierungsaufgaben' is itself "
        f"replaced (by '{MERGED[1]}'): name the last successor '{MERGED[1]}' (no chains)")


def test_a_cycle_of_replacements_is_refused(srbgraph, data_copy):
    path = data_copy / "replaced.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace(f"isReplacedBy: {TO_INDICATOR[1]}", f"isReplacedBy: {TO_FINDING[0]}", 1)
    text = text.replace(f"isReplacedBy: {TO_FINDING[1]}", f"isReplacedBy: {TO_INDICATOR[0]}", 1)
    path.write_text(text, encoding="utf-8")
    result = srbgraph("validate", "--data", data_copy)
    assert result.code == 1
    lines = [line for line in result.err.splitlines() if "cycle" in line]
    assert len(lines) == 2
    assert re.fullmatch(rf".*replaced\.yaml:\d+: {TO_INDICATOR[0]}: 'isReplacedBy' → '{TO_FINDING[0]}' leads round "
                        rf"in a cycle \({TO_INDICATOR[0]} → {TO_FINDING[0]} → {TO_INDICATOR[0]}\): a replaced entity "
                        r"names a successor that is not replaced", lines[0]), lines[0]


def test_a_path_link_of_or_to_a_replaced_entity_is_refused(srbgraph, data_copy):
    path = data_copy / "replaced.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index(f"  - id: {RENAMED[0]}\n")
    at = text.index("    evidence:", start)
    link = ("    hinders:\n      - to: goal-leitziel-weiterentwicklung-srb\n        support: stated\n"
            "        evidence:\n          - quote: \"Finanzierung von professioneller Koordination\"\n"
            "            section: \"… gemeinsam entwickeln > Ziele vereinbaren\"\n")
    path.write_text(text[:at] + link + text[at:], encoding="utf-8")
    # and a live obstacle's first link now points to a replaced need
    obstacles = data_copy / "obstacles.yaml"
    found = re.search(r"    hinders:\n      - to: ([a-z0-9-]+)\n", obstacles.read_text(encoding="utf-8"))
    owner = re.findall(r"  - id: ([a-z0-9-]+)\n", obstacles.read_text(encoding="utf-8")[:found.start()])[-1]
    target_line = obstacles.read_text(encoding="utf-8")[:found.start(1)].count("\n") + 1
    obstacles.write_text(obstacles.read_text(encoding="utf-8")[:found.start(1)] + "need-lueckenlose-bedarfsermittlung"
                         + obstacles.read_text(encoding="utf-8")[found.end(1):], encoding="utf-8")
    result = srbgraph("validate", "--data", data_copy)
    assert result.code == 1
    assert (f"{path}:{text[:at].count(chr(10)) + 1}: {RENAMED[0]}: a replaced entity carries no path link "
            f"('hinders'): its successor '{RENAMED[1]}' carries the links") in result.err.splitlines()
    assert (f"{obstacles}:{target_line}: {owner}: 'hinders' → 'need-lueckenlose-bedarfsermittlung' is a replaced "
            "entity: point to its successor 'measure-strukturen-netzwerkarbeit'") in result.err.splitlines()


# ---------------------------------------------------------------------------------------------
# look-ups: a replaced id leads to its successor, and the caller is told
# ---------------------------------------------------------------------------------------------
def test_a_replaced_id_or_old_label_resolves_to_its_successor():
    from srbgraph.errors import SrbError
    from srbgraph.model.entities import Replacement, resolve, resolve_any
    from srbgraph.stores.select import GraphSource

    told = []
    with GraphSource().open() as store:
        assert resolve_any(store, RENAMED[0], on_replaced=told.append) == ("obstacle", SRBR[RENAMED[1]])
        assert resolve_any(store, "Fixe Koordinierungsstellen schaffen", on_replaced=told.append) == (
            "measure", SRBR[MERGED[1]])  # its old label, which fits no live entity
        assert resolve(store, TO_INDICATOR[0], on_replaced=told.append) == SRBR[TO_INDICATOR[1]]
        assert resolve(store, TO_FINDING[0]) == SRBR[TO_FINDING[1]]  # re-kinded: a finding
        with pytest.raises(SrbError, match=f"'{TO_FINDING[0]}' is replaced by '{TO_FINDING[1]}', which is no "
                                           "goal, need, obstacle or measure"):
            resolve_any(store, TO_FINDING[0])
        # a live entity is found as before, and nobody is told anything
        assert resolve_any(store, RENAMED[1], on_replaced=told.append) == ("obstacle", SRBR[RENAMED[1]])
    assert told == [Replacement(str(SRBR[old]), str(SRBR[new])) for old, new in (RENAMED, MERGED, TO_INDICATOR)]
    assert (told[0].old_id, told[0].new_id) == RENAMED


def test_the_kept_entities_resolve_a_replaced_id_without_reading_the_graph():
    from srbgraph.model.entities import resolve_any
    from srbgraph.stores.select import GraphSource

    read = GraphSource().open().loaded()
    first = []
    answer = resolve_any(read, MERGED[0], on_replaced=first.append)  # asked once: kept for the build
    unread = GraphSource().open()
    again = []
    assert resolve_any(unread, MERGED[0], on_replaced=again.append) == answer == ("measure", SRBR[MERGED[1]])
    assert again == first and len(first) == 1
    assert unread.prefers_kept()  # answered from the kept entities: the graph was never read


def test_evidence_of_a_replaced_id_shows_its_own_quotes_and_names_its_successor(srbgraph, source):
    result = srbgraph("evidence", MERGED[0], "--source", source)
    assert result.code == 0, result
    lines = result.out.splitlines()
    assert lines[0] == f"srbr:{MERGED[0]} (Fixe Koordinierungsstellen schaffen)"
    assert lines[1] == f"{MERGED[0]} ist ersetzt durch {MERGED[1]}"
    assert "**Wir brauchen fixe Koordinierungsstellen**" in result.out
    english = srbgraph("evidence", MERGED[0], "--source", source, "--lang", "en")
    assert english.out.splitlines()[1] == f"{MERGED[0]} is replaced by {MERGED[1]}"


# ---------------------------------------------------------------------------------------------
# counts and lists take no replaced entity for a live one
# ---------------------------------------------------------------------------------------------
def test_stats_gaps_and_look_up_queries_leave_replaced_entities_out(srbgraph, graph):
    replaced = set(graph.subjects(DCTERMS.isReplacedBy, None))
    stats = json.loads(srbgraph("stats", "--format", "json").out)
    for cls in ("Obstacle", "Measure", "DevelopmentNeed"):
        live = set(graph.subjects(RDF.type, SRB[cls])) - replaced
        assert stats["classes"][cls] == len(live) < len(set(graph.subjects(RDF.type, SRB[cls])))
    assert stats["replaced"] == len(replaced) == len(replaced_entries())
    old_ids = {str(r)[len(str(SRBR)):] for r in replaced}
    gaps = json.loads(srbgraph("gaps", "--format", "json").out)
    assert gaps and not old_ids & {g["id"] for g in gaps}
    obstacles = json.loads(srbgraph("query", "entities", "--param", "class=srb:Obstacle", "--format", "json").out)
    assert f"srbr:{RENAMED[1]}" in {r["entity"] for r in obstacles}
    assert f"srbr:{RENAMED[0]}" not in {r["entity"] for r in obstacles}
    listed = json.loads(srbgraph("query", "replaced", "--format", "json").out)
    assert {"entity": f"srbr:{RENAMED[0]}", "class": "srb:Obstacle", "successor": f"srbr:{RENAMED[1]}"}.items() <= \
        next(r for r in listed if r["entity"] == f"srbr:{RENAMED[0]}").items()


def test_tables_per_class_hold_replaced_entities_apart(graph):
    from srbgraph.render.export import class_tables

    tables = class_tables(graph)
    assert RENAMED[0] not in {row[0] for row in tables["Obstacle"][1]}
    headers, rows = tables["replaced"]
    row = dict(zip(headers, next(r for r in rows if r[0] == RENAMED[0])))
    assert (row["type"], row["isReplacedBy"]) == ("Obstacle", RENAMED[1]) and row["evidence_quotes"]


# ---------------------------------------------------------------------------------------------
# srbgraph serve: /resource/OLD-ID is moved permanently to the successor
# ---------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from test_serve import start, stop

    served = start(tmp_path_factory.mktemp("serve-replaced"))
    yield served
    stop(served)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def unfollowed(url: str, accept: str = "text/html") -> tuple[int, dict, str]:
    """(status, headers, body) of one request whose redirect is not followed."""
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(urllib.request.Request(url, headers={"Accept": accept}), timeout=30) as response:
            return response.status, dict(response.headers), response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read().decode("utf-8")


def test_a_replaced_resource_is_moved_permanently_to_its_successor(server):
    for accept in ("text/html", "text/turtle", "application/ld+json"):
        status, headers, _body = unfollowed(server.url + f"resource/{RENAMED[0]}", accept)
        assert (status, headers["Location"]) == (301, f"/resource/{RENAMED[1]}"), accept
    status, headers, _body = unfollowed(server.url + f"resource/{MERGED[0]}?format=ttl&lang=en")
    assert (status, headers["Location"]) == (301, f"/resource/{MERGED[1]}?format=ttl&lang=en")


def test_the_successor_says_what_it_replaces_and_the_old_entity_stays_readable(server):
    import rdflib

    status, _headers, page = unfollowed(server.url + f"resource/{RENAMED[1]}")
    assert status == 200
    assert re.search(rf'<p class="replaces">Ersetzt: <a href="/resource/{RENAMED[0]}\?redirect=no">'
                     rf'Fehlende Finanzierung professioneller Koordination</a> \(früher: <code>{RENAMED[0]}</code>\)',
                     page), page
    # its RDF says what became of the old IRI
    status, _headers, turtle = unfollowed(server.url + f"resource/{RENAMED[1]}", "text/turtle")
    described = rdflib.Graph().parse(data=turtle, format="turtle")
    assert (SRBR[RENAMED[0]], DCTERMS.isReplacedBy, SRBR[RENAMED[1]]) in described
    assert (SRBR[RENAMED[0]], OWL.deprecated, Literal(True)) in described
    # ?redirect=no: the old entity's own page and RDF (its labels and evidence, its successor)
    status, _headers, page = unfollowed(server.url + f"resource/{RENAMED[0]}?redirect=no")
    assert status == 200 and "Fehlende Finanzierung professioneller Koordination" in page
    assert 'Ersetzt durch (verworfen; die Adresse führt dorthin)' in page and f'href="/resource/{RENAMED[1]}"' in page
    assert "überwiegend von den Kommunen selbst finanzierter Arbeitsbereich" in page
    status, _headers, turtle = unfollowed(server.url + f"resource/{RENAMED[0]}?redirect=no&format=ttl")
    own = rdflib.Graph().parse(data=turtle, format="turtle")
    assert (SRBR[RENAMED[0]], DCTERMS.isReplacedBy, SRBR[RENAMED[1]]) in own
    assert len(list(own.objects(SRBR[RENAMED[0]], SRB.hasEvidence))) == 2
