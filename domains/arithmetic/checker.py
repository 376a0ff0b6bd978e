"""The independent checker for arithmetic proofs.

It replays a proof in its JSON form (``record.py``) against the problem
statement alone -- no engine, no closure, no search: every fact is read back
from its text with sympy, and each line must be

* ``premise`` -- one of the problem's hypotheses or variable signs;
* a lemma (``square``, ``amgm``, ...) -- the lemma's instance at the recorded
  arguments, whose side conditions (non-negative arguments, balanced
  exponents) hold by the variables' domains;
* ``certificate`` -- the exact identity ``times * fact = sum coef * monomial *
  cited facts (+ equality multiples)`` with non-negative coefficients on
  monomials that are non-negative by the domains, ``times`` positive, and for
  a strict fact one strictly positive term;
* ``clear denominators`` -- the fact is the cited numerator fact divided by
  cited factors of known sign;
* ``residues`` -- the divisibility holds for every residue tuple modulo the
  recorded period that satisfies the cited congruences.

Any failure raises ``ArithCheckError`` naming the line and the reason.
"""
from __future__ import annotations

from fractions import Fraction
from itertools import product
from typing import Sequence

import sympy

from symgen.errors import SymgenError

from .engine import fact_of
from .lemmas import LEMMAS, instance, valid
from .normal import normalise, sign_facts, symbols_of
from .poly import Poly, from_sympy
from .problem import NONNEG_DOMAINS, Problem

OPS = (("!=", "ne"), (">=", "ge"), (">", "gt"), ("=", "eq"))


class ArithCheckError(SymgenError):
    def __init__(self, number: int, fact: str, reason: str) -> None:
        super().__init__(f"proof line ({number}) {fact}: {reason}")


class _Fact:
    """A proof line's fact, read back: kind, the expression, and (if polynomial) its Poly."""

    def __init__(self, text: str, symbols) -> None:
        self.text = text
        self.modulus = None
        if " | " in text:
            m, body = text.split(" | ", 1)
            self.kind, self.modulus, self.expr = "dvd", int(m), _expr(body, symbols)
        else:
            for op, kind in OPS:
                if text.endswith(f" {op} 0"):
                    self.kind, self.expr = kind, _expr(text[: -len(op) - 3], symbols)
                    break
            else:
                raise ValueError("no relation")
        num, den = sympy.fraction(sympy.together(self.expr))
        self.has_den = den.free_symbols != set()
        self.poly = None if self.has_den else from_sympy(self.expr, symbols)


def _expr(text: str, symbols) -> sympy.Expr:
    local = {str(s): s for s in symbols}
    return sympy.parse_expr(text, local_dict=local, global_dict={"Integer": sympy.Integer,
                                                                 "Rational": sympy.Rational})


class Checker:
    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.symbols = symbols_of(problem)
        self.n = len(self.symbols)
        self.nonneg_vars = {i for i, d in enumerate(problem.domains) if d in NONNEG_DOMAINS}
        self.positive_vars = {i for i, d in enumerate(problem.domains) if d == "positive"}
        self.premises = {fact_of(s.kind, s.poly) for s in sign_facts(problem)}
        for rel in problem.hypotheses:
            try:
                h = normalise(rel, self.symbols)
            except Exception:      # noqa: BLE001 - unusable hypotheses are simply not premises
                continue
            self.premises.add(fact_of(h.kind, h.poly, h.dens, h.modulus))

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
        facts: list[_Fact] = []
        for number, step in enumerate(steps, start=1):
            try:
                fact = _Fact(step["fact"], self.symbols)
            except (ValueError, TypeError, SyntaxError, sympy.SympifyError, KeyError) as err:
                raise ArithCheckError(number, str(step.get("fact")), f"unreadable fact: {err}")
            cited = []
            for c in step.get("cites", []):
                if not (isinstance(c, int) and 1 <= c < number):
                    raise ArithCheckError(number, fact.text, f"cites line {c}, not an earlier line")
                cited.append(facts[c - 1])
            reason = self._line(step, fact, cited)
            if reason is not None:
                raise ArithCheckError(number, fact.text, reason)
            facts.append(fact)
        if not facts:
            raise ArithCheckError(0, "", "empty proof")
        goal = normalise(self.problem.goal, self.symbols)
        if self._as_fact(facts[-1]) != fact_of(goal.kind, goal.poly, goal.dens, goal.modulus):
            raise ArithCheckError(len(facts), facts[-1].text,
                                  f"the last line is not the goal {self.problem.goal.text()}")

    def _line(self, step: dict, fact: _Fact, cited: list[_Fact]) -> str | None:
        rule = step.get("rule")
        if rule == "premise":
            return None if self._as_fact(fact) in self.premises else "not a premise of the problem"
        if rule in LEMMAS:
            return self._lemma(rule, step.get("args", []), fact)
        handler = {"certificate": self._certificate, "clear denominators": self._clear,
                   "residues": self._residues}.get(rule)
        if handler is None:
            return f"unknown rule {rule!r}"
        return handler(step, fact, cited)

    def _as_fact(self, fact: _Fact):
        if fact.kind == "dvd":
            return fact_of("dvd", fact.poly, (), fact.modulus)
        if not fact.has_den:
            return fact_of(fact.kind, fact.poly)
        num, den = sympy.fraction(sympy.cancel(sympy.together(fact.expr)))
        coeff, factors = sympy.factor_list(den, *self.symbols)
        dens = [from_sympy(f, self.symbols) for f, e in factors if e % 2 == 1]
        poly = from_sympy(num, self.symbols) * (-1 if coeff < 0 else 1)
        return fact_of(fact.kind, poly, dens)

    def _lemma(self, name: str, args: Sequence[str], fact: _Fact) -> str | None:
        try:
            polys = [from_sympy(_expr(a, self.symbols), self.symbols) for a in args]
        except (ValueError, TypeError, SyntaxError, sympy.SympifyError) as err:
            return f"unreadable argument: {err}"
        why = valid(name, polys, self.nonneg)
        if why is not None:
            return why
        if fact.kind != "ge" or fact.poly is None:
            return "a lemma line states POLY >= 0"
        if instance(name, polys).nonneg_form() != fact.poly.nonneg_form():
            return f"not the {name} instance at these arguments"
        return None

    def _certificate(self, step: dict, fact: _Fact, cited: list[_Fact]) -> str | None:
        cert = step.get("certificate") or {}
        if fact.poly is None:
            return "a certificate proves a polynomial fact"
        try:
            times = from_sympy(_expr(cert["times"], self.symbols), self.symbols)
            total, strict = self._sum(cert, step.get("cites", []), cited)
        except (KeyError, ValueError, TypeError, SyntaxError, sympy.SympifyError) as err:
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
        if fact.kind not in ("ge", "gt", "eq"):
            return f"a certificate cannot prove a {fact.kind} fact"
        return None

    def _sum(self, cert: dict, cites: list[int], cited: list[_Fact]):
        by_line = dict(zip(cites, cited))
        total = Poly.const(0, self.n)
        strict = False
        for part, free in (("terms", False), ("free", True)):
            for coef, mono, lines in cert.get(part, []):
                c = Fraction(coef)
                m = from_sympy(_expr(mono, self.symbols), self.symbols)
                (exps,) = m.terms
                term = m * c
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
        if not cited or cited[0].poly is None:
            return "cites no polynomial numerator fact"
        num, *signs = cited
        if any(s.kind != "gt" or s.poly is None for s in signs):
            return "denominator factors must be cited as positive facts"
        denominator = sympy.Mul(*[s.poly.to_sympy(self.symbols) for s in signs])
        claimed = sympy.cancel(fact.expr * denominator / num.poly.to_sympy(self.symbols))
        if not (claimed.is_Rational and claimed > 0):
            return "the fact is not the cited numerator over the cited positive factors"
        strength = {"ge": {"ge", "gt"}, "gt": {"gt"}, "eq": {"eq"}, "ne": {"gt"}}
        if num.kind not in strength.get(fact.kind, ()):
            return f"a {num.kind} numerator does not give a {fact.kind} fact"
        return None

    def _residues(self, step: dict, fact: _Fact, cited: list[_Fact]) -> str | None:
        period = step.get("period")
        if fact.kind != "dvd" or not isinstance(period, int) or period < 1:
            return "a residue line proves M | POLY with a positive period"
        if period % fact.modulus or any(c.kind != "dvd" or period % c.modulus for c in cited):
            return "the period is not a multiple of every modulus"
        polys = [(c.expr, c.modulus) for c in cited]
        syms = sorted(fact.expr.free_symbols.union(*[e.free_symbols for e, _ in polys]), key=str)
        goal = sympy.lambdify(syms, fact.expr, "math")
        hyps = [(sympy.lambdify(syms, e, "math"), m) for e, m in polys]
        for r in product(range(period), repeat=len(syms)):
            if all(int(h(*r)) % m == 0 for h, m in hyps) and int(goal(*r)) % fact.modulus:
                return f"fails at the residues {dict(zip(map(str, syms), r))}"
        return None


def check_proof(problem: Problem, steps: Sequence[dict]) -> None:
    """Replay ``steps`` (``record.proof_steps``) as a proof of ``problem``'s goal."""
    Checker(problem).check(steps)
