"""Named SPARQL queries: the catalogue (:mod:`.catalogue`, re-exported here) and binding their
parameters, given as text on the command line or in a notebook, as RDF terms."""
from __future__ import annotations

import re

from ..errors import SrbError
from ..terms import NAMESPACES, SHOWN_PREFIXES
from .catalogue import (  # noqa: F401 - the catalogue's names, as callers use them
    PARAM_TYPES,
    SUPPORT_VALUES,
    NamedQuery,
    Parameter,
    all_named,
    load,
    named,
    parse,
)

#: prefixes for ``prefix:name`` parameter values and for showing IRIs in results
PREFIXES = {p: NAMESPACES[p] for p in SHOWN_PREFIXES}


class BindError(SrbError):
    """A value that cannot be bound to a parameter: one line in English (the CLI's), with the key
    and values of the same message in :mod:`srbgraph.render.i18n` (``error-<key>``), so that a page
    in another language can say it in its words (the server does: the model knows no words)."""

    def __init__(self, message: str, key: str, **values):
        super().__init__(message)
        self.key, self.values = key, values


def expand_iri(value: str):
    """``<…>``, ``prefix:local`` or a bare id (an ``srbr:`` individual) → IRI."""
    from ..terms import IRI

    value = value.strip()
    if value.startswith("<") and value.endswith(">"):
        return IRI(value[1:-1])
    if re.match(r"https?://", value):
        return IRI(value)
    prefix, sep, local = value.partition(":")
    if sep and prefix in PREFIXES:
        return IRI(PREFIXES[prefix] + local)
    if re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", value):
        return IRI(PREFIXES["srbr"] + value)
    raise BindError(f"not an IRI, prefixed name or id: {value!r}", "iri", value=repr(value))


def bind(query: NamedQuery, given: dict[str, str], store, lang: str | None = None, *, on_replaced=None) -> dict:
    """Typed terms for the parameters of *query*: the *given* values (strings from the command
    line), ``--lang`` for a ``lang`` parameter, else the defaults. An entity named by a replaced
    entity's id is its successor (*on_replaced* is told, see :func:`~srbgraph.model.entities.resolve`)."""
    from ..terms import XSD, Literal

    values = dict(given)
    unknown = [n for n in values if n not in query.parameters] if query.parameters else []
    if unknown:
        known = ", ".join(query.parameters) or "none"
        raise BindError(f"query '{query.name}' has no parameter '{unknown[0]}' (its parameters: {known})",
                        "no-parameter", query=query.name, name=unknown[0], known=known)
    bound = {}
    for name, parameter in query.parameters.items():
        if name not in values:
            if parameter.type == "lang" and lang:
                values[name] = lang
            elif parameter.default is not None:
                values[name] = parameter.default
    for name, raw in values.items():
        kind = query.parameters[name].type if name in query.parameters else "auto"
        if kind == "entity":
            from .entities import resolve

            cls = class_hint(query.parameters[name])
            bound[name] = resolve(store, raw, cls, on_replaced=on_replaced)
        elif kind == "iri":
            bound[name] = expand_iri(raw)
        elif kind == "integer":
            if not re.fullmatch(r"-?\d+", raw.strip()):
                raise BindError(f"parameter '{name}' must be a whole number, got {raw!r}", "whole-number",
                                name=name, value=repr(raw))
            bound[name] = Literal(raw.strip(), datatype=XSD + "integer")
        elif kind == "lang":
            if raw not in ("de", "en"):
                raise BindError(f"parameter '{name}' must be de or en, got {raw!r}", "lang", name=name, value=repr(raw))
            bound[name] = Literal(raw)
        elif kind == "support":
            if raw not in SUPPORT_VALUES:
                raise BindError(f"parameter '{name}' must be {' or '.join(SUPPORT_VALUES)}, got {raw!r}", "support",
                                name=name, choices=tuple(SUPPORT_VALUES), value=repr(raw))
            bound[name] = Literal(raw)
        elif kind == "auto" and raw.startswith("<") and raw.endswith(">"):
            bound[name] = expand_iri(raw)
        else:
            bound[name] = Literal(raw)
    return bound


_CLASS_WORDS = {
    "goal": "Goal", "obstacle": "Obstacle", "measure": "Measure", "need": "DevelopmentNeed",
    "indicator": "Indicator", "workshop": "Workshop", "principle": "Principle", "theme": "Theme",
}


def class_hint(parameter: Parameter):
    """An entity parameter named like a class (goal, obstacle …) only matches that class."""
    from ..terms import IRI

    local = _CLASS_WORDS.get(parameter.name)
    return IRI(PREFIXES["srb"] + local) if local else None
