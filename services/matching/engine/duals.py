"""The solver's restricted problem and its duals: the exact optimum over candidate pairs, the prices
that prove it, and the pricing pass over all pairs (see `solver`, "Algorithm", steps 2-4)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy.sparse import csc_array, csr_array
from scipy.sparse.csgraph import maximum_bipartite_matching, min_weight_full_bipartite_matching

from services.matching.engine.candidates import HASH
from services.matching.engine.features import BLOCK_CELLS, IntArray, distinct


class SolverError(RuntimeError):
    """The optimum could not be certified; a defect, never an expected outcome."""


def solve_restricted(rows: IntArray, cols: IntArray, weights: IntArray, slots: IntArray, n: int) -> IntArray:
    """Optimum over the candidate edges: each mentee's mentor column, or -1.

    A rectangular assignment between mentees and mentor slots (one per slot, replicating the mentor's
    edges), where the smaller side must be fully matched. The rows of the smaller side that a maximum
    matching leaves uncovered get a private zero-weight partner for "left out" (a mentee unmatched, a
    slot empty), so a full matching always exists; the other rows must be matched, which is the
    optimum unless leaving one of them out would weigh more (then `optimise` cancels the cycle that
    says so). Putting the smaller side on the rows keeps LAPJVsp's
    augmentations few: on 10,000 mentees x 7,500 slots, rows = slots is ~7x faster. Costs are
    C - w > 0 (explicit zeros would count as missing edges); integers below 2**53 in float64, so the
    optimum is exact.
    """
    mentor_of = np.full(n, -1, np.int64)
    if len(rows) == 0:
        return mentor_of
    if (np.diff(rows) < 0).any():
        order = np.argsort(rows, kind="stable")
        rows, cols, weights = rows[order], cols[order], weights[order]
    mentees, mentee_code = np.unique(rows, return_inverse=True)
    mentors, mentor_code = np.unique(cols, return_inverse=True)
    mentor_slots = slots[mentors]
    first_slot = np.concatenate([[0], np.cumsum(mentor_slots)[:-1]])
    slot_count = int(mentor_slots.sum())
    repeat = mentor_slots[mentor_code]
    edge_slot = np.repeat(first_slot[mentor_code], repeat) + (
        np.arange(int(repeat.sum())) - np.repeat(np.cumsum(repeat) - repeat, repeat)
    )
    ceiling = int(weights.max()) + 1
    edge_cost = np.repeat(ceiling - weights, repeat).astype(np.float64)
    mentee_count = len(mentees)
    # The edges come sorted by mentee: compressed by mentee as they are (no sort), that is CSC with
    # slots on the rows or CSR with mentees on the rows.
    by_mentee = np.concatenate([[0], np.cumsum(np.bincount(mentee_code, repeat, mentee_count))]).astype(
        np.int64
    )
    slot_rows = slot_count <= mentee_count
    if slot_rows:
        plain: csr_array | csc_array = csc_array(
            (edge_cost, edge_slot, by_mentee), (slot_count, mentee_count)
        )
    else:
        plain = csr_array((edge_cost, edge_slot, by_mentee), (mentee_count, slot_count))
    # LAPJVsp's work is ~rows x columns (each augmentation clears and scans every column), so a
    # "left out" partner goes only to the rows a maximum matching cannot cover: ~660 instead of 7,423
    # on 10,000 x 2,500 (~25% less). Rows without one must be matched; should that cost weight, the
    # cycle cancelling that follows (`optimise`) repairs it, and the certificate still decides.
    private = np.flatnonzero(maximum_bipartite_matching(plain.tocsr(), perm_type="column") < 0)
    size = plain.shape
    left_out = np.full(len(private), float(ceiling))
    if slot_rows:
        # One new column per partner, after the mentees.
        graph = csc_array(
            (
                np.concatenate([edge_cost, left_out]),
                np.concatenate([edge_slot, private]),
                np.concatenate([by_mentee, by_mentee[-1] + np.arange(1, len(private) + 1)]),
            ),
            (size[0], size[1] + len(private)),
        ).tocsr()  # scipy reads a CSC graph with downcast indices as CSR: hand it CSR
    else:
        # The partner ends its mentee's row (its column comes after every slot).
        at = by_mentee[private + 1]
        graph = csr_array(
            (
                np.insert(edge_cost, at, left_out),
                np.insert(edge_slot, at, size[1] + np.arange(len(private))),
                by_mentee + np.searchsorted(private, np.arange(mentee_count + 1), side="left"),
            ),
            (size[0], size[1] + len(private)),
        )
    matched_rows, matched_cols = min_weight_full_bipartite_matching(graph)
    real = matched_cols < size[1]
    slot_mentor = np.repeat(mentors, mentor_slots)
    if slot_rows:
        mentor_of[mentees[matched_cols[real]]] = slot_mentor[matched_rows[real]]
    else:
        mentor_of[mentees[matched_rows[real]]] = slot_mentor[matched_cols[real]]
    return mentor_of


@dataclass(frozen=True, eq=False)
class _DualGraph:
    """The difference constraints on mentor prices implied by a matching on the candidate edges.

    Nodes are the mentors 0..M-1 and a zero node z = M. A constraint v_a - v_b <= c is an arc b -> a
    of length c; v = shortest distances from z then satisfies all of them:
      matched i, edge (i, j), j != m(i):  v_m(i) - v_j <= w_i,m(i) - w_ij   (i prefers no other mentor)
      matched i:                          v_m(i)       <= w_i,m(i)          (u_i >= 0)
      unmatched i, edge (i, j):           -v_j         <= -w_ij             (u_i = 0 >= w_ij - v_j)
      every mentor j:                     -v_j         <= 0                 (v_j >= 0)
      mentor j with a free slot:           v_j         <= 0                 (v_j = 0)
    Read backwards, each arc is a move of the residual graph: an arc for mentee i sends i to its tail
    (a mentor, or "unmatched" for z), so a cycle of negative length is an exchange that raises the
    total weight by minus its length, and none exists exactly when the matching is optimal.
    Arcs are sorted by head for segment-wise minima.
    """

    tails: IntArray
    lengths: IntArray
    mentees: IntArray  # the mentee an arc moves, -1 for the capacity arcs
    starts: IntArray  # first arc of each head's segment
    targets: IntArray  # the head of each segment
    segment: IntArray  # each arc's segment

    @classmethod
    def build(
        cls, rows: IntArray, cols: IntArray, weights: IntArray, mentor_of: IntArray, slots: IntArray
    ) -> tuple[_DualGraph, IntArray]:
        n, m = len(mentor_of), len(slots)
        z = m
        matched = mentor_of >= 0
        edge_match = mentor_of[rows] == cols
        matched_weight = np.zeros(n, np.int64)
        matched_weight[rows[edge_match]] = weights[edge_match]
        load = np.bincount(mentor_of[matched], minlength=m)
        other = matched[rows] & ~edge_match
        loose = ~matched[rows]
        matched_idx = np.flatnonzero(matched)
        # A mentor without slots takes part in no edge; pinning its price to 0 keeps it out of the way.
        free = np.flatnonzero((load < slots) | (slots == 0))
        none = np.full(m + len(free), -1, np.int64)
        tails = np.concatenate(
            [cols[other], np.full(len(matched_idx), z), cols[loose], np.arange(m), np.full(len(free), z)]
        )
        heads = np.concatenate(
            [
                mentor_of[rows[other]],
                mentor_of[matched_idx],
                np.full(int(loose.sum()), z),
                np.full(m, z),
                free,
            ]
        )
        lengths = np.concatenate(
            [
                matched_weight[rows[other]] - weights[other],
                matched_weight[matched_idx],
                -weights[loose],
                np.zeros(m + len(free), np.int64),
            ]
        )
        mentees = np.concatenate([rows[other], matched_idx, rows[loose], none])
        order = np.argsort(heads, kind="stable")
        heads = heads[order]
        starts = np.flatnonzero(np.r_[True, heads[1:] != heads[:-1]])
        segment = np.cumsum(np.r_[False, heads[1:] != heads[:-1]])
        graph = cls(tails[order], lengths[order], mentees[order], starts, heads[starts], segment)
        return graph, matched_weight

    def shortest(self, m: int) -> tuple[IntArray, list[IntArray]]:
        """Bellman-Ford from z, all arcs relaxed at once per round, with parent arcs.

        Returns (distances, []) when it converges, or (partial distances, negative cycles) as soon as
        the parent graph closes a cycle: every such cycle is negative (a node's parent arc is tight
        when set and only loosens afterwards, and the arc that closed it was strictly improving).
        Parent cycles are node-disjoint, so all of them can be cancelled together.
        """
        z = m
        distance = np.full(m + 1, np.iinfo(np.int64).max, np.int64)
        parent = np.full(m + 1, -1, np.int64)
        from_z = np.flatnonzero(self.tails == z)
        # Every mentor has an arc from z (a full one has a matched mentee, any other a free slot), so
        # all distances start finite and no "infinity" arithmetic is needed.
        order = from_z[np.lexsort((self.lengths[from_z], self.segment[from_z]))]
        if len(order):
            first = order[np.concatenate(([True], self.segment[order][1:] != self.segment[order][:-1]))]
            distance[self.targets[self.segment[first]]] = self.lengths[first]
            parent[self.targets[self.segment[first]]] = first
        distance[z] = 0
        parent[z] = -1
        jumps = max(1, int(m + 1).bit_length())
        for _ in range(m + 2):
            candidate = distance[self.tails] + self.lengths
            best = np.minimum.reduceat(candidate, self.starts)
            improved = best < distance[self.targets]
            if not improved.any():
                return distance, []
            tight = np.flatnonzero((candidate == best[self.segment]) & improved[self.segment])
            tight = tight[np.concatenate(([True], self.segment[tight][1:] != self.segment[tight][:-1]))]
            nodes = self.targets[self.segment[tight]]
            distance[nodes] = best[self.segment[tight]]
            parent[nodes] = tight
            cycles = self._parent_cycles(parent, z, jumps)
            if cycles:
                return distance, cycles
        raise SolverError("Bellman-Ford did not settle and found no cycle")

    def _parent_cycles(self, parent: IntArray, z: int, jumps: int) -> list[IntArray]:
        """The cycles of the parent graph, each as its arcs; pointer jumping finds them in log steps.

        z is the root (its own parent) until a negative cycle through it gives it a parent arc.
        """
        up = np.where(parent >= 0, self.tails[np.maximum(parent, 0)], np.arange(len(parent)))
        reach = up.copy()
        for _ in range(jumps):
            reach = reach[reach]
        if parent[z] < 0 and (reach == z).all():
            return []  # every node hangs from z: the usual case, decided without sorting
        on_cycle = distinct(reach)
        if parent[z] < 0:
            on_cycle = on_cycle[on_cycle != z]
        cycles: list[IntArray] = []
        seen: set[int] = set()
        for node in on_cycle.tolist():
            if node in seen:
                continue
            arcs = []
            current = node
            while True:
                seen.add(current)
                arcs.append(int(parent[current]))
                current = int(up[current])
                if current == node:
                    break
            cycles.append(np.array(arcs, np.int64))
        return cycles


def optimise(
    rows: IntArray, cols: IntArray, weights: IntArray, mentor_of: IntArray, slots: IntArray
) -> tuple[IntArray, IntArray, IntArray, int]:
    """Make `mentor_of` optimal on the candidate edges by cancelling negative cycles, and return it
    with its dual (u, v) and the number of cycles cancelled. From an optimal start, one pass."""
    m = len(slots)
    cancelled = 0
    mentor_of = mentor_of.copy()
    while True:
        graph, matched_weight = _DualGraph.build(rows, cols, weights, mentor_of, slots)
        distance, cycles = graph.shortest(m)
        if not cycles:
            break
        for arcs in cycles:
            movers = graph.mentees[arcs]
            destinations = graph.tails[arcs]
            keep = movers >= 0
            mentor_of[movers[keep]] = np.where(destinations[keep] < m, destinations[keep], -1)
        cancelled += len(cycles)
    if distance[m] != 0:
        raise SolverError("the zero node's distance moved: the dual system is inconsistent")
    prices = distance[:m]
    matched = mentor_of >= 0
    surplus = np.zeros(len(mentor_of), np.int64)
    surplus[matched] = matched_weight[matched] - prices[mentor_of[matched]]
    return mentor_of, surplus, prices, cancelled


def pricing(
    weights: npt.NDArray[np.signedinteger], surplus: IntArray, prices: IntArray, per_row: int
) -> tuple[int, IntArray, IntArray]:
    """Pricing over ALL feasible pairs: the number with w_ij > u_i + v_j, and the pairs to add (per
    violating mentee its `per_row` largest excesses w_ij - u_i - v_j, equal ones in a pseudo-random
    order so that mentees do not all add the same mentors).

    One pass: per block, W - v and its row maximum; only rows whose maximum exceeds u_i are looked
    at in detail. Infeasible pairs have W = 0 and u, v >= 0, so they never violate.
    """
    n, m = weights.shape
    rows_per_block = max(1, BLOCK_CELLS // max(1, m))
    prices_w = prices.astype(weights.dtype)
    work = np.empty((rows_per_block, m), weights.dtype)
    column_hash: IntArray = np.asarray(np.random.default_rng(7).integers(0, HASH, size=m), np.int64)
    take = min(per_row, m)
    found_rows, found_cols = [], []
    count = 0
    for start in range(0, n, rows_per_block):
        stop = min(n, start + rows_per_block)
        block = work[: stop - start]
        np.subtract(weights[start:stop], prices_w[None, :], out=block)
        bad = np.flatnonzero(block.max(axis=1) > surplus[start:stop])
        if len(bad) == 0:
            continue
        excess = block[bad].astype(np.int64)
        excess -= surplus[start + bad, None]
        count += int(np.count_nonzero(excess > 0))
        # Rank by excess, then by a hash of the pair; argpartition finds each row's best `take`.
        key = excess * HASH + ((column_hash[None, :] + (start + bad)[:, None] * 40_503) & (HASH - 1))
        best = np.argpartition(-key, take - 1, axis=1)[:, :take] if take < m else np.argsort(-key, axis=1)
        chosen = np.take_along_axis(excess, best, axis=1) > 0
        r, c = np.nonzero(chosen)
        found_rows.append(bad[r] + start)
        found_cols.append(best[r, c])
    if not count:
        return 0, np.zeros(0, np.int64), np.zeros(0, np.int64)
    return count, np.concatenate(found_rows).astype(np.int64), np.concatenate(found_cols).astype(np.int64)


#: Length of "no arc" in `dense_duals`: far above any path (weights stay below 2**40), and twice it
#: still fits in int64.
_NO_ARC = np.int64(2**61)


def dense_duals(
    weights: npt.NDArray[np.signedinteger], mentor_of: IntArray, slots: IntArray
) -> tuple[IntArray, IntArray]:
    """The dual (u, v) of an optimum found densely, from every feasible pair at once.

    The constraints are those of `_DualGraph`, over all pairs rather than candidates, and merged per
    pair of mentors: of the arcs j -> k that the mentees matched to k give, only the shortest counts
    (min over i of w_ik - w_ij), of the arcs j -> z of unmatched mentees only the longest weight. That
    leaves a dense graph of M + 1 nodes, whose shortest distances from z (Bellman-Ford, the whole
    matrix per step) are the prices; 0.6 to 1.2 ms for 120 mentors within a solve, against ~3 ms for
    building the candidate graph and its arcs. A negative cycle would mean the matching is not optimal:
    then SolverError, as for any failed certificate. Meant for small M: the graph has (M + 1)**2 arcs.
    """
    n, m = weights.shape
    z = m
    # Stored by head: row k holds the arcs into k, so that a Bellman-Ford step reduces along rows.
    into = np.full((m + 1, m + 1), _NO_ARC, np.int64)  # into[head, tail]
    matched = np.flatnonzero(mentor_of >= 0)
    own_mentor = mentor_of[matched]
    order = np.argsort(own_mentor, kind="stable")
    matched, own_mentor = matched[order], own_mentor[order]
    own = weights[matched, own_mentor]
    held = np.bincount(own_mentor, minlength=m)
    if len(matched):
        heads = np.flatnonzero(held)
        group = held[heads]
        first = np.cumsum(group) - group
        # i matched to k, j feasible: v_k - v_j <= w_ik - w_ij; and v_k <= w_ik (u_i >= 0). For an
        # infeasible j (w_ij = 0) the same arc says v_k - v_j <= w_ik, which v_j >= 0 and v_k <= w_ik
        # already imply: it changes no distance, so it needs no mask. Weights and their differences fit
        # the weights' own dtype (`solver._weight_dtype`). A mentor's mentees are a handful: the
        # minimum over each group takes one step per position, a shorter group repeating its last.
        gap = np.subtract(own[:, None], weights[matched])
        shortest, least_own = gap[first], own[first]
        for position in range(1, int(group.max())):
            member = first + np.minimum(position, group - 1)
            np.minimum(shortest, gap[member], out=shortest)
            np.minimum(least_own, own[member], out=least_own)
        into[heads, :m] = shortest
        into[heads, z] = least_own
    # Unmatched i, feasible j: v_j >= w_ij; every j: v_j >= 0 (an infeasible pair weighs 0). One arc
    # j -> z of the larger bound.
    into[z, :m] = np.negative(weights[mentor_of < 0].max(axis=0, initial=0), dtype=np.int64)
    # A mentor with a free slot (or none at all) has v_j = 0.
    free = np.flatnonzero((held < slots) | (slots == 0))
    into[free, z] = np.minimum(into[free, z], 0)
    distance = into[:, z].copy()
    distance[z] = 0
    # Each step relaxes every arc at once (at most a few dozen steps, each ~15 us for 120 mentors).
    step, relaxed = np.empty_like(into), np.empty_like(distance)
    for _ in range(m + 2):
        np.add(distance[None, :], into, out=step)
        step.min(axis=1, out=relaxed)
        if not (relaxed < distance).any():
            break
        np.minimum(distance, relaxed, out=distance)
    else:
        raise SolverError("the dense optimum has an improving cycle: its prices do not settle")
    if distance[z] != 0:
        raise SolverError("the zero node's distance moved: the dense optimum is not optimal")
    prices = distance[:m].copy()
    surplus = np.zeros(n, np.int64)
    surplus[matched] = own - prices[own_mentor]
    return surplus, prices
