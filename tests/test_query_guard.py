"""The SPARQL guard (srbgraph.stores.guard): nesting the engine's stack cannot take is refused, and so
is every SERVICE whose IRI was not allowed exactly — in every spelling (lower case, comments, prefixed
names, BASE and relative IRIs, decimal IPs, \\u escapes in IRIs and, as rdflib reads them, in keywords).
Checked on the guard itself, on `srbgraph query` with both engines (a loopback listener shows that
nothing was sent; the allowed IRI shows that the listener would have seen it), and on the shipped
named queries, which pass unchanged."""
from __future__ import annotations

import re

import pytest
from loopback import Listener, service_variants

from srbgraph.errors import QueryError
from srbgraph.model import queries
from srbgraph.stores.guard import MAX_DEPTH, MAX_WIDTH, check, resolve

WIKIDATA = "https://query.wikidata.org/sparql"


@pytest.fixture
def listener():
    served = Listener()
    yield served
    served.close()


# --------------------------------------------------------------------------------------------
# the guard itself
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", list(service_variants(9)))
def test_every_service_variant_is_refused_with_line_and_column(name):
    with pytest.raises(QueryError) as refused:
        check(service_variants(9)[name])
    message = str(refused.value)
    assert re.fullmatch(r"SERVICE .+ is not allowed \(.*--allow-service.*\) at line \d+, column \d+", message), message
    assert "\n" not in message


@pytest.mark.parametrize("name", ["plain", "lower case", "prefixed name", "BASE and relative IRI",
                                  "\\u escape in the IRI", "\\u escape in the keyword", "escaped local name"])
def test_the_allowed_iri_passes_in_every_spelling_and_only_it(name):
    query = service_variants(9)[name]
    check(query, ["http://127.0.0.1:9/sparql"])
    check(query, ["<http://127.0.0.1:9/sparql>"])  # as written in SPARQL
    with pytest.raises(QueryError):
        check(query, ["http://127.0.0.1:9/sparql/"])  # exact: another IRI is another server
    with pytest.raises(QueryError):
        check(query, ["http://127.0.0.1:9/"])


def test_the_refusal_names_the_flag_with_the_resolved_iri():
    with pytest.raises(QueryError) as refused:
        check("BASE <http://example.org/a/>\nSELECT * WHERE {\n  SERVICE <../sparql> { ?s ?p ?o } }")
    assert str(refused.value) == ("SERVICE <http://example.org/sparql> is not allowed (allow it with "
                                  "--allow-service http://example.org/sparql) at line 3, column 3")


def test_deep_nesting_is_refused_at_its_place():
    query = "SELECT *\nWHERE " + "{" * 3000 + "?s ?p ?o" + "}" * 3000
    with pytest.raises(QueryError) as refused:
        check(query)
    assert str(refused.value) == f"SPARQL nesting deeper than {MAX_DEPTH} at line 2, column {7 + MAX_DEPTH}"
    for opener, closer in (("(", ")"), ("[ <urn:p> ", "]")):
        deep = "SELECT * WHERE { ?s ?p " + opener * 4700 + "1" + closer * 4700 + " }"
        with pytest.raises(QueryError, match="nesting deeper than"):
            check(deep)
    check("SELECT * WHERE " + "{" * MAX_DEPTH + "?s ?p ?o" + "}" * MAX_DEPTH)  # the limit itself is fine


@pytest.mark.parametrize("chain", [
    " UNION ".join(["{ ?s ?p ?o }"] * 3000),
    "?s ?p ?o " + " ".join(["MINUS { ?s ?p ?o }"] * 3000),
    "?s ?p ?o " + " ".join(f"BIND(1 AS ?b{i})" for i in range(3000)),
    "?s " + "/".join(["<urn:p>"] * 5000) + " ?o",
    "?s ?p (" + " ".join(["1"] * 4500) + ")",
    "FILTER(" + "!" * 5000 + "true)",
])
def test_long_chains_in_one_group_are_refused(chain):
    with pytest.raises(QueryError, match=f"more than {MAX_WIDTH:,} parts"):
        check("SELECT * WHERE { " + chain + " }")


def test_strings_iris_and_comments_are_skipped_and_values_data_not_counted():
    braces = "{" * 500
    check(f'SELECT * WHERE {{ BIND("{braces} SERVICE <http://x/> {{}}" AS ?a) }}')
    check(f"SELECT * WHERE {{ BIND('''\n{braces}\nSERVICE <http://x/>''' AS ?a) }}")
    check(f"SELECT * WHERE {{ # {braces} SERVICE <http://x/> {{ }}\n ?s ?p ?o }}")
    check("SELECT * WHERE { ?s <http://x/SERVICE#a> ?o . ?s ex:SERVICE ?service }")
    check("SELECT * WHERE { VALUES ?x { " + " ".join(f"<urn:x{i}>" for i in range(20000)) + " } }")
    check("SELECT * WHERE { VALUES (?x ?y) { " + " ".join(f"({i} {i})" for i in range(20000)) + " } }")


def test_shipped_named_queries_pass_unchanged_and_wikidata_names_its_flag():
    for named in queries.all_named():
        if "SERVICE" in named.text:
            with pytest.raises(QueryError, match=re.escape(f"--allow-service {WIKIDATA}")):
                check(named.text)
            check(named.text, [WIKIDATA])
            assert f"--allow-service {WIKIDATA}" in named.description  # its header says which flag
        else:
            check(named.text)


def test_rfc3986_resolution_examples():
    base = "http://a/b/c/d;p?q"
    for reference, target in [("g", "http://a/b/c/g"), ("./g", "http://a/b/c/g"), ("g/", "http://a/b/c/g/"),
                              ("/g", "http://a/g"), ("//g", "http://g"), ("?y", "http://a/b/c/d;p?y"),
                              ("#s", "http://a/b/c/d;p?q#s"), ("", "http://a/b/c/d;p?q"), ("..", "http://a/b/"),
                              ("../..", "http://a/"), ("../../../g", "http://a/g"), ("/./g", "http://a/g"),
                              ("g;x=1/../y", "http://a/b/c/y"), ("g:h", "g:h")]:
        assert resolve(reference, base) == target, reference
    assert resolve("relative", None) is None


def test_a_store_refuses_before_its_engine_sees_the_text():
    from srbgraph.stores.select import GraphSource

    text = queries.named("wikidata-district-population").text
    with GraphSource().open() as store, pytest.raises(QueryError, match="--allow-service"):
        store.select(text)
    with GraphSource(engine="rdflib").open() as store, pytest.raises(QueryError, match="nesting deeper"):
        store.select("SELECT * WHERE " + "{" * 200 + "}" * 200)


def one_error(run) -> str:
    """The one error line of a run (progress lines such as "building the graph …" may precede it)."""
    errors = [line for line in run.err.splitlines() if line.startswith("srbgraph:")]
    assert len(errors) == 1 and run.err.splitlines()[-1] == errors[0], run.err
    return errors[0]


# --------------------------------------------------------------------------------------------
# srbgraph query: nothing reaches a loopback listener unless allowed
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_query_refuses_every_variant_and_sends_nothing(srbgraph, listener, tmp_path, engine):
    for name, text in service_variants(listener.port).items():
        spec = tmp_path / "q.rq"
        spec.write_text(text, encoding="utf-8")
        run = srbgraph("query", str(spec), "--engine", engine)
        assert run.code == 1, (name, run)
        assert "is not allowed" in one_error(run), name
    assert listener.seen == []


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_query_with_the_allowed_iri_reaches_the_listener(srbgraph, listener, tmp_path, engine):
    """The control: the same listener does see a SERVICE call that was allowed (so an empty list
    above means nothing was sent, not that the listener could not hear)."""
    spec = tmp_path / "q.rq"
    spec.write_text(f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}", encoding="utf-8")
    run = srbgraph("query", str(spec), "--engine", engine, "--allow-service", listener.url)
    assert run.code == 0, run
    assert len(listener.seen) >= 1


def test_wikidata_example_is_refused_without_its_flag(srbgraph):
    run = srbgraph("query", "wikidata-district-population")
    assert run.code == 1
    assert one_error(run) == (f"srbgraph: error: SERVICE <{WIKIDATA}> is not allowed (allow it with "
                               f"--allow-service {WIKIDATA}) at line 19, column 3")


def test_deep_query_file_and_stdin_give_a_one_line_error(srbgraph, tmp_path):
    deep = "SELECT * WHERE " + "{" * 3000 + "?s ?p ?o" + "}" * 3000
    spec = tmp_path / "deep.rq"
    spec.write_text(deep, encoding="utf-8")
    for run in (srbgraph("query", str(spec)), srbgraph("query", "-", input=deep),
                srbgraph("query", str(spec), "--engine", "rdflib")):
        assert run.code == 1, run
        assert one_error(run) == f"srbgraph: error: SPARQL nesting deeper than {MAX_DEPTH} at line 1, column 116"


def test_the_fast_path_never_passes_what_the_full_reading_refuses():
    """Short texts without "service" or escapes skip the tokenizer; random texts of brackets,
    keywords, strings and comments show that none the full reading refuses takes that path."""
    import random

    from srbgraph.stores import guard

    pieces = ["{", "}", "(", ")", "[", "]", "SERVICE", "service", "<http://x/>", "'{'", '"("', "# {\n",
              "?s", "ex:a", "PREFIX ex: <http://x/>", "BASE <http://y/>", "VALUES", "\\u0053", " ", "\n"]
    chooser = random.Random(13)
    checked = 0
    for _ in range(3000):
        text = "".join(chooser.choice(pieces) for _ in range(chooser.randint(1, 160)))
        if guard._plainly_harmless(text):
            checked += 1
            guard._check(text, ())  # raises if the full reading refuses it
    deep = "{" * (MAX_DEPTH + 1)
    assert not guard._plainly_harmless(deep) and not guard._plainly_harmless("x" * (MAX_WIDTH + 1))
    assert checked > 100
