"""Named SPARQL queries: ``queries/*.rq`` files with a header comment.

Header lines at the top of a file, each starting with ``#``::

    # title: Short title
    # description: What the query answers; continuation lines are indented
    # param goal: what the parameter means (default: …)
    # returns: the columns
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from . import resources
from .errors import SrbError

_HEADER = re.compile(r"^#\s?(title|description|param|returns)\b\s*(\w*)\s*:\s?(.*)$")


@dataclass
class NamedQuery:
    name: str
    path: Path
    text: str
    title: str = ""
    description: str = ""
    returns: str = ""
    parameters: dict[str, str] = field(default_factory=dict)


def parse(path: Path) -> NamedQuery:
    text = path.read_text(encoding="utf-8")
    query = NamedQuery(name=path.stem, path=path, text=text)
    last: tuple[str, str] | None = None
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        match = _HEADER.match(line)
        if match:
            key, param, value = match.groups()
            last = (key, param)
            if key == "param":
                query.parameters[param] = value.strip()
            else:
                setattr(query, key, value.strip())
        elif last and line[1:].startswith("  "):  # continuation line
            key, param = last
            more = line[1:].strip()
            if key == "param":
                query.parameters[param] += " " + more
            else:
                setattr(query, key, (getattr(query, key) + " " + more).strip())
    return query


def named(name: str, folder: Path | None = None) -> NamedQuery:
    """The named query *name* (file ``<name>.rq`` in the queries folder)."""
    path = (folder or resources.queries_dir()) / f"{name}.rq"
    if not path.is_file():
        raise SrbError(f"no named query '{name}' (looked for {path})")
    return parse(path)
