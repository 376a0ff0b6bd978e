"""Parser for AlphaGeometry's problem language.

A problem line is clauses separated by ``;``, optionally followed by `` ? goal``::

    a b c = triangle a b c; h = on_tline h a b c, on_line h b c ? perp a h b c

A clause is ``new points = call, call, …``; a new point may carry fixed
coordinates (``a@1.5_-2`` is the point (1.5, -2)).  A call is a construction name
from ``constructions.CONSTRUCTIONS`` followed by its point arguments and then its
numeric arguments; the new points may be left out of a call when they are all the
clause's new points and the call names none of them (``x = on_line a b`` is
``x = on_line x a b``).  The goal is a predicate of ``numeric.GOAL_PREDICATES``; the
constant of ``aconst`` is in units of pi (``1/3``, ``pi/3``, ``2pi/3`` and ``60deg``
all mean 60 degrees) and that of ``rconst`` a plain fraction; either may also be
written as two integers ``m n`` meaning m/n.

Everything wrong with the text raises one ``ProblemError`` naming the problem,
the clause and the reason; ``parse_file`` collects them so that one bad problem
does not hide the others.
"""
from __future__ import annotations

import logging
import re
from fractions import Fraction

from domains.geometry import constructions as cons
from domains.geometry.numeric import GOAL_PREDICATES, PREDICATES
from domains.geometry.problem import Call, Clause, Problem, Statement
from symgen.errors import ProblemError

log = logging.getLogger(__name__)

_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_']*\Z")
_PI = re.compile(r"(?P<num>[-+]?\d*)\s*pi(?:\s*/\s*(?P<den>\d+))?\Z")


class _Where:
    """Where an error happened: the problem and, once known, the clause."""

    def __init__(self, name: str, source: str) -> None:
        self.name, self.source = name, source
        self.clause: str | None = None
        self.position: int | None = None

    def error(self, reason: str) -> ProblemError:
        return ProblemError(reason, source=self.source, problem=self.name,
                            clause=self.clause, position=self.position)


# ---------------------------------------------------------------------------
# Numbers

def parse_number(token: str) -> Fraction:
    """An integer, decimal or fraction ('-15', '1.5', '1/3'); ValueError otherwise."""
    return Fraction(token.strip())


def parse_angle(token: str) -> Fraction:
    """An angle in units of pi: '1/3', 'pi/3', '2pi/3', 'pi', or degrees '60deg'."""
    text = token.strip().lower()
    if text.endswith("deg"):
        return parse_number(text[:-3]) / 180
    m = _PI.match(text)
    if m:
        num = m.group("num")
        value = Fraction(int(num)) if num not in ("", "+", "-") else Fraction(-1 if num == "-" else 1)
        return value / int(m.group("den")) if m.group("den") else value
    return parse_number(text)


def _is_number(token: str) -> bool:
    try:
        parse_angle(token)
    except (ValueError, ZeroDivisionError):
        return False
    return True


# ---------------------------------------------------------------------------
# Clauses

def _parse_point(token: str, where: _Where) -> tuple[str, tuple[float, float] | None]:
    name, at, coords = token.partition("@")
    if not _NAME.match(name):
        raise where.error(f"{token!r} is not a point name")
    if not at:
        return name, None
    x, sep, y = coords.partition("_")
    try:
        return name, (float(x), float(y))
    except ValueError:
        raise where.error(f"bad fixed coordinates {token!r} (expected name@x_y, e.g. a@1.5_-2)") from None


def _parse_call(text: str, new: tuple[str, ...], where: _Where) -> Call:
    tokens = text.split()
    if not tokens:
        raise where.error("empty construction call")
    name, args = tokens[0], tokens[1:]
    defn = cons.lookup(name)
    if defn is None:
        near = cons.closest(name)
        hint = f" (did you mean {near!r}?)" if near else ""
        raise where.error(f"unknown construction {name!r}{hint}")
    short = len(args) == cons.arity(defn) - len(defn.outputs) and not set(args) & set(new)
    if short and len(defn.outputs) == len(new):
        args = _with_outputs(defn, new, args)
    if len(args) != cons.arity(defn):
        raise where.error(f"{name} takes {cons.arity(defn)} arguments ({defn.usage()}), got {len(args)}")
    points, numbers = args[:len(defn.params)], args[len(defn.params):]
    for p in points:
        if not _NAME.match(p):
            raise where.error(f"{name}: expected a point name, got {p!r}")
    nums = []
    for t in numbers:
        try:
            nums.append(parse_number(t))
        except (ValueError, ZeroDivisionError):
            raise where.error(f"{name}: expected a number, got {t!r}") from None
    return Call(name, tuple(points), tuple(nums))


def _with_outputs(defn: cons.ConstructionDef, new: tuple[str, ...], args: list[str]) -> list[str]:
    """The short form ``x = on_line a b`` names only the inputs: put the new points in."""
    outputs = dict(zip(defn.outputs, new, strict=True))
    rest = iter(args)
    return [outputs[p] if p in outputs else next(rest) for p in defn.params] + list(rest)


def _check_call(call: Call, new: tuple[str, ...], defined: set[str], where: _Where) -> None:
    for p in cons.call_outputs(call):
        if p not in new:
            raise where.error(f"{call.name} introduces {p!r}, which is not among the clause's new points "
                              f"({' '.join(new)})")
    for p in cons.call_inputs(call):
        if p not in defined:
            raise where.error(f"point {p!r} is used before it is defined")


def _parse_clause(text: str, position: int, defined: set[str], where: _Where) -> Clause:
    where.clause, where.position = text, position
    lhs, eq, rhs = text.partition("=")
    if not eq or "=" in rhs:
        raise where.error("malformed clause: expected 'new points = construction args, …'")
    parsed = [_parse_point(t, where) for t in lhs.split()]
    if not parsed:
        raise where.error("clause introduces no points")
    new = tuple(name for name, _ in parsed)
    for i, p in enumerate(new):
        if p in defined or p in new[:i]:
            raise where.error(f"point {p!r} is defined twice")
    calls = tuple(_parse_call(part, new, where) for part in rhs.split(","))
    for call in calls:
        _check_call(call, new, defined, where)
    placed = {p for call in calls for p in cons.call_outputs(call)}
    for p in new:
        if p not in placed:
            raise where.error(f"point {p!r} is not placed by any construction of the clause")
    fixed = tuple((name, xy[0], xy[1]) for name, xy in parsed if xy is not None)
    return Clause(new, calls, fixed, position, text)


# ---------------------------------------------------------------------------
# Goals

def _goal_numbers(pred: str, tokens: list[str]) -> tuple[list[str], tuple[Fraction, ...]]:
    """Split goal tokens into points and (at most one) constant."""
    if PREDICATES[pred].numbers == 0 or not tokens:
        return tokens, ()
    parse = parse_angle if pred == "aconst" else parse_number
    if len(tokens) >= 2 and _is_integer(tokens[-1]) and _is_integer(tokens[-2]) and len(tokens) == 6:
        return tokens[:-2], (Fraction(int(tokens[-2]), int(tokens[-1])),)
    return tokens[:-1], (parse(tokens[-1]),)


def _is_integer(token: str) -> bool:
    return re.fullmatch(r"[-+]?\d+", token) is not None


def _parse_goal(text: str, defined: set[str], where: _Where) -> Statement:
    where.clause, where.position = f"? {text}", None
    tokens = text.split()
    if not tokens:
        raise where.error("empty goal after '?'")
    pred, args = tokens[0], tokens[1:]
    if pred not in GOAL_PREDICATES:
        raise where.error(f"unknown goal predicate {pred!r} (known: {', '.join(sorted(GOAL_PREDICATES))})")
    try:
        points, numbers = _goal_numbers(pred, args)
    except (ValueError, ZeroDivisionError):
        raise where.error(f"{pred}: expected a number, got {args[-1]!r}") from None
    spec = PREDICATES[pred]
    if not spec.arity_ok(len(points), len(numbers)):
        raise where.error(f"{pred} takes {spec.describe()}, got {len(points)} points"
                          + (f" and {len(numbers)} numbers" if numbers else ""))
    for p in points:
        if p not in defined:
            raise where.error(f"goal uses undefined point {p!r}")
    return Statement(pred, tuple(points), numbers)


# ---------------------------------------------------------------------------
# Problems and files

def parse_problem(name: str, line: str, source: str = "<string>") -> Problem:
    """Parse one problem line; raise ProblemError naming the clause at fault."""
    where = _Where(name, source)
    body, qmark, goal_text = line.partition("?")
    if "?" in goal_text:
        raise where.error("more than one '?' in the problem")
    defined: set[str] = set()
    order: list[str] = []
    clauses: list[Clause] = []
    for part in body.split(";"):
        text = " ".join(part.split())
        if not text:
            continue
        clause = _parse_clause(text, len(clauses) + 1, defined, where)
        clauses.append(clause)
        defined.update(clause.points)
        order.extend(clause.points)
    if not clauses:
        raise where.error("problem has no clauses")
    goal = _parse_goal(" ".join(goal_text.split()), defined, where) if qmark else None
    return Problem(name, tuple(clauses), goal, source, tuple(order))


def parse_file(text: str, source: str) -> list[Problem | ProblemError]:
    """Parse a file of (name line, problem line) pairs; bad problems come back as errors.

    Blank lines and lines starting with ``#`` are skipped.  A problem line that does
    not follow a name line is named after its line number.
    """
    out: list[Problem | ProblemError] = []
    pending: tuple[str, int] | None = None
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if "=" not in line:
            if pending is not None:
                out.append(ProblemError("name line is not followed by a problem line",
                                        source=f"{source}:{pending[1]}", problem=pending[0]))
            pending = (line, lineno)
            continue
        name = pending[0] if pending is not None else f"line {lineno}"
        pending = None
        try:
            out.append(parse_problem(name, line, f"{source}:{lineno}"))
        except ProblemError as err:
            log.debug("skipping problem: %s", err)
            out.append(err)
    if pending is not None:
        out.append(ProblemError("name line is not followed by a problem line",
                                source=f"{source}:{pending[1]}", problem=pending[0]))
    return out
