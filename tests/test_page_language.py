"""One language per page (issue 27): a German page (``--lang de``, the default) is German
throughout, an English page English throughout — every HTML page srbgraph writes or serves.

The words to look for come from the ontology itself: every ``rdfs:label`` whose German and English
forms differ (Bremse / obstacle, setzt an bei / addresses …; a label "A / B" counts as A and as
B). A page fails on a label of the other language standing in its text — its text nodes and the
``title``, ``aria-label``, ``placeholder`` and ``alt`` texts a reader meets. Not counted: text an
element marks as the other language with ``lang`` (an entity's second label, a German quote on
an English page), identifiers (``code``, IRIs with class ``iri``, SPARQL variables ``?obstacle``, the SPARQL editor),
scripts, and what is not shown (``display: none``, ``visibility: hidden``: e.g. YASGUI's closed
settings menu, whose words are the vendor's English and marked ``lang="en"``).
"""
from __future__ import annotations

import re

import pytest
from every_page import LANGS, addresses, browser, opened, page_language, servers, written  # noqa: F401

#: what the page reads: (text, where) of every text a reader meets in the page's own language
READ = """(lang) => {
  const skip = el => el.closest('script, style, noscript, template, code, .iri, .curie, .full-iri, .CodeMirror, [hidden]')
                     || !el.checkVisibility({visibilityProperty: true});
  const langOf = el => { const marked = el.closest('[lang]'); return marked ? marked.lang.slice(0, 2) : lang; };
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || skip(el) || langOf(el) !== lang || !node.textContent.trim()) continue;
    found.push([node.textContent, el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ')[0] : '')]);
  }
  for (const el of document.querySelectorAll('[title], [aria-label], [placeholder], [alt]')) {
    if (skip(el) || langOf(el) !== lang) continue;
    for (const name of ['title', 'aria-label', 'placeholder', 'alt']) {
      if (el.getAttribute(name)) found.push([el.getAttribute(name), el.tagName.toLowerCase() + '@' + name]);
    }
  }
  found.push([document.title, 'title']);
  return found;
}"""


def ontology_words() -> dict[str, set[str]]:
    """lang → the labels of the ontology in that language whose other-language form differs."""
    import rdflib
    from rdflib.namespace import RDFS

    from srbgraph import resources

    graph = rdflib.Graph().parse(resources.ontology_file(), format="turtle")
    words: dict[str, set[str]] = {"de": set(), "en": set()}
    for term in set(graph.subjects(RDFS.label, None)):
        labels = {o.language: str(o) for o in graph.objects(term, RDFS.label) if getattr(o, "language", None) in LANGS}
        if len(labels) < 2 or labels["de"].casefold() == labels["en"].casefold():
            continue
        parts = {lang: {p.strip() for p in text.split(" / ") if p.strip()} for lang, text in labels.items()}
        for lang in LANGS:
            other = "en" if lang == "de" else "de"
            words[lang] |= {p for p in parts[lang] if p.casefold() not in {q.casefold() for q in parts[other]}}
    return words


def strays(texts: list[list[str]], words: set[str]) -> list[tuple[str, str, str]]:
    """(word, where, text) of each word of *words* standing whole in one of the *texts*."""
    patterns = {w: re.compile(r"(?<![\w:?-])" + re.escape(w) + r"(?![\w:-])", re.IGNORECASE) for w in words}
    found = []
    for text, where in texts:
        for word, pattern in patterns.items():
            if pattern.search(text):
                found.append((word, where, text.strip()[:160]))
    return found


def test_the_word_list_holds_the_relation_and_class_words_of_both_languages():
    words = ontology_words()
    assert {"bremst", "setzt an bei", "Bremse", "Maßnahme", "Ziel"} <= words["de"]
    assert {"hinders", "addresses", "obstacle", "measure", "goal", "relates to principle"} & words["en"] >= {
        "hinders", "addresses", "obstacle", "measure", "goal"}
    # the check finds a stray word, and only as a whole word
    assert strays([["Bremse (obstacle)", "h1"]], {"obstacle"}) == [("obstacle", "h1", "Bremse (obstacle)")]
    assert strays([["srbr:obstacle-haltung", "a"], ["goals", "p"]], {"obstacle", "goal"}) == []


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_speaks_one_language(browser, servers, written, lang):  # noqa: F811
    words = ontology_words()
    found = {}
    for name, address, state in addresses(servers, written, lang):
        shown = page_language(name, lang)
        with opened(browser, name, address, state) as page:
            assert page.evaluate("document.documentElement.lang") == shown, f"{name}: <html lang>"
            texts = page.evaluate(READ, shown)
        other = "en" if shown == "de" else "de"
        hits = strays(texts, words[other])
        print(f"[{lang}] {name}: {len(texts)} texts read, {len(hits)} words of the other language")
        if hits:
            found[name] = hits[:12]
    assert found == {}, "\n".join(f"{name}: {hits}" for name, hits in found.items())


def test_every_curators_note_and_every_named_query_has_its_german():
    """The words a German page takes from the data: each ``note`` has a ``note_de`` beside it, and
    each shipped named query a German title, description and help for every parameter."""
    import yaml

    from srbgraph import resources
    from srbgraph.model.queries import all_named

    missing = []
    for path in sorted(resources.data_dir().glob("*.yaml")):
        for entity in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("entities", []):
            if entity.get("note") and not entity.get("note_de"):
                missing.append(f"{path.name}: {entity['id']}")
    assert missing == []
    words = ontology_words()
    for query in all_named():
        assert query.title_in("de") != query.title_in("en"), query.name
        assert query.description_de, query.name
        assert all(p.description_de for p in query.parameters.values()), query.name
        texts = [[query.title_in("de"), query.name], [re.sub(r"`[^`]*`", "", query.description_de), query.name]]
        texts += [[re.sub(r"`[^`]*`", "", p.description_de), f"{query.name} {p.name}"] for p in query.parameters.values()]
        assert strays(texts, words["en"]) == [], query.name
