"""The Horn domain (``symgen.domain.Domain``): the beam search adding helper lemmas, theorem
sampling (item ``i`` a pure function of ``(seed, i)``) and the record check."""
from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, replace
from importlib import resources

import numpy as np

from provers.search import STRATEGIES, Candidate, Node, Proposal, SearchConfig, search
from symgen.domain import OutcomeFields
from symgen.errors import SymgenError
from symgen.proof import Proof, format_proof, traceback
from symgen.proposing import Proposers
from symgen.saturate import Limits, Report, StopReason, saturate

from .logic import (COMPILED, LEMMA, HornState, Problem, entails, lines, parse_file, parse_problem,
                    replay)


@dataclass
class Result(OutcomeFields):
    problem: Problem
    solved: bool
    report: Report
    proof: Proof | None
    seconds: float
    aux: tuple[str, ...] = ()

    def text(self) -> str:
        if not self.solved:
            return f"{self.problem.name}: not proved ({self.stop})"
        return "\n".join([f"{self.problem.name}: proved in {self.steps} steps", *(
            f"  aux: {a}" for a in self.aux), format_proof(self.proof, self.problem.show)])

    def to_json(self) -> dict:
        return {"problem": self.problem.name, "solved": self.solved, "stop_reason": self.stop,
                "aux": list(self.aux), "proof": lines(self.proof, self.problem)}


@dataclass
class HornSpace:
    """``provers.search.Space``: a child is its node plus one proposed lemma that the clauses
    entail, saturated afresh."""
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


def prove(problem: Problem, *, seconds: float, seed: int = 0, proposer=None, beam: int = 4,
          depth: int = 2, proposals: int = 32) -> Result:
    start = time.perf_counter()
    config = SearchConfig(beam=beam, depth=depth, k=proposals, seconds=seconds, seed=seed)
    found = search(HornSpace(problem), proposer, config, STRATEGIES["beam"])
    state = found.node.state
    if found.timed_out:
        state.report.stop = StopReason.TIME
    proof = traceback(state.table, state.fact_id(problem.goal)) if found.node.solved else None
    aux = tuple(problem.show(s.fact) for s in proof.steps if s.rule == LEMMA) if proof else ()
    return Result(problem, proof is not None, state.report, proof, time.perf_counter() - start, aux)


class HornDomain:
    """What ``symgen.registry`` loads for ``horn``: every member of ``symgen.domain.Domain``."""
    name, columns = "horn", ()
    proposers = Proposers({"none": lambda m, d: None, "heuristic": lambda m, d: Heuristic()})
    make_proposer, check_proposer = staticmethod(proposers.make), staticmethod(proposers.check)
    parse_file, prove = staticmethod(parse_file), staticmethod(prove)
    replay = check_result = staticmethod(lambda outcome: replay(outcome.proof, outcome.problem))
    # the model's text form: the statement, then the aux lemmas (no model is shipped)
    training_pairs = staticmethod(lambda r: [(f"{r['premises']} ? {r['goal']}", "; ".join(r["aux"]))])
    vocabulary = staticmethod(lambda: [*"abcdef", "|", "->", "&", ";", "?"])

    def example_text(self) -> tuple[str, str]:
        text = resources.files(__package__).joinpath("examples.txt").read_text(encoding="utf-8")
        return text, "<built-in horn examples>"

    def render(self, problem, out: str, *, seed: int = 0) -> None:
        raise SymgenError("the horn domain has no diagrams to render")

    def generate_config(self, settings: dict) -> dict:
        if any(v for k, v in settings.items() if k not in ("aux_only", "min_proof_steps")):
            raise SymgenError("the horn domain takes --aux-only and --min-proof-steps only")
        return {"aux_only": bool(settings.get("aux_only")), "min": settings.get("min_proof_steps", 1)}

    def generate_item(self, seed: int, index: int, settings: dict) -> tuple[list[dict], dict]:
        """A case split and three random clauses over six atoms; every atom they entail but do
        not state is a theorem, proved with the heuristic's lemmas where the engine cannot."""
        config, rng = self.generate_config(settings), np.random.default_rng([seed, index])
        x, y, z = rng.permutation(list("bcdef"))[:3]
        clauses = ["a", f"{x} | {y}", f"{x} -> {z}", f"{y} -> {z}"] + [
            f"{p} -> {r}" if rng.random() < 0.5 else f"{p} & {q} -> {r}"
            for p, q, r in (rng.choice(list("abcdef"), 3, replace=False) for _ in range(3))]
        base = parse_problem("theory", "; ".join(clauses) + " ? a")
        tried = [prove(replace(base, goal=("true", a)), seconds=5, proposer=Heuristic(), depth=1)
                 for a in range(len(base.names)) if ("true", a) not in base.clauses]
        kept = [r for r in tried
                if r.solved and r.steps >= config["min"] and (r.aux or not config["aux_only"])]
        return [self.record(seed, index, k, r) for k, r in enumerate(kept)], {
            "candidates": len(tried), "rejected": {"not proved or too short": len(tried) - len(kept)}}

    @staticmethod
    def record(seed: int, index: int, k: int, result: Result) -> dict:
        problem, proof = result.problem, result.proof
        premises, goal = "; ".join(map(problem.show, problem.clauses)), problem.show(problem.goal)
        key = hashlib.blake2b(f"{premises} ? {goal}".encode(), digest_size=16).hexdigest()
        return {"id": f"horn-{seed}-{index}-{k}", "domain": "horn", "seed": seed, "index": index,
                "premises": premises, "goal": goal, "aux": list(result.aux),
                "proof": lines(proof, problem), "dedup_key": key,
                "stats": {"proof_steps": result.steps, "goal_kind": "atom",
                          "rules": sorted({s.rule for s in proof.derived})}}

    def check_record(self, record: dict, *, fresh: int = 3) -> list[str]:
        """The proof replays and ends in the goal; its lemmas are the record's aux, and needed."""
        problem = parse_problem(record["id"], f"{record['premises']} ? {record['goal']}")
        if isinstance(problem, SymgenError):
            return [str(problem)]
        lemmas = [s["fact"] for s in record["proof"] if s["rule"] == LEMMA]
        claims = {"the proof does not end in the goal":
                  problem.read(record["proof"][-1]["fact"]) != problem.goal,
                  "aux is not the proof's lemmas": record["aux"] != lemmas,
                  "aux is not needed": bool(lemmas) and prove(problem, seconds=5).solved}
        failed = replay(record["proof"], problem)
        return ([failed] if failed else []) + [why for why, wrong in claims.items() if wrong]


DOMAIN = HornDomain()
