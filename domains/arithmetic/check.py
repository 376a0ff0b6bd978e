"""The independent checker for arithmetic proofs.

It replays a proof in its JSON form (``record.py``) against the problem
statement alone -- no engine, no closure, no search: every fact is read back
from its text, and each line must be

* ``premise`` -- one of the problem's hypotheses or variable signs, or a divisor
  of a hypothesis (or a factor of one) being nonzero;
* a lemma (``square``, ``amgm``, ...) -- the lemma's instance at the recorded
  arguments, whose side conditions (non-negative arguments, balanced
  exponents, a tangent line's remainder) hold by the variables' domains or, for
  an ordering condition (``chebyshev``, ``rearrange``), by a cited line;
* ``certificate`` -- the exact identity ``times * fact = sum coef * monomial *
  cited facts (+ equality multiples)`` with non-negative coefficients on
  monomials that are non-negative by the domains, ``times`` positive, and for
  a strict fact one strictly positive term;
* ``sum of squares`` -- the exact identity ``times * fact = sum coef * monomial * cited
  facts * square**2 (+ equality multiples)``, with the same conditions on each term;
* ``clear denominators`` -- the fact is the cited fact with its denominator
  multiplied out or divided back in, the denominator's factors cited as positive
  facts (a goal is divided, a hypothesis multiplied);
* ``residues`` -- the divisibility holds for every residue tuple modulo the
  recorded period that satisfies the cited congruences;
* ``nonzero`` -- ``P != 0`` from a cited ``P > 0`` (or ``-P > 0``), or from cited
  nonzero factors whose product is ``P``;
* ``root`` -- a radical's equation ``t**k - e = 0`` or sign ``t >= 0`` (``t > 0``): the
  statement's radicals are replaced by roots ``t1, t2, ...`` as ``radicals.py`` does,
  re-done here from the statement, and a root line must state one of those relations
  with the radicand's sign shown (an even root's equation and any sign need it);
* a statement with ``Abs``, ``Max`` or ``Min`` is split into cases as ``cases.py`` does,
  re-done here: its proof is a ``case`` line per case (the case's conditions, and a
  proof of the case's problem, checked as a proof of its own) and a last line
  ``cases`` citing them all;
* ``divisors nonzero`` -- the last line of a goal with divisors: ``GOAL where D1 !=
  0, ...``, citing the goal and a nonzero line for each of the goal's divisors.

Everything read here is untrusted (a downloaded corpus): each line's shape is
checked before it is used, every text goes through the grammar of ``syntax.py``
(nothing is evaluated), numbers through ``limits.number``, and residue case splits
are bounded.  Any failure raises ``ArithCheckError`` naming the line and the reason.
"""
from __future__ import annotations

from dataclasses import replace
from itertools import product
from typing import Sequence

import sympy

from symgen.algebra.poly import Poly, from_sympy
from symgen.errors import SymgenError
from symgen.limits import LIMITS, number

from .engine import fact_of, where_fact
from .lemmas import LEMMAS, instance, valid
from .normal import Unsupported, nonzero_conditions, nonzero_premises, normalise, sign_facts, symbols_of
from .problem import INTEGER_DOMAINS, NONNEG_DOMAINS, Problem, Relation
from .cases import CASE, CASES, Case, split
from .radicals import ROOT, substitute
from .residues import MAX_CASES, int_value
from .syntax import read, shown

OPS = (("!=", "ne"), (">=", "ge"), (">", "gt"), ("=", "eq"))
# A proof line may be as long as a problem and hold the large numbers of a certificate.
TEXT = replace(LIMITS, digits=LIMITS.constant_digits, expression_nodes=LIMITS.problem_chars)
UNREADABLE = (ValueError, Unsupported)      # SyntaxProblem is a ValueError


class ArithCheckError(SymgenError):
    def __init__(self, number: int, fact: str, reason: str) -> None:
        super().__init__(f"proof line ({number}) {shown(str(fact), 200)}: {reason}")


def read_poly(text: str, names: Sequence[str], symbols) -> Poly:
    """A polynomial written in a proof (ValueError if it is not one)."""
    expr = read(text, names, TEXT, max_chars=LIMITS.problem_chars)
    if expr.divisors:
        raise ValueError(f"{shown(text)} divides by a variable")
    return from_sympy(expr.expr, symbols)


class _Fact:
    """A proof line's fact, read back: kind, the expression, and (if polynomial) its Poly."""

    def __init__(self, text: str, names: Sequence[str], symbols) -> None:
        self.text, self.modulus, self.poly = text, None, None
        self.inner: _Fact | None = None
        self.nonzero: list[_Fact] = []
        if " where " in text:
            self._where(text, names, symbols)
            return
        if " | " in text:
            m, body = text.split(" | ", 1)
            modulus = number(m)
            if modulus.denominator != 1 or modulus < 1:
                raise ValueError(f"modulus {shown(m)} is not a positive integer")
            self.kind, self.modulus = "dvd", int(modulus)
        else:
            op = next((op for op, _ in OPS if text.endswith(f" {op} 0")), None)
            if op is None:
                raise ValueError("no relation 'EXPR OP 0'")
            self.kind, body = dict(OPS)[op], text[: -len(op) - 3]
        read_text = read(body, names, TEXT, max_chars=LIMITS.problem_chars)
        self.expr, self.has_den = read_text.expr, bool(read_text.divisors)
        self.op = next((op for op, kind in OPS if kind == self.kind), None)
        self.poly = None if self.has_den else from_sympy(self.expr, symbols)

    def _where(self, text: str, names: Sequence[str], symbols) -> None:
        goal, conditions = text.split(" where ", 1)
        self.kind, self.has_den = "where", True
        self.inner = _Fact(goal, names, symbols)
        self.nonzero = [_Fact(c, names, symbols) for c in conditions.split(", ")]
        if self.inner.kind == "where" or any(c.kind != "ne" or c.poly is None for c in self.nonzero):
            raise ValueError("'GOAL where P != 0, ...' states polynomials that are not 0")


def _shape(step: object) -> str | None:
    """Why ``step`` is not a proof line of the record format (``record.py``), or None."""
    if not isinstance(step, dict):
        return "a proof line is not an object"
    if not isinstance(step.get("fact"), str) or not isinstance(step.get("rule"), str):
        return "a proof line needs a 'fact' and a 'rule' (strings)"
    checks = {"cites": _ints, "args": _strings, "certificate": _certificate_shape,
              "sos": _sos_shape, "period": lambda v: _is_int(v)}
    for key, ok in checks.items():
        if key in step and not ok(step[key]):
            return f"malformed {key!r}"
    return None


def _is_int(v: object) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _ints(v: object) -> bool:
    return isinstance(v, list) and all(_is_int(x) for x in v)


def _strings(v: object) -> bool:
    return isinstance(v, list) and all(isinstance(x, str) for x in v)


TERM_KEYS = {"coef", "monomial", "lines"}      # a certificate term: coef * monomial * lines


def _certificate_shape(v: object) -> bool:
    if not isinstance(v, dict) or not isinstance(v.get("times"), str):
        return False
    for part in ("terms", "free"):
        entries = v.get(part, [])
        if not isinstance(entries, list) or not all(
                isinstance(e, dict) and set(e) == TERM_KEYS and isinstance(e["coef"], str)
                and isinstance(e["monomial"], str) and _ints(e["lines"]) for e in entries):
            return False
    return True


SQUARE_KEYS = TERM_KEYS | {"square"}   # coef * monomial * lines * square**2


def _sos_shape(v: object) -> bool:
    if not isinstance(v, dict) or not isinstance(v.get("times"), str):
        return False
    squares, free = v.get("squares", []), v.get("free", [])
    return isinstance(squares, list) and isinstance(free, list) and all(
        isinstance(e, dict) and set(e) == SQUARE_KEYS and isinstance(e["square"], str)
        for e in squares) and _certificate_shape({"times": "1", "free": free}) and \
        _certificate_shape({"times": "1", "terms": [{k: e[k] for k in TERM_KEYS} for e in squares]})


class Checker:
    def __init__(self, problem: Problem) -> None:
        self.original = problem
        try:
            self.cases: tuple[Case, ...] | str = split(problem)    # the statement's own cases
        except Unsupported as err:
            self.cases = str(err)
        if self.cases:
            return                              # each case is checked on its own
        problem, roots = substitute(problem)       # the statement's own roots (radicals.py)
        self.roots = {r.name: r for r in roots}
        self.problem = problem
        self.symbols = symbols_of(problem)
        self.names = problem.variables
        self.n = len(self.symbols)
        self.nonneg_vars = {i for i, d in enumerate(problem.domains) if d in NONNEG_DOMAINS}
        self.positive_vars = {i for i, d in enumerate(problem.domains) if d == "positive"}
        self.integer_vars = {i for i, d in enumerate(problem.domains) if d in INTEGER_DOMAINS}
        self.premises = {fact_of(s.kind, s.poly) for s in sign_facts(problem)}
        for rel in problem.hypotheses:
            try:
                h = normalise(rel, self.symbols)
                divisors = nonzero_conditions(rel, self.symbols)
            except Exception:      # noqa: BLE001 - unusable hypotheses are simply not premises
                continue
            self.premises.add(fact_of(h.kind, h.poly, h.dens, h.modulus))
            for _, p in divisors:
                self.premises |= {fact_of("ne", q) for q in nonzero_premises(p, self.symbols)}

    # -- the domains -----------------------------------------------------------
    def nonneg_mono(self, m: Sequence[int]) -> bool:
        return all(e % 2 == 0 or i in self.nonneg_vars for i, e in enumerate(m))

    def nonneg(self, p: Poly) -> bool:
        return all(c > 0 and self.nonneg_mono(m) for m, c in p.terms.items())

    def positive(self, p: Poly) -> bool:
        return bool(p.terms) and all(
            c > 0 and all(i in self.positive_vars for i, e in enumerate(m) if e)
            for m, c in p.terms.items())

    # -- lines -----------------------------------------------------------------
    def check(self, steps: Sequence[dict]) -> None:
        if not isinstance(steps, list) or not steps:
            raise ArithCheckError(0, "", "empty proof" if steps == [] else "the proof is not a list")
        if self.cases:
            self._check_cases(steps)
            return
        facts: list[_Fact] = []
        for number, step in enumerate(steps, start=1):
            facts.append(self._step(number, step, facts))
        expected = self._goal()
        try:
            last = self._as_fact(facts[-1])
        except UNREADABLE:
            last = None
        if last != expected:
            raise ArithCheckError(len(facts), facts[-1].text,
                                  f"the last line is not the goal {self.problem.goal.text()}"
                                  + (" with its divisors nonzero" if expected[0] == "where" else ""))

    def _check_cases(self, steps: Sequence[dict]) -> None:
        """One ``case`` line per case of the statement's split, in order, each holding a
        proof of that case's problem, then ``cases`` citing them all."""
        if isinstance(self.cases, str):
            raise ArithCheckError(0, self.original.goal.text(), self.cases)
        for number, (case, step) in enumerate(zip(self.cases, steps), start=1):
            fact = step.get("fact", "") if isinstance(step, dict) else ""
            if not isinstance(step, dict) or step.get("rule") != CASE or \
                    not isinstance(step.get("proof"), list):
                raise ArithCheckError(number, str(fact), "a case line holds the case's proof")
            if fact != case.text():
                raise ArithCheckError(number, str(fact), f"case {number} of the statement is "
                                                         f"{shown(case.text())}")
            try:
                Checker(case.problem).check(step["proof"])
            except ArithCheckError as err:
                raise ArithCheckError(number, fact, f"case {number}: {err}") from None
        last = steps[-1] if len(steps) == len(self.cases) + 1 else None
        if not isinstance(last, dict) or last.get("rule") != CASES or \
                last.get("cites") != list(range(1, len(self.cases) + 1)) or \
                last.get("fact") != self.original.goal.text():
            raise ArithCheckError(len(steps), str(last.get("fact", "")) if isinstance(last, dict)
                                  else "", f"the statement splits into {len(self.cases)} cases: "
                                  f"a case line for each, then the goal by '{CASES}' citing them")

    def _step(self, number: int, step: dict, facts: list[_Fact]) -> _Fact:
        shape = _shape(step)
        if shape is not None:
            raise ArithCheckError(number, str(step.get("fact", "")) if isinstance(step, dict)
                                  else "", shape)
        try:
            fact = _Fact(step["fact"], self.names, self.symbols)
        except UNREADABLE as err:
            raise ArithCheckError(number, step["fact"], f"unreadable fact: {err}") from None
        cited = []
        for c in step.get("cites", []):
            if not 1 <= c < number:
                raise ArithCheckError(number, fact.text, f"cites line {c}, not an earlier line")
            cited.append(facts[c - 1])
        try:
            reason = self._line(step, fact, cited)
        except UNREADABLE as err:
            reason = f"unreadable: {err}"
        if reason is not None:
            raise ArithCheckError(number, fact.text, reason)
        return fact

    def _goal(self):
        try:
            goal = normalise(self.problem.goal, self.symbols)
            conditions = nonzero_conditions(self.problem.goal, self.symbols)
        except Unsupported as err:
            raise ArithCheckError(0, self.problem.goal.text(), f"the goal is {err}") from None
        fact = fact_of(goal.kind, goal.poly, goal.dens, goal.modulus)
        return where_fact(fact, [p for _, p in conditions]) if conditions else fact

    def _line(self, step: dict, fact: _Fact, cited: list[_Fact]) -> str | None:
        rule = step["rule"]
        if rule == "premise":
            return None if self._as_fact(fact) in self.premises else "not a premise of the problem"
        if rule in LEMMAS:
            return self._lemma(rule, step.get("args", []), fact, cited)
        handler = {"certificate": self._certificate, "sum of squares": self._sos,
                   "clear denominators": self._clear, ROOT: self._root,
                   "residues": self._residues, "nonzero": self._nonzero,
                   "divisors nonzero": self._divisors}.get(rule)
        if handler is None:
            return f"unknown rule {shown(rule)}"
        return handler(step, fact, cited)

    def _as_fact(self, fact: _Fact):
        if fact.kind == "where":
            return where_fact(self._as_fact(fact.inner), [c.poly for c in fact.nonzero])
        if fact.kind == "dvd":
            return fact_of("dvd", fact.poly, (), fact.modulus)
        if not fact.has_den:
            return fact_of(fact.kind, fact.poly)
        h = normalise(Relation(fact.op, fact.expr, sympy.Integer(0)), self.symbols)
        return fact_of(fact.kind, h.poly, h.dens)

    def _lemma(self, name: str, args: Sequence[str], fact: _Fact, cited: list[_Fact]
               ) -> str | None:
        try:
            polys = [read_poly(a, self.names, self.symbols) for a in args]
        except ValueError as err:
            return f"unreadable argument: {err}"

        def cited_nonneg(p: Poly) -> _Fact | None:     # a side condition from a cited line
            target = p.nonneg_form()
            return next((f for f in cited if f.kind in ("ge", "gt") and f.poly is not None
                         and f.poly.nonneg_form() == target), None)
        why = valid(name, polys, self.nonneg, cited_nonneg)
        if why is not None:
            return why
        if fact.kind != "ge" or fact.poly is None:
            return "a lemma line states POLY >= 0"
        if instance(name, polys).nonneg_form() != fact.poly.nonneg_form():
            return f"not the {name} instance at these arguments"
        return None

    def _certificate(self, step: dict, fact: _Fact, cited: list[_Fact]) -> str | None:
        cert = step.get("certificate")
        if fact.poly is None or cert is None:
            return "a certificate line proves a polynomial fact and carries its certificate"
        if fact.kind not in ("ge", "gt", "eq"):
            return f"a certificate cannot prove a {fact.kind} fact"
        try:
            times = read_poly(cert["times"], self.names, self.symbols)
            total, strict = self._sum(cert, step.get("cites", []), cited)
        except ValueError as err:
            return f"malformed certificate: {err}"
        if isinstance(total, str):
            return total
        if fact.kind == "eq":
            if cert.get("terms") or times != Poly.const(1, self.n):
                return "an equality certificate uses equalities only"
        elif not self.positive(times) and not (times.degree() == 0 and times.constant() > 0):
            return "the multiplier is not positive"
        if times * fact.poly != total:
            return "the certificate's sum is not the fact times the multiplier"
        if fact.kind == "gt" and not strict:
            return "a strict fact needs a strictly positive term"
        return None

    def _sos(self, step: dict, fact: _Fact, cited: list[_Fact]) -> str | None:
        """``times * fact = Σ coef * monomial * lines * square**2 + Σ equality multiples``,
        each ``coef >= 0`` on a monomial non-negative by the domains and non-negative lines."""
        cert = step.get("sos")
        if fact.poly is None or cert is None or fact.kind != "ge":
            return "a sum of squares line proves POLY >= 0 and carries its squares"
        try:
            times = read_poly(cert["times"], self.names, self.symbols)
            squares = [read_poly(e["square"], self.names, self.symbols)
                       for e in cert.get("squares", [])]
            terms = [{**{k: e[k] for k in TERM_KEYS}} for e in cert.get("squares", [])]
            total, _ = self._sum({"terms": terms, "free": cert.get("free", [])},
                                 step.get("cites", []), cited, squares)
        except ValueError as err:
            return f"malformed sum of squares: {err}"
        if isinstance(total, str):
            return total
        if not self.positive(times) and not (times.degree() == 0 and times.constant() > 0):
            return "the multiplier is not positive"
        if times * fact.poly != total:
            return "the sum of squares is not the fact times the multiplier"
        return None

    def _sum(self, cert: dict, cites: list[int], cited: list[_Fact],
             squares: Sequence[Poly] = ()):
        by_line = dict(zip(cites, cited))
        total = Poly.const(0, self.n)
        strict = False
        for part, free in (("terms", False), ("free", True)):
            for term_entry in cert.get(part, []):
                coef, mono, lines = (term_entry[k] for k in ("coef", "monomial", "lines"))
                c = number(coef, TEXT)
                m = read_poly(mono, self.names, self.symbols)
                if len(m.terms) != 1:
                    return "a term's monomial is not one monomial", False
                (exps,) = m.terms
                term = m * c
                if not free and squares:
                    term = term * squares[0] * squares[0]
                    squares = squares[1:]
                kinds = []
                for line in lines:
                    f = by_line.get(line)
                    if f is None or f.poly is None:
                        return "a term uses an uncited or non-polynomial line", False
                    kinds.append(f.kind)
                    term = term * f.poly
                if free:
                    if kinds != ["eq"]:
                        return "a free term multiplies exactly one equality", False
                else:
                    if c < 0 or not self.nonneg_mono(exps) or any(k not in ("ge", "gt") for k in kinds):
                        return "a term is not a non-negative multiple of non-negative facts", False
                    if c > 0 and all(k == "gt" for k in kinds) and all(
                            i in self.positive_vars for i, e in enumerate(exps) if e):
                        strict = True
                total = total + term
        return total, strict

    def _clear(self, step: dict, fact: _Fact, cited: list[_Fact]) -> str | None:
        """``N / D OP 0`` from ``N OP 0`` (a goal), or ``N OP 0`` from ``N / D OP 0`` (a
        hypothesis), with the factors of ``D`` cited as positive facts (up to sign)."""
        if not cited or fact.kind not in ("ge", "gt", "eq", "ne"):
            return "cites no fact to clear"
        source, *signs = cited
        if (fact.poly is None) == (source.poly is None) or source.kind not in ("ge", "gt", "eq"):
            return "clears between a polynomial fact and one with a denominator"
        if any(s.kind != "gt" or s.poly is None for s in signs):
            return "denominator factors must be cited as positive facts"
        fraction, poly = (fact, source) if source.poly is not None else (source, fact)
        denominator = sympy.Mul(*[s.poly.to_sympy(self.symbols) for s in signs])
        claimed = sympy.cancel(fraction.expr * denominator / poly.poly.to_sympy(self.symbols))
        signless = fact.kind in ("eq", "ne")        # P = 0 and -P = 0 are one fact
        if not (claimed.is_Rational and (claimed != 0 if signless else claimed > 0)):
            return "the facts differ by more than the cited positive factors"
        strength = {"ge": {"ge", "gt"}, "gt": {"gt"}, "eq": {"eq"}, "ne": {"gt"}}
        if source.kind not in strength[fact.kind]:
            return f"a {source.kind} fact does not give a {fact.kind} fact"
        return None

    def _residues(self, step: dict, fact: _Fact, cited: list[_Fact]) -> str | None:
        period = step.get("period")
        if fact.kind != "dvd" or fact.poly is None or not _is_int(period) or period < 1:
            return "a residue line proves M | POLY with a positive period"
        if any(c.poly is None for c in cited):
            return "a residue line cites polynomial congruences"
        if period % fact.modulus or any(c.kind != "dvd" or period % c.modulus for c in cited):
            return "the period is not a multiple of every modulus"
        polys = [(c.poly, c.modulus) for c in cited]
        if any(c.denominator != 1 for p, _ in [(fact.poly, 0), *polys] for c in p.terms.values()):
            return "residues need integer coefficients"
        used = sorted(fact.poly.variables().union(*[p.variables() for p, _ in polys]))
        if any(i not in self.integer_vars for i in used):
            return "residues need integer variables"
        if period ** len(used) > MAX_CASES:
            return f"more than {MAX_CASES} residue cases"
        point = [0] * self.n
        for r in product(range(period), repeat=len(used)):
            for i, v in zip(used, r):
                point[i] = v
            if all(int_value(p, point) % m == 0 for p, m in polys) and \
                    int_value(fact.poly, point) % fact.modulus:
                return f"fails at the residues {dict((self.names[i], v) for i, v in zip(used, r))}"
        return None

    def _root(self, step: dict, fact: _Fact, cited: list[_Fact]) -> str | None:
        """A root's equation ``t**k - e = 0`` or its sign ``t >= 0`` (``t > 0``), with the
        radicand's sign by the domains or a cited line ``e >= 0`` (``e > 0``); a sign
        line makes ``t`` a non-negative (positive) variable for the lines after it."""
        args = step.get("args", [])
        if len(args) != 2 or args[0] not in self.roots:
            return "a root line names one of the statement's radicals"
        r = self.roots[args[0]]
        if args[1] != r.radical():
            return f"{r.name} is {r.radical()}, not {shown(args[1])}"
        base = from_sympy(r.base, self.symbols)
        i = self.names.index(r.name)
        t = Poly.var(i, self.n)
        if len(cited) > 1 or any(c.poly is None or c.kind not in ("ge", "gt") for c in cited):
            return "a root line cites at most one line, its radicand's sign"
        sign = None
        if cited:
            kind = cited[0].kind
            sign = kind if fact_of(kind, cited[0].poly) == fact_of(kind, base) else None
            if sign is None:
                return f"the cited line is not the sign of the radicand {base.text(self.names)}"
        elif self.positive(base):
            sign = "gt"
        elif self.nonneg(base):
            sign = "ge"
        if fact.poly is not None and fact.kind == "eq" and \
                fact_of("eq", fact.poly) == fact_of("eq", t ** r.index - base):
            if r.index % 2 == 0 and sign is None:
                return "an even root needs its radicand shown non-negative"
            return None
        if fact.poly is None or fact.kind not in ("ge", "gt") or \
                fact_of(fact.kind, fact.poly) != fact_of(fact.kind, t):
            return f"neither {r.name}**{r.index} - ({base.text(self.names)}) = 0 nor a sign of {r.name}"
        if sign is None or (fact.kind == "gt" and sign != "gt"):
            return f"the radicand's sign does not give {fact.text}"
        self.nonneg_vars.add(i)
        if fact.kind == "gt":
            self.positive_vars.add(i)
        return None

    def _nonzero(self, step: dict, fact: _Fact, cited: list[_Fact]) -> str | None:
        if fact.kind != "ne" or fact.poly is None or not cited:
            return "a nonzero line states POLY != 0 from cited facts"
        claim = fact_of("ne", fact.poly)
        if len(cited) == 1 and cited[0].kind == "gt" and cited[0].poly is not None:
            return None if fact_of("ne", cited[0].poly) == claim else "the cited sign is another polynomial's"
        if any(c.kind != "ne" or c.poly is None for c in cited):
            return "cites neither one positive fact nor nonzero factors"
        total = Poly.const(1, self.n)
        for c in cited:
            total = total * c.poly
        return None if fact_of("ne", total) == claim else "the cited factors do not multiply to it"

    def _divisors(self, step: dict, fact: _Fact, cited: list[_Fact]) -> str | None:
        if fact.kind != "where" or not cited:
            return "states 'GOAL where D != 0, ...' citing the goal and nonzero lines"
        goal, *conditions = cited
        if self._as_fact(goal) != self._as_fact(fact.inner):
            return "the first cited line is not the fact stated"
        shown_nonzero = {fact_of("ne", c.poly) for c in conditions if c.kind == "ne" and c.poly is not None}
        if any(fact_of("ne", c.poly) not in shown_nonzero for c in fact.nonzero):
            return "a condition is not a cited nonzero line"
        return None


def check_proof(problem: Problem, steps: Sequence[dict]) -> None:
    """Replay ``steps`` (``record.proof_steps``) as a proof of ``problem``'s goal."""
    Checker(problem).check(steps)
