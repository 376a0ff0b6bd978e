"""The arithmetic engine: facts, lemma instances, certificates, and a proof.

``ArithState`` holds a problem's facts in the kernel's ``FactTable`` (one
justification each): the variables' signs and the hypotheses as premises,
lemma instances (``square(a - b)``, ...) as rule steps, and whatever the
closure certifies as theory steps.  A fact is ``(kind, poly key, denominator
keys)`` with ``kind`` in ``ge``/``gt``/``eq``/``ne``/``dvd``.

``Engine.prove_goal`` is one deduction pass: show every odd denominator factor
of the goal has a sign, show every divisor of the goal as written is nonzero,
certify the numerator (closure, at increasing degree, then with a homogenising
multiplier), and if that works, record the chain of steps so that
``symgen.proof.traceback`` gives a numbered proof whose certificate line cites
exactly the facts it uses.  Divisibility goals are decided by residues
(``residues.py``).

Divisions are side conditions (``problem.py``): a hypothesis's divisors are
nonzero premises (``d != 0``), and a goal with divisors ends in a line
``GOAL where d1 != 0, ...`` (rule ``divisors nonzero``) citing the goal and a
``nonzero`` line for each divisor, which follows from ``d > 0`` or ``-d > 0``, from
a premise, or from nonzero factors.  A divisor not shown nonzero leaves the goal
unproved (``division by d not shown nonzero``): ``a/a = 1`` over the reals is not
a theorem.

Radicals are roots (``radicals.py``): the engine works on the substituted problem; its
first pass defines each root (``root`` lines: the equation and the sign, the radicand's
sign certified first), then adds the roots' tangents at the goal's equality point, and a
goal in roots also tries the square-both-sides multiplier.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Sequence

from symgen.algebra.poly import INF, Poly, from_sympy
from symgen.facts import PREMISE, Fact, FactTable, Justification
from symgen.limits import TimeUp

from . import closure
from . import sos as sos_step
from .lemmas import instance, verdict
from .normal import Normal, Unsupported, factor, nonzero_conditions, nonzero_premises, normalise, sign_facts, symbols_of
from .problem import INTEGER_DOMAINS, NONNEG_DOMAINS, Problem
from .radicals import ROOT, equality_point, substitute
from .residues import RESIDUES, holds_by_residues

CERTIFICATE = "certificate"
CLEAR = "clear denominators"
NONZERO = "nonzero"
DIVISORS = "divisors nonzero"
KIND_TEXT = {"ge": ">=", "gt": ">", "eq": "=", "ne": "!="}


def fact_of(kind: str, poly: Poly, dens: Sequence[Poly] = (), modulus: int | None = None) -> Fact:
    if kind in ("ge", "gt"):
        poly = poly.nonneg_form()
    elif kind in ("eq", "ne"):
        poly = poly.nonneg_form()
        if poly.terms and max(poly.terms.items())[1] < 0:
            poly = -poly
    extra = (modulus,) if kind == "dvd" else ()
    return (kind, poly.key(), tuple(sorted(d.key() for d in dens))) + extra


def where_fact(goal: Fact, nonzero: Sequence[Poly]) -> Fact:
    """The fact ``goal`` stated with its side conditions: each of ``nonzero`` is not 0."""
    return ("where", goal, tuple(sorted({fact_of("ne", p)[1] for p in nonzero})))


class ArithState:
    """A problem's facts and the polynomial behind each."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.names = problem.variables
        self.symbols = symbols_of(problem)
        self.n = len(self.names)
        self.nonneg_vars = frozenset(i for i, d in enumerate(problem.domains) if d in NONNEG_DOMAINS)
        self.positive_vars = frozenset(i for i, d in enumerate(problem.domains) if d == "positive")
        self.integer_vars = frozenset(i for i, d in enumerate(problem.domains) if d in INTEGER_DOMAINS)
        self.table = FactTable()
        self.poly: dict[int, Poly] = {}
        self.aux: set[int] = set()          # lemma instances added by a proposer
        self.lemma_args: dict[int, tuple[str, tuple[Poly, ...]]] = {}

    def add(self, fact: Fact, why: Justification) -> int:
        """Intern ``fact``; its polynomial is the canonical one its key spells."""
        fid, new = self.table.add(fact, why)
        if new and fact[0] != "where":
            self.poly[fid] = Poly(dict(fact[1]), self.n)
        return fid

    def polynomial(self, fid: int) -> Poly:
        return self.poly[fid]

    def nonneg(self, p: Poly) -> bool:
        """Is ``p`` non-negative by the domains alone (non-negative coefficients on
        monomials that are non-negative)?"""
        return all(c > 0 and all(e % 2 == 0 or i in self.nonneg_vars for i, e in enumerate(m))
                   for m, c in p.terms.items())

    def known_nonneg(self, p: Poly) -> int | None:
        """The id of a known fact ``p >= 0`` or ``p > 0`` (a lemma's side condition), or None."""
        for kind in ("ge", "gt"):
            fid = self.table.get(fact_of(kind, p))
            if fid is not None:
                return fid
        return None

    def text(self, p: Poly) -> str:
        return p.text(self.names)

    def show(self, fact: Fact) -> str:
        kind, key, dens = fact[0], fact[1], fact[2]
        if kind == "where":
            conditions = ", ".join(f"{self.text(Poly(dict(k), self.n))} != 0" for k in dens)
            return f"{self.show(key)} where {conditions}"
        body = self.text(Poly(dict(key), self.n))
        if dens:
            den = " * ".join(f"({self.text(Poly(dict(d), self.n))})" for d in dens)
            body = f"({body}) / ({den})"
        if kind == "dvd":
            return f"{fact[3]} | {body}"
        return f"{body} {KIND_TEXT[kind]} 0"

    def add_lemma(self, name: str, args: Sequence[Poly], *, aux: bool) -> int | None:
        """Add the instance ``name(args) >= 0``; None if it is not a valid instance."""
        why_not, cites = verdict(name, args, self.nonneg, self.known_nonneg)
        if why_not is not None:
            return None
        poly = instance(name, args)
        if poly.is_zero():
            return None
        level = 1 + max(self.table.level(f) for f in cites) if cites else 0
        why = Justification(name, tuple(cites), level, tuple(self.text(a) for a in args))
        new = fact_of("ge", poly) not in self.table
        fid = self.add(fact_of("ge", poly), why)
        if new:
            self.lemma_args[fid] = (name, tuple(args))
            if aux:
                self.aux.add(fid)
        return fid

    def known(self) -> closure.Known:
        nonneg, strict, equal, products = {}, set(), {}, []
        for fid, fact, why in self.table.items():
            if fact[2] or fact[0] not in ("ge", "gt", "eq"):
                continue
            if fact[0] == "eq":
                equal[fid] = self.poly[fid]
                continue
            p = self.poly[fid]
            if p.degree() == 1 and len(p.terms) == 1 and next(iter(p.terms.values())) > 0 and \
                    next(iter(p.terms)).index(1) in self.nonneg_vars:
                continue                    # a variable's sign: the monomial multipliers cover it
            nonneg[fid] = p
            if fact[0] == "gt":
                strict.add(fid)
            if why.rule in (PREMISE, CLEAR):
                products.append(fid)
        return closure.Known(nonneg, frozenset(strict), equal, tuple(products))


@dataclass
class Attempt:
    goal: int | None = None                  # the goal's fact id, once proved
    stop: str = "no certificate"
    closures: int = 0
    notes: list[str] = field(default_factory=list)


class Engine:
    """One problem's deduction: premises, base lemmas, and certified goals."""

    def __init__(self, problem: Problem, *, quick: bool = False, extra_degrees: int = 2,
                 max_columns: int = closure.MAX_COLUMNS, deadline: float = INF,
                 sos: bool = True) -> None:
        self.problem = problem
        self.sos = sos and not quick        # try sums of squares when the closure fails
        self.max_columns = max_columns      # closures with more columns are skipped
        self.quick = quick          # one degree, no multipliers: for goals built to fit
        self.extra_degrees = 0 if quick else extra_degrees
        self.original = problem
        self.problem, self.roots = substitute(problem)    # radicals -> roots (radicals.py)
        problem = self.problem
        self.root_lines: list[int] = []     # the root lines' fact ids, in order
        self.root_signs: dict[str, str] = {}
        self.root_level = 0                 # certificates come after the root lines
        self.tangent_multipliers: set[Poly] = set()    # for homogeneous tangents (radicals)
        self.state = ArithState(problem)
        symbols = self.state.symbols
        self.goal = normalise(problem.goal, symbols, deadline)    # may raise Unsupported
        self.conditions = nonzero_conditions(problem.goal, symbols, deadline)
        self.sos_tried: set[Poly] = set()     # goal polynomials the SOS search has had
        self._cut_short = False     # the last closure stopped at its share of the time
        self._premises(deadline)
        self._base_lemmas()

    # -- setting up ----------------------------------------------------------
    def _premises(self, deadline: float) -> None:
        st = self.state
        for s in sign_facts(self.problem):
            st.add(fact_of(s.kind, s.poly), Justification(PREMISE))
        self.pending: list[tuple[int, Normal]] = []
        nonzero: list[Poly] = []
        for rel in self.problem.hypotheses:
            try:
                h = normalise(rel, st.symbols, deadline)
                nonzero += [p for _, p in nonzero_conditions(rel, st.symbols, deadline)]
            except Exception:               # noqa: BLE001 - an unusable hypothesis is skipped
                continue
            if h.kind == "ne":
                nonzero += [] if h.dens else [h.poly]
                continue
            fid = st.add(fact_of(h.kind, h.poly, h.dens, h.modulus), Justification(PREMISE))
            if h.dens:
                self.pending.append((fid, h))
        for p in nonzero:                   # a hypothesis holds, so its divisors are not 0
            for q in nonzero_premises(p, st.symbols):
                st.add(fact_of("ne", q), Justification(PREMISE))

    def _base_lemmas(self) -> None:
        """What the engine knows by itself: squares of differences of two variables."""
        st = self.state
        for i in range(st.n):
            for j in range(i + 1, st.n):
                st.add_lemma("square", [Poly.var(i, st.n) - Poly.var(j, st.n)], aux=False)

    # -- closure -------------------------------------------------------------
    def certify(self, target: Poly, *, strict: bool, deadline: float,
                multipliers: Sequence[Poly] | None = None) -> closure.Certificate | None:
        st = self.state
        known = st.known()
        for mult in multipliers or self.multipliers(target):
            goal = mult * target
            for degree in closure.degrees(goal, known, self.extra_degrees):
                if time.perf_counter() > deadline:
                    return None
                cert = closure.certify(known, target, degree=degree, nonneg_vars=st.nonneg_vars,
                                       positive_vars=st.positive_vars, strict=strict,
                                       multiplier=mult, deadline=deadline,
                                       max_columns=self.max_columns)
                if cert is not None:
                    return cert
        return None

    def multipliers(self, target: Poly) -> list[Poly]:
        """1, then positive multipliers that may homogenise or clear a division by them."""
        st = self.state
        out = [Poly.const(1, st.n)]
        if self.quick:
            return out
        out += [m for m in sorted(self.tangent_multipliers, key=Poly.degree) if m not in out]
        pos = sorted(st.positive_vars)
        if pos:
            prod = Poly.const(1, st.n)
            for i in pos:
                prod = prod * Poly.var(i, st.n)
            out.append(prod)
            total = sum((Poly.var(i, st.n) for i in pos), Poly.const(0, st.n))
            out.append(total)
        if self.roots and target.variables() & self._root_vars():    # square both sides
            both = Poly({m: abs(c) for m, c in target.terms.items()}, st.n)
            if all(i in st.positive_vars for i in both.variables()) and both not in out:
                out.append(both)
        k = target.constant()
        conjugate = target - 2 * k                 # (s - k)(s + k) = s**2 - k**2
        if k < 0 and conjugate.coefficients_nonneg() and \
                all(i in st.positive_vars for i in conjugate.variables()):
            out.append(conjugate)
        return out

    def record(self, fact: Fact, target: Poly, cert: closure.Certificate) -> int:
        """Add ``fact`` (whose canonical polynomial is a constant multiple of ``target``)
        justified by ``cert``, a certificate for ``target``."""
        stored = Poly(dict(fact[1]), self.state.n)
        m, c = next(iter(target.terms.items())) if target.terms else (None, 1)
        scale = stored.terms[m] / c if m is not None else 1
        subst = (("times", cert.multiplier.key()),) + tuple(
            ("free" if t.free else "nonneg", str(t.coef * scale), t.mono, t.facts)
            for t in cert.terms)
        facts = cert.facts()
        level = 1 + max([self.root_level, *(self.state.table.level(f) for f in facts)])
        why = Justification(CERTIFICATE, facts, level, subst)
        return self.state.add(fact, why)

    def positive(self, p: Poly, deadline: float) -> tuple[int, Poly] | None:
        """A fact id for ``p > 0`` or ``-p > 0`` (and which), certified; None if neither."""
        for q in (p, -p):
            cert = self.certify(q, strict=True, deadline=deadline,
                                multipliers=[Poly.const(1, self.state.n)])
            if cert is not None:
                return self.record(fact_of("gt", q), q, cert), q
        return None

    # -- the goal ------------------------------------------------------------
    def clear_hypotheses(self, deadline: float) -> None:
        """Hypotheses with denominators whose factors have a sign become polynomial facts."""
        for fid, h in self.pending:
            signs = [self.positive(d, deadline) for d in h.dens]
            if any(s is None for s in signs):
                continue
            poly = h.poly * (-1 if _negated(signs, h.dens) else 1)
            self.state.add(fact_of(h.kind, poly), Justification(CLEAR, (fid, *[s[0] for s in signs]),
                                         1 + max(self.state.table.level(s[0]) for s in signs)))
        self.pending = []

    # -- side conditions -----------------------------------------------------
    def nonzero(self, p: Poly, deadline: float) -> int | None:
        """A fact id for ``p != 0``: a premise, from a sign of ``p``, or from nonzero factors
        of ``p``; None if none of these is shown."""
        st = self.state
        fid = st.table.get(fact_of("ne", p))
        if fid is not None:
            return fid
        factors = factor(p, st.symbols)
        if len(factors) > 1 or factors[0][1] > 1:
            parts = [self._nonzero_by_sign(f, deadline) for f, _ in factors]
            if all(f is not None for f in parts):
                cites = tuple(f for f, (_, e) in zip(parts, factors) for _ in range(e))
                return self._add_nonzero(p, cites)
        return self._nonzero_by_sign(p, deadline)

    def _nonzero_by_sign(self, p: Poly, deadline: float) -> int | None:
        st = self.state
        fid = st.table.get(fact_of("ne", p))
        if fid is not None:
            return fid
        known = st.table.get(fact_of("gt", p))
        known = known if known is not None else st.table.get(fact_of("gt", -p))
        if known is None:
            found = self.positive(p, deadline)
            known = None if found is None else found[0]
        return None if known is None else self._add_nonzero(p, (known,))

    def _add_nonzero(self, p: Poly, cites: tuple[int, ...]) -> int:
        level = 1 + max(self.state.table.level(f) for f in cites)
        return self.state.add(fact_of("ne", p), Justification(NONZERO, cites, level))

    def _side_conditions(self, deadline: float, out: Attempt) -> list[int] | None:
        """Fact ids for each goal divisor being nonzero; None (and why, in ``out``) if not."""
        fids = []
        for divisor, p in self.conditions:
            fid = self.nonzero(p, deadline)
            if fid is None:
                shown = str(divisor) if len(str(divisor)) <= 60 else str(divisor)[:50] + "..."
                out.stop = "time limit" if time.perf_counter() >= deadline else \
                    f"division by {shown} not shown nonzero"
                return None
            fids.append(fid)
        return fids

    # -- the goal ------------------------------------------------------------
    def prove_goal(self, deadline: float) -> Attempt:
        out = Attempt()
        g = self.goal
        if len(self.root_signs) < len(self.roots):
            stop = self._define_roots(deadline)
            if stop is not None:
                out.stop = "time limit" if time.perf_counter() >= deadline else stop
                return out
        if g.kind == "dvd":
            fid = self._divisibility(deadline)
            if fid is not None:
                out.goal, out.stop = fid, "goal reached"
            return out
        self.clear_hypotheses(deadline)
        signs = []
        for d in g.dens:
            s = self.positive(d, deadline)
            if s is None:
                out.notes.append(f"sign of {self.state.text(d)} unknown")
                out.stop = "unknown denominator sign" if time.perf_counter() < deadline else "time limit"
                return out
            signs.append(s)
        nonzero = self._side_conditions(deadline, out)
        if nonzero is None:
            return out
        target = g.poly * (-1 if _negated(signs, g.dens) else 1)
        fid = self._certify_goal(g.kind, target, deadline, out)
        if fid is None:
            if time.perf_counter() >= deadline:
                out.stop = "time limit"
            return out
        if g.dens:
            fact = fact_of(g.kind, g.poly, g.dens)
            level = 1 + max(self.state.table.level(f) for f in (fid, *[s[0] for s in signs]))
            fid = self.state.add(fact, Justification(CLEAR, (fid, *[s[0] for s in signs]),
                                                             level))
        if nonzero:
            fact = where_fact(self.state.table.facts[fid], [p for _, p in self.conditions])
            level = 1 + max(self.state.table.level(f) for f in (fid, *nonzero))
            fid = self.state.add(fact, Justification(DIVISORS, (fid, *nonzero), level))
        out.goal, out.stop = fid, "goal reached"
        return out

    # -- roots (radicals.py) --------------------------------------------------
    def _root_vars(self) -> set[int]:
        return {self.state.names.index(r.name) for r in self.roots}

    def _define_roots(self, deadline: float) -> str | None:
        """The root lines: each root's equation and sign, its radicand's sign shown first
        (by the domains or certified); None, or why a root cannot be defined."""
        st = self.state
        for r in self.roots[len(self.root_signs):]:
            i = st.names.index(r.name)
            try:
                base = from_sympy(r.base, st.symbols)
            except (ValueError, TypeError):
                raise Unsupported(f"unsupported: radical {r.radical()} of a radicand that is "
                                  f"not a polynomial") from None
            sign, cites = self._radicand(base, deadline)
            if sign is None and r.index % 2 == 0:
                return f"radicand of {r.radical()} not shown non-negative"
            self.root_level = 1 + max([self.root_level, *(st.table.level(c) for c in cites)])
            t = Poly.var(i, st.n)
            why = Justification(ROOT, cites, self.root_level, (r.name, r.radical()))
            self.root_lines.append(st.add(fact_of("eq", t ** r.index - base), why))
            if sign is not None:
                self.root_lines.append(st.add(fact_of(sign, t), why))
                st.nonneg_vars = st.nonneg_vars | {i}
                if sign == "gt":
                    st.positive_vars = st.positive_vars | {i}
            self.root_signs[r.name] = {"gt": ">", "ge": ">="}.get(sign, "")
        self._tangents()
        return None

    def _tangents(self) -> None:
        """At the point where the goal is tight (``radicals.equality_point``): AM-GM for
        each root ``t`` of index k there, ``t**k + (k-1)*c**k >= k*c**(k-1)*t`` (the
        instance ``amgm(t, c, ..., c)``), and ``square(v - c)`` for each variable.  A
        homogeneous radicand of degree ``k*d`` over positive variables also gets the
        homogeneous tangent ``amgm(t, m, ..., m)``, ``m`` the ``d``-th power of its
        variables' mean scaled to ``c`` there, and the multiplier that clears the
        ``m**(k-1)`` of all of them (``tangent_multipliers``, tried first)."""
        st = self.state
        point = equality_point(self.problem, self.roots)
        if point is None:
            return
        own = range(len(self.original.variables))
        powers: dict[Poly, int] = {}
        for r in self.roots:
            i = st.names.index(r.name)
            if not (2 <= r.index <= 4 and i in st.nonneg_vars):
                continue
            c = Poly.const(point[r.name], st.n)
            st.add_lemma("amgm", [Poly.var(i, st.n)] + [c] * (r.index - 1), aux=False)
            base = from_sympy(r.base, st.symbols)
            d, rest = divmod(base.degree(), r.index)
            if rest or not d or not base.is_homogeneous() or base.variables() - set(own) or \
                    not all(j in st.positive_vars for j in own) or not point[r.name]:
                continue
            # homogeneous: amgm(t, m, ..., m), m = c * (the radicand's variables' mean / s)**d
            s, used = point[self.original.variables[0]], sorted(base.variables())
            total = sum((Poly.var(j, st.n) for j in used), Poly.const(0, st.n))
            m = total ** d * (point[r.name] / (len(used) * s) ** d)
            if st.add_lemma("amgm", [Poly.var(i, st.n)] + [m] * (r.index - 1), aux=False) is not None:
                powers[total] = max(powers.get(total, 0), d * (r.index - 1))
        if powers:                          # what clears the tangents' divisions at once
            prod = Poly.const(1, st.n)
            for total, k in powers.items():
                prod = prod * total ** k
            self.tangent_multipliers.add(prod)
        for i, name in enumerate(self.original.variables):
            st.add_lemma("square", [Poly.var(i, st.n) - Poly.const(point[name], st.n)], aux=False)

    def _radicand(self, base: Poly, deadline: float) -> tuple[str | None, tuple[int, ...]]:
        """The radicand's sign ("gt", "ge" or None) and the line that shows it (none when
        the domains do)."""
        st = self.state
        if base.terms and all(c > 0 and all(i in st.positive_vars for i, e in enumerate(m) if e)
                              for m, c in base.terms.items()):
            return "gt", ()
        for kind, strict in (("gt", True), ("ge", False)):
            fid = st.table.get(fact_of(kind, base))
            if fid is None:
                cert = self.certify(base, strict=strict, deadline=deadline,
                                    multipliers=[Poly.const(1, st.n)])
                fid = None if cert is None else self.record(fact_of(kind, base), base, cert)
            if fid is not None:
                return kind, (fid,)
            if kind == "gt" and st.nonneg(base):
                return "ge", ()
        return None, ()

    def _divisibility(self, deadline: float) -> int | None:
        """The ``dvd`` goal by residues, citing only the hypotheses the case split needs; its
        fact id, or None."""
        goal, st = self.goal, self.state
        hyps = [(fid, st.poly[fid], fact[3]) for fid, fact, _ in st.table.items() if fact[0] == "dvd"]
        period = holds_by_residues(goal.poly, goal.modulus, [(p, m) for _, p, m in hyps], deadline)
        if period is None:
            return None
        used = list(hyps)                   # retry without each hypothesis in turn
        for h in list(used):
            rest = [(p, m) for f, p, m in used if f != h[0]]
            if holds_by_residues(goal.poly, goal.modulus, rest, deadline) is not None:
                used.remove(h)
        period = holds_by_residues(goal.poly, goal.modulus, [(p, m) for _, p, m in used], deadline)
        why = Justification(RESIDUES, tuple(f for f, _, _ in used), 1, (period,))
        return st.add(fact_of("dvd", goal.poly, (), goal.modulus), why)

    def _certify_goal(self, kind: str, target: Poly, deadline: float, out: Attempt) -> int | None:
        options = {"ge": [(target, False)], "gt": [(target, True)],
                   "ne": [(target, True), (-target, True)], "eq": [(target, False)]}[kind]
        for t, strict in options:
            out.closures += 1
            if kind == "eq":
                cert = self._certify_equal(t, deadline)
            else:
                cert = self._linear(t, strict, kind, deadline)
            if cert is not None:
                fk = "gt" if kind == "ne" else kind
                fact = fact_of(fk, t) if kind != "ne" else fact_of("gt", t)
                return self.record(fact, t, cert)
        if kind == "ge" and self.sos:           # the linear search failed: squares
            fid = sos_step.attempt(self, fact_of("ge", target), target, deadline)
            if fid is None and self._cut_short and time.perf_counter() < deadline:
                cert = self.certify(target, strict=False, deadline=deadline)   # the rest
                fid = None if cert is None else self.record(fact_of("ge", target), target, cert)
            return fid
        return None

    def _linear(self, target: Poly, strict: bool, kind: str, deadline: float
                ) -> closure.Certificate | None:
        """The closure's certificate; while a sum of squares is still to be tried, within
        ``sos.SHARE`` of the time left, so that the squares get their turn (a closure cut
        short gets the rest of the time after them)."""
        if kind != "ge" or not self.sos or target in self.sos_tried:
            return self.certify(target, strict=strict, deadline=deadline)
        now = time.perf_counter()
        short = now + sos_step.SHARE * (deadline - now)
        try:
            cert = self.certify(target, strict=strict, deadline=short)
        except TimeUp:
            if time.perf_counter() >= deadline:
                raise
            cert = None
        self._cut_short = cert is None and time.perf_counter() >= short
        return cert

    def _certify_equal(self, target: Poly, deadline: float) -> closure.Certificate | None:
        """An identity: target is a combination of the equalities alone."""
        st = self.state
        known = st.known()
        eq_only = closure.Known({}, frozenset(), known.equal, ())
        for degree in closure.degrees(target, eq_only):
            cert = closure.certify_equal(eq_only, target, degree=degree, deadline=deadline,
                                         max_columns=self.max_columns)
            if cert is not None:
                return cert
        return None


def _negated(signs: Sequence[tuple[int, Poly]], dens: Sequence[Poly]) -> bool:
    """Is an odd number of the denominator factors negative?"""
    return sum(1 for (_, q), d in zip(signs, dens) if q != d) % 2 == 1

