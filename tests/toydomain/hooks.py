"""A fourth domain for tests, registered by an entry point only: ``horn = toydomain.hooks:DOMAIN``.

A line is ``name: clauses ? atom``; a clause (the fact ``(form, *atom ids)``) is ``a``, ``a | b``,
``a -> c`` or ``a & b -> c``.  Modus ponens cannot split cases: ``s; a | b; a -> c; b -> c; s & c
-> g ? g`` needs a lemma such as ``s -> c``, which the beam search adds when it is proposed and a
truth table shows the clauses entail it.  Theorem ``i`` is a pure function of ``(seed, i)``."""
from __future__ import annotations

import hashlib
import itertools
import re
import time
from dataclasses import dataclass, replace

import numpy as np

from provers.search import STRATEGIES, Candidate, Node, Proposal, SearchConfig, search
from symgen.checker import CheckContext, rejection
from symgen.domain import BaseDomain, Outcome
from symgen.errors import ProblemError, SymgenError
from symgen.facts import PREMISE, Fact, Justification
from symgen.matching import compile_rule
from symgen.proof import Proof, ProofStep, traceback
from symgen.proposing import Proposers
from symgen.rules import parse_rules
from symgen.saturate import Limits, StopReason, saturate
from symgen.state import TableState

RULES = parse_rules("mp: imp P R, true P => true R\nmp2: and P Q R, true P, true Q => true R")
BOOK, COMPILED = {r.name: r for r in RULES}, [compile_rule(r) for r in RULES]
LEMMA, MAX_ATOMS = "lemma", 12
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

    def term(self, atom: int) -> str:
        return self.names[atom]

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
        for fact in lemmas:            # cite a minimal set of clauses that entails the lemma
            cited = list(problem.clauses)
            for c in (c for c in problem.clauses if entails([k for k in cited if k != c], fact)):
                cited.remove(c)
            self.add(fact, Justification(LEMMA, tuple(map(self.table.get, cited))))


def replay(proof: Proof | list[dict], problem: Problem) -> str | None:
    """Why the kernel's checker (truth tables for LEMMA lines) rejects a proof or record lines."""
    if isinstance(proof, list):
        facts = [problem.read(s["fact"]) for s in proof]
        index = {name: atom for atom, name in enumerate(problem.names)}
        if None in facts:
            return f"proof line ({facts.index(None) + 1}) is not a clause over the problem's atoms"
        proof = Proof(tuple(ProofStep(n, f, s["rule"], tuple(s["cites"]), 0, tuple(
            index.get(a, -1) for a in s["subst"])) for n, (f, s) in enumerate(zip(facts, proof), 1)))
    return rejection(proof, CheckContext(BOOK, lambda p, a: (p, *a), lambda *_: True,
                                         {LEMMA: entails}, frozenset(problem.clauses), problem.show))


@dataclass
class HornSpace:
    """``provers.search.Space``: a child adds one proposed lemma the clauses entail."""
    problem: Problem

    def root(self, deadline: float, lemmas: tuple = ()) -> Node:
        state, goal = HornState(self.problem, lemmas), self.problem.goal
        limits = Limits(seconds=max(0.0, deadline - time.perf_counter()))
        state.report = saturate(state, COMPILED, goal=goal, limits=limits)
        return Node(self.problem, tuple(map(self.problem.show, lemmas)), state, state.holds(goal))

    def prepare(self, node: Node, proposal: Proposal) -> Candidate | str:
        lemma = self.problem.read(proposal.text)
        if lemma is None or lemma[0] not in ("imp", "and") or node.state.holds(lemma):
            return "not a new lemma p -> r or p & q -> r"
        ok = entails(list(self.problem.clauses), lemma)
        return Candidate(node, proposal, lemma, lemma) if ok else "does not follow from the clauses"

    def expand(self, candidate: Candidate, deadline: float) -> Node:
        return self.root(deadline, candidate.parent.state.lemmas + (candidate.child,))


class Heuristic:
    """``p -> r`` for each true atom ``p`` and each other atom ``r`` but the goal."""
    name, exhaustible, narrowing = "heuristic", True, 1.0

    def propose(self, node: Node, k: int, deadline: float) -> list[Proposal]:
        names, true = node.problem.names, [f[1] for f in node.state.table.facts if f[0] == "true"]
        return [Proposal(f"{names[p]} -> {names[r]}") for r in range(len(names)) for p in true
                if r not in true and ("true", r) != node.problem.goal][:k]


class HornDomain(BaseDomain):
    name, settings = "horn", {"aux_only": False, "min_proof_steps": 1}
    proposers = Proposers({"none": lambda m, d: None, "heuristic": lambda m, d: Heuristic()})
    replay = staticmethod(lambda outcome: replay(outcome.proof, outcome.problem))

    def prove(self, problem: Problem, *, seconds: float, seed: int = 0, proposer=None, beam: int = 4,
              depth: int = 2, proposals: int = 32) -> Outcome:
        start, config = time.perf_counter(), SearchConfig(beam, depth, proposals, seconds, seed)
        state = (found := search(HornSpace(problem), proposer, config, STRATEGIES["beam"])).node.state
        stop = StopReason.TIME if found.timed_out else state.report.stop
        proof = traceback(state.table, state.fact_id(problem.goal)) if found.node.solved else None
        aux = tuple(problem.show(s.fact) for s in proof.steps if s.rule == LEMMA) if proof else ()
        return Outcome(problem=problem, solved=bool(proof), stop=stop.value, proof=proof,
                       constructs=aux, seconds=time.perf_counter() - start)

    def parse_file(self, text: str, source: str) -> list:
        return [parse_problem(line.partition(":")[0].strip(), line.partition(":")[2], source, at)
                for at, line in enumerate(text.splitlines(), 1) if line.strip() and line[0] != "#"]

    def generate_item(self, seed: int, index: int, settings: dict) -> tuple[list[dict], dict]:
        """A case split and three random clauses over six atoms; every atom they entail but do
        not state is a theorem, proved with the heuristic's lemmas where the engine cannot."""
        config, rng = self.generate_config(settings), np.random.default_rng([seed, index])
        x, y, z = rng.permutation(list("bcdef"))[:3]
        clauses = ["a", f"{x} | {y}", f"{x} -> {z}", f"{y} -> {z}"] + [
            f"{p} -> {r}" if rng.random() < 0.5 else f"{p} & {q} -> {r}"
            for p, q, r in (rng.choice(list("abcdef"), 3, replace=False) for _ in range(3))]
        base = parse_problem("theory", "; ".join(clauses) + " ? a")
        tried = [self.prove(replace(base, goal=("true", a)), seconds=5, proposer=Heuristic(), depth=1)
                 for a in range(len(base.names)) if ("true", a) not in base.clauses]
        kept = [r for r in tried if r.solved and r.steps >= config["min_proof_steps"]
                and (r.constructs or not config["aux_only"])]
        return [self.record(seed, index, k, r) for k, r in enumerate(kept)], {
            "candidates": len(tried), "rejected": {"not proved or too short": len(tried) - len(kept)}}

    @staticmethod
    def record(seed: int, index: int, k: int, result: Outcome) -> dict:
        problem = result.problem
        premises, goal = "; ".join(map(problem.show, problem.clauses)), problem.show(problem.goal)
        key = hashlib.blake2b(f"{premises} ? {goal}".encode(), digest_size=16).hexdigest()
        return {"id": f"horn-{seed}-{index}-{k}", "domain": "horn", "seed": seed, "index": index,
                "premises": premises, "goal": goal, "aux": list(result.constructs),
                "proof": result.lines(), "dedup_key": key, "stats": {
                    "proof_steps": result.steps, "goal_kind": "atom",
                    "rules": sorted({s.rule for s in result.proof.derived})}}

    def check_record(self, record: dict, *, fresh: int = 3) -> list[str]:
        """The proof replays and ends in the goal; its lemmas are the record's aux, and needed."""
        problem = parse_problem(record["id"], f"{record['premises']} ? {record['goal']}")
        if isinstance(problem, SymgenError):
            return [str(problem)]
        lemmas = [s["fact"] for s in record["proof"] if s["rule"] == LEMMA]
        claims = {"the proof does not end in the goal":
                  problem.read(record["proof"][-1]["fact"]) != problem.goal,
                  "aux is not the proof's lemmas": record["aux"] != lemmas,
                  "aux is not needed": bool(lemmas) and self.prove(problem, seconds=5).solved}
        failed = replay(record["proof"], problem)
        return ([failed] if failed else []) + [why for why, wrong in claims.items() if wrong]


DOMAIN = HornDomain()
