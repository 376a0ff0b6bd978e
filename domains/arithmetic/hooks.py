"""The arithmetic domain's hooks for the CLI (found through the domain registry)."""
from __future__ import annotations

from domains.hooks import no_geometry_settings
from symgen.domain import BaseDomain, lazy
from symgen.errors import SymgenError

from .parse import parse_file


def prove(problem, *, seconds: float, seed: int = 0, proposer=None, beam: int = 4,
          depth: int = 2, proposals: int = 32):
    """Symbolic only (no proposer), or with lemma instances from ``proposer``."""
    from .prover import prove as run
    return run(problem, seconds=seconds, seed=seed, proposer=proposer, proposals=proposals)


def generate_config(settings: dict):
    from .theorems import ArithConfig
    no_geometry_settings(settings)
    if settings.get("sos"):
        from symgen.algebra import sos
        if not sos.available():
            raise SymgenError("--sos needs an SDP solver: pip install 'symgen[sos]'")
    return ArithConfig(min_proof_steps=int(settings.get("min_proof_steps", 1)),
                       aux_only=bool(settings.get("aux_only", False)),
                       sos=bool(settings.get("sos", False)))


def generate_item(seed: int, index: int, settings: dict) -> tuple[list[dict], dict]:
    from .theorems import item
    return item(seed, index, generate_config(settings))


class ArithmeticDomain(BaseDomain):
    """What ``symgen.registry`` loads for ``arithmetic``: every member of ``symgen.domain.Domain``."""
    name = "arithmetic"
    parse_file = staticmethod(parse_file)
    prove = staticmethod(prove)
    replay = lazy("domains.arithmetic.corpus_check", "replay_result")
    make_proposer = lazy("domains.arithmetic.proposers", "make")
    check_proposer = lazy("domains.arithmetic.proposers", "check")
    generate_config = staticmethod(generate_config)
    generate_item = staticmethod(generate_item)
    check_record = lazy("domains.arithmetic.corpus_check", "check_record", drop=("fresh",))
    check_result = lazy("domains.arithmetic.corpus_check", "check_result")
    training_pairs = lazy("domains.arithmetic.text", "training_pairs")
    vocabulary = lazy("domains.arithmetic.text", "vocabulary")


DOMAIN = ArithmeticDomain()
