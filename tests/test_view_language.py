"""One language per view on the command line (issue 27): a German view (``--lang de``, the
default) holds no word of the English vocabulary, an English view (``--lang en``) no German one.

The words come from the ontology, as for the pages (:func:`test_page_language.ontology_words`):
every label whose German and English forms differ (Bremse / obstacle, setzt an bei /
addresses …). Not counted: identifiers (``obstacle-fachkraeftemangel``, ``srb:Document``: a word
joined to ``-`` or ``:`` is part of a name), options with their value (``--support stated``) and
quotations of the German source (between „ and “), which stay German in an English view.
"""
from __future__ import annotations

import re

import pytest
from test_page_language import ontology_words, strays

#: the views of the command line that read the graph, each in both languages
VIEWS = [
    ("paths",),
    ("paths", "--format", "table"),
    ("paths", "Fachkräftemangel"),
    ("paths", "goal-fachpersonal-gewinnen-sichern", "--support", "stated"),
    ("paths", "measure-ausbau-kernteam"),
    ("gaps",),
    ("rank",),
    ("stats",),
    ("review", "status"),
]
# not here: `query NAME`, whose columns are the query's variables (identifiers such as ?obstacle);
# `queries` below, whose names and parameters are identifiers (`srbgraph query evidence`)
_QUOTED = re.compile(r"„[^“]*“")
#: an option with its value, as the views name them (``--support stated``): code, not prose
_OPTION = re.compile(r"--[\w-]+(?:[ =][\w-]+)?")


@pytest.fixture(scope="module")
def words():
    return ontology_words()


@pytest.mark.parametrize("lang", ["de", "en"])
@pytest.mark.parametrize("view", VIEWS, ids=lambda view: " ".join(view))
def test_a_view_speaks_one_language(srbgraph, words, view, lang):
    run = srbgraph(*view, "--lang", lang)
    assert run.code == 0, run
    assert run.out.strip(), run
    other = "en" if lang == "de" else "de"
    texts = [[_OPTION.sub("", _QUOTED.sub("", line)), f"line {number}"]
             for number, line in enumerate(run.out.splitlines(), 1)]
    assert strays(texts, words[other]) == []


def test_the_check_finds_a_word_of_the_other_language_in_a_view(words):
    # the test above is only worth something if it can fail: the legend as it read before issue 27
    legend = [["● in der Quelle genannt (stated) · ○ Lesart der Kuration (interpreted)", "line 1"]]
    assert {word for word, _where, _text in strays(legend, words["en"])} >= {"stated"}


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_titles_of_the_named_queries_speak_the_views_language(srbgraph, words, lang):
    run = srbgraph("queries", "--lang", lang, "--format", "md")
    assert run.code == 0, run
    rows = [line.split(" | ") for line in run.out.splitlines()[2:]]  # | name | title | parameters |
    titles = [[row[1], row[0].strip("| ")] for row in rows]
    assert len(titles) > 30
    assert strays(titles, words["en" if lang == "de" else "de"]) == []
