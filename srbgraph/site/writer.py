"""``write_site``: the whole site, part by part, then the folder replaced at once."""
from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..stores.select import as_store
from .context import HERE, Site
from .folder import SiteFiles, check_target, replace_folder

STATIC = HERE / "static"
#: the style of an entity's page, shared with srbgraph serve
SERVER_STYLE = HERE.parent / "server" / "static" / "srbgraph.css"
#: the parts of every language, in the order they are written (each a module of this package with
#: ``write(part)``); ``graph`` before ``entities``: a page links to the graph only for what it draws
LANGUAGE_PARTS = ("graph", "entities", "start", "views", "search", "sparql", "ontology")
#: the parts written once for all languages (``write_shared(site)``); ``entities`` first: it decides
#: which IRIs have a page, which every other part links to
SHARED_PARTS = ("entities", "rdf", "sparql")


@dataclass
class SiteResult:
    folder: Path
    files: int
    bytes: int
    seconds: float
    sizes: dict[str, int] = field(default_factory=dict)  # bytes per top folder or file


def write_site(output: Path, source=None, lang: str = "de", notify: Callable[[str], None] | None = None,
               most_bytes: int | None = None) -> SiteResult:
    """Write the site of the graph *source* (a store, a :class:`~srbgraph.stores.select.GraphSource`
    or None for the shipped data) into the folder *output*, in ``de``, ``en`` or ``both``
    languages. The folder is replaced whole or not at all."""
    import importlib

    started = time.perf_counter()
    output = Path(output)
    check_target(output)  # before any work: a folder that is no site is refused at once
    langs = ("de", "en") if lang == "both" else (lang,)
    if source is None:
        from ..stores.select import GraphSource

        with GraphSource().open() as store:
            return write_site(output, store, lang, notify, most_bytes)
    store = as_store(source)
    site = Site(store=store, langs=langs, files=SiteFiles(most_bytes) if most_bytes else SiteFiles())
    tell = notify or (lambda message: None)
    site.tell = tell
    for path in [SERVER_STYLE, *sorted(STATIC.iterdir())]:
        if path.is_file():
            site.files.add("assets/" + path.name, path.read_bytes())
    for name in SHARED_PARTS:
        module = importlib.import_module(f"{__package__}.{name}")
        if hasattr(module, "write_shared"):
            tell(f"site: {name} …")
            module.write_shared(site)
    for one in langs:
        part = site.part(one)
        for name in LANGUAGE_PARTS:
            tell(f"site: {name} ({one}) …")
            importlib.import_module(f"{__package__}.{name}").write(part)
    if len(langs) > 1:
        importlib.import_module(f"{__package__}.start").write_choice(site)
    tell(f"site: writing {len(site.files)} files ({site.files.size / 1e6:.1f} MB) …")
    replace_folder(output, site.files)
    sizes: dict[str, int] = {}
    for path, data in site.files.files.items():
        top = path.split("/", 1)[0] + ("/" if "/" in path else "")
        sizes[top] = sizes.get(top, 0) + len(data)
    return SiteResult(output, len(site.files), site.files.size, time.perf_counter() - started, sizes)
