"""The geometry domain's hooks for the CLI (found through the domain registry)."""
from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

from .parse import parse_file
from .problem import Problem


def example_text() -> tuple[str, str]:
    """The built-in example problems (text, source name)."""
    text = resources.files(__package__).joinpath("examples.txt").read_text(encoding="utf-8")
    return text, "<built-in examples>"


def prove(problem: Problem, *, seconds: float, seed: int = 0):
    from provers.symbolic import prove as run
    return run(problem, seconds=seconds, seed=seed)


def render(problem: Problem, out: str, *, seed: int = 0) -> None:
    from .render import render as draw
    draw(problem, out, seed=seed)


@dataclass(frozen=True)
class GeometryDomain:
    name: str = "geometry"

    parse_file = staticmethod(parse_file)
    example_text = staticmethod(example_text)
    prove = staticmethod(prove)
    render = staticmethod(render)


DOMAIN = GeometryDomain()
