"""Node positions for the network page, computed in Python so the browser need not simulate.

A Fruchterman-Reingold spring layout in numpy. Small graphs get exact all-pairs repulsion; large
ones (thousands of nodes) repel each node from a fresh random sample of nodes at every step, which
keeps a step linear in the number of nodes. Seeded, so the same graph always gets the same
positions. networkx's own spring layout needs scipy for large graphs and is far slower here.
"""

from __future__ import annotations

EXACT_LIMIT = 600        # up to this many nodes, repulsion is computed over all pairs
SAMPLE = 128             # otherwise, from this many random nodes per step
SPACING = 70.0           # average room per node, in vis-network pixels


def spring_positions(nodes: list, edges: list[tuple], *, seed: int = 7,
                     iterations: int | None = None) -> dict:
    """``nodes``: node keys in a fixed order; ``edges``: (u, v) pairs (repeats pull harder). Returns {node: (x, y)} in
    vis-network coordinates (whole pixels), centred on the origin."""
    import numpy as np

    n = len(nodes)
    if n == 0:
        return {}
    if n == 1:
        return {nodes[0]: (0.0, 0.0)}
    index = {node: i for i, node in enumerate(nodes)}
    ends = [(index[u], index[v]) for u, v in edges if u != v and u in index and v in index]
    src = np.fromiter((a for a, _ in ends), dtype=np.int64, count=len(ends))
    dst = np.fromiter((b for _, b in ends), dtype=np.int64, count=len(ends))
    rng = np.random.default_rng(seed)
    side = np.sqrt(n)
    exact = n <= EXACT_LIMIT
    pos = ((rng.random((n, 2)) - 0.5) * side).astype(np.float64 if exact else np.float32)
    steps = iterations or (200 if exact else 40)
    temperature = side / 8
    cooling = (0.02 / 8) ** (1 / steps)        # ends at a fiftieth of the first step
    for _ in range(steps):
        # repulsion 1/d from every node (or a sample), via |p-q|^2 = |p|^2 + |q|^2 - 2 p.q
        others = pos if exact else pos[rng.choice(n, size=SAMPLE, replace=False)]
        dist2 = (pos * pos).sum(1)[:, None] + (others * others).sum(1)[None, :] - 2 * (pos @ others.T)
        np.maximum(dist2, 1e-2, out=dist2)
        weight = np.reciprocal(dist2, out=dist2)
        if exact:
            np.fill_diagonal(weight, 0.0)
        disp = (pos * weight.sum(1)[:, None] - weight @ others) * (1.0 if exact else n / SAMPLE)
        if len(src):
            d = pos[src] - pos[dst]
            dist = np.sqrt(np.einsum("ij,ij->i", d, d)) + 1e-6
            pull = d * dist[:, None]                  # attraction grows with the square of distance
            for axis in (0, 1):
                disp[:, axis] -= np.bincount(src, pull[:, axis], minlength=n)
                disp[:, axis] += np.bincount(dst, pull[:, axis], minlength=n)
        disp -= pos * (0.5 / side)                   # gentle gravity keeps components together
        length = np.sqrt(np.einsum("ij,ij->i", disp, disp)) + 1e-9
        pos += disp * (np.minimum(length, temperature) / length)[:, None]
        temperature *= cooling
    pos -= np.median(pos, axis=0)
    radius = np.sqrt(np.einsum("ij,ij->i", pos, pos)) + 1e-9
    limit = np.percentile(radius, 98) * 1.1        # stragglers (nodes without edges) come back in
    pos *= (np.minimum(radius, limit) / radius)[:, None]
    spread = np.sqrt(np.prod(np.ptp(pos, axis=0) + 1e-9) / n)  # current room per node
    pos *= SPACING / spread
    rounded = np.round(pos.astype(np.float64)).astype(np.int64).tolist()   # vis-network keeps whole pixels
    return {node: (x, y) for node, (x, y) in zip(nodes, rounded)}
