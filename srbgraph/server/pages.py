"""The HTML pages of ``srbgraph serve``: the query workbench, the page of one IRI, "not found".

The pages are Jinja templates (``templates/``) with autoescaping: every label, quote and value from
the data goes into the page as text, never as markup. The workbench's own code lies in script
files (``static/``), its data in JSON blocks (``<script type="application/json">``, which no browser
runs), so the Content-Security-Policy allows scripts from the server's origin only.

One language per page: a German page (``?lang=de``, the default) says everything in German, an
English page in English — srbgraph's own words (:mod:`srbgraph.render.i18n`), the named queries'
titles, descriptions and parameter help, the curators' notes. Text of the other language that a
page does show (an entity's second label, a quote from the German source on an English page) is
marked with its ``lang`` attribute.
"""
from __future__ import annotations

import json
import threading
from pathlib import Path

from ..render.i18n import WORDS, other, word
from ..model.describe import MOST_INCOMING
from ..terms import SRB, SRBR, shorten

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
EDITORIAL_NOTE = "http://www.w3.org/2004/02/skos/core#editorialNote"
TEMPLATES = Path(__file__).resolve().parent / "templates"
#: links (or paths) listed per relation on a page at most
MOST_LINKS = 200
EXAMPLE = """PREFIX srb: <https://w3id.org/srbgraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>

SELECT ?obstacle ?label WHERE {
  ?obstacle a srb:Obstacle ;
            rdfs:label ?label .
  FILTER(lang(?label) = "de")
}
ORDER BY ?label
LIMIT 50
"""
_ENVIRONMENT = None
_LOCK = threading.Lock()


def environment():
    global _ENVIRONMENT
    with _LOCK:
        if _ENVIRONMENT is None:
            import jinja2

            _ENVIRONMENT = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                                              undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
        return _ENVIRONMENT


def words(lang: str):
    """``t(key, **values)``: the word in *lang* alone, as a page shows it: with a capital first
    letter (but "srbgraph")."""
    def t(key: str, **values) -> str:
        text = word(key, lang, **values)
        return text if text.startswith("srbgraph") else text[:1].upper() + text[1:]
    return t


def json_block(value) -> str:
    """*value* as JSON that cannot end the ``<script>`` element holding it (the template writes it
    with ``|safe``: inside a script element, HTML escapes would not be read back)."""
    text = json.dumps(value, ensure_ascii=False)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def render(name: str, lang: str, assets, **values) -> str:
    return environment().get_template(name).render(lang=lang, other_lang=other(lang), t=words(lang),
                                                    asset=assets.url, **values)


# --------------------------------------------------------------------------------------------
# the workbench
# --------------------------------------------------------------------------------------------
def workbench_html(lang: str, service, assets) -> str:
    config, named = workbench_data(lang)
    t = words(lang)
    rows = f"{service.max_rows:,}"
    limits = t("limits", t=f"{service.timeout:g}", rows_de=rows.replace(",", "."), rows_en=rows)
    return render("workbench.html", lang, assets, limits=limits, config_json=json_block(config),
                  named_json=json_block(named))


def workbench_data(lang: str) -> tuple[dict, list]:
    """The workbench's configuration (its words in *lang*, the prefixes, the example) and the named
    queries as it lists them — the same for the server's page and the static site's SPARQL page."""
    from ..model.queries import PREFIXES, all_named

    t = words(lang)
    named = [{"name": q.name, "title": q.title_in(lang), "description": q.description_in(lang), "text": q.text,
              "parameters": [dict(p.as_dict(), description=p.description_in(lang)) for p in q.parameters.values()]}
             for q in all_named()]
    keys = {"filter": "filter", "bindAndRun": "bind-and-run", "noParameters": "no-parameters", "binding": "binding",
            "termsFailed": "terms-failed", "table": "table", "previous": "previous", "next": "next",
            "sortHint": "sort-hint", "download": "download", "sharedQuery": "shared-query",
            "runFailed": "run-failed", "bindFailed": "bind-failed", "language": "literal-language",
            "datatype": "literal-datatype", "editor": "query-editor", "loaded": "query-loaded", "tabName": "tab-name"}
    config_words = {name: t(key) for name, key in keys.items()}
    config_words["pageOf"] = t("page-of", page="{page}", pages="{pages}", rows="{rows}")
    config_words["unknownQuery"] = t("unknown-query", name="{name}")
    config_words["types"] = {kind: t("type-" + kind) for kind in ("entity", "iri", "string", "integer", "lang", "support")}
    config = {"lang": lang, "words": config_words, "prefixes": PREFIXES, "example": EXAMPLE}
    return config, named


# --------------------------------------------------------------------------------------------
# the page of one IRI
# --------------------------------------------------------------------------------------------
def page_of(iri: str) -> str | None:
    """The address of *iri*'s page on this server (``/resource/…``, ``/ontology/…``), or None."""
    from urllib.parse import quote

    for namespace, path in ((SRBR, "/resource/"), (SRB, "/ontology/")):
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return path + quote(iri[len(namespace):], safe="/-._~")
    return None


class ResourceView:
    """What the resource template asks of a :class:`~srbgraph.model.describe.Description`."""

    most_links = MOST_LINKS
    most_incoming = MOST_INCOMING
    docs_link = None  # the term's entry in the ontology documentation (the published site has one)
    compact_paths = False  # a path's nodes by label alone (the site: a thousand pages stay small)
    figures: list = []  # a district's linked figures: (table and Stichtag, [column: value …]) (the site)

    def __init__(self, description, lang: str):
        self.d, self.lang, self.other = description, lang, other(lang)
        self._path_labels = {node.iri: node.text for path in description.paths for node in path.nodes}
        self.title = (description.labels.get(lang) or description.labels.get(self.other) or self._link_title()
                      or self.name(description.iri))
        second = description.labels.get(self.other, "")
        self.other_title = second if second and second != self.title else ""
        self.definition = description.definitions.get(lang) or description.definitions.get(self.other, "")
        second = description.definitions.get(self.other, "")
        self.other_definition = second if second != self.definition else ""
        self.notes, self.values = self._notes_and_values(description.values)
        self.outgoing = self._ordered(description.outgoing)
        self.incoming = self._ordered(description.incoming)
        self.legend = f"● {word('stated-long', lang)} · ○ {word('interpreted-long', lang)}"
        self.other_language = word("in-other-language", lang)
        self.formerly = word("formerly", lang)
        #: the same description as RDF, and the page in the other language (the server's addresses)
        self.rdf_links = [("Turtle", "?format=ttl"), ("JSON-LD", "?format=jsonld"), ("N-Triples", "?format=nt")]
        self.other_language_href = f"?lang={self.other}"

    def _notes_and_values(self, values: list) -> tuple[list, list]:
        """The curators' notes in the page's language (``note_de`` is ``@de``; ``note`` is English,
        written without a language tag — on a German page it stands only where no German note
        exists, marked ``en``), and the other literal values."""
        notes = [v for v in values if v.relation == EDITORIAL_NOTE]
        rest = [v for v in values if v.relation != EDITORIAL_NOTE]
        mine = [v for v in notes if (v.lang or "en") == self.lang]
        shown = mine or notes
        return [(v.text, v.lang or "en") for v in shown], rest

    def value_title(self, value) -> str:
        """What a value's cell says on hover: its language or its datatype."""
        if value.lang:
            return f"{word('literal-language', self.lang)}: {value.lang}"
        if value.datatype:
            return f"{word('literal-datatype', self.lang)}: {self.name(value.datatype)}"
        return ""

    def _link_title(self) -> str:
        """A link assertion's title: its subject, relation and object by their labels."""
        ends = [self.d.outgoing.get(RDF + part, []) for part in ("subject", "predicate", "object")]
        if not all(len(end) == 1 for end in ends):
            return ""
        return " — ".join(self.label(end[0].other) or self.name(end[0].other) for end in ends)

    def _ordered(self, groups: dict) -> list[tuple[str, list]]:
        return sorted(groups.items(), key=lambda item: (not item[0].startswith(SRB), self.name(item[0])))

    def name(self, iri: str) -> str:
        return shorten(iri, ("srb", "srbr", "rdf", "rdfs", "owl", "skos", "dcterms", "schema", "xsd", "prov", "vann"))

    def label(self, iri: str) -> str:
        return self.d.label(iri, self.lang) or self._path_labels.get(iri, "")

    def href(self, iri: str) -> str | None:
        return page_of(iri) if iri else None

    @staticmethod
    def own_page(iri: str) -> str | None:
        """The page of a replaced entity itself (its address alone redirects to the successor)."""
        page = page_of(iri)
        return page + "?redirect=no" if page else None

    @staticmethod
    def quote_anchor(iri: str) -> str:
        """The fragment of a quote on the page (``q-`` and its evidence node's id)."""
        return "q-" + (iri[len(SRBR):] if iri.startswith(SRBR) else iri)

    @staticmethod
    def ident(iri: str) -> str:
        return iri[len(SRBR):] if iri.startswith(SRBR) else iri

    @staticmethod
    def support_mark(support: str) -> str:
        return {"stated": "●", "interpreted": "○"}.get(support, "?")

    def support_text(self, support: str) -> str:
        key = f"{support}-long" if support in ("stated", "interpreted") else "unknown-support"
        return word(key, self.lang)

    @staticmethod
    def verdict_mark(verdict: str) -> str:
        return {"confirmed": "✓", "rejected": "✗", "unclear": "?"}.get(verdict, "·")

    def verdict_text(self, verdict: str) -> str:
        key = f"status-{verdict}"
        return word(key, self.lang) if key in WORDS else verdict

    def path_steps(self, path) -> list[tuple]:
        """``(node, (mark, words) | None)`` along a path from its top: each node after the support
        of the hop that leads to it."""
        return [(path.head, None), *((hop.lower, self._hop(hop.support)) for hop in path.hops)]

    def _hop(self, support):
        return self.support_mark(support or ""), self.support_text(support or "")


def resource_html(description, lang: str, assets, graph_link: str | None) -> str:
    return render("resource.html", lang, assets, d=description, view=ResourceView(description, lang),
                  graph_link=graph_link)


def not_found_html(lang: str, assets, message: str, suggestions: list[tuple[str, str]]) -> str:
    return render("not_found.html", lang, assets, message=message, suggestions=suggestions)
