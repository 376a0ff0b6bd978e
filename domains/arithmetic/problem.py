"""An arithmetic problem: typed variables, hypotheses and a goal, as written.

A problem keeps its relations as sympy expressions, exactly as parsed (sympy
lives only at the edges: parsing, printing and the final exact re-check); the
engine turns them into canonical polynomials (``normal.py``).  A ``Relation``
is ``lhs OP rhs`` with ``OP`` one of ``>=``, ``>``, ``=``, ``!=`` (``<=`` and
``<`` are flipped when read), or an integer relation: ``dvd`` (``lhs`` divides
``rhs``; ``lhs`` an integer constant) and ``cong`` (``lhs ≡ rhs (mod modulus)``).

A relation also keeps the divisors with variables it was written with (``syntax.py``),
before sympy cancelled any (``a/a = 1`` reads as ``1 = 1`` with the divisor ``a``): a
relation says nothing where a divisor is 0, so a hypothesis's divisors are nonzero by
assumption, and the goal's must be shown nonzero.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import sympy

# Variable domains, and what each says about sign and integrality.
DOMAINS = ("real", "positive", "nonneg", "integer", "natural")
NONNEG_DOMAINS = frozenset({"positive", "nonneg", "natural"})
INTEGER_DOMAINS = frozenset({"integer", "natural"})

ORDER_OPS = (">=", ">", "=", "!=")
INTEGER_OPS = ("dvd", "cong")


@dataclass(frozen=True)
class Relation:
    op: str                      # one of ORDER_OPS or INTEGER_OPS
    lhs: sympy.Expr
    rhs: sympy.Expr
    modulus: int | None = None   # for "cong" only
    divisors: tuple[sympy.Expr, ...] = ()   # divisors with variables, as written (sorted)
    unsupported: tuple[str, ...] = field(default=(), compare=False)  # what the engine cannot
    #                                     decide, as the parser saw it ("variable exponent ...")

    def text(self) -> str:
        """The relation in the problem language (``<=``/``<`` come back flipped)."""
        lhs, rhs = _show(self.lhs), _show(self.rhs)
        if self.op == "dvd":
            return f"{lhs} | {rhs}"
        if self.op == "cong":
            return f"{lhs} = {rhs} (mod {self.modulus})"
        return f"{lhs} {self.op} {rhs}"


@dataclass(frozen=True)
class Problem:
    name: str
    variables: tuple[str, ...]
    domains: tuple[str, ...]             # one of DOMAINS per variable
    hypotheses: tuple[Relation, ...]
    goal: Relation
    source: str = "<string>"
    line: int = 0                        # 1-based line of the statement in its file (0: none)

    def domain_of(self, var: str) -> str:
        return self.domains[self.variables.index(var)]

    def text(self) -> str:
        """The one-line statement in symgen's own language (see ``parse.py``)."""
        groups: dict[str, list[str]] = {}
        for v, d in zip(self.variables, self.domains):
            groups.setdefault(d, []).append(v)
        clauses = [f"{' '.join(vs)} : {d}" for d, vs in groups.items()]
        clauses += [h.text() for h in self.hypotheses]
        return "; ".join(clauses) + " ? " + self.goal.text()


def _show(expr: sympy.Expr) -> str:
    return str(expr)
