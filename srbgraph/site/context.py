"""What every part of the site shares while it is written: the files, the store, the language, and
the pages' relative addresses.

Every address in the site is relative (``../resource/goal-x.html``), so the folder works from
``file://`` and under any path of any host. Parts name their targets by *site path* — the path from
the site's top (``de/paths.html``, ``resource/goal-x.ttl``, ``assets/site.css``) — and
:meth:`Part.url` turns that into the address relative to the page being written.

Layout of the site (one language; with ``--lang both`` each language's pages lie in ``de/`` and
``en/``, everything else once at the top):

=================================  ===============================================================
``index.html``                     start page (with both languages: the choice of language)
``resource/ID.html``               the page of one IRI of the data (``srbr:ID``)
``resource/ID.ttl``                its description as Turtle (at the top: it has no language)
``ontology/TERM.html``, ``.ttl``   the page of one term of the ontology (``srb:TERM``)
``paths.html`` ``gaps.html`` …     the views of the whole graph
``data/graph.*.gz``                the whole graph (Turtle, N-Triples, RDF/XML, JSON-LD)
``void.ttl``                       its VoID description
``assets/``                        style sheets, scripts, vendored libraries
=================================  ===============================================================
"""
from __future__ import annotations

import functools
import posixpath
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

from ..render.i18n import other as other_language
from ..terms import SRB, SRBR
from .folder import SiteFiles

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
SERVER_TEMPLATES = HERE.parent / "server" / "templates"
_ENVIRONMENT = None
_LOCK = threading.Lock()
_INDENT = re.compile(r"\n[ \t]+")


def environment():
    """The site's templates, and the server's (the page of one IRI is the same content)."""
    global _ENVIRONMENT
    with _LOCK:
        if _ENVIRONMENT is None:
            import jinja2

            loader = jinja2.ChoiceLoader([jinja2.FileSystemLoader(str(TEMPLATES)),
                                          jinja2.FileSystemLoader(str(SERVER_TEMPLATES))])
            _ENVIRONMENT = jinja2.Environment(loader=loader, autoescape=True, undefined=jinja2.StrictUndefined,
                                              trim_blocks=True, lstrip_blocks=True)
        return _ENVIRONMENT


def id_path(ident: str) -> str:
    """An id or term as a path in the site, following the IRI: ``evidence/goal-x-1`` stays a
    folder and a file. Ids are ``[a-z0-9-]`` (and ``/``) by the contract; a graph file may hold
    anything: every other character becomes ``_`` and its hex code (a ``%`` in a file name would be
    decoded again by a browser reading ``file://``), and an empty, ``.`` or ``..`` segment is spelled
    out, so no id reaches outside its folder."""
    def segment(text: str) -> str:
        text = "".join(ch if ch.isascii() and (ch.isalnum() or ch in "-.~") else
                       "".join(f"_{byte:02X}" for byte in ch.encode("utf-8")) for ch in text)
        return text if text not in ("", ".", "..") else "_" + text.replace(".", "_2E")
    return "/".join(segment(part) for part in ident.split("/"))


def _relative(path: str, folder: str) -> str:
    """The plain site path *path* seen from the plain site folder *folder* (``posixpath.relpath``
    without touching the file system: a site holds tens of thousands of links)."""
    if not folder:
        return path
    parts, base = path.split("/"), folder.split("/")
    same = 0
    while same < min(len(parts) - 1, len(base)) and parts[same] == base[same]:
        same += 1
    return "../" * (len(base) - same) + "/".join(parts[same:])


@functools.lru_cache(maxsize=1 << 16)
def page_path_of(iri: str) -> str | None:
    """The site path (without language folder) of *iri*'s page, or None for an IRI outside the
    data's and the ontology's namespaces."""
    for namespace, folder in ((SRBR, "resource/"), (SRB, "ontology/")):
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return folder + id_path(iri[len(namespace):]) + ".html"
    return None


@dataclass
class Site:
    """The site being written: its files, the store it is read from, the languages written."""

    store: object
    langs: tuple[str, ...]
    files: SiteFiles = field(default_factory=SiteFiles)
    #: site paths (without language folder) of every page of an IRI that is written
    pages: set[str] = field(default_factory=set)
    tell: object = None  # a progress line (a callable taking the text), or None
    triples: list | None = None  # the whole graph, read once (:func:`.rdf.whole_graph`)
    named: list | None = None  # the quads of linked tables' named graphs (:func:`.rdf.named_quads`)
    ontology: object = None  # the ontology's triples as an rdflib graph (:func:`.ontology.ontology_graph`)
    ontology_docs: dict = field(default_factory=dict)  # language → its documentation (:func:`.ontology.documentation`)
    #: the IRIs that get a page, and the facts read for each (:mod:`.entities`)
    iris: list[str] = field(default_factory=list)
    facts: dict[str, list] = field(default_factory=dict)
    #: IRIs shown inside another's page (a quote's evidence node) → the IRI of that page
    anchors: dict[str, str] = field(default_factory=dict)
    #: IRIs the graph page draws (:mod:`.graph`): an entity's page links there only for these
    drawn: set[str] = field(default_factory=set)

    def root(self, lang: str) -> str:
        """The folder of *lang*'s pages: ``de/`` with both languages, else the top."""
        return f"{lang}/" if len(self.langs) > 1 else ""

    def part(self, lang: str) -> Part:
        return Part(self, lang)


@dataclass
class Part:
    """Writing the pages of one language."""

    site: Site
    lang: str

    @property
    def other(self) -> str:
        return other_language(self.lang)

    @property
    def root(self) -> str:
        return self.site.root(self.lang)

    def page(self, name: str) -> str:
        """The site path of this language's page *name* (``paths.html`` → ``de/paths.html``)."""
        return self.root + name

    @staticmethod
    def url(here: str, target: str) -> str:
        """*target* (a site path, with an optional ``#fragment``) relative to the page *here*."""
        path, _, fragment = target.partition("#")
        relative = _relative(path, posixpath.dirname(here)) if path else ""
        return relative + ("#" + fragment if fragment else "")

    def page_of(self, iri: str) -> str | None:
        """The site path of *iri*'s page in this language, when the site has one."""
        if iri in self.site.anchors:  # a quote, on its entity's page
            from ..server.pages import ResourceView

            return self.page(page_path_of(self.site.anchors[iri]) + "#" + ResourceView.quote_anchor(iri))
        path = page_path_of(iri)
        return self.page(path) if path and path in self.site.pages else None

    def switch(self, name: str) -> str | None:
        """The site path of the same page in the other language, when that is written."""
        return f"{self.other}/{name}" if len(self.site.langs) > 1 else None

    def render(self, name: str, template: str, compact: bool = False, **values) -> None:
        """Write this language's page *name* from *template*; *compact*: without the templates'
        indentation (a thousand entity pages; the pages hold no ``pre`` or ``textarea``, whose
        white space would count)."""
        from ..server.pages import words

        here = self.page(name)
        switch = self.switch(name)
        html = environment().get_template(template).render(
            lang=self.lang, other_lang=self.other, t=words(self.lang), current=name,
            url=lambda target: self.url(here, target), page=lambda n: self.url(here, self.page(n)),
            asset=lambda n: self.url(here, "assets/" + n), switch=self.url(here, switch) if switch else None,
            **values)
        self.site.files.add(here, _INDENT.sub("\n", html) if compact else html)
