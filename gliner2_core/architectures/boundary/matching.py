"""Minimum-cost assignment (the Hungarian method), for the record decoder's exclusive fields.

A small dependency-free solver: shortest augmenting paths with dual potentials
(Crouse, "On implementing 2D rectangular assignment algorithms", 2016), the
method of SciPy's ``linear_sum_assignment``, which the reference calls. Rows
are added in order; each search scans the free columns from the last one down
and, among equally short paths, prefers one that ends at a free column. Costs
get the reference's tie offset first: ``eps * max(|cost|, 1) * (r * C + c)``.
Optima that stay tied after it (e.g. two rows swapping two equal columns) are
resolved by this scan order, as SciPy resolves them.
"""

from __future__ import annotations

import math

import torch


def _tie_broken(cost: torch.Tensor) -> list[list[float]]:
    """Checked float64 costs, with ties broken by a position-ordered epsilon (a unique optimum)."""
    rows, cols = cost.shape
    if rows > cols:
        raise ValueError(f"cost: got {rows} rows and {cols} columns; expected at most as many rows as columns")
    values = cost.detach().cpu().to(torch.float64)
    if not bool(torch.isfinite(values).all()):
        raise ValueError("cost: got a non-finite entry; expected finite costs")
    epsilon = torch.finfo(torch.float64).eps * max(float(values.abs().max()), 1.0)
    return (values + epsilon * torch.arange(rows * cols, dtype=torch.float64).reshape(rows, cols)).tolist()


def min_cost_assignment(cost: torch.Tensor) -> list[int]:
    """The column of each row in a minimum-cost assignment of ``cost [R, C]``, ``R <= C``.

    Args:
        cost: Finite real costs, no more rows than columns.

    Returns:
        ``columns[r]``: the column matched to row ``r`` (all distinct).

    Raises:
        ValueError: For more rows than columns, or a non-finite cost.
    """
    rows, cols = cost.shape
    if rows == 0:
        return []
    a = _tie_broken(cost)

    u, v = [0.0] * rows, [0.0] * cols  # dual potentials
    row_of = [-1] * cols  # the row holding each column
    col_of = [-1] * rows
    for new_row in range(rows):
        # Dijkstra over reduced costs from new_row, until a free column is reached.
        path = [-1] * cols
        dist = [math.inf] * cols
        seen_rows, seen_cols = [False] * rows, [False] * cols
        remaining = list(range(cols - 1, -1, -1))
        i, reached, sink = new_row, 0.0, -1
        while sink < 0:
            seen_rows[i] = True
            best, best_at = math.inf, -1
            for position, j in enumerate(remaining):
                reduced = reached + a[i][j] - u[i] - v[j]
                if reduced < dist[j]:
                    path[j], dist[j] = i, reduced
                if dist[j] < best or (dist[j] == best and row_of[j] < 0):
                    best, best_at = dist[j], position
            reached = best
            j = remaining[best_at]
            seen_cols[j] = True
            remaining[best_at] = remaining[-1]
            remaining.pop()
            if row_of[j] < 0:
                sink = j
            else:
                i = row_of[j]
        u[new_row] += reached
        for r in range(rows):
            if seen_rows[r] and r != new_row:
                u[r] += reached - dist[col_of[r]]
        for c in range(cols):
            if seen_cols[c]:
                v[c] -= reached - dist[c]
        j = sink
        while True:  # augment: flip the matching along the path
            i = path[j]
            row_of[j] = i
            col_of[i], j = j, col_of[i]
            if i == new_row:
                break
    return col_of
