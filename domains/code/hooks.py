"""The code domain's hooks for the CLI (found through the domain registry)."""
from __future__ import annotations

from domains.hooks import no_geometry_settings
from symgen.domain import BaseDomain, lazy

from .parse import parse_file


def prove(problem, *, seconds: float, seed: int = 0, proposer=None, **_search):
    from .prover import prove as run
    return run(problem, seconds=seconds, seed=seed, proposer=proposer)


def generate_config(settings: dict):
    from .theorems import CodeConfig
    no_geometry_settings(settings)
    return CodeConfig(min_proof_steps=int(settings.get("min_proof_steps", 1)),
                      aux_only=bool(settings.get("aux_only", False)))


def generate_item(seed: int, index: int, settings: dict) -> tuple[list[dict], dict]:
    from .theorems import item
    return item(seed, index, generate_config(settings))


class CodeDomain(BaseDomain):
    """What ``symgen.registry`` loads for ``code``: every member of ``symgen.domain.Domain``."""
    name = "code"
    parse_file = staticmethod(parse_file)
    prove = staticmethod(prove)
    replay = lazy("domains.code.corpus_check", "replay_result")
    make_proposer = lazy("domains.code.proposers", "make")
    check_proposer = lazy("domains.code.proposers", "check")
    generate_config = staticmethod(generate_config)
    generate_item = staticmethod(generate_item)
    check_record = lazy("domains.code.corpus_check", "check_record", drop=("fresh",))
    check_result = lazy("domains.code.corpus_check", "check_result")
    columns = ("invariant",)       # a result's loop invariant(s), as text
    training_pairs = lazy("domains.code.text", "training_pairs")
    vocabulary = lazy("domains.code.text", "vocabulary")


DOMAIN = CodeDomain()
