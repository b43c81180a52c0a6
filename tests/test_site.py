"""``srbgraph site`` (issue 28): the graph published as a static folder that works from disk and from
any host — every page's links resolve inside the folder, the RDF beside each page and the dumps
read back as the graph, the folder is replaced whole or not at all, data text stays text.

The pages' own behaviour in a browser is tested beside their parts (test_site_graph.py,
test_site_views.py, test_site_sparql.py); every page kind's accessibility and language in
test_accessibility.py and test_page_language.py (tests/every_page.py opens them from disk).
"""
from __future__ import annotations

import gzip
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from test_viz import browser  # noqa: F401 - a fixture: chromium as every page test opens it

from srbgraph.site import write_site
from srbgraph.site.folder import MARKER
from srbgraph.terms import SRBR

GOAL = "goal-finanzierung-notwendiger-mittel"
OBSTACLE = "obstacle-fachkraeftemangel"
REPLACED = "need-transparenz-sicherheit-koordination"
SUCCESSOR = "goal-koordination-kontinuitaet-flexibilitaet"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The shipped graph's site in both languages."""
    folder = tmp_path_factory.mktemp("site") / "public"
    write_site(folder, lang="both")
    return folder


class Links(HTMLParser):
    """Every address a page names (href, src, the meta refresh's url) and every id it holds."""

    def __init__(self):
        super().__init__()
        self.addresses: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(found["id"])
        for name in ("href", "src", "action"):
            if found.get(name) is not None:
                self.addresses.append(found[name])
        if tag == "meta" and (found.get("http-equiv") or "").lower() == "refresh":
            self.addresses.append(found["content"].split("url=", 1)[1])


def parsed(path: Path) -> Links:
    links = Links()
    links.feed(path.read_text(encoding="utf-8"))
    return links


def test_every_address_in_every_page_is_relative_and_found_in_the_folder(site):
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 1500  # both languages: ~890 pages each
    cache: dict[Path, Links] = {}
    broken, absolute = [], []
    for page in pages:
        for address in parsed(page).addresses:
            if address.startswith(("data:", "#")) or address == "":
                continue
            parts = urlsplit(address)
            if parts.scheme or parts.netloc or address.startswith("/"):
                absolute.append((page.relative_to(site), address))
                continue
            target = (page.parent / unquote(parts.path)).resolve()
            if not target.is_file() or site.resolve() not in target.parents:
                broken.append((page.relative_to(site), address))
            elif parts.fragment and target.suffix == ".html":
                ids = cache.setdefault(target, parsed(target)).ids
                if unquote(parts.fragment) not in ids and not parts.fragment.startswith("sel="):
                    broken.append((page.relative_to(site), address))
    assert absolute == [], absolute[:5]
    assert broken == [], broken[:5]


def test_page_paths_follow_the_iris_with_the_rdf_beside_them(site):
    import rdflib

    for lang in ("de", "en"):
        for ident in (GOAL, OBSTACLE, "link/measure-strukturen-netzwerkarbeit/supports/goal-orientierung-an-bedarfen"):
            assert (site / lang / "resource" / f"{ident}.html").is_file(), ident
        assert (site / lang / "ontology" / "Obstacle.html").is_file()
    graph = rdflib.Graph().parse(site / "resource" / f"{GOAL}.ttl", format="turtle")
    goal = rdflib.URIRef(SRBR + GOAL)
    assert {str(o) for o in graph.objects(goal, rdflib.RDFS.label)} >= {"Finanzierung notwendiger Mittel"} or \
        len(list(graph.objects(goal, rdflib.RDFS.label))) == 2
    assert (goal, rdflib.RDF.type, None) in graph
    # a quote's evidence node has no page: links to it lead to the quote on its entity's page
    assert not (site / "de" / "resource" / "evidence").exists()
    page = parsed(site / "de" / "resource" / f"{GOAL}.html")
    assert f"q-evidence/{GOAL}-1" in page.ids and f"{GOAL}.html#q-evidence/{GOAL}-1" in page.addresses


def test_the_dumps_and_the_void_description_read_back_as_the_graph(site):
    import rdflib

    from srbgraph.stores.select import GraphSource

    with GraphSource().open() as store:
        expected = len(store.dump().decode("utf-8").strip().splitlines())
    for name, fmt in (("graph.ttl.gz", "turtle"), ("graph.nt.gz", "nt"), ("graph.rdf.gz", "xml"), ("graph.jsonld.gz", "json-ld")):
        data = (site / "data" / name).read_bytes()
        data = gzip.decompress(data) if name.endswith(".gz") else data
        assert len(rdflib.Graph().parse(data=data, format=fmt)) == expected, name
    void = rdflib.Graph().parse(site / "void.ttl", format="turtle", publicID="https://example.org/srb/void.ttl")
    VOID = rdflib.Namespace("http://rdfs.org/ns/void#")
    dumps = sorted(str(o) for o in void.objects(None, VOID.dataDump))
    assert dumps == sorted(f"https://example.org/srb/data/{n}" for n in ("graph.ttl.gz", "graph.nt.gz", "graph.rdf.gz", "graph.jsonld.gz"))
    assert int(next(void.objects(None, VOID.triples))) == expected
    assert not list(void.objects(None, VOID.sparqlEndpoint))  # a folder answers no queries


def test_both_languages_have_a_switch_on_every_page_and_a_choice_at_the_top(site):
    top = parsed(site / "index.html").addresses
    assert "de/index.html" in top and "en/index.html" in top
    for lang, other in (("de", "en"), ("en", "de")):
        for name in ("index.html", "paths.html", "gaps.html", "review.html", "search.html", "sparql.html",
                     "graph.html", "ontology.html", f"resource/{GOAL}.html", "ontology/Obstacle.html"):
            text = (site / lang / name).read_text(encoding="utf-8")
            assert f'<html lang="{lang}">' in text, name
            depth = name.count("/")
            switch = "../" * (depth + 1) + f"{other}/{name}"
            assert f'href="{switch}"' in text, (lang, name)


def test_a_replaced_id_keeps_a_page_that_leads_to_its_successor(site):
    page = site / "de" / "resource" / f"{REPLACED}.html"
    text = page.read_text(encoding="utf-8")
    assert 'class="replaced-by"' in text
    assert f'href="{SUCCESSOR}.html"' in text.split('class="replaced-by"', 1)[1].split("</p>", 1)[0]
    successor = (site / "de" / "resource" / f"{SUCCESSOR}.html").read_text(encoding="utf-8")
    assert f'href="{REPLACED}.html"' in successor  # and the successor names what it replaces


def test_the_start_page_counts_what_the_library_counts(site):
    from srbgraph.model.analysis import gaps
    from srbgraph.model.paths import find_paths
    from srbgraph.render.paths import count_line
    from srbgraph.stores.select import GraphSource

    text = (site / "de" / "index.html").read_text(encoding="utf-8")
    with GraphSource().open() as store:
        line = count_line(find_paths(store, lang="de"), "de")
        found = len(gaps(store, lang="de"))
    assert line.replace("„", "&#34;")[:40] in text or line[:40] in text
    assert f"{found} Lücken" in text
    assert 'href="resource/goal-leitziel-weiterentwicklung-srb.html"' in text
    for word in ("Leitziel", "● ", "○", "✓", "✗", "data/graph.ttl.gz", "void.ttl"):
        assert word in text, word


def test_the_folder_is_replaced_whole_or_not_at_all(tmp_path, monkeypatch):
    from srbgraph.errors import SrbError
    from srbgraph.site import views

    target = tmp_path / "public"
    write_site(target, lang="en")
    assert (target / MARKER).is_file() and (target / "index.html").is_file()
    before = {p.relative_to(target): p.read_bytes() for p in target.rglob("*") if p.is_file()}
    (target / "index.html").write_text("an earlier site", encoding="utf-8")

    def broken(part):
        raise SrbError("the disk is full")
    monkeypatch.setattr(views, "write", broken)
    with pytest.raises(SrbError, match="the disk is full"):
        write_site(target, lang="de")
    assert (target / "index.html").read_text(encoding="utf-8") == "an earlier site"  # untouched
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public"]  # no half-written folder left
    monkeypatch.undo()
    write_site(target, lang="en")
    after = {p.relative_to(target): p.read_bytes() for p in target.rglob("*") if p.is_file()}
    assert after.keys() == before.keys() and after[Path("index.html")] == before[Path("index.html")]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public"]


def test_a_folder_that_is_no_site_is_refused_and_left_as_it_is(srbgraph, tmp_path):
    mine = tmp_path / "Berichte"
    mine.mkdir()
    (mine / "Bericht.docx").write_bytes(b"mine")
    result = srbgraph("site", "-o", mine)
    assert result.code == 1
    assert result.err.strip().splitlines()[-1].startswith("srbgraph: error: ")
    assert "Berichte" in result.err and ".srbgraph-site" in result.err
    assert [p.name for p in mine.iterdir()] == ["Bericht.docx"]
    file = tmp_path / "file.txt"
    file.write_text("x")
    assert srbgraph("site", "-o", file).code != 0 and file.read_text() == "x"


def test_data_text_stays_text_in_every_page(srbgraph, tmp_path, data_copy):
    hostile = '<img src=x onerror="alert(1)">'
    obstacles = data_copy / "obstacles.yaml"
    text = obstacles.read_text(encoding="utf-8")
    text = text.replace('label_de: "Fachkräftemangel"', f"label_de: '{hostile}'", 1)
    text = text.replace('label_en: "Shortage of skilled professionals"', "label_en: '=HYPERLINK(\"http://x\")'", 1)
    obstacles.write_text(text, encoding="utf-8")
    result = srbgraph("site", "--data", data_copy, "-o", tmp_path / "pub", "--lang", "both")
    assert result.code == 0, result
    for page in (tmp_path / "pub").rglob("*.html"):
        content = page.read_text(encoding="utf-8")
        assert hostile not in content, page
        assert "<img src=x" not in content, page
    page = (tmp_path / "pub" / "de" / "resource" / f"{OBSTACLE}.html").read_text(encoding="utf-8")
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;" in page
    english = (tmp_path / "pub" / "en" / "resource" / f"{OBSTACLE}.html").read_text(encoding="utf-8")
    assert "=HYPERLINK(&#34;http://x&#34;)" in english


def test_the_command_says_what_it_wrote_and_the_site_stays_under_15_mb(srbgraph, tmp_path):
    result = srbgraph("site", "-o", tmp_path / "pub")
    assert result.code == 0, result
    written = [p for p in (tmp_path / "pub").rglob("*") if p.is_file()]
    assert sum(p.stat().st_size for p in written) < 15_000_000  # issue 28: mail and web space
    assert (tmp_path / "pub" / "index.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html><html lang=\"de\">")
    assert re.search(r"^\d+ files, \d+\.\d MB \(.*\) in \d+\.\d s$", result.out, re.MULTILINE), result.out
    assert f"open {tmp_path / 'pub' / 'index.html'}" in result.out
    assert "site: entities" in result.err  # progress on standard error


def test_relative_addresses_are_what_posixpath_computes():
    import posixpath
    import random

    from srbgraph.site.context import Part, id_path

    names = ["de", "en", "resource", "link", "a", "b", "x.html", "de.html"]
    chance = random.Random(28)
    for _ in range(3000):
        here = "/".join(chance.choice(names) for _ in range(chance.randint(1, 5)))
        target = "/".join(chance.choice(names) for _ in range(chance.randint(1, 5)))
        if (posixpath.dirname(here) + "/").startswith(target + "/"):
            continue  # a file of the site is no folder of another page
        assert Part.url(here, target) == posixpath.relpath(target, posixpath.dirname(here) or "."), (here, target)
    assert Part.url("de/resource/x.html", "de/paths.html#goal") == "../paths.html#goal"
    # ids become paths that stay inside their folder, one id one path
    odd = ["../etc/passwd", "a b", "Fachkräfte", ".", "..", "", "x_y", "x%2Fy", "evidence/goal-x-1"]
    paths = [id_path(ident) for ident in odd]
    assert len(set(paths)) == len(odd)
    assert all(".." not in p.split("/") and "." not in p.split("/") and "%" not in p for p in paths)
    assert id_path("evidence/goal-x-1") == "evidence/goal-x-1" and id_path("Fachkräfte") == "Fachkr_C3_A4fte"


def test_linked_figures_reach_the_district_pages_the_dumps_and_the_sparql_page(srbgraph, tmp_path, browser):  # noqa: F811
    """A store a GENESIS table was linked into: the district's page lists its figures, the dataset
    dump holds the table's named graph, and the SPARQL page's store answers ``linked-figures``."""
    from test_site_sparql import Opened

    fixture = Path(__file__).resolve().parent / "fixtures" / "link" / "genesis-22541-kreise.csv"
    store = tmp_path / "store"
    assert srbgraph("link", fixture, "--store", store).code == 0
    result = srbgraph("site", "--store", store, "-o", tmp_path / "pub", "--lang", "both")
    assert result.code == 0, result
    page = (tmp_path / "pub" / "de" / "resource" / "region-lk-mayen-koblenz.html").read_text(encoding="utf-8")
    figures = page.split('<section class="figures">', 1)[1].split("</section>", 1)[0]
    assert "Verknüpfte Kennzahlen" in figures and "Genehmigte Plätze: 10.530" in figures
    assert "nicht die Zahl des Kreisjugendamts" in figures  # the Kreis figure says what it covers
    english = (tmp_path / "pub" / "en" / "resource" / "region-lk-mayen-koblenz.html").read_text(encoding="utf-8")
    assert "Linked figures" in english and "10,530" in english
    dataset = gzip.decompress((tmp_path / "pub" / "data" / "dataset.nq.gz").read_bytes()).decode("utf-8")
    assert "<https://w3id.org/srbgraph/graph/linked/genesis-22541-kreise> ." in dataset
    assert "graph/meta>" not in dataset
    opened = Opened(browser, tmp_path / "pub", "de")
    try:
        assert opened.page.get_attribute("body", "data-store") == "ready"
        opened.run_named("linked-figures", {})
        rows = opened.rows()
        assert any(row.get("column") == "Genehmigte Plätze" and row.get("value") == "10530"
                   and row["region"].endswith("region-lk-mayen-koblenz") for row in rows), rows[:3]
    finally:
        assert opened.close() == []


def test_the_same_folder_works_from_a_plain_static_web_server(site, browser):  # noqa: F811
    """Served as it is by a static web server (Python's http.server on loopback): the pages and
    SPARQL in the page work, and no request goes to another host than that server."""
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    context = browser.new_context()
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    try:
        page = context.new_page()
        page.goto(base)  # the choice of language, then German, then a goal's page from the start page
        page.click("a[hreflang=de]")
        assert page.url == base + "de/index.html"
        page.click("table.goals a >> text=Finanzierung der notwendigen Mittel")
        assert page.url == base + f"de/resource/{GOAL}.html"
        assert page.text_content("h1 .label").strip() == "Finanzierung der notwendigen Mittel"
        page.goto(base + "de/sparql.html")
        page.wait_for_selector("body[data-store=ready]", timeout=60_000)
        page.wait_for_selector("body[data-terms]", timeout=60_000)
        page.click("button.named-query[data-name=measures-for-obstacle]")
        page.select_option("#param-obstacle", "obstacle-haltung-der-akteure")
        page.click("#named-form button.run")
        page.wait_for_selector("table.srb-table tbody tr", timeout=60_000)
        assert "Strukturen für die gelingende Netzwerkarbeit schaffen" in page.text_content("table.srb-table")
    finally:
        context.close()
        server.shutdown()
    assert [u for u in requests if not u.startswith((base, "data:", "blob:"))] == []
    assert not any(u.endswith("/sparql") for u in requests)  # the endpoint is answered in the page


def test_the_sparql_page_names_page_files_as_the_site_writes_them(site, browser):  # noqa: F811
    """The results table links an IRI to its page by the file name the page computes: the same as
    :func:`srbgraph.site.context.id_path` for every kind of id."""
    from srbgraph.site.context import id_path

    odd = ["goal-x", "evidence/goal-x-1", "../etc/passwd", "a b", "Fachkräfte", ".", "..", "", "x_y", "x%2Fy",
           "a//b", "ü/ß/€", "\U0001F600"]
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto((site / "de" / "sparql.html").as_uri())
        page.wait_for_selector("body[data-store=ready]", timeout=60_000)
        assert page.evaluate("ids => ids.map(i => srbgraphBackend.idPath(i))", odd) == [id_path(i) for i in odd]
        assert page.evaluate(f"() => srbgraphBackend.pageOf('{SRBR}{GOAL}')") == f"resource/{GOAL}.html"
    finally:
        context.close()
