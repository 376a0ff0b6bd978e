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
  every derived fact; ``render`` draws a problem where the domain has pictures
  (``diagrams``), ``draw`` an outcome's proof on its diagram, ``render_record`` a corpus
  record's (a PNG, SVG or PDF, or an HTML page, by the file's suffix).
* **data**: ``generate_config`` / ``generate_item`` sample theorems (item ``i`` is a pure
  function of ``(seed, i)``), ``check_record`` re-verifies a corpus record, and
  ``training_pairs`` / ``vocabulary`` are the model's text form (``distractor_pairs``
  where the domain has distractors).

``columns`` names the extra result columns a domain reports (``Outcome.columns``), so the
benchmark runner never names a domain.  ``symgen check`` validates a corpus's records against
``record.schema.json`` in the package that defines the domain object's class (the entry
point's object is an instance of a class in ``PACKAGE.hooks``, say).

``BaseDomain`` gives the members most domains write the same way (the package's
``examples.txt``, no diagrams, no distractors, proposers from a ``Proposers`` table,
``check_result`` as ``replay``, generation settings from a table of defaults, the statement
``premises ? goal`` as the model's prompt and the aux constructs as its target), ``lazy``
a member imported on first use.  A small domain with no
theories can keep its facts in ``symgen.state.TableState``; ``tests/toydomain`` is one, end
to end, in under 200 lines.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from importlib import resources
from typing import Any, Callable, ClassVar, Mapping, Protocol, Sequence, runtime_checkable

from .errors import SymgenError
from .proof import format_proof


@dataclass(kw_only=True)
class Outcome:
    """What every domain's ``prove`` returns.  A domain subclasses it for what else it keeps
    (geometry its diagram and state, code its last verification) and for how it prints; the
    defaults here print a kernel ``Proof`` over a problem with ``name``, ``show(fact)`` and
    ``term(value)`` (a substitution value as text)."""

    problem: Any
    solved: bool
    stop: str                        # "goal reached", "time limit", "saturated", "unsupported", ...
    seconds: float                   # in-process time: parse excluded, build + search + proof
    proof: Any = None                # the domain's proof (a kernel ``Proof`` by default), if solved
    constructs: tuple[str, ...] = ()     # the auxiliary constructs the search added, in the
    #                                      domain's language (only those the proof uses)
    stats: dict[str, Any] = field(default_factory=dict)     # the run's counters, by name

    @property
    def steps(self) -> int | None:
        """The proof's derived steps (None when not solved)."""
        return len(self.proof.derived) if self.solved and self.proof is not None else None

    @property
    def columns(self) -> Mapping[str, str]:
        """The domain's extra result columns (``Domain.columns``) for this outcome."""
        return {}

    def text(self) -> str:
        """The outcome as ``symgen prove`` prints it."""
        if not self.solved:
            return f"{self.problem.name}: not proved ({self.stop})"
        return "\n".join([f"{self.problem.name}: proved in {self.steps} steps", *(
            f"  aux: {a}" for a in self.constructs), format_proof(self.proof, self.problem.show)])

    def lines(self) -> list[dict]:
        """The proof as a record's lines (and ``prove --json``'s): facts and values as text."""
        show, term = self.problem.show, self.problem.term
        return [{"fact": show(s.fact), "rule": s.rule, "cites": list(s.cites),
                 "subst": [term(v) for v in s.subst]} for s in (self.proof.steps if self.proof else ())]

    def to_json(self) -> dict:
        """The outcome as ``symgen prove --json`` prints it."""
        return {"problem": self.problem.name, "solved": self.solved, "stop_reason": self.stop,
                "aux": list(self.constructs), "proof": self.lines()}


@runtime_checkable
class Domain(Protocol):
    name: str
    columns: tuple[str, ...]
    diagrams: bool                   # whether ``render`` draws this domain's problems

    def parse_file(self, text: str, source: str) -> list: ...

    def example_text(self) -> tuple[str, str]: ...

    def prove(self, problem, *, seconds: float, seed: int = 0, proposer=None, beam: int = 4,
              depth: int = 2, proposals: int = 32) -> Outcome: ...

    def replay(self, outcome: Outcome) -> str | None: ...

    def check_result(self, outcome: Outcome) -> str | None: ...

    def make_proposer(self, name: str, model: str | None = None, device: str | None = None): ...

    def check_proposer(self, name: str, model: str | None = None) -> None: ...

    def render(self, problem, out: str, *, seed: int = 0) -> None: ...

    def draw(self, outcome: Outcome, out: str) -> None: ...

    def render_record(self, record: dict, out: str, label: str) -> None: ...

    def generate_config(self, settings: dict): ...

    def generate_item(self, seed: int, index: int, settings: dict) -> tuple[list[dict], dict]: ...

    def check_record(self, record: dict, *, fresh: int = 3) -> list[str]: ...

    def training_pairs(self, record: dict) -> list[tuple[str, str]]: ...

    def vocabulary(self) -> Sequence[str]: ...

    def distractor_pairs(self, record: dict, rng, steps: int) -> list[tuple[str, str]]: ...


MEMBERS = tuple(sorted(set(Domain.__annotations__)
                       | {n for n, v in vars(Domain).items() if callable(v) and not n.startswith("_")}))


class BaseDomain:
    """Defaults for a domain object; a domain sets ``name`` and overrides what it does
    otherwise.  ``proposers`` is its ``symgen.proposing.Proposers`` table; ``settings`` maps
    each generation setting it reads to its default (any other setting given is refused)."""

    name: ClassVar[str] = ""
    columns: ClassVar[tuple[str, ...]] = ()
    diagrams: ClassVar[bool] = False
    proposers: ClassVar[Any] = None
    settings: ClassVar[Mapping[str, Any]] = {}

    def model_file(self, model: str | None):
        """The checkpoint ``model`` names (``default``: the one the domain ships)."""
        from .proposing import model_file
        default = self.proposers.default() if self.proposers is not None \
            and self.proposers.default is not None else None
        return model_file(model, default)

    def search_record(self, problem, proposer, *, nodes: int, seconds: float, seed: int,
                      round_no: int, index: int) -> dict:
        """One search of the self-improvement loop (``symgen.improve``), its proof a record."""
        from .errors import SymgenError
        raise SymgenError(f"the {self.name} domain has no self-improvement loop yet "
                          "(symgen improve is geometry's)")

    def example_text(self) -> tuple[str, str]:
        package = type(self).__module__.rpartition(".")[0]
        text = resources.files(package).joinpath("examples.txt").read_text(encoding="utf-8")
        return text, f"<built-in {self.name} examples>"

    def render(self, problem, out: str, *, seed: int = 0) -> None:
        raise SymgenError(f"the {self.name} domain has no diagrams to render")

    def draw(self, outcome: Outcome, out: str) -> None:
        raise SymgenError(f"the {self.name} domain has no diagrams to draw a proof on")

    def render_record(self, record: dict, out: str, label: str) -> None:
        raise SymgenError(f"the {self.name} domain has no diagrams to render")

    def make_proposer(self, name: str, model: str | None = None, device: str | None = None):
        return self.proposers.make(name, model, device)

    def check_proposer(self, name: str, model: str | None = None) -> None:
        self.proposers.check(name, model)

    def check_result(self, outcome: Outcome) -> str | None:
        return self.replay(outcome)

    def distractor_pairs(self, record: dict, rng, steps: int) -> list[tuple[str, str]]:
        raise SymgenError(f"domain {self.name!r} has no distractor premises")

    def training_pairs(self, record: dict) -> list[tuple[str, str]]:
        """The model's text form of a record with ``premises``, ``goal`` and ``aux``: the
        statement ``premises ? goal``, then its aux constructs joined by ``;``."""
        return [(f"{record['premises']} ? {record['goal']}", " ; ".join(record["aux"]))]

    def vocabulary(self) -> Sequence[str]:
        """Words the tokenizer knows beyond a corpus's own (none by default)."""
        return ()

    def generate_config(self, settings: dict) -> dict:
        """The settings this domain reads, defaults filled in; one it does not read is an error."""
        extra = [k for k, v in settings.items() if k not in self.settings and v not in UNSET]
        if extra:
            flags = ", ".join("--" + k.replace("_", "-") for k in extra)
            raise SymgenError(f"the {self.name} domain does not take {flags}")
        return {k: default if settings.get(k) is None else type(default)(settings[k])
                for k, default in self.settings.items()}


UNSET = (None, False, {}, [], ())          # a generation setting left at "not given"


def lazy(module: str, attr: str, *, drop: tuple[str, ...] = ()) -> Callable:
    """A domain member that calls ``module.attr``, imported on first use (so ``symgen prove``
    never imports torch or a generator it does not use); keyword arguments named in ``drop``
    are accepted and ignored (the protocol's signature may offer more than it needs)."""
    def member(*args, **kwargs):
        for name in drop:
            kwargs.pop(name, None)
        return getattr(importlib.import_module(module), attr)(*args, **kwargs)
    member.__name__ = attr
    member.__doc__ = f"``{module}.{attr}``, imported on first use."
    return staticmethod(member)
