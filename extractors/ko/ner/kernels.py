"""Compiled inner loops of the Korean CRF tagger (numba): decoding and summing feature weights.

The tagger (``extractors.ko.ner.CrfNerTagger``) computes which weights apply to each character with
numpy; these kernels do the per-character work that numpy can only do one template or one
time step at a time. Both follow crfsuite's arithmetic (``tests/models/korean`` compares the
tags with crfsuite's own tagger). Compiled on first use and cached next to this file
(``NUMBA_CACHE_DIR`` elsewhere).

Example::

    paths, probs = viterbi_marginals(states, offsets, trans, np.exp(trans), outside)
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numba import njit

__all__ = ["add_rows", "add_token_rows", "viterbi_marginals"]


@njit(cache=True, nogil=True, inline="always")
def _add_row(scores: Any, i: int, weights: Any, w: int) -> None:
    """``scores[i] += weights[w]``; row 0 is no attribute and adds nothing."""
    if w != 0:
        for k in range(weights.shape[1]):
            scores[i, k] += weights[w, k]


@njit(cache=True, nogil=True)
def add_rows(scores: Any, weights: Any, ids: Any) -> None:
    """``scores[i] += weights[ids[r, i]]`` for every row ``r`` of ``ids`` (0: no attribute)."""
    n_rows, n = ids.shape
    for i in range(n):
        for r in range(n_rows):
            _add_row(scores, i, weights, ids[r, i])


@njit(cache=True, nogil=True)
def add_token_rows(scores: Any, weights: Any, token_ids: Any, own: Any, by_pos: Any, pos: Any) -> None:
    """Per character ``i`` of morpheme ``own[i]``: the weight rows of that morpheme's attributes
    (``token_ids[own[i]]``) and of the two attributes of the character's place in it
    (``by_pos[own[i], pos[i]]`` and ``by_pos[own[i], pos[i] + 4]``)."""
    for i in range(own.shape[0]):
        o = own[i]
        for c in range(token_ids.shape[1]):
            _add_row(scores, i, weights, token_ids[o, c])
        _add_row(scores, i, weights, by_pos[o, pos[i]])
        _add_row(scores, i, weights, by_pos[o, pos[i] + 4])


@njit(cache=True, nogil=True)
def viterbi_marginals(states: Any, offsets: Any, trans: Any, exp_trans: Any, outside: int) -> tuple[Any, Any]:
    """Per sentence (rows ``offsets[s]:offsets[s + 1]`` of ``states``, its characters' state
    scores): the Viterbi label path as crfsuite finds it (the first best previous label wins a
    tie), and the marginal probability of its label on that path (forward-backward with
    per-step scaling, crfsuite's method) of each character whose label is not ``outside``
    (0 for the others: a sentence without entities needs no forward-backward)."""
    total, n_labels = states.shape
    path = np.zeros(total, dtype=np.int64)
    prob = np.zeros(total)
    longest = 0
    for s in range(len(offsets) - 1):
        longest = max(longest, offsets[s + 1] - offsets[s])
    # scratch rows for one sentence at a time (small enough to stay in cache)
    score = np.empty((longest, n_labels))
    back = np.zeros((longest, n_labels), dtype=np.int64)
    alpha = np.empty((longest, n_labels))
    beta = np.empty((longest, n_labels))
    exp_state = np.empty((longest, n_labels))
    trans_t = np.ascontiguousarray(trans.T)  # [dst, src]
    exp_trans_t = np.ascontiguousarray(exp_trans.T)
    carry = np.empty(n_labels)
    for s in range(len(offsets) - 1):
        a = offsets[s]
        n = offsets[s + 1] - a
        if n <= 0:
            continue
        x = states[a : a + n]
        p = path[a : a + n]
        _viterbi(x, n, trans_t, score, back, p)
        # the first and last character with a label other than outside: the forward pass
        # runs up to the last, the backward pass down to the first (the same numbers there)
        first = -1
        last = -1
        for t in range(n):
            if p[t] != outside:
                if first < 0:
                    first = t
                last = t
        if first < 0:
            continue
        for t in range(n):
            for k in range(n_labels):
                exp_state[t, k] = np.exp(x[t, k])
        _forward(exp_state, last + 1, exp_trans_t, alpha)
        _backward(exp_state, n, first, exp_trans, beta, carry)
        q = prob[a : a + n]
        for t in range(first, last + 1):
            if p[t] == outside:
                continue
            norm = 0.0
            for k in range(n_labels):
                norm += alpha[t, k] * beta[t, k]
            q[t] = alpha[t, p[t]] * beta[t, p[t]] / norm
    return path, prob


@njit(cache=True, nogil=True)
def _viterbi(x: Any, n: int, trans_t: Any, score: Any, back: Any, p: Any) -> None:
    """The best label path of one sentence's ``n`` state score rows ``x`` into ``p``."""
    n_labels = x.shape[1]
    for k in range(n_labels):
        score[0, k] = x[0, k]
    for t in range(1, n):
        for dst in range(n_labels):
            row = trans_t[dst]
            best = score[t - 1, 0] + row[0]
            arg = 0
            for src in range(1, n_labels):
                cand = score[t - 1, src] + row[src]
                if cand > best:
                    best = cand
                    arg = src
            score[t, dst] = best + x[t, dst]
            back[t, dst] = arg
    last = 0
    for k in range(1, n_labels):
        if score[n - 1, k] > score[n - 1, last]:
            last = k
    p[n - 1] = last
    for t in range(n - 1, 0, -1):
        p[t - 1] = back[t, p[t]]


@njit(cache=True, nogil=True)
def _forward(exp_state: Any, n: int, exp_trans_t: Any, alpha: Any) -> None:
    """Scaled forward probabilities of one sentence into ``alpha``."""
    n_labels = exp_state.shape[1]
    norm = 0.0
    for k in range(n_labels):
        alpha[0, k] = exp_state[0, k]
        norm += alpha[0, k]
    for k in range(n_labels):
        alpha[0, k] /= norm
    for t in range(1, n):
        norm = 0.0
        for dst in range(n_labels):
            row = exp_trans_t[dst]
            acc = 0.0
            for src in range(n_labels):
                acc += alpha[t - 1, src] * row[src]
            alpha[t, dst] = acc * exp_state[t, dst]
            norm += alpha[t, dst]
        for k in range(n_labels):
            alpha[t, k] /= norm


@njit(cache=True, nogil=True)
def _backward(exp_state: Any, n: int, first: int, exp_trans: Any, beta: Any, carry: Any) -> None:
    """Scaled backward probabilities of one sentence into ``beta``, from its last character
    down to ``first`` (``carry``: scratch row)."""
    n_labels = exp_state.shape[1]
    for k in range(n_labels):
        beta[n - 1, k] = 1.0
    for t in range(n - 2, first - 1, -1):
        for k in range(n_labels):
            carry[k] = exp_state[t + 1, k] * beta[t + 1, k]
        norm = 0.0
        for src in range(n_labels):
            row = exp_trans[src]
            acc = 0.0
            for dst in range(n_labels):
                acc += carry[dst] * row[dst]
            beta[t, src] = acc
            norm += acc
        for k in range(n_labels):
            beta[t, k] /= norm
