"""The language, truth tables, the kernel's deductive state and its checker's view of a proof:
a clause is the kernel fact ``(form, *atom ids)``, a lemma a LEMMA line that cites its clauses."""
from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, replace

from symgen.checker import CheckContext, check_proof
from symgen.errors import ProblemError, SymgenError
from symgen.facts import PREMISE, Fact, Justification
from symgen.matching import compile_rule
from symgen.proof import Proof, ProofStep
from symgen.rules import parse_rules
from symgen.state import TableState

RULES = parse_rules("mp: imp P R, true P => true R\nmp2: and P Q R, true P, true Q => true R")
COMPILED, LEMMA, MAX_ATOMS = [compile_rule(r) for r in RULES], "lemma", 12
FORMS = {"true": "{}", "or": "{} | {}", "imp": "{} -> {}", "and": "{} & {} -> {}"}
SHAPES, ATOM = {f.replace(" ", ""): p for p, f in FORMS.items()}, re.compile(r"[a-z][a-z0-9_]*")
TRUTH = {"true": lambda v, p: v[p], "or": lambda v, p, q: v[p] or v[q],
         "imp": lambda v, p, r: v[r] or not v[p], "and": lambda v, p, q, r: v[r] or not (v[p] and v[q])}


@dataclass(frozen=True)
class Problem:
    name: str
    names: tuple[str, ...]           # atom id -> name
    clauses: tuple[Fact, ...]
    goal: Fact

    def show(self, fact: Fact) -> str:
        return FORMS[fact[0]].format(*(self.names[a] for a in fact[1:]))

    def read(self, text: str) -> Fact | None:
        """The clause ``text`` as a fact, or None if it is not one over the problem's atoms."""
        form, words = SHAPES.get("".join(ATOM.sub("{}", text).split())), ATOM.findall(text)
        known = form is not None and set(words) <= set(self.names)
        return (form, *map(self.names.index, words)) if known else None


def parse_problem(name: str, line: str, source: str = "<string>", at: int | None = None
                  ) -> Problem | ProblemError:
    body, mark, goal = line.partition(" ? ")
    blank = Problem(name, tuple(sorted(set(ATOM.findall(line)))), (), ())
    clauses, fact = [blank.read(text) for text in body.split(";")], blank.read(goal)
    if mark and len(blank.names) <= MAX_ATOMS and None not in clauses and (fact or "?")[0] == "true":
        return replace(blank, clauses=tuple(dict.fromkeys(clauses)), goal=fact)
    bad = next((text for text, f in zip(body.split(";"), clauses) if f is None), None)
    return ProblemError(f"expected 'clauses ? atom' over at most {MAX_ATOMS} atoms, a clause 'a', "
                        "'a | b', 'a -> b' or 'a & b -> c'", source=source, problem=name,
                        clause=bad, line=at)


def parse_file(text: str, source: str) -> list:
    return [parse_problem(line.partition(":")[0].strip(), line.partition(":")[2], source, at)
            for at, line in enumerate(text.splitlines(), 1) if line.strip() and line[0] != "#"]


def entails(premises: list[Fact], fact: Fact) -> bool:
    """Every assignment that makes ``premises`` true makes ``fact`` true."""
    atoms = sorted({a for f in (*premises, fact) for a in f[1:]})
    models = (dict(zip(atoms, bits)) for bits in itertools.product((False, True), repeat=len(atoms)))
    return all(TRUTH[fact[0]](v, *fact[1:]) for v in models
               if all(TRUTH[f[0]](v, *f[1:]) for f in premises))


class HornState(TableState):
    """The kernel's ``TableState``, a table per form; ``lemmas`` cite the clauses they need."""

    def __init__(self, problem: Problem, lemmas: tuple[Fact, ...] = ()) -> None:
        super().__init__({p: form.count("{}") for p, form in FORMS.items()})
        self.lemmas, self.report = lemmas, None
        for fact in problem.clauses:
            self.add(fact, Justification(PREMISE))
        for fact in lemmas:
            cited = list(problem.clauses)
            for c in problem.clauses:
                if entails([k for k in cited if k != c], fact):
                    cited.remove(c)
            self.add(fact, Justification(LEMMA, tuple(map(self.table.get, cited))))


def lines(proof: Proof | None, problem: Problem) -> list[dict]:
    """A proof as a record's lines (and ``prove --json``'s): facts and substitutions as text."""
    return [{"fact": problem.show(s.fact), "rule": s.rule, "cites": list(s.cites),
             "subst": [problem.names[v] for v in s.subst]} for s in (proof.steps if proof else ())]


def replay(proof: Proof | list[dict], problem: Problem) -> str | None:
    """Why the kernel's checker (truth tables for LEMMA lines) rejects a proof or a record's
    (schema-checked, else untrusted) lines; None if it replays."""
    if isinstance(proof, list):
        facts, index = [problem.read(s["fact"]) for s in proof], dict(zip(problem.names, itertools.count()))
        if None in facts:
            return f"proof line ({facts.index(None) + 1}) is not a clause over the problem's atoms"
        proof = Proof(tuple(ProofStep(n, f, s["rule"], tuple(s["cites"]), 0, tuple(
            index.get(a, -1) for a in s["subst"])) for n, (f, s) in enumerate(zip(facts, proof), 1)))
    context = CheckContext({r.name: r for r in RULES}, lambda p, a: (p, *a), lambda *_: True,
                           {LEMMA: entails}, frozenset(problem.clauses), problem.show)
    try:
        check_proof(proof, context)
    except SymgenError as err:
        return f"proof does not replay: {err}"
    return None
