"""A caller's own SPARQL query just works: the graph's prefixes are added where it uses them
undeclared (never replacing one it declares, and before the guard reads the text), ``--lang`` is
``?lang`` where the query mentions it, and the engine's syntax errors come in words, the same words
on the command line as from ``srbgraph serve``."""
from __future__ import annotations

import pytest

from srbgraph.errors import QueryError
from srbgraph.stores.oxigraph import OxigraphStore
from srbgraph.stores.sparql import (
    free_variable,
    plain_syntax_error,
    undeclared_prefixes,
    with_prefixes,
)
from srbgraph.terms import NAMESPACES

MEASURES = "SELECT ?m WHERE { ?m a srb:Measure } ORDER BY ?m LIMIT 3"
LABELS = "SELECT ?l WHERE { srbr:measure-ausbau-kernteam a srb:Measure ; rdfs:label ?l FILTER(lang(?l) = ?lang) }"


def test_an_undeclared_graph_prefix_is_added_with_a_note(srbgraph):
    result = srbgraph("query", "-", "--format", "csv", input=MEASURES)
    assert result.code == 0, result
    assert result.out.splitlines()[0] == "m" and len(result.out.splitlines()) == 4
    assert all(line.startswith("srbr:measure-") for line in result.out.splitlines()[1:])
    notes = [line for line in result.err.splitlines() if line.startswith("note:")]
    assert notes == ["note: PREFIX srb: <https://w3id.org/srbgraph/ontology#> added (the query uses it undeclared)"]


def test_a_declared_prefix_is_never_replaced(srbgraph):
    own = "PREFIX srb: <http://example.org/not-ours#>\n" + MEASURES
    result = srbgraph("query", "-", "--format", "csv", input=own)
    assert result.code == 0, result
    assert result.out.strip() == "m"  # the caller's srb: holds no measure: no rows, nothing added
    assert "note:" not in result.err


def test_prefixes_in_strings_comments_and_iris_are_no_use():
    text = 'SELECT ?s WHERE { ?s ?p "skos:x" . # owl:Thing\n ?s ?q <prov:y> }'
    assert undeclared_prefixes(text, NAMESPACES) == []
    assert with_prefixes(text, NAMESPACES) == (text, [])
    text = 'PREFIX rdfs: <http://example.org/>\nSELECT * { ?s rdfs:label ?l ; skos:prefLabel ?p ; a srb:Goal }'
    added, names = with_prefixes(text, NAMESPACES)
    assert names == ["PREFIX skos: <http://www.w3.org/2004/02/skos/core#>",
                     "PREFIX srb: <https://w3id.org/srbgraph/ontology#>"]
    assert added == " ".join(names) + "\n" + text  # one line before the caller's first, the rest unchanged


def test_the_guard_reads_the_text_with_the_added_prefixes(srbgraph):
    """A SERVICE named by an undeclared prefix is refused as the IRI the engine would call, at the
    caller's line and column."""
    result = srbgraph("query", "-", input="SELECT * WHERE { SERVICE srbr:x { ?s ?p ?o } }")
    assert result.code == 1
    assert result.err.strip().splitlines()[-1] == (
        "srbgraph: error: SERVICE <https://w3id.org/srbgraph/resource/x> is not allowed (allow it with "
        "--allow-service https://w3id.org/srbgraph/resource/x) at line 1, column 18")


@pytest.mark.parametrize("lang, word", [("en", "Expanding the core team"), ("de", "Ausbau des Kernteams")])
def test_lang_is_bound_as_the_variable_lang(srbgraph, lang, word):
    result = srbgraph("query", "-", "--lang", lang, "--format", "csv", input=LABELS)
    assert result.code == 0, result
    rows = result.out.splitlines()[1:]
    assert len(rows) == 1 and rows[0].strip('"').startswith(word), result.out
    assert f'note: ?lang bound to "{lang}" (--lang {lang}; -p lang=… binds another value)' in result.err


def test_a_lang_parameter_given_wins_over_lang(srbgraph):
    result = srbgraph("query", "-", "--lang", "de", "-p", "lang=en", "--format", "csv", input=LABELS)
    assert result.code == 0, result
    assert "Expanding the core team" in result.out and "?lang bound" not in result.err


def test_a_query_that_gives_lang_its_own_value_is_left_alone(srbgraph):
    own = ("SELECT ?l ?lang WHERE { <https://w3id.org/srbgraph/resource/measure-verbindung-mit-schule> "
           "rdfs:label ?l BIND(lang(?l) AS ?lang) } ORDER BY ?lang")
    result = srbgraph("query", "-", "--lang", "en", "--format", "csv", input=own)
    assert result.code == 0, result
    assert [row.rsplit(",", 1)[1] for row in result.out.splitlines()[1:]] == ["de", "en"]
    assert "?lang bound" not in result.err
    assert not free_variable("SELECT * { VALUES ?lang { 'de' } ?s ?p ?o }", "lang")
    assert not free_variable("SELECT * { ?s ?p ?o } # ?lang in a comment", "lang")
    assert free_variable("SELECT * { ?s ?p ?o FILTER(lang(?o) = $lang) }", "lang")


def test_a_syntax_error_in_words_at_the_callers_line(srbgraph):
    result = srbgraph("query", "-", input="SELECT ?m\nWHERE { ?m a srb:Measure .\n  ?m ?p")
    assert result.code == 1
    error = result.err.strip().splitlines()[-1]
    assert error.startswith("srbgraph: error: SPARQL syntax error at line 3, column "), error  # the caller's line 3
    assert "a variable" in error and "an IRI <…>" in error and "'$'" not in error and "..=" not in error


def test_an_unknown_prefix_is_named(srbgraph):
    result = srbgraph("query", "-", input="SELECT ?m WHERE {\n  ?m a ex:Measure }")
    assert result.code == 1
    assert result.err.strip().splitlines()[-1] == (
        "srbgraph: error: SPARQL syntax error at line 2, column 18: the prefix ex: is not declared "
        "(add PREFIX ex: <…> before the query)")


def test_the_server_and_the_command_line_share_the_wording():
    from srbgraph.server import results

    store = OxigraphStore()
    text = "SELECT ?s\nWHERE { ?s ?p"
    with pytest.raises(QueryError) as raised:
        store.raw_query(text)
    message = plain_syntax_error(str(raised.value), text)
    assert message.startswith("SPARQL syntax error at line 2, column 14: expected a variable")
    assert plain_syntax_error(str(raised.value), "PREFIX a: <x:>\n" + text, skip_lines=1).startswith(
        "SPARQL syntax error at line 1, column 14:")  # (the engine's line 2 of a text with one line added)
    status, _kind, body, _rows, _reason = results.evaluate(store, text, None, None, 10, 10_000)
    assert status == 400 and body.decode("utf-8").strip() == message
