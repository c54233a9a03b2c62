"""Complementary suppression as paths in a flow network (pure: the engine under disclosure.py).

A one- or two-dimensional table with its margins is a network: every line (a row, a column, a
1-D table's single line) that says "these parts add up to this total" is a node, and every
published figure is an edge between the lines it belongs to (a 1-D figure's second end is an
"outside" node). Changing the hidden figures without contradicting the published ones is a
circulation on the hidden edges, so a hidden figure can rise by ``δ`` exactly when a cycle of
hidden edges through it can carry ``δ``. Each edge's capacity in each direction is how far its
figure may move that way: unlimited upwards, down to its floor downwards (``value - floor``).

``complements`` protects each primary figure with the cheapest path that closes such a cycle and
can carry the required rise on its own. A cycle puts at least two hidden edges on every line it
touches, and nothing a later step hides can undo an earlier protection (hiding more only frees
the unknowns further), so the result protects every primary at once.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Edge:
    """One published figure between two lines of the table."""

    u: int
    v: int
    # +1 when the figure rises with flow from u to v, -1 when it falls with it (a margin that
    # is the total of one of its lines and a part of the other).
    sign: int
    value: float
    # The least value a reader knows the figure has even when hidden (counts: 1, zeros are shown).
    floor: float
    # Whether hiding it tells a reader anything new (a count-0 cell's magnitudes are known zeros).
    usable: bool
    cost: float


@dataclass(frozen=True)
class Requirement:
    """A primary figure and how far the published figures must let it rise (more than 0)."""

    edge: int
    rise: float


def complements(
    edges: Sequence[Edge], node_count: int, requirements: Sequence[Requirement]
) -> set[int]:
    """The edges to hide: every primary plus the cheapest complements protecting each one."""
    adjacency = _adjacency(edges, node_count)
    hidden = {requirement.edge for requirement in requirements}
    # The largest rises first: their paths are the widest, and later primaries ride along free.
    for requirement in sorted(requirements, key=lambda r: (-r.rise, r.edge)):
        hidden.update(_cheapest_protecting_path(edges, adjacency, hidden, requirement))
    return hidden


Adjacency = list[list[tuple[int, int, float]]]


def _adjacency(edges: Sequence[Edge], node_count: int) -> Adjacency:
    """Per node: (edge, the node across it, how far the edge can carry flow leaving this node)."""
    adjacency: Adjacency = [[] for _ in range(node_count)]
    for index, edge in enumerate(edges):
        down = edge.value - edge.floor
        forward, backward = (math.inf, down) if edge.sign > 0 else (down, math.inf)
        adjacency[edge.u].append((index, edge.v, forward))
        adjacency[edge.v].append((index, edge.u, backward))
    return adjacency


def _cheapest_protecting_path(
    edges: Sequence[Edge], adjacency: Adjacency, hidden: set[int], requirement: Requirement
) -> list[int]:
    """Dijkstra from one end of the primary back to the other: hidden edges cost nothing, the
    others their cost; only edges able to carry the whole required rise may be used."""
    primary = edges[requirement.edge]
    # Raising the figure sends flow through it one way; the path must bring it back.
    source, target = (primary.v, primary.u) if primary.sign > 0 else (primary.u, primary.v)
    best: dict[int, tuple[float, int]] = {source: (0.0, 0)}
    came_from: dict[int, tuple[int, int]] = {}
    queue: list[tuple[float, int, int]] = [(0.0, 0, source)]
    settled: set[int] = set()
    while queue:
        spent, steps, node = heapq.heappop(queue)
        if node in settled:
            continue
        if node == target:
            return _edges_back(came_from, source, target)
        settled.add(node)
        for index, other, capacity in adjacency[node]:
            if index == requirement.edge or other in settled:
                continue
            if capacity <= 0 or capacity < requirement.rise:
                continue
            if index in hidden:
                step = (spent, steps)
            elif edges[index].usable:
                step = (spent + edges[index].cost, steps + 1)
            else:
                continue
            if step < best.get(other, (math.inf, 0)):
                best[other] = step
                came_from[other] = (node, index)
                heapq.heappush(queue, (*step, other))
    # Unreachable for tables built by disclosure.py: the primary's margins always close a cycle.
    raise ValueError(f"no complement can protect figure {requirement.edge}")


def _edges_back(came_from: dict[int, tuple[int, int]], source: int, target: int) -> list[int]:
    path = []
    node = target
    while node != source:
        node, index = came_from[node]
        path.append(index)
    return path
