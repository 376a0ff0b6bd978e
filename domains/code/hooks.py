"""The code domain's hooks for the CLI (found through the domain registry)."""
from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

from symgen.errors import SymgenError

from .ast import Program
from .parse import parse_file


def example_text() -> tuple[str, str]:
    text = resources.files(__package__).joinpath("examples.txt").read_text(encoding="utf-8")
    return text, "<built-in code examples>"


def prove(problem: Program, *, seconds: float, seed: int = 0, proposer=None, **_search):
    from .prover import prove as run
    return run(problem, seconds=seconds, seed=seed, proposer=proposer)


def make_proposer(name: str, model: str | None = None, device: str | None = None):
    from .proposers import make
    return make(name, model, device)


def check_proposer(name: str, model: str | None = None) -> None:
    from .proposers import check
    check(name, model)


def render(problem: Program, out: str, *, seed: int = 0) -> None:
    raise SymgenError("the code domain has no diagrams to render")


def generate_config(settings: dict):
    from .theorems import CodeConfig
    if settings.get("weights"):
        raise SymgenError("--weights applies to the geometry domain only")
    return CodeConfig(min_proof_steps=int(settings.get("min_proof_steps", 1)),
                      aux_only=bool(settings.get("aux_only", False)))


def generate_item(seed: int, index: int, settings: dict) -> tuple[list[dict], dict]:
    from .theorems import item
    return item(seed, index, generate_config(settings))


def check_record(record: dict, *, fresh: int = 3) -> list[str]:
    from .corpus_check import check_record as check
    return check(record)


def check_result(result) -> str | None:
    from .corpus_check import check_result as check
    return check(result)


def training_pairs(record: dict) -> list[tuple[str, str]]:
    from .language import training_pairs as pairs
    return pairs(record)


def vocabulary() -> list[str]:
    from .language import vocabulary as words
    return words()


@dataclass(frozen=True)
class CodeDomain:
    name: str = "code"

    parse_file = staticmethod(parse_file)
    example_text = staticmethod(example_text)
    prove = staticmethod(prove)
    make_proposer = staticmethod(make_proposer)
    check_proposer = staticmethod(check_proposer)
    render = staticmethod(render)
    generate_config = staticmethod(generate_config)
    generate_item = staticmethod(generate_item)
    check_record = staticmethod(check_record)
    check_result = staticmethod(check_result)
    training_pairs = staticmethod(training_pairs)
    vocabulary = staticmethod(vocabulary)


DOMAIN = CodeDomain()
