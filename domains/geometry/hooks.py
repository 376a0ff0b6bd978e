"""The geometry domain's hooks for the CLI (found through the domain registry)."""
from __future__ import annotations

from symgen.domain import BaseDomain

from .parse import parse_file
from .problem import Problem


def prove(problem: Problem, *, seconds: float, seed: int = 0, proposer=None,
          beam: int = 4, depth: int = 2, proposals: int = 32, nodes: int | None = None):
    """Symbolic only (no proposer), or the alternating search with ``proposer`` (at most
    ``nodes`` children expanded, if given)."""
    if proposer is None:
        from .prover import prove as run
        return run(problem, seconds=seconds, seed=seed)
    from provers.search import SearchConfig
    from .prover import search
    return search(problem, proposer, SearchConfig(beam=beam, depth=depth, k=proposals,
                                                  seconds=seconds, seed=seed, nodes=nodes))


def replay(result) -> str | None:
    """Why the independent checker rejects a solved result's proof or one of its side
    conditions (None: the proof replays and every condition holds on the diagram)."""
    from symgen.checker import rejection
    from .check import result_conditions, result_context
    failures = result_conditions(result)
    if failures:
        return f"side condition rejected: {failures[0]}"
    return rejection(result.proof, result_context(result))


def check_result(result) -> str | None:
    """What ``bench --check`` finds wrong with a result (None: nothing): a fact the state
    derived, or one it rejected, that is false on the diagram, else a solved proof that
    does not replay."""
    st = result.state
    false = [st.show(f) for _, f, _ in st.table.items() if not st.numeric(f[0], f[1:])]
    if false or st.rejected:
        return f"numerically false: {(false + [st.show(f) for f in st.rejected])[0]}"
    return replay(result) if result.solved else None


def check_proposer(name: str, model: str | None = None) -> None:
    """Fail on an unknown proposer or a missing model file, without loading anything."""
    from .proposers import check
    check(name, model)


def make_proposer(name: str, model: str | None = None, device: str | None = None):
    from .proposers import make
    return make(name, model, device)


def render(problem: Problem, out: str, *, seed: int = 0) -> None:
    from .pictures import render as draw
    draw(problem, out, seed=seed)


def draw(outcome, out: str) -> None:
    from .pictures import result_figure, save
    save(result_figure(outcome), out)


def render_record(record: dict, out: str, label: str) -> None:
    from .pictures import record_figure, save
    save(record_figure(record, label), out)


def generate_config(settings: dict):
    """The generation settings (JSON-able, as stored in a corpus manifest) as a config."""
    from .sampler import SamplerConfig
    from .theorems import GenerateConfig
    from .sampler import RECIPES
    weights = {r: 1.0 for r in RECIPES} if settings.get("uniform_weights") else {}
    sampler = SamplerConfig(steps=tuple(settings.get("steps", SamplerConfig.steps)),
                            weights=weights | dict(settings.get("weights", {})))
    return GenerateConfig(sampler=sampler, min_proof_steps=int(settings.get("min_proof_steps", 3)),
                          aux_only=bool(settings.get("aux_only", False)),
                          max_per_predicate=int(settings.get("per_diagram",
                                                             GenerateConfig.max_per_predicate)),
                          max_aux=None if settings.get("aux_per_diagram") is None
                          else int(settings["aux_per_diagram"]),
                          min_aux=int(settings.get("min_aux", 0)),
                          difficulty=_difficulty(settings),
                          hard=bool(settings.get("hard", False)),
                          novel_aux=bool(settings.get("novel_aux", False)))


def _difficulty(settings: dict) -> int | None:
    """The heuristic's node budget for difficulty labels: given, or the default one when
    ``label_difficulty`` or ``hard`` is set, else None (no labels)."""
    from .difficulty import Budget
    if settings.get("difficulty_nodes") is not None:
        return int(settings["difficulty_nodes"])
    if settings.get("label_difficulty") or settings.get("hard"):
        return Budget.nodes
    return None


def generate_item(seed: int, index: int, settings: dict) -> tuple[list[dict], dict]:
    from dataclasses import asdict
    from .theorems import item
    records, stats = item(seed, index, generate_config(settings))
    return records, asdict(stats)


def check_record(record: dict, *, fresh: int = 3) -> list[str]:
    from .corpus_check import check_record as check
    return check(record, fresh=fresh)


def training_pairs(record: dict) -> list[tuple[str, str]]:
    from .text import training_pairs as pairs
    return pairs(record)


def distractor_pairs(record: dict, rng, steps: int) -> list[tuple[str, str]]:
    from .distractors import distractor_pairs as pairs
    return pairs(record, rng, steps)


def vocabulary() -> list[str]:
    from .text import vocabulary as words
    return words()


def model_file(model: str | None):
    from symgen.proposing import model_file as named
    from .proposers import PROPOSERS
    return named(model, PROPOSERS.default())


def search_record(problem, proposer, *, nodes: int, seconds: float, seed: int, round_no: int,
                  index: int) -> dict:
    """One search of the self-improvement loop (``symgen.improve``): ``problem`` (a Problem or
    its text) searched with ``proposer`` under ``nodes`` children and ``seconds``; a proof
    becomes a checked corpus record named by ``round_no`` and ``index``."""
    from provers.search import SearchConfig
    from .found import search_record as run
    from .parse import parse_problem
    if isinstance(problem, str):
        problem = parse_problem(f"{round_no}-{index}", problem)
    if problem.goal is None or problem.conditions:
        return {"solved": False, "error": "not a problem with one goal and no side conditions"}
    found = run(problem, proposer, SearchConfig(seconds=seconds, nodes=nodes, seed=seed),
                seed=round_no, index=index)
    out = {"solved": found.solved, "seconds": round(found.seconds, 3), "nodes": found.nodes,
           "aux": list(found.aux)}
    if found.record is not None:
        out["record"] = found.record
    elif found.why:
        out["error"] = found.why[:300]
    return out


class GeometryDomain(BaseDomain):
    """What ``symgen.registry`` loads for ``geometry``: every member of ``symgen.domain.Domain``."""
    name = "geometry"
    diagrams = True
    parse_file = staticmethod(parse_file)
    prove = staticmethod(prove)
    replay = staticmethod(replay)
    make_proposer = staticmethod(make_proposer)
    check_proposer = staticmethod(check_proposer)
    check_result = staticmethod(check_result)
    render = staticmethod(render)
    draw = staticmethod(draw)
    render_record = staticmethod(render_record)
    generate_config = staticmethod(generate_config)
    generate_item = staticmethod(generate_item)
    check_record = staticmethod(check_record)
    training_pairs = staticmethod(training_pairs)
    distractor_pairs = staticmethod(distractor_pairs)
    vocabulary = staticmethod(vocabulary)
    model_file = staticmethod(model_file)
    search_record = staticmethod(search_record)


DOMAIN = GeometryDomain()
