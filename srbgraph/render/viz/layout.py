"""Positions in pixels, computed here in Python so that the page needs no physics and stands still
at once: layered columns for the path view (:func:`_layered`), rings around the focus for a
neighbourhood (:func:`_radial`) and, for the rest, class regions filled by a force-directed pass
(:func:`_force`, :func:`fruchterman_reingold`, with numpy).
"""
from __future__ import annotations

import math
from collections import defaultdict
from typing import Sequence

from .style import CLASS_FONT, WORDS, font_size, label_size, wrap, wrap_width
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


# ---------------------------------------------------------------------------------------------
# The room a node takes: its shape and its label below it
# ---------------------------------------------------------------------------------------------

#: what vis-network leaves between a shape and the label hanging below it: 4 pixels and half the
#: font size
_LABEL_OFFSET = 4.0
#: room kept around every label beyond what it measures
_MARGIN = 2.0


def node_size(degree: int, cls: str) -> float:
    """The size (half height) of a node's shape: larger with more links; goals larger still."""
    size = 9 + min(16, 2.2 * math.sqrt(degree))
    if cls in ("GuidingGoal", "ActionGoal"):
        size += 8
    return round(size, 1)


def node_label(view: View, node) -> str:
    """The label a node shows in the picture: wrapped to the view's width; the focus node's with a
    first line that says so in words (the focus stands out by more than its colour)."""
    text = wrap(node.label(view.lang), wrap_width(view.kind))
    return f"{WORDS[view.lang]['focus-marker']}\n{text}" if node.id == view.focus else text


def extents(view: View) -> dict[str, tuple[float, float, float]]:
    """Each node's room around its position: (half width, above, below) in pixels — the shape,
    and the wrapped label hanging below it, measured for DejaVu Sans (an upper bound)."""
    degree: dict[str, int] = defaultdict(int)
    for e in view.edges:
        degree[e.source] += 1
        degree[e.target] += 1
    result = {}
    for i, node in view.nodes.items():
        size, font = node_size(degree[i], node.cls), font_size(view.kind, node.cls)
        label_w, label_h = label_size(node_label(view, node), font)
        result[i] = (max(label_w / 2 + _MARGIN, size), size, size + _LABEL_OFFSET + font / 2 + label_h + _MARGIN)
    return result


def boxes(view: View, room: dict[str, tuple[float, float, float]] | None = None) -> dict[str, tuple]:
    """Each node's box (left, top, right, bottom) at its position."""
    room = room or extents(view)
    return {i: (n.x - room[i][0], n.y - room[i][1], n.x + room[i][0], n.y + room[i][2])
            for i, n in view.nodes.items()}


def overlapping(found: dict[str, tuple], gap: float = 0.0) -> list[tuple[str, str]]:
    """Pairs of ids whose boxes (left, top, right, bottom) come closer than *gap* (sort and sweep)."""
    order = sorted(found, key=lambda i: found[i][0])
    pairs, active = [], []
    for i in order:
        left, top, _right, bottom = found[i]
        active = [j for j in active if found[j][2] + gap > left]
        pairs.extend((j, i) for j in active
                     if found[j][1] < bottom + gap and top < found[j][3] + gap)
        active.append(i)
    return pairs


# ---------------------------------------------------------------------------------------------
# The path view: columns goal → need → obstacle → measure
# ---------------------------------------------------------------------------------------------

def _layered(view: View, column: float = 640.0, column_gap: float = 200.0, row: float = 18.0) -> None:
    """Columns by layer, ordered by barycentre sweeps; columns as far apart as their widest labels
    need, each node as tall as its shape and label, every column spread over the tallest one."""
    columns: dict[int, list[str]] = defaultdict(list)
    for node in view.nodes.values():
        columns[node.layer or 0].append(node.id)
    _barycentre_order(view, columns)
    room = extents(view)
    present = sorted(columns)
    x, previous = 0.0, None
    for layer in present:
        half = max(room[i][0] for i in columns[layer])
        if previous is not None:
            x += max(column, previous + half + column_gap)
        for i in columns[layer]:
            view.nodes[i].x = round(x, 1)
        previous = half

    def need(i):
        return room[i][1] + room[i][2] + row

    height = max(sum(need(i) for i in ids) for ids in columns.values())
    for ids in columns.values():
        spare = (height - sum(need(i) for i in ids)) / len(ids)
        y = -height / 2
        for i in ids:
            view.nodes[i].y = round(y + spare / 2 + row / 2 + room[i][1], 1)
            y += need(i) + spare


def _barycentre_order(view: View, columns: dict[int, list[str]]) -> None:
    """Each column's nodes in label order, then sorted by the mean place of their neighbours in the
    other columns, six sweeps left to right and back (fewer crossings)."""
    neighbours = view.neighbours()
    order = {}
    for ids in columns.values():
        ids.sort(key=lambda i: view.nodes[i].label(view.lang).lower())
        order.update({i: k / max(len(ids) - 1, 1) for k, i in enumerate(ids)})
    present = sorted(columns)
    for _sweep in range(6):
        for layer in present[1:] + present[-2::-1]:
            ids = columns[layer]

            def centre(i):
                others = [order[n] for n in neighbours[i] if view.nodes[n].layer != layer]
                return sum(others) / len(others) if others else order[i]
            ids.sort(key=lambda i: (centre(i), order[i]))
            order.update({i: k / max(len(ids) - 1, 1) for k, i in enumerate(ids)})


# ---------------------------------------------------------------------------------------------
# The focus view: the focus at the centre, rings by distance, each subtree in a sector of its own
# ---------------------------------------------------------------------------------------------

def _radial(view: View, gap: float = 16.0, ring_gap: float = 120.0) -> None:
    """The focus at (0, 0), the others on rings by distance. Each node of a ring gets an angle in
    the sector of its parent (a neighbour one ring further in), sectors as wide as the room the
    subtree's labels need; each ring as large as its labels need not to overlap (checked on the
    boxes of shape and label, and enlarged until none overlap)."""
    room = extents(view)
    rings, children = _rings(view)
    angle = _sector_angles(view, rings, children, room, gap)
    radius = [0.0] * len(rings)
    for d in range(1, len(rings)):
        radius[d] = max(_ring_radius(rings[d], angle, room, gap),
                        radius[d - 1] + _radial_room(rings[d - 1], room) + _radial_room(rings[d], room) + ring_gap)
    ring_of = {i: d for d, ids in enumerate(rings) for i in ids}
    for _attempt in range(400):
        for d, ids in enumerate(rings):
            for i in ids:
                view.nodes[i].x = round(radius[d] * math.cos(angle[i]), 1)
                view.nodes[i].y = round(radius[d] * math.sin(angle[i]), 1)
        clash = overlapping(boxes(view, room), gap / 2)
        if not clash:
            return
        outer = min(max(ring_of[a], ring_of[b]) for a, b in clash)
        grow = max(radius[outer] * 0.06, 12.0)
        for d in range(max(outer, 1), len(rings)):
            radius[d] += grow


def _rings(view: View) -> tuple[list[list[str]], dict[str, list[str]]]:
    """The nodes by distance from the focus (each ring grouped by parent, in parent order, then by
    class and label) and the children of each node (the nodes of the next ring it is the first
    neighbour of)."""
    neighbours = view.neighbours()
    by_depth: dict[int, list[str]] = defaultdict(list)
    for node in view.nodes.values():
        by_depth[node.depth or 0].append(node.id)
    rings: list[list[str]] = []
    children: dict[str, list[str]] = defaultdict(list)
    for d in range(max(by_depth) + 1 if by_depth else 0):
        ids = by_depth.get(d, [])
        if d == 0 or not rings:
            rings.append(sorted(ids))
            continue
        place = {p: k for k, p in enumerate(rings[-1])}

        def key(i, place=place):
            parents = [place[n] for n in neighbours[i] if n in place]
            return (min(parents) if parents else len(place), view.nodes[i].cls,
                    view.nodes[i].label(view.lang).lower(), i)
        ids = sorted(ids, key=key)
        for i in ids:
            parent = key(i)[0]
            if parent < len(place):
                children[rings[-1][parent]].append(i)
        rings.append(ids)
    return rings, children


def _sector_angles(view: View, rings: list[list[str]], children: dict[str, list[str]],
                   room: dict[str, tuple[float, float, float]], gap: float) -> dict[str, float]:
    """An angle for every node: ring 1 shares the circle, every node's children share its sector,
    each in proportion to the room its subtree needs (its own label, or its children's)."""
    own = {i: room[i][0] + (room[i][1] + room[i][2]) / 2 + gap for ids in rings for i in ids}
    weight: dict[str, float] = {}
    for ids in reversed(rings):
        for i in ids:
            weight[i] = max(own[i], sum(weight[c] for c in children.get(i, ())))
    parent_of = {c: p for p, cs in children.items() for c in cs}
    angle = {i: 0.0 for i in rings[0]}
    sector = {i: (0.0, 2 * math.pi) for i in rings[0]}
    for ids in rings[1:]:
        groups: dict[str | None, list[str]] = defaultdict(list)
        for i in ids:
            groups[parent_of.get(i)].append(i)
        for parent, members in groups.items():
            start, width = sector.get(parent, (0.0, 2 * math.pi))
            total = sum(weight[i] for i in members)
            at = start
            for i in members:
                share = width * weight[i] / total
                sector[i] = (at, share)
                angle[i] = at + share / 2
                at += share
    return angle


def _ring_radius(ids: list[str], angle: dict[str, float], room: dict[str, tuple[float, float, float]],
                 gap: float) -> float:
    """The least radius at which neighbouring nodes of a ring (by angle) keep their boxes apart."""
    if len(ids) < 2:
        return 0.0
    ordered = sorted(ids, key=angle.__getitem__)
    need = 0.0
    for a, b in zip(ordered, ordered[1:] + ordered[:1]):
        dx = abs(math.cos(angle[b]) - math.cos(angle[a]))
        dy = math.sin(angle[b]) - math.sin(angle[a])
        apart_x = (room[a][0] + room[b][0] + gap) / dx if dx > 1e-9 else math.inf
        below = room[a][2] + room[b][1] if dy > 0 else room[b][2] + room[a][1]
        apart_y = (below + gap) / abs(dy) if abs(dy) > 1e-9 else math.inf
        need = max(need, min(apart_x, apart_y))
    return need if math.isfinite(need) else 0.0


def _radial_room(ids: list[str], room: dict[str, tuple[float, float, float]]) -> float:
    """How far the boxes of a ring reach out from their positions (the largest of them)."""
    return max((max(room[i]) for i in ids), default=0.0) / 2


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
