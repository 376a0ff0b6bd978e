"""An independent proof checker.

The checker replays a numbered proof line by line without running the
engine: a premise line must be one of the problem's stated facts; a rule line
must be an instance of the named rule under the recorded substitution (each
cited line equals the instantiated premise in canonical form, the side
conditions hold on the numeric model, the line's fact is one of the
instantiated conclusions); a theory line is handed to the domain's verifier
for that theory, a small separate implementation that decides whether the
cited facts entail the line (e.g. by building lines from collinearities, or
by exact linear algebra).  Any failure raises ``ProofCheckError`` naming the
line and the reason.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Collection, Mapping

from .errors import SymgenError
from .facts import Fact
from .proof import Proof, ProofStep
from .rules import Rule

Verifier = Callable[[list[Fact], Fact], bool]


class ProofCheckError(SymgenError):
    def __init__(self, step: ProofStep, reason: str, show: Callable[[Fact], str] = str) -> None:
        self.step, self.reason = step, reason
        super().__init__(f"proof line ({step.number}) {show(step.fact)} [{step.rule}]: {reason}")


@dataclass
class CheckContext:
    rules: Mapping[str, Rule]
    canonical: Callable[[str, tuple], Fact | None]
    condition: Callable[[str, tuple], bool]
    theories: Mapping[str, Verifier]
    premises: Collection[Fact] = field(default_factory=frozenset)
    show: Callable[[Fact], str] = str
    distinct: bool = True        # rules bind distinct objects to distinct variables


def _check_rule_step(step: ProofStep, cited: list[Fact], rule: Rule, ctx: CheckContext) -> str | None:
    names = rule.variables()
    if len(step.subst) != len(names):
        return f"substitution binds {len(step.subst)} values, rule has {len(names)} variables"
    if ctx.distinct and len(set(step.subst)) != len(step.subst):
        return "substitution binds two variables to the same object"
    env = dict(zip(names, step.subst))

    def inst(atom) -> tuple:
        return tuple(env[a] if isinstance(a, str) else a for a in atom.args)

    # Premise instances without a canonical form are trivially true and not cited;
    # they must still hold on the model.
    wanted = []
    for atom in rule.premises:
        fact = ctx.canonical(atom.pred, inst(atom))
        if fact is None:
            if not ctx.condition(atom.pred, inst(atom)):
                return f"trivial premise {atom} does not hold"
        else:
            wanted.append((atom, fact))
    if len(cited) != len(wanted):
        return f"cites {len(cited)} lines, the rule instance has {len(wanted)} premises"
    for i, ((atom, fact), line) in enumerate(zip(wanted, cited)):
        if fact != line:
            return f"premise {i + 1} ({atom}) does not match the cited line"
    for cond in rule.conditions:
        if not ctx.condition(cond.pred, inst(cond)):
            return f"side condition {cond} fails"
    if step.fact not in {ctx.canonical(c.pred, inst(c)) for c in rule.conclusions}:
        return "the line is not a conclusion of the rule"
    return None


def check_proof(proof: Proof, ctx: CheckContext) -> None:
    """Raise ProofCheckError at the first line that does not follow."""
    facts: dict[int, Fact] = {}
    premises = set(ctx.premises)
    for step in proof.steps:
        if any(c not in facts for c in step.cites):
            raise ProofCheckError(step, "cites a line that is not earlier in the proof", ctx.show)
        cited = [facts[c] for c in step.cites]
        if step.rule == "premise":
            error = None if step.fact in premises else "not a premise of the problem"
        elif step.rule in ctx.rules:
            error = _check_rule_step(step, cited, ctx.rules[step.rule], ctx)
        elif step.rule in ctx.theories:
            error = None if ctx.theories[step.rule](cited, step.fact) else "the cited lines do not entail it"
        else:
            error = f"unknown rule or theory {step.rule!r}"
        if error:
            raise ProofCheckError(step, error, ctx.show)
        facts[step.number] = step.fact


def rejection(proof: Proof, ctx: CheckContext) -> str | None:
    """Why the checker rejects ``proof`` ("proof does not replay: ..."), or None."""
    try:
        check_proof(proof, ctx)
    except ProofCheckError as err:
        return f"proof does not replay: {err}"
    return None
