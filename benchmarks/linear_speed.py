"""Speed of the linear-relations theory on random systems shaped like geometry ones.

Each scenario builds a consistent system of sparse equations (2-4 terms,
coefficients +-1) over a few hundred variables and times what the engine leans
on: adding equations, keys of small expressions (cold: computed afresh; warm:
from the cache; per variable), and explaining implied equalities (the row
provenance, and the minimal set).  Two shapes:

* ``random``: terms drawn uniformly, constants from a hidden integer solution.
  Dense fill-in and, once the rank is full, proofs that need most inputs:
  a worst case rather than a typical one.
* ``chase``: what angle and ratio chasing produce.  Every variable has a hidden
  class (a free direction or length) plus a known offset; equations only ever
  relate variables in a way that cancels the classes (``x - y = c`` within a
  class, ``x - y - z + w = c`` across two), so proofs stay short.

Run ``python benchmarks/linear_speed.py [--seed N] [--repeat R]``.
"""
from __future__ import annotations

import argparse
import logging
import sys
import time
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))   # run from a checkout without installing
from symgen.linear import LinearTheory  # noqa: E402

Equation = tuple[dict[int, int], Fraction]


@dataclass(frozen=True)
class Scenario:
    """One benchmark shape."""

    name: str
    shape: str                 # "random" or "chase"
    n_vars: int
    n_eqs: int
    modulus: int | None = None
    n_constants: int = 0       # constant pseudo-vars (log 2, log 3, ...), numbered first
    n_classes: int = 30        # chase only


SCENARIOS = (
    Scenario("random 150v/200e", "random", 150, 200),
    Scenario("random 300v/200e", "random", 300, 200),
    Scenario("angles mod 1 150v/200e", "chase", 150, 200, modulus=1),
    Scenario("ratios +3 consts 150v/200e", "chase", 150, 200, n_constants=3),
)


@dataclass(frozen=True)
class Hidden:
    """Each variable's class and its offset (rational part, then multiples of each constant)."""

    classes: np.ndarray        # (V,)
    offsets: np.ndarray        # (V, 1 + C) ints; the rational part is in twelfths under a modulus


def hidden_values(rng: np.random.Generator, sc: Scenario) -> Hidden:
    n_classes = sc.n_classes if sc.shape == "chase" else 1
    offsets = rng.integers(-6, 7, size=(sc.n_vars, 1 + sc.n_constants))
    offsets[rng.random(sc.n_vars) < 0.5, 1:] = 0
    return Hidden(rng.integers(n_classes, size=sc.n_vars), offsets)


def pick_terms(rng: np.random.Generator, sc: Scenario, hidden: Hidden) -> dict[int, int]:
    """Variables (as indices before the constants) and +-1 coefficients that cancel the classes."""
    if sc.shape == "random":
        chosen = rng.choice(sc.n_vars, size=int(rng.integers(2, 5)), replace=False)
        return {int(v): int(rng.choice((-1, 1))) for v in chosen}
    members = [np.flatnonzero(hidden.classes == c) for c in range(sc.n_classes)]
    while True:
        a, b = rng.integers(sc.n_classes, size=2)
        if len(members[a]) >= 2 and len(members[b]) >= 2:
            break
    x, z = rng.choice(members[a], size=2, replace=False)
    if rng.random() < 0.5:                      # para / aconst / cong: x - z = c
        return {int(x): 1, int(z): -1}
    y, w = rng.choice(members[b], size=2, replace=False)
    terms: dict[int, int] = {}                  # eqangle / eqratio: x - y - z + w = c
    for v, s in ((x, 1), (y, -1), (z, -1), (w, 1)):
        terms[int(v)] = terms.get(int(v), 0) + s
    return {v: s for v, s in terms.items() if s} or {int(x): 1, int(z): -1}


def random_equation(rng: np.random.Generator, sc: Scenario, hidden: Hidden) -> Equation:
    """A sparse equation that the hidden values satisfy; constants moved to the left."""
    terms = pick_terms(rng, sc, hidden)
    total = sum(s * hidden.offsets[v] for v, s in terms.items())
    coeffs = {sc.n_constants + v: s for v, s in terms.items()}
    for c in range(sc.n_constants):
        if total[1 + c]:
            coeffs[c] = -int(total[1 + c])
    const = Fraction(int(total[0]), 12) if sc.modulus else Fraction(int(total[0]))
    return coeffs, const


def random_pair(rng: np.random.Generator, sc: Scenario, hidden: Hidden, same_class: bool) -> dict[int, int]:
    """A difference of two variables, the commonest key query."""
    u = int(rng.integers(sc.n_vars))
    pool = np.flatnonzero(hidden.classes == hidden.classes[u]) if same_class else np.arange(sc.n_vars)
    v = int(rng.choice(pool[pool != u])) if len(pool) > 1 else (u + 1) % sc.n_vars
    return {sc.n_constants + u: 1, sc.n_constants + v: -1}


def determined(theory: LinearTheory, query: dict[int, int], n_constants: int) -> Equation | None:
    """``query`` as an implied equation, if the system fixes it up to constant pseudo-vars."""
    terms, den, num = theory.key(query)
    if any(u >= n_constants for u, _ in terms):
        return None
    coeffs: dict[int, Fraction | int] = dict(query)
    for u, n in terms:
        coeffs[u] = Fraction(-n, den)
    return coeffs, Fraction(num, den)


def build(sc: Scenario, eqs: list[Equation]) -> LinearTheory:
    theory = LinearTheory(sc.modulus)
    for _ in range(sc.n_constants):
        theory.new_var(constant=True)
    for _ in range(sc.n_vars):
        theory.new_var()
    for i, (coeffs, const) in enumerate(eqs):
        theory.add(coeffs, const, reason=i)
    return theory


def timed(fn, n: int) -> tuple[float, object]:
    start = time.perf_counter()
    out = fn()
    return n / (time.perf_counter() - start), out


def run(sc: Scenario, rng: np.random.Generator, repeat: int) -> list[str]:
    """One table row for ``sc``."""
    hidden = hidden_values(rng, sc)
    eqs = [random_equation(rng, sc, hidden) for _ in range(sc.n_eqs)]
    adds, theory = timed(lambda: [build(sc, eqs) for _ in range(repeat)][-1], sc.n_eqs * repeat)
    pairs = [random_pair(rng, sc, hidden, same_class=i % 2 == 0) for i in range(2000)]

    def cold() -> None:
        for _ in range(repeat):
            theory._kcache.clear()
            for q in pairs:
                theory.key(q)

    def warm() -> None:
        for _ in range(repeat):
            for q in pairs:
                theory.key(q)

    def var_keys() -> None:
        for _ in range(repeat):
            theory._vkey.clear()
            for v in range(n_vars):
                theory.var_key(v)

    n_vars = sc.n_constants + sc.n_vars
    keys_cold, _ = timed(cold, len(pairs) * repeat)
    keys_warm, _ = timed(warm, len(pairs) * repeat)
    var_rate, _ = timed(var_keys, n_vars * repeat)
    implied = [eq for eq in map(lambda q: determined(theory, q, sc.n_constants), pairs) if eq][:100]
    while len(implied) < 20:                    # no determined pairs: sums of two inputs are implied
        (c1, k1), (c2, k2) = (eqs[i] for i in rng.choice(len(eqs), size=2, replace=False))
        query = {v: c1.get(v, 0) + c2.get(v, 0) for v in c1.keys() | c2.keys()}
        if theory.implied(query, k1 + k2):
            implied.append((query, k1 + k2))
    explains, plain = timed(lambda: [theory.explain(q, c) for q, c in implied], len(implied))
    minimals, small = timed(lambda: [theory.explain(q, c, minimal=True) for q, c in implied], len(implied))
    st = theory.stats()
    assert all(x is not None for x in plain + small), "an implied query was not explained"
    mean = lambda lists: f"{np.mean([len(x) for x in lists]):.1f}"  # noqa: E731
    return [sc.name, str(st["rows"]), str(st["nonzeros"]), *(f"{r:,.0f}" for r in (
        adds, keys_cold, keys_warm, var_rate, explains, minimals)), mean(plain), mean(small)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    logging.getLogger("symgen.linear").setLevel(logging.ERROR)   # mod-1 rejects are expected
    rng = np.random.default_rng(args.seed)
    header = ["scenario", "rows", "nnz", "adds/s", "keys/s cold", "keys/s warm", "var_key/s",
              "explain/s", "minimal/s", "|explain|", "|minimal|"]
    table = [header] + [run(sc, rng, args.repeat) for sc in SCENARIOS]
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    for row in table:
        cells = [cell.rjust(w) if i else cell.ljust(w) for i, (cell, w) in enumerate(zip(row, widths))]
        print("  ".join(cells))


if __name__ == "__main__":
    main()
