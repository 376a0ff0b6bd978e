"""The Domain protocol: what a domain package gives the kernel, the CLI and the search.

A domain is one package and one entry point (group ``symgen.domains`` in pyproject.toml,
found by ``symgen.registry``).  The entry point names an object with the members below;
the kernel calls nothing else, and never imports a domain.  Three kinds of member:

* **reading**: ``parse_file`` turns a file's text into problems, a bad one into its
  ``ProblemError`` (the rest of the file still reads); ``example_text`` is the built-in
  problem set ``symgen prove`` runs without a file.
* **proving**: ``prove`` returns an ``Outcome`` within about ``seconds`` (symbolic only
  without a proposer; with one, ``provers.search`` over the domain's ``Space`` and one of
  its strategies); ``make_proposer`` / ``check_proposer`` build a proposer by name
  (``none``, ``heuristic``, ``model``, ``both``); ``replay`` runs a solved outcome's proof
  through the domain's independent checker, ``check_result`` adds the numeric re-check of
  every derived fact; ``render`` draws a problem where the domain has pictures.
* **data**: ``generate_config`` / ``generate_item`` sample theorems (item ``i`` is a pure
  function of ``(seed, i)``), ``check_record`` re-verifies a corpus record, and
  ``training_pairs`` / ``vocabulary`` are the model's text form (``distractor_pairs``
  where the domain has distractors).

``columns`` names the extra result columns a domain reports (``Outcome.columns``), so the
benchmark runner never names a domain.  ``symgen check`` validates a corpus's records against
``record.schema.json`` in the package that defines the domain object's class (the entry
point's object is an instance of a class in ``PACKAGE.hooks``, say).  A small domain with no
theories can keep its facts in ``symgen.state.TableState``; ``tests/toydomain`` is one, end
to end.
"""
from __future__ import annotations

from typing import Any, Mapping, Protocol, Sequence, runtime_checkable


@runtime_checkable
class Outcome(Protocol):
    """What every domain's ``prove`` returns."""

    problem: Any
    solved: bool
    seconds: float                   # in-process time: parse excluded, build + search + proof

    @property
    def stop(self) -> str:
        """Why it stopped: "goal reached", "time limit", "saturated", "unsupported", ..."""

    @property
    def steps(self) -> int | None:
        """The proof's derived steps (None when not solved)."""

    @property
    def constructs(self) -> tuple[str, ...]:
        """The auxiliary constructs the search added, in the domain's language."""

    @property
    def columns(self) -> Mapping[str, str]:
        """The domain's extra result columns (``Domain.columns``) for this outcome."""

    def text(self) -> str:
        """The outcome as ``symgen prove`` prints it."""

    def to_json(self) -> dict:
        """The outcome as ``symgen prove --json`` prints it."""


class OutcomeFields:
    """``Outcome``'s shared properties for a result with ``report.stop``, ``proof`` and
    ``aux`` (the constructs its search added); a domain overrides what it holds otherwise."""

    @property
    def stop(self) -> str:
        return self.report.stop.value

    @property
    def steps(self) -> int | None:
        return len(self.proof.derived) if self.solved and self.proof is not None else None

    @property
    def constructs(self) -> tuple[str, ...]:
        return tuple(getattr(self, "aux", ())) if self.solved else ()

    @property
    def columns(self) -> Mapping[str, str]:
        return {}


@runtime_checkable
class Domain(Protocol):
    name: str
    columns: tuple[str, ...]

    def parse_file(self, text: str, source: str) -> list: ...

    def example_text(self) -> tuple[str, str]: ...

    def prove(self, problem, *, seconds: float, seed: int = 0, proposer=None, beam: int = 4,
              depth: int = 2, proposals: int = 32) -> Outcome: ...

    def replay(self, outcome: Outcome) -> str | None: ...

    def check_result(self, outcome: Outcome) -> str | None: ...

    def make_proposer(self, name: str, model: str | None = None, device: str | None = None): ...

    def check_proposer(self, name: str, model: str | None = None) -> None: ...

    def render(self, problem, out: str, *, seed: int = 0) -> None: ...

    def generate_config(self, settings: dict): ...

    def generate_item(self, seed: int, index: int, settings: dict) -> tuple[list[dict], dict]: ...

    def check_record(self, record: dict, *, fresh: int = 3) -> list[str]: ...

    def training_pairs(self, record: dict) -> list[tuple[str, str]]: ...

    def vocabulary(self) -> Sequence[str]: ...


MEMBERS = tuple(sorted(set(Domain.__annotations__)
                       | {n for n, v in vars(Domain).items() if callable(v) and not n.startswith("_")}))
