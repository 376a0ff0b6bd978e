"""The geometry domain: AlphaGeometry's problem language, a numeric diagram,
symgen's own rule set, and the deductive state the kernel saturates.

Entry points: ``parse.parse_problem`` / ``parse.parse_file`` read problems,
``diagram.build`` draws them, ``rules()`` returns the compiled rule set, and
``prover.prove`` runs the whole pipeline.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources

from symgen.matching import CompiledRule, compile_rule
from symgen.rules import Rule, parse_rules

from .predicates import ARITY, NUMERIC_ONLY

# Rule variables may name the same point (triangles ADE and ABC share A); degenerate
# instances have no canonical form and are dropped, side conditions exclude the rest.
DISTINCT = False


@lru_cache(maxsize=None)
def rules() -> tuple[Rule, ...]:
    """symgen's geometry rules, read from ``rules.txt``."""
    text = resources.files(__package__).joinpath("rules.txt").read_text(encoding="utf-8")
    return tuple(parse_rules(text, numeric=NUMERIC_ONLY, arity=ARITY, source="geometry/rules.txt"))


@lru_cache(maxsize=None)
def compiled_rules() -> tuple[CompiledRule, ...]:
    return tuple(compile_rule(r, distinct=DISTINCT) for r in rules())
