"""Rules as data, and their readable text form.

A rule is a name, premise atoms, numeric side conditions and conclusion
atoms.  Its text form, one rule per line::

    # Points on a circle see a chord under equal angles.
    inscribed_angle: cyclic A B P Q => eqangle P A P B Q A Q B
    cyclic_converse: eqangle P A P B Q A Q B, ncoll P Q A B => cyclic A B P Q

Arguments are variables (identifiers) or numbers (``1/2``).  Atoms whose
predicate the domain declares numeric-only (``ncoll``, ``sameside``, ...)
become side conditions, checked on the domain's numeric model once their
variables are bound.  A comment block directly above a rule is its
description.  Every conclusion variable must occur in a premise.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
from typing import Iterable, Mapping

from .errors import SymgenError

Arg = str | Fraction


class RuleError(SymgenError):
    """A rule file line that cannot be read."""


@dataclass(frozen=True, slots=True)
class Atom:
    pred: str
    args: tuple[Arg, ...]

    def variables(self) -> tuple[str, ...]:
        return tuple(a for a in self.args if isinstance(a, str))

    def __str__(self) -> str:
        return " ".join([self.pred, *(str(a) for a in self.args)])


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    premises: tuple[Atom, ...]
    conclusions: tuple[Atom, ...]
    conditions: tuple[Atom, ...] = ()
    doc: str = ""

    def variables(self) -> tuple[str, ...]:
        """All variables, in order of first occurrence in the premises and conditions."""
        seen: dict[str, None] = {}
        for atom in (*self.premises, *self.conditions):
            for v in atom.variables():
                seen.setdefault(v, None)
        return tuple(seen)

    def __str__(self) -> str:
        lhs = ", ".join(str(a) for a in (*self.premises, *self.conditions))
        return f"{self.name}: {lhs} => " + ", ".join(str(a) for a in self.conclusions)


_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_NUMBER = re.compile(r"^-?\d+(/\d+)?$")


def _parse_atom(text: str, where: str) -> Atom:
    words = text.split()
    if not words or not _NAME.match(words[0]):
        raise RuleError(f"{where}: expected 'predicate arg ...', got {text.strip()!r}")
    args: list[Arg] = []
    for w in words[1:]:
        if _NUMBER.match(w):
            args.append(Fraction(w))
        elif _NAME.match(w):
            args.append(w)
        else:
            raise RuleError(f"{where}: bad argument {w!r} in {text.strip()!r}")
    return Atom(words[0], tuple(args))


def parse_rule(line: str, *, numeric: Iterable[str] = (), arity: Mapping[str, int] | None = None,
               doc: str = "", where: str = "<rule>") -> Rule:
    """Parse ``name: premise, ... => conclusion, ...``."""
    numeric = set(numeric)
    name, sep, body = line.partition(":")
    if not sep or not _NAME.match(name.strip()):
        raise RuleError(f"{where}: expected 'name: premises => conclusions', got {line.strip()!r}")
    lhs, arrow, rhs = body.partition("=>")
    if not arrow:
        raise RuleError(f"{where}: missing '=>' in {line.strip()!r}")
    left = [_parse_atom(t, where) for t in lhs.split(",") if t.strip()]
    right = [_parse_atom(t, where) for t in rhs.split(",") if t.strip()]
    if not left or not right:
        raise RuleError(f"{where}: a rule needs at least one premise and one conclusion")
    for atom in (*left, *right):
        if arity is not None and atom.pred not in numeric:
            if atom.pred not in arity:
                raise RuleError(f"{where}: unknown predicate {atom.pred!r}")
            if len(atom.args) != arity[atom.pred]:
                raise RuleError(f"{where}: {atom.pred} takes {arity[atom.pred]} arguments, "
                                f"got {len(atom.args)} in {str(atom)!r}")
    premises = tuple(a for a in left if a.pred not in numeric)
    conditions = tuple(a for a in left if a.pred in numeric)
    if not premises:
        raise RuleError(f"{where}: a rule needs a premise that is not a side condition")
    bound = {v for a in premises for v in a.variables()}
    for atom in (*conditions, *right):
        free = [v for v in atom.variables() if v not in bound]
        if free:
            raise RuleError(f"{where}: variable {free[0]!r} of {str(atom)!r} occurs in no premise")
    return Rule(name.strip(), premises, tuple(right), conditions, doc)


def parse_rules(text: str, *, numeric: Iterable[str] = (), arity: Mapping[str, int] | None = None,
                source: str = "<rules>") -> list[Rule]:
    """Parse a rule file: one rule per line, ``#`` comments (a block directly above a rule is its doc)."""
    rules: list[Rule] = []
    names: set[str] = set()
    doc: list[str] = []
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line:
            doc = []
            continue
        if line.startswith("#"):
            doc.append(line.lstrip("#").strip())
            continue
        rule = parse_rule(line, numeric=numeric, arity=arity, doc=" ".join(doc),
                          where=f"{source}:{lineno}")
        if rule.name in names:
            raise RuleError(f"{source}:{lineno}: rule name {rule.name!r} used twice")
        names.add(rule.name)
        rules.append(rule)
        doc = []
    return rules
