"""`srbgraph serve` as analysts use it (#18): the query workbench (YASGUI, bundled and offline), a
page for every IRI with RDF by content negotiation, the Service Description and the VoID
description — on the shipped data, with a real `srbgraph serve` process on 127.0.0.1.

The browser tests drive Debian's chromium and record every request the pages make: none may leave
127.0.0.1. A second server holds the shipped data with one obstacle whose labels are hostile (HTML
that would run, a spreadsheet formula) and with two reviews of its links, one rejecting."""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
import shutil
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
import rdflib
from rdflib.namespace import RDF, RDFS
from test_serve import http, start, stop

SRB = rdflib.Namespace("https://w3id.org/srbgraph/ontology#")
SRBR = rdflib.Namespace("https://w3id.org/srbgraph/resource/")
VOID = rdflib.Namespace("http://rdfs.org/ns/void#")
SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
DCTERMS = rdflib.Namespace("http://purl.org/dc/terms/")
OBSTACLE = "obstacle-haltung-der-akteure"
RDF_TYPES = {"text/turtle": "turtle", "application/ld+json": "json-ld", "application/n-triples": "nt"}
CHROMIUM = "/usr/bin/chromium"
VENDOR = Path(__file__).resolve().parent.parent / "srbgraph" / "server" / "vendor" / "yasgui"
HOSTILE_HTML = '<img src=x onerror="window.pwned=1;document.title=\'pwned\'">'
HOSTILE_FORMULA = '=HYPERLINK("http://example.invalid/x","klick")'


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    served = start(tmp_path_factory.mktemp("workbench"))
    yield served
    stop(served)


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    """The shipped data, but obstacle-haltung-der-akteure is labelled with HTML and a formula, one of
    its links is confirmed by one reviewer and the other rejected by another."""
    from srbgraph import resources
    from srbgraph.curated.yaml_edit import ReviewEdit, add_reviews

    folder = tmp_path_factory.mktemp("hostile")
    data = folder / "data"
    shutil.copytree(resources.data_dir(), data)
    obstacles = data / "obstacles.yaml"
    text = obstacles.read_text(encoding="utf-8")
    old = '    label_de: "Haltung der Akteur:innen"\n    label_en: "Attitude of the actors"\n'
    assert old in text
    text = text.replace(old, f"    label_de: {json.dumps(HOSTILE_HTML)}\n    label_en: {json.dumps(HOSTILE_FORMULA)}\n")
    day = dt.date(2026, 12, 1)
    text = add_reviews(text, [
        ReviewEdit(OBSTACLE, "hinders", "goal-finanzierung-notwendiger-mittel", "Dr. A. Erste", day, "confirmed",
                   "Der Satz trägt es."),
        ReviewEdit(OBSTACLE, "hinders", "goal-intensivere-beteiligung", "B. Zweite", day, "rejected",
                   "<b>nicht</b> belegt")], "obstacles.yaml")
    obstacles.write_text(text, encoding="utf-8")
    served = start(folder, "--data", str(data))
    yield served
    stop(served)


def parsed(body: str, media: str) -> rdflib.Graph:
    return rdflib.Graph().parse(data=body, format=RDF_TYPES[media])


# --------------------------------------------------------------------------------------------
# a page for every IRI, and its RDF
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("media", list(RDF_TYPES))
def test_an_entity_in_each_rdf_format_parses_and_holds_its_label_and_evidence(server, media):
    status, kind, body = http(server.url + f"resource/{OBSTACLE}", headers={"Accept": media})
    assert status == 200 and kind == media, body[:300]
    graph = parsed(body, media)
    entity = SRBR[OBSTACLE]
    assert (entity, RDFS.label, rdflib.Literal("Haltung der Akteur:innen", lang="de")) in graph
    assert (entity, RDF.type, SRB.Obstacle) in graph
    quotes = [str(graph.value(evidence, SRB.quote)) for evidence in graph.objects(entity, SRB.hasEvidence)]
    assert quotes == ["Diese Faktoren werden von unzureichenden personellen und finanziellen Ressourcen und der "
                      "Haltung der Akteur:innen gebremst."]
    # the link assertions it takes part in, with their support and evidence
    link = SRBR[f"link/{OBSTACLE}/hinders/goal-finanzierung-notwendiger-mittel"]
    assert (link, RDF.subject, entity) in graph and (link, SRB.support, SRB.stated) in graph
    assert len(list(graph.objects(link, SRB.hasEvidence))) == 2
    assert all(graph.value(e, SRB.quote) for e in graph.objects(link, SRB.hasEvidence))
    # and the labels of what it links to
    assert graph.value(SRBR["goal-finanzierung-notwendiger-mittel"], RDFS.label) is not None


def test_format_parameter_chooses_the_rdf_format_as_well(server):
    status, kind, body = http(server.url + f"resource/{OBSTACLE}?format=nt")
    assert status == 200 and kind == "application/n-triples"
    assert (SRBR[OBSTACLE], RDF.type, SRB.Obstacle) in parsed(body, "application/n-triples")


def test_the_entity_page_shows_labels_class_evidence_links_paths_and_the_graph_link(server):
    status, kind, page = http(server.url + f"resource/{OBSTACLE}", headers={"Accept": "text/html"})
    assert status == 200 and kind.startswith("text/html")
    assert "<h1><span class=\"label\" lang=\"de\">Haltung der Akteur:innen</span>" in page
    assert "Attitude of the actors" in page
    # one language per page (#27): German words only, no English beside them
    assert re.search(r'Klasse: <a class="iri" href="/ontology/Obstacle">srb:Obstacle</a>', page)
    assert "<h2>Belege</h2>" in page and "Diese Faktoren werden von unzureichenden" in page
    assert "Abschnitt: <span class=\"section\">… gemeinsam entwickeln &gt; S.M.A.R.T.</span>" in page
    assert "(class)" not in page and "(evidence)" not in page and "(stated)" not in page
    # a link out, with its support marker pointing at its assertion
    assert re.search(r'<a class="support stated" href="/resource/link/obstacle-haltung-der-akteure/hinders/'
                     r'goal-finanzierung-notwendiger-mittel" title="in der Quelle genannt">●</a>\s*'
                     r'<a class="iri" href="/resource/goal-finanzierung-notwendiger-mittel">', page)
    # a link in: a measure addresses it
    incoming = page[page.index("Verknüpfungen hierher"):]
    assert 'href="/resource/measure-strukturen-netzwerkarbeit"' in incoming
    # the paths through it, from the goal
    paths = page[page.index("Pfade Ziel → Maßnahme"):page.index("Verknüpfungen von hier")]
    # from the two goals it brakes (the worked path's a and b), each climbing to the guiding goal
    # directly and over the goal that is their basis ("Orientierung an Bedarfen")
    assert paths.count('<li class="path">') == 4
    assert 'href="/resource/goal-finanzierung-notwendiger-mittel"' in paths
    assert paths.count('href="/resource/goal-leitziel-weiterentwicklung-srb"') == 4
    graph_link = re.search(r'<a class="graph-link" href="([^"]+)"', page).group(1)
    assert graph_link == f"/graph?focus={OBSTACLE}"
    status, _kind, graph = http(server.url + graph_link.lstrip("/"))
    assert status == 200 and "vis.Network" in graph and "Haltung der Akteur:innen" in graph


def test_the_curators_note_is_in_the_pages_language(server):
    """#27: ``note_de`` beside ``note`` in the data; a German page shows the German note, an English
    page the English one — never both, never in the table of further statements."""
    german = "In allen Arbeitsgruppen besprochen; der Text sagt, es seien keine konkreten Lösungsstrategien genannt worden"
    english = "Discussed in all working groups; the text says no concrete solution strategies were named"
    status, _kind, page = http(server.url + "resource/obstacle-fachkraeftemangel")
    assert status == 200 and "<h2>Anmerkung der Kuration</h2>" in page
    assert german in page and english not in page
    status, _kind, page = http(server.url + "resource/obstacle-fachkraeftemangel?lang=en")
    assert status == 200 and "<h2>Curators&#39; note</h2>" in page
    assert english in page and german not in page
    assert "skos:editorialNote" not in page  # a note of its own, not a row of the statements


def test_a_link_assertion_and_an_ontology_term_have_pages(server):
    status, _kind, page = http(server.url + f"resource/link/{OBSTACLE}/hinders/goal-finanzierung-notwendiger-mittel")
    assert status == 200
    assert "Haltung der Akteur:innen — bremst — Finanzierung der notwendigen Mittel" in page  # its title: both ends
    assert "So ist das gebündelte Handlungsziel" in page and "graph-link" not in page  # not drawn: no dead link
    status, _kind, page = http(server.url + "ontology/Obstacle?lang=en")
    assert status == 200 and '<span class="label" lang="en">obstacle</span>' in page
    assert "A circumstance that makes it harder" in page  # its definition
    assert f'href="/resource/{OBSTACLE}"' in page  # its members, as links to here


def test_unknown_ids_are_404_with_did_you_mean(server):
    status, kind, page = http(server.url + "resource/obstacle-haltung-der-akteur")
    assert status == 404 and kind.startswith("text/html")
    assert "Diesen Eintrag kennt der Graph nicht: srbr:obstacle-haltung-der-akteur" in page
    assert f'<a href="/resource/{OBSTACLE}">srbr:{OBSTACLE}</a>' in page
    status, kind, body = http(server.url + "resource/obstacle-haltung-der-akteur", headers={"Accept": "text/turtle"})
    assert status == 404 and kind.startswith("text/plain")
    assert body.startswith(f"not found: srbr:obstacle-haltung-der-akteur (did you mean '{OBSTACLE}'")
    status, _kind, body = http(server.url + "ontology/Obstacel")
    assert status == 404 and 'href="/ontology/Obstacle"' in body


def test_every_odd_request_for_a_resource_gets_an_answer(server):
    odd = ["resource/", "resource/%00", "resource/%ff%fe", "resource/" + "a" * 5000, "resource/<script>alert(1)</script>",
           "resource/a%20b", "resource/../../etc/passwd", "ontology/", "resource/x?lang=xx&format=%00"]
    for path in odd:
        status, _kind, body = http(server.url + urllib.parse.quote(path, safe="/%?=&"))
        # an unknown format= is the request's fault before the resource is looked up (issue 26): 400
        assert status == (400 if "format=" in path else 404), (path, status)
        assert "<script>alert" not in body
    status, _kind, body = http(server.url + f"resource/{OBSTACLE}", headers={"Accept": "image/png"})
    assert status == 406 and "text/turtle" in body
    status, _kind, _body = http(server.url + f"resource/{OBSTACLE}", headers={"Accept": "*/*;q=0.1, text/turtle;q=x"})
    assert status == 200
    assert http(server.sparql + "?query=" + urllib.parse.quote("ASK {}"))[0] == 200


# --------------------------------------------------------------------------------------------
# the endpoint describes itself
# --------------------------------------------------------------------------------------------
def test_get_sparql_without_a_query_is_the_service_description(server):
    for media in ("text/turtle", "application/ld+json"):
        status, kind, body = http(server.sparql, headers={"Accept": media})
        assert status == 200 and kind == media
        graph = parsed(body, media)
        service = graph.value(predicate=RDF.type, object=SD.Service)
        assert graph.value(service, SD.endpoint) == rdflib.URIRef(server.sparql)
        assert (service, SD.supportedLanguage, SD.SPARQL11Query) in graph
        assert (service, SD.resultFormat, rdflib.URIRef("http://www.w3.org/ns/formats/SPARQL_Results_JSON")) in graph
        assert graph.value(service, SD.defaultDataset) == rdflib.URIRef(server.url + ".well-known/void#dataset")
    assert http(server.sparql + "?query=")[0] == 400  # a query parameter without a query is still an error


def test_void_counts_classes_and_properties_and_names_licence_and_source(server):
    from srbgraph.stores.select import open_store

    status, kind, body = http(server.url + ".well-known/void")
    assert status == 200 and kind == "text/turtle"
    graph = parsed(body, "text/turtle")
    dataset = rdflib.URIRef(server.url + ".well-known/void#dataset")
    with open_store() as store:
        triples = int(store.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0][0])
        # a replaced obstacle (deprecated, data/replaced.yaml) is no live one: VoID counts the live
        obstacles = len(store.select("SELECT ?o WHERE { ?o a <https://w3id.org/srbgraph/ontology#Obstacle> "
                                     "FILTER NOT EXISTS { ?o <http://www.w3.org/2002/07/owl#deprecated> true } }").rows)
        hinders = len(store.select("SELECT * WHERE { ?a <https://w3id.org/srbgraph/ontology#hinders> ?b }").rows)
    assert int(graph.value(dataset, VOID.triples)) == triples
    partitions = {graph.value(p, VOID["class"]): int(graph.value(p, VOID.entities))
                  for p in graph.objects(dataset, VOID.classPartition)}
    assert partitions[SRB.Obstacle] == obstacles > 20
    properties = {graph.value(p, VOID.property): int(graph.value(p, VOID.triples))
                  for p in graph.objects(dataset, VOID.propertyPartition)}
    assert properties[SRB.hinders] == hinders > 20
    assert graph.value(dataset, DCTERMS.license) == rdflib.URIRef("https://creativecommons.org/licenses/by/4.0/")
    assert graph.value(dataset, DCTERMS.source) == SRBR["doc-srb-workshops-2023"]
    assert graph.value(dataset, VOID.sparqlEndpoint) == rdflib.URIRef(server.sparql)


# --------------------------------------------------------------------------------------------
# the workbench's look-ups
# --------------------------------------------------------------------------------------------
def test_a_named_query_is_bound_as_srbgraph_query_binds_it(server, srbgraph):
    params = {"named": "measures-for-obstacle", "obstacle": "Spannungsfeld Flexibilität", "lang": "en"}
    status, _kind, body = http(server.url + "api/bind?" + urllib.parse.urlencode(params))
    assert status == 200, body
    bound = json.loads(body)["query"]
    assert "VALUES" in bound and '<https://w3id.org/srbgraph/resource/obstacle-spannungsfeld-flexibilitaet-nachhaltigkeit> "en"' in bound
    status, _kind, body = http(server.sparql, urllib.parse.urlencode({"query": bound}).encode(),
                               {"Content-Type": "application/x-www-form-urlencoded"})
    served = sorted(b["measure"]["value"].rsplit("/", 1)[1] for b in json.loads(body)["results"]["bindings"])
    cli = srbgraph("query", "measures-for-obstacle", "-p", "obstacle=Spannungsfeld Flexibilität", "--lang", "en",
                   "--format", "json")
    assert cli.code == 0, cli
    assert served == sorted(row["measure"].split(":", 1)[1] for row in json.loads(cli.out))
    assert len(served) == 3


def test_bind_refuses_what_the_cli_refuses_in_one_line(server):
    def bind(**params):
        status, kind, body = http(server.url + "api/bind?" + urllib.parse.urlencode(params))
        assert kind.startswith("application/json")
        return status, json.loads(body)

    # the workbench of this server is German (#27): its own refusals say it in German ("lang": "de");
    # a look-up's message that has no German words yet stays English and says so ("lang": "en")
    status, answer = bind(named="measures-for-obstacle", obstacle="Fachkraftmangel-x")
    assert status == 400 and "'Fachkraftmangel-x'" in answer["error"] and answer["lang"] == "en"
    status, answer = bind(named="measures-for-obstacle", colour="red")
    assert status == 400 and "hat keinen Parameter „colour“" in answer["error"] and answer["lang"] == "de"
    status, answer = bind(named="indicators-per-goal", lang="fr")
    assert status == 400 and answer["error"] == "Parameter „lang“ muss de oder en sein, nicht 'fr'"
    status, answer = bind(named="measures-for-obstacel")
    assert status == 404 and "meinten Sie 'measures-for-obstacle'" in answer["error"]
    assert answer["error"].startswith("keine benannte Abfrage")
    status, answer = bind(named="../queries/paths")
    assert status == 404
    status, answer = bind(named="paths", goal="x" * 5000)
    assert status == 400 and "höchstens" in answer["error"]


def test_terms_for_completion_come_from_the_graph(server):
    status, kind, body = http(server.url + "api/terms")
    assert status == 200 and kind.startswith("application/json")
    doc = json.loads(body)
    assert doc["prefixes"]["srb"] == str(SRB) and doc["prefixes"]["srbr"] == str(SRBR)
    kinds = {term["iri"]: term for term in doc["terms"]}
    assert kinds[str(SRB.Obstacle)]["kind"] == "class" and kinds[str(SRB.Obstacle)]["en"] == "obstacle"
    assert kinds[str(SRB.hinders)]["kind"] == "property"
    assert kinds[str(SRBR[OBSTACLE])] == {"iri": str(SRBR[OBSTACLE]), "kind": "individual",
                                          "de": "Haltung der Akteur:innen", "en": "Attitude of the actors"}


def test_yasgui_is_vendored_whole_with_its_licence_and_served_from_here(server):
    pinned = json.loads((VENDOR / "PINNED.json").read_text(encoding="utf-8"))
    assert pinned["package"] == "@zazuko/yasgui" and pinned["integrity"].startswith("sha512-")
    for name, digest in pinned["files"].items():
        assert hashlib.sha256((VENDOR / name).read_bytes()).hexdigest() == digest, f"{name} was changed"
    assert json.loads((VENDOR / "package.json").read_text())["version"] == pinned["version"]
    assert "MIT License" in (VENDOR / "LICENSE").read_text(encoding="utf-8")
    status, _kind, page = http(server.url)
    scripts = re.findall(r'<script src="([^"]+)"', page)
    assert scripts[0].startswith("/vendor/yasgui/yasgui.min.js?v=")
    assert all(s.startswith("/") and not s.startswith("//") for s in scripts)
    assert not re.search(r"<script(?![^>]*(src=|application/json))", page)  # no inline code: the CSP allows none
    request = urllib.request.Request(server.url + scripts[0].lstrip("/"))
    with urllib.request.urlopen(request, timeout=30) as answer:
        assert answer.headers["Content-Type"].startswith("text/javascript")
        assert "immutable" in answer.headers["Cache-Control"]
        assert answer.read() == (VENDOR / "yasgui.min.js").read_bytes()
    assert http(server.url + "vendor/yasgui/../../app.py")[0] == 404
    assert http(server.url + "static/nothing.js")[0] == 404


# --------------------------------------------------------------------------------------------
# in a browser
# --------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "chromium is missing: run tests/install-system-deps.sh"
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        yield chromium
        chromium.close()


class Recorded:
    """A fresh browser context that records every request of every page, and every page error."""

    def __init__(self, browser):
        self.context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.context.on("request", lambda request: self.requests.append(request.url))
        self.context.on("page", self._watch)

    def _watch(self, page):
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))

    def page(self):
        page = self.context.new_page()
        return page

    def hosts(self) -> set[str]:
        return {urllib.parse.urlsplit(url).netloc for url in self.requests}


def editor_text(page) -> str:
    return page.evaluate("() => srbgraphWorkbench.state.yasgui.getTab().getQuery()")


def hints(page) -> list[str]:
    page.wait_for_selector(".CodeMirror-hints li", timeout=30_000)
    return page.locator(".CodeMirror-hints li").all_inner_texts()


def type_in_editor(page, text: str) -> None:
    page.click(".CodeMirror-code:visible")
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.type(text)


def test_the_workbench_in_a_browser_stays_on_this_server(server, browser):
    """Loads; `srb:` completes to the ontology's terms (and a property from the graph, never from
    LOV); a named query run through its form with lang=en shows English labels; a result IRI opens
    its page; the share link reproduces the query — and every request went to this server."""
    here = urllib.parse.urlsplit(server.url).netloc
    recorded = Recorded(browser)
    try:
        page = recorded.page()
        page.goto(server.url, timeout=60_000)
        page.wait_for_selector("body[data-terms]", timeout=60_000)
        assert page.locator("#named-list li").count() > 20
        # YASGUI's tab is named in the page's language (its own default is "Query")
        assert page.locator(".tabsList .tab a").first.inner_text().startswith("Abfrage")
        type_in_editor(page, "SELECT * WHERE { ?s a srb:")
        shown = hints(page)
        assert "srb:Obstacle  —  Bremse / Hürde / Störfaktor" in shown and "srb:Goal  —  Ziel" in shown
        assert editor_text(page).startswith("PREFIX srb: <https://w3id.org/srbgraph/ontology#>")
        page.keyboard.press("Escape")
        type_in_editor(page, "PREFIX srb: <https://w3id.org/srbgraph/ontology#>\nSELECT * WHERE { ?s srb:hinde")
        assert [h.split("  —  ")[0] for h in hints(page)] == ["srb:hinderedBy", "srb:hinders"]
        page.keyboard.press("Escape")
        type_in_editor(page, "PREFIX srbr: <https://w3id.org/srbgraph/resource/>\nSELECT * WHERE { ?s ?p srbr:Haltung")
        assert "srbr:obstacle-haltung-der-akteure  —  Haltung der Akteur:innen" in hints(page)  # by its label
        page.keyboard.press("Escape")

        page.click("button.named-query[data-name=goals-without-indicators]")
        page.select_option("#param-lang", "en")
        page.click("#named-form button.run")
        page.wait_for_selector("table.srb-table tbody tr", timeout=60_000)
        labels = page.locator("table.srb-table tbody tr td:nth-child(2) .literal").all_inner_texts()
        assert "Coordination in the tension between continuity and flexibility" in labels
        # a literal shows its value; its language is said on hover and in its lang attribute (#27)
        assert page.locator("table.srb-table .lang, table.srb-table .datatype").count() == 0
        assert not any(label.endswith("@en") for label in labels)
        hover = page.locator("table.srb-table tbody tr td:nth-child(2) .literal").evaluate_all(
            "spans => spans.map(s => [s.title, s.lang])")
        assert hover == [["Sprache: en", "en"]] * len(labels)
        assert "named=goals-without-indicators" in page.url and "lang=en" in page.url

        page.click("#share")
        link = page.input_value("#share-link")
        assert link == page.url
        shared = recorded.page()
        shared.goto(link, timeout=60_000)
        shared.wait_for_selector("table.srb-table tbody tr", timeout=60_000)
        assert editor_text(shared) == editor_text(page)
        assert shared.locator("table.srb-table tbody tr").all_inner_texts() == \
            page.locator("table.srb-table tbody tr").all_inner_texts()

        first = page.locator("table.srb-table tbody tr td:first-child a.iri").first
        name = first.inner_text()
        first.click()
        page.wait_for_selector("header.entity h1", timeout=60_000)
        assert page.url == server.url + "resource/" + name.split(":", 1)[1]
        assert page.locator("header.entity .curie").inner_text() == name
    finally:
        recorded.context.close()
    assert recorded.errors == []
    assert any("/vendor/yasgui/yasgui.min.js" in url for url in recorded.requests)
    assert any(url.endswith("/api/terms") for url in recorded.requests)
    assert recorded.hosts() == {here}, recorded.hosts()


def run_shown_query(page) -> None:
    """Click YASGUI's run button (a free query from the address waits for it)."""
    page.wait_for_selector("body[data-terms]", timeout=60_000)
    page.click(".yasqe_queryButton:visible")


def test_a_chosen_query_loads_a_failed_run_clears_and_the_share_link_follows_the_editor(server, browser):
    """#27: choosing a named query puts its text into the editor at once; a value that cannot be
    bound clears the previous result; the share field and the address always read what the editor
    shows; literals carry a value only (datatype on hover)."""
    from srbgraph.model.queries import named

    recorded = Recorded(browser)
    try:
        page = recorded.page()
        page.goto(server.url, timeout=60_000)
        page.wait_for_selector("body[data-terms]", timeout=60_000)
        page.click("button.named-query[data-name=obstacles-ranked]")
        assert editor_text(page) == named("obstacles-ranked").text  # loaded before any run
        assert "Bremsen nach Reichweite" in page.locator("#status").inner_text()
        assert urllib.parse.parse_qs(urllib.parse.urlsplit(page.url).query)["query"] == [editor_text(page)]
        # the form speaks German only: the parameter as code, its type and help in German
        assert page.locator("#named-form label[for=param-lang]").inner_text() == "lang (Sprache)"
        assert page.locator("#named-form .help").first.inner_text() == "Sprache der Bezeichnungen, de oder en (Vorgabe: de)"
        page.click("#named-form button.run")
        page.wait_for_selector("table.srb-table tbody tr", timeout=60_000)
        counts = page.locator("table.srb-table tbody tr td:nth-child(3) .literal").first
        assert counts.get_attribute("title") == "Datentyp: xsd:integer" and "^^" not in counts.inner_text()
        page.click("#share")
        shared = page.input_value("#share-link")
        assert "named=obstacles-ranked" in shared and shared == page.url
        # an edit of the text: the share field and the address follow at once
        page.click(".CodeMirror-code:visible")
        page.keyboard.press("Control+End")
        page.keyboard.type("\n# edited")
        page.wait_for_function("() => document.getElementById('share-link').value.includes('edited')")
        edited = page.input_value("#share-link")
        assert urllib.parse.parse_qs(urllib.parse.urlsplit(edited).query)["query"] == [editor_text(page)]
        assert edited == page.url
        # a value that cannot be bound: the message in German, the old result gone
        page.click("button.named-query[data-name=measures-for-obstacle]")
        page.fill("#param-obstacle", "gibt es nicht xyz")
        page.click("#named-form button.run")
        page.wait_for_selector("#status.error", timeout=60_000)
        assert page.locator("#status").inner_text().startswith("Die Werte ließen sich nicht einsetzen:")
        assert page.locator("#status .detail").get_attribute("lang") == "en"  # an English detail, marked
        assert page.locator("table.srb-table").count() == 0
        assert page.evaluate("document.body.dataset.results") == "cleared"
    finally:
        recorded.context.close()
    assert [e for e in recorded.errors if "status of 400" not in e] == []  # the refused bind, as meant


def test_a_free_query_in_the_address_fills_a_new_tab_and_waits_for_the_readers_click(server, browser):
    """A link with ?query= must not make the reader's browser run the sender's query (#25): the
    editor shows it with a note; it runs on the reader's click."""
    query = "SELECT ?label WHERE { <https://w3id.org/srbgraph/resource/obstacle-haltung-der-akteure> " \
            "<http://www.w3.org/2000/01/rdf-schema#label> ?label } ORDER BY ?label"
    recorded = Recorded(browser)
    try:
        page = recorded.page()
        page.goto(server.url + "?" + urllib.parse.urlencode({"query": query}), timeout=60_000)
        page.wait_for_selector("body[data-terms]", timeout=60_000)
        page.wait_for_function("() => document.getElementById('status').textContent.length > 0", timeout=60_000)
        assert editor_text(page) == query
        assert "geteilte Abfrage" in page.locator("#status").inner_text()
        assert page.locator("table.srb-table tbody tr").count() == 0
        assert not any(urllib.parse.urlsplit(url).path == "/sparql" for url in recorded.requests)
        run_shown_query(page)
        page.wait_for_selector("table.srb-table tbody tr", timeout=60_000)
        assert editor_text(page) == query
        assert page.locator("table.srb-table tbody td .literal").all_inner_texts() == [
            "Attitude of the actors", "Haltung der Akteur:innen"]
    finally:
        recorded.context.close()
    assert recorded.errors == []


def test_hostile_labels_stay_text_on_pages_in_results_and_in_the_download(hostile_server, browser):
    status, _kind, raw = http(hostile_server.url + f"resource/{OBSTACLE}")
    assert status == 200 and HOSTILE_HTML not in raw and "&lt;img src=x onerror=" in raw
    recorded = Recorded(browser)
    query = ("SELECT ?obstacle ?label WHERE { ?obstacle <http://www.w3.org/2000/01/rdf-schema#label> ?label "
             f"FILTER(?obstacle = <https://w3id.org/srbgraph/resource/{OBSTACLE}>) }} ORDER BY ?label")
    try:
        page = recorded.page()
        page.goto(hostile_server.url + f"resource/{OBSTACLE}", timeout=60_000)
        assert page.locator("header.entity h1 .label").inner_text() == HOSTILE_HTML
        assert page.locator("header.entity .other-label").inner_text() == HOSTILE_FORMULA
        assert page.locator("main img").count() == 0
        page.goto(hostile_server.url + "?" + urllib.parse.urlencode({"query": query}), timeout=60_000)
        run_shown_query(page)
        page.wait_for_selector("table.srb-table tbody tr", timeout=60_000)
        cells = page.locator("table.srb-table tbody td:nth-child(2) .literal").all_inner_texts()
        assert sorted(cells) == sorted([HOSTILE_HTML, HOSTILE_FORMULA])
        beside = page.locator("table.srb-table tbody td:first-child .label").first.inner_text()
        assert beside == HOSTILE_HTML  # the label beside the IRI, from the completion terms
        assert page.locator("#yasgui img").count() == 0
        type_in_editor(page, f"SELECT * WHERE {{ ?s ?p srbr:{OBSTACLE}")
        assert f"srbr:{OBSTACLE}  —  {HOSTILE_HTML}" in hints(page)  # the label beside the completion, as text
        assert page.locator(".CodeMirror-hints img").count() == 0
        page.keyboard.press("Escape")
        with page.expect_download() as download:
            page.click(".yasr_downloadIcon:visible")
        rows = list(csv.reader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8"))))
        assert sorted(row[1] for row in rows[1:]) == sorted([HOSTILE_HTML, "'" + HOSTILE_FORMULA])
        assert page.evaluate("() => [window.pwned, document.title]")[0] is None
        assert "pwned" not in page.title()
    finally:
        recorded.context.close()
    assert not any(url.endswith("/x") for url in recorded.requests)  # the img was never an element
    assert recorded.hosts() == {urllib.parse.urlsplit(hostile_server.url).netloc}


def test_review_verdicts_and_a_rejected_link_on_the_entity_page_and_in_its_rdf(hostile_server):
    status, _kind, page = http(hostile_server.url + f"resource/{OBSTACLE}")
    assert status == 200
    out = page[page.index("Verknüpfungen von hier"):page.index("Verknüpfungen hierher")]
    confirmed = out[out.index("goal-finanzierung-notwendiger-mittel"):]
    assert re.search(r'<span class="verdict">✓ bestätigt</span>\s*· <span class="reviewer">Dr. A. Erste'
                     r'</span>, 2026-12-01: <q>Der Satz trägt es.</q>', confirmed)
    rejected = out[out.index('<li class="link rejected">'):]
    assert "goal-intensivere-beteiligung" in rejected.split("</li>")[0]
    assert "✗ Abgelehnt: nicht mehr im Graphen</span>" in rejected
    assert "<q>&lt;b&gt;nicht&lt;/b&gt; belegt</q>" in rejected
    status, _kind, body = http(hostile_server.url + f"resource/{OBSTACLE}", headers={"Accept": "text/turtle"})
    graph = parsed(body, "text/turtle")
    link = SRBR[f"link/{OBSTACLE}/hinders/goal-intensivere-beteiligung"]
    assert (link, rdflib.OWL.deprecated, rdflib.Literal(True)) in graph
    assert (SRBR[OBSTACLE], SRB.hinders, SRBR["goal-intensivere-beteiligung"]) not in graph
    reviews = list(graph.subjects(SRB.reviews, link))
    assert [graph.value(r, SRB.verdict) for r in reviews] == [SRB.rejected]
    # the review has a page of its own (not drawn in the graph view, so no link there)
    status, _kind, page = http(hostile_server.url + "resource/" + str(reviews[0])[len(str(SRBR)):])
    assert status == 200 and "B. Zweite" in page and 'href="/ontology/rejected"' in page
    assert "graph-link" not in page
