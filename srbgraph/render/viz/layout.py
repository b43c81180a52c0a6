"""Positions in pixels, computed here in Python so that the page needs no physics and stands still
at once: layered columns for the path view (:func:`_layered`), rings around the focus for a
neighbourhood (:func:`_radial`) and, for the rest, class regions filled by a force-directed pass
(:func:`_force`, :func:`fruchterman_reingold`, with numpy).
"""
from __future__ import annotations

import math
from collections import defaultdict
from typing import Sequence

from .style import CLASS_FONT, font_size, wrap, wrap_width
from .view import View

#: The golden angle: successive points of a sunflower spiral lie this far apart.
_GOLDEN = math.pi * (3 - math.sqrt(5))


def layout(view: View, seed: int = 7) -> View:
    """Give every node of *view* a position (in place): layered columns for the path view, rings
    around the focus for a neighbourhood, a force-directed layout seeded by class for the rest."""
    if view.kind == "paths":
        _layered(view)
    elif view.kind == "focus":
        _radial(view)
    else:
        _force(view, seed)
    view.laid_out = True
    return view


def _layered(view: View, column: float = 640.0, row: float = 34.0) -> None:
    columns: dict[int, list[str]] = defaultdict(list)
    for node in view.nodes.values():
        columns[node.layer or 0].append(node.id)
    neighbours = view.neighbours()
    order = {}
    for layer, ids in columns.items():
        ids.sort(key=lambda i: view.nodes[i].label(view.lang).lower())
        order.update({i: k / max(len(ids) - 1, 1) for k, i in enumerate(ids)})
    present = sorted(columns)
    for _sweep in range(6):  # barycentre sweeps, left to right and back
        for layer in present[1:] + present[-2::-1]:
            ids = columns[layer]

            def centre(i):
                others = [order[n] for n in neighbours[i] if view.nodes[n].layer != layer]
                return sum(others) / len(others) if others else order[i]
            ids.sort(key=lambda i: (centre(i), order[i]))
            order.update({i: k / max(len(ids) - 1, 1) for k, i in enumerate(ids)})
    # each node takes the height of its wrapped label; every column spreads over the tallest one
    def need(i):
        node = view.nodes[i]
        lines = wrap(node.label(view.lang), wrap_width(view)).count("\n") + 1
        return lines * (font_size(view, node.cls) * 1.25) + row

    height = max(sum(need(i) for i in ids) for ids in columns.values())
    for layer, ids in columns.items():
        spare = (height - sum(need(i) for i in ids)) / len(ids)
        y = -height / 2
        for i in ids:
            share = need(i) + spare
            view.nodes[i].x = present.index(layer) * column
            view.nodes[i].y = round(y + share / 2, 1)
            y += share


def _radial(view: View, ring: float = 420.0, spacing: float = 190.0) -> None:
    neighbours = view.neighbours()
    by_depth: dict[int, list[str]] = defaultdict(list)
    for node in view.nodes.values():
        by_depth[node.depth or 0].append(node.id)
    angle: dict[str, float] = {}
    for d in sorted(by_depth):
        ids = by_depth[d]
        if d == 0:
            for i in ids:
                angle[i] = 0.0
                view.nodes[i].x = view.nodes[i].y = 0.0
            continue

        def parent_angle(i):
            parents = [angle[n] for n in neighbours[i] if n in angle and (view.nodes[n].depth or 0) < d]
            return (min(parents) if parents else 0.0, view.nodes[i].cls, view.nodes[i].label(view.lang))
        ids.sort(key=parent_angle)
        radius = max(d * ring, len(ids) * spacing / (2 * math.pi))
        for k, i in enumerate(ids):
            a = 2 * math.pi * k / len(ids)
            angle[i] = a
            view.nodes[i].x = radius * math.cos(a)
            view.nodes[i].y = radius * math.sin(a)


# ---------------------------------------------------------------------------------------------
# The whole graph: class regions, a sunflower spiral in each, then a force-directed pass
# ---------------------------------------------------------------------------------------------

def _force(view: View, seed: int, unit: float = 70.0) -> None:
    """Class clusters: each class gets a round region of its own (regions of classes with many
    links between them lie close), its members start on a sunflower spiral there and a
    force-directed pass, pulled towards the region's centre, draws linked nodes together."""
    import numpy as np

    ids = list(view.nodes)
    members: dict[str, list[int]] = defaultdict(list)
    for k, i in enumerate(ids):
        members[view.nodes[i].cls].append(k)
    classes = sorted(members, key=lambda c: (-len(members[c]), c))
    # classes with large labels (the goals) get more room per member
    room = {c: max(1.0, CLASS_FONT.get(c, 13) / 13) ** 1.5 for c in classes}
    radius = {c: 0.62 * math.sqrt(len(members[c])) * room[c] + 0.8 for c in classes}
    index = {i: k for k, i in enumerate(ids)}
    pairs = sorted({(index[e.source], index[e.target]) for e in view.edges if e.source != e.target})
    cls_of = [view.nodes[i].cls for i in ids]
    c_index = {c: k for k, c in enumerate(classes)}
    # 1. class regions: a small force layout of the classes, weighted by the links between them
    anchors = _class_anchors(classes, radius, _class_links(pairs, cls_of, c_index))
    # 2. members on a sunflower spiral in their region, ordered by label
    pos = _sunflower(view, ids, classes, members, room, anchors)
    # 3. a force-directed pass inside the regions
    home = anchors[[c_index[c] for c in cls_of]]
    limit = np.array([radius[c] for c in cls_of])
    inside = [(a, b) for a, b in pairs if cls_of[a] == cls_of[b]]
    pos = fruchterman_reingold(pos, inside, k=0.5, iterations=50, groups=[members[c] for c in classes],
                               home=home, limit=limit, temperature=0.25,
                               spread=np.array([room[c] for c in cls_of]), seed=seed)
    for i, (x, y) in zip(ids, pos * unit):
        view.nodes[i].x = round(float(x), 1)
        view.nodes[i].y = round(float(y), 1)
    view.regions = _region_discs(classes, members, anchors, pos, radius, unit)


def _class_links(pairs: Sequence[tuple[int, int]], cls_of: Sequence[str],
                 c_index: dict[str, int]) -> dict[tuple[int, int], int]:
    """How many links join each pair of classes (by class index, the smaller first)."""
    weight: dict[tuple[int, int], int] = defaultdict(int)
    for a, b in pairs:
        ca, cb = c_index[cls_of[a]], c_index[cls_of[b]]
        if ca != cb:
            weight[(min(ca, cb), max(ca, cb))] += 1
    return weight


def _class_anchors(classes: Sequence[str], radius: dict[str, float], weight: dict[tuple[int, int], int]):
    """The centre of each class region (m × 2, in the order of *classes*): discs of *radius* start
    on a sunflower spiral, push apart where they overlap and are drawn together by their links."""
    import numpy as np

    m = len(classes)
    total = sum(radius.values())
    anchors = np.array([[math.cos(_GOLDEN * k) * math.sqrt(k + 0.5), math.sin(_GOLDEN * k) * math.sqrt(k + 0.5)]
                        for k in range(m)]) * (total / max(m, 1))
    sizes = np.array([radius[c] for c in classes])
    if m > 1:
        class_pairs = list(weight)
        strength = np.array([weight[p] for p in class_pairs], dtype=float)
        strength = strength / strength.max() if len(strength) else strength
        for step in range(450):
            disp = np.zeros_like(anchors)
            d = anchors[:, None, :] - anchors[None, :, :]
            dist = np.maximum(np.sqrt((d * d).sum(axis=2)), 1e-6)
            gap = sizes[:, None] + sizes[None, :] + 0.9
            overlap = np.where(dist < gap, (gap - dist) / dist, 0.0)
            np.fill_diagonal(overlap, 0.0)
            disp += (d * overlap[:, :, None]).sum(axis=1) * 0.5
            for (a, b), w in zip(class_pairs, strength):
                delta = anchors[a] - anchors[b]
                pull = delta * 0.02 * w
                disp[a] -= pull
                disp[b] += pull
            if step < 250:
                disp -= anchors * 0.004  # a little gravity keeps the regions together
            else:  # the last steps only push regions apart, so that none overlap
                disp = (d * overlap[:, :, None]).sum(axis=1) * 0.5
            anchors += disp
    return anchors


def _sunflower(view: View, ids: Sequence[str], classes: Sequence[str], members: dict[str, list[int]],
               room: dict[str, float], anchors):
    """Start positions (n × 2): the members of each class on a sunflower spiral around its
    anchor, in label order."""
    import numpy as np

    pos = np.zeros((len(ids), 2))
    for c, anchor in zip(classes, anchors):
        ordered = sorted(members[c], key=lambda k: view.nodes[ids[k]].label(view.lang).lower())
        for j, k in enumerate(ordered):
            r = 0.62 * math.sqrt(j + 0.5) * room[c]
            pos[k] = anchor + (r * math.cos(_GOLDEN * j), r * math.sin(_GOLDEN * j))
    return pos


def _region_discs(classes: Sequence[str], members: dict[str, list[int]], anchors, pos,
                  radius: dict[str, float], unit: float) -> list[dict]:
    """The disc of each class region as the page draws it (pixels): centre and radius."""
    import numpy as np

    regions = []
    for c, centre in zip(classes, anchors):
        spread = float(np.sqrt(((pos[members[c]] - centre) ** 2).sum(axis=1)).max())
        regions.append({"cls": c, "x": round(float(centre[0] * unit), 1), "y": round(float(centre[1] * unit), 1),
                        "r": round((min(spread, radius[c]) + 0.45) * unit, 1)})
    return regions


def fruchterman_reingold(pos, pairs: Sequence[tuple[int, int]], k: float, iterations: int = 60,
                         groups: Sequence[Sequence[int]] | None = None, home=None, limit=None,
                         temperature: float = 0.3, spread=None, exact_up_to: int = 600,
                         sample: int = 150, seed: int = 7):
    """Force-directed positions (Fruchterman & Reingold) from the start positions *pos* (n × 2),
    with numpy: linked nodes (*pairs*) attract, nodes repel the others of their group (*groups*,
    default: all nodes). With *home* (n × 2) and *limit* (n), each node is pulled towards its
    home and kept within *limit* of it. *spread* (n) scales the repulsion of each node. In a group
    of more than *exact_up_to* nodes each node repels a random *sample* of the group instead of
    all (5,000 nodes then take seconds, not minutes)."""
    import numpy as np

    pos = np.array(pos, dtype=np.float64)
    n = len(pos)
    groups = [np.asarray(g, dtype=np.int64) for g in (groups if groups is not None else [range(n)])]
    src = np.array([a for a, _ in pairs], dtype=np.int64)
    dst = np.array([b for _, b in pairs], dtype=np.int64)
    cooling = temperature / (iterations + 1)
    rng = np.random.default_rng(seed)
    for _ in range(iterations):
        disp = np.zeros_like(pos)
        for group in groups:
            if len(group) < 2:
                continue
            sub = pos[group]
            if len(group) > exact_up_to:  # many nodes: each repels a random sample, weighted for all
                others = rng.integers(0, len(group), size=(len(group), sample))
                d = sub[:, None, :] - sub[others]
                dist2 = np.maximum((d * d).sum(axis=2), 1e-6)
                push = (d * (k * k / dist2)[:, :, None]).sum(axis=1) * (len(group) / sample)
                if spread is not None:
                    push *= spread[group, None] ** 2
                disp[group] += push
                continue
            for s in range(0, len(group), 512):
                d = sub[s:s + 512, None, :] - sub[None, :, :]
                dist2 = np.maximum((d * d).sum(axis=2), 1e-6)
                push = (d * (k * k / dist2)[:, :, None]).sum(axis=1)
                if spread is not None:
                    push *= spread[group[s:s + 512], None] ** 2
                disp[group[s:s + 512]] += push
        if len(src):
            delta = pos[src] - pos[dst]
            force = delta * (np.sqrt((delta * delta).sum(axis=1)) / k)[:, None]
            np.add.at(disp, src, -force)
            np.add.at(disp, dst, force)
        if home is not None:
            away = pos - home
            disp -= away * (np.sqrt((away * away).sum(axis=1)) / k)[:, None] * 0.3
        length = np.maximum(np.sqrt((disp * disp).sum(axis=1)), 1e-9)
        pos += disp * (np.minimum(length, temperature) / length)[:, None]
        temperature -= cooling
        if home is not None and limit is not None:
            away = pos - home
            dist = np.maximum(np.sqrt((away * away).sum(axis=1)), 1e-9)
            pos = home + away * (np.minimum(dist, limit) / dist)[:, None]
    return pos
