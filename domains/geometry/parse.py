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
written as two integers ``m n`` meaning m/n.  Several goals may follow the ``?``,
separated by ``;`` (the problem is solved when every one is proved).

Two dialects are read (``DIALECTS``): AlphaGeometry's and Newclid's.  Newclid's
takes ``parallelogram`` and ``square``'s new points first (``d = parallelogram d a b c``
is AlphaGeometry's ``parallelogram a b c d``), calls ``eq_trapezoid`` ``iso_trapezoid``,
writes angles in degrees with an ``o`` suffix (``s_angle b a c 60o``) and puts aux
clauses after ``|`` (read as more clauses).  A Newclid call is rewritten to its
AlphaGeometry form as it is read, so both dialects give the same ``Problem``; a file's
dialect is detected (``detect_dialect``) unless it is given.  Newclid's goals
``simtrir``/``contrir`` are symgen's ``simtri2``/``contri2``.  In either dialect, fixed
lengths (``lconst``, ``l2const``) and the goals ``lconst`` and ``r2const`` are read as
ratios (``lengths``).  Goals that are side conditions (``sameclock``, ``oppclock``,
``sameside``, ``nsameside``, ``obtuse_angle``, ``ncoll``, ``npara``, ``nperp``, ``diff``:
``conditions.CONDITIONS``) are read, in either dialect, into ``Problem.conditions``;
equations symgen's engine cannot state (``lequation``, ``aequation``) and ``acompute``
are refused by name.

Everything wrong with the text raises one ``ProblemError`` naming the problem,
the clause and the reason; ``parse_file`` collects them so that one bad problem
does not hide the others.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from fractions import Fraction

from domains.geometry import constructions as cons
from domains.geometry import lengths
from domains.geometry.conditions import CONDITIONS
from domains.geometry.numeric import GOAL_PREDICATES, PREDICATES
from domains.geometry.problem import Call, Clause, Condition, Problem, Statement
from symgen import limits
from symgen.errors import ProblemError
from symgen.limits import LIMITS
from symgen.pairs import statements

log = logging.getLogger(__name__)

_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_']*\Z")
_NOT_FINITE = frozenset({"nan", "inf", "infinity"})
_PI = re.compile(r"(?P<num>[-+]?[0-9]*)\s*pi(?:\s*/\s*(?P<den>[0-9]+))?\Z")


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
# Dialects

@dataclass(frozen=True)
class Dialect:
    """How one dialect writes the language, as differences from AlphaGeometry's."""
    name: str
    renames: dict[str, str] = field(default_factory=dict)   # its name -> AlphaGeometry's
    orders: dict[str, tuple[str, ...]] = field(default_factory=dict)  # its order of the params
    degrees_suffix: str | None = None     # '60o': a number in degrees
    aux_separator: str | None = None      # '|': what follows are more clauses
    goal_renames: dict[str, str] = field(default_factory=dict)    # its goal name -> symgen's

    def construction(self, name: str) -> cons.ConstructionDef | None:
        return cons.lookup(self.renames.get(name, name))

    def params(self, defn: cons.ConstructionDef) -> tuple[str, ...]:
        return self.orders.get(defn.name, defn.params)


AG = Dialect("ag")
NEWCLID = Dialect("newclid", renames={"iso_trapezoid": "eq_trapezoid"},
                  orders={"parallelogram": ("x", "a", "b", "c"), "square": ("x", "y", "a", "b")},
                  degrees_suffix="o", aux_separator="|",
                  goal_renames={"simtrir": "simtri2", "contrir": "contri2"})
DIALECTS: dict[str, Dialect] = {d.name: d for d in (AG, NEWCLID)}

_DEGREES = re.compile(r"\s[-+]?[0-9]+(?:\.[0-9]+)?o(?=[\s,;?|]|\Z)")
_FIRST_ORDER = re.compile(r"(?:^|[;|])\s*([^=;|]*)=\s*(?:[^;|]*,)?\s*(parallelogram|square)\s+(\S+)")


def detect_dialect(text: str) -> Dialect:
    """Newclid's if the text uses what only Newclid's dialect has, else AlphaGeometry's.

    The marks: an aux ``|``, an angle ``60o``, a construction only Newclid names, or a
    ``parallelogram``/``square`` whose first argument is one of its clause's new points
    (in AlphaGeometry's order the first argument is an existing point).
    """
    for line in text.splitlines():
        if line.lstrip().startswith("#") or "=" not in line:
            continue
        if "|" in line or _DEGREES.search(line):
            return NEWCLID
        if any(re.search(rf"\b{re.escape(name)}\b", line) for name in NEWCLID.renames):
            return NEWCLID
        for m in _FIRST_ORDER.finditer(line):
            if m.group(3) in {t.partition("@")[0] for t in m.group(1).split()}:
                return NEWCLID
    return AG


# ---------------------------------------------------------------------------
# Numbers
#
# Every number of the language is read by ``symgen.limits.number`` (bounded digits and
# exponent: ``Fraction("1e999999999")`` would build a billion-digit integer) and must lie
# within ``LIMITS.coordinate``, so that the diagram can take its float.

_NUMERIC = re.compile(r"[-+0-9.eE/]*[0-9][-+0-9.eE/]*\Z")


def parse_number(token: str) -> Fraction:
    """An integer, decimal or fraction ('-15', '1.5', '1/3'); ValueError naming the reason."""
    text = token.strip()
    if not _NUMERIC.match(text):
        raise ValueError(f"expected a number, got {_shown(token)}")
    return _bounded(limits.number(text), token)


def _bounded(value: Fraction, token: str) -> Fraction:
    if abs(value) > LIMITS.coordinate:
        raise ValueError(f"{_shown(token)} is beyond ±{LIMITS.coordinate:g}")
    return value


def parse_angle(token: str) -> Fraction:
    """An angle in units of pi: '1/3', 'pi/3', '2pi/3', 'pi', or degrees '60deg'."""
    text = token.strip().lower()
    if text.endswith("deg"):
        return parse_number(text[:-3]) / 180
    m = _PI.match(text)
    if m is None:
        return parse_number(text)
    num, den = m.group("num"), m.group("den")
    value = parse_number(num) if num not in ("", "+", "-") else Fraction(-1 if num == "-" else 1)
    if den is not None:
        if int(den) == 0 or len(den) > LIMITS.digits:
            raise ValueError(f"{_shown(token)}: bad denominator")
        value /= int(den)
    return _bounded(value, token)


def _shown(text: str) -> str:
    """A token of the input for an error message, cut short if long."""
    return repr(text) if len(text) <= 40 else repr(text[:30] + "...") + f" ({len(text)} characters)"


def _is_number(token: str) -> bool:
    try:
        parse_angle(token)
    except ValueError:
        return False
    return True


# ---------------------------------------------------------------------------
# Clauses

def _parse_point(token: str, where: _Where) -> tuple[str, tuple[float, float] | None]:
    name, at, coords = token.partition("@")
    if not _NAME.match(name):
        raise where.error(f"{_shown(token)} is not a point name")
    if not at:
        return name, None
    x, sep, y = coords.partition("_")
    try:
        return name, (_coordinate(x, token), _coordinate(y, token))
    except ValueError as err:
        raise where.error(str(err)) from None


def _coordinate(text: str, token: str) -> float:
    """One fixed coordinate of ``token``: a finite number within ``LIMITS.coordinate``."""
    try:
        value = float(limits.number(text))
    except ValueError:
        if text.strip().lower().lstrip("+-") in _NOT_FINITE:
            raise ValueError(f"fixed coordinate {_shown(text)} of {_shown(token)} is not finite") from None
        raise ValueError(f"bad fixed coordinates {_shown(token)} (expected name@x_y, "
                         f"e.g. a@1.5_-2)") from None
    if abs(value) > LIMITS.coordinate:
        raise ValueError(f"fixed coordinate {_shown(text)} of {_shown(token)} is too large "
                         f"(beyond ±{LIMITS.coordinate:g})")
    return value


def _parse_call(text: str, new: tuple[str, ...], where: _Where, dialect: Dialect = AG) -> Call:
    tokens = text.split()
    if not tokens:
        raise where.error("empty construction call")
    name, args = tokens[0], tokens[1:]
    defn = dialect.construction(name)
    if defn is None:
        near = cons.closest(name)
        hint = f" (did you mean {near!r}?)" if near else ""
        raise where.error(f"unknown construction {_shown(name)}{hint}")
    params = dialect.params(defn)
    short = len(args) == cons.arity(defn) - len(defn.outputs) and not set(args) & set(new)
    if short and len(defn.outputs) == len(new):
        args = _with_outputs(defn, params, new, args)
    if len(args) != cons.arity(defn):
        raise where.error(f"{name} takes {cons.arity(defn)} arguments ({defn.usage()}), got {len(args)}")
    points, numbers = args[:len(params)], args[len(params):]
    for p in points:
        if not _NAME.match(p):
            raise where.error(f"{name}: expected a point name, got {_shown(p)}")
    nums = []
    for t in numbers:
        try:
            nums.append(_call_number(t, dialect))
        except ValueError as err:
            raise where.error(f"{name}: {err}") from None
    if defn.positive and any(n <= 0 for n in nums):
        raise where.error(f"{name}: its number (a ratio or a length) must be positive, got "
                          f"{' '.join(numbers)}")
    given = dict(zip(params, points, strict=True))
    return Call(defn.name, tuple(given[p] for p in defn.params), tuple(nums))


def _call_number(token: str, dialect: Dialect) -> Fraction:
    """A construction's number; in a dialect with a degrees suffix '60o' is 60 (degrees)."""
    suffix = dialect.degrees_suffix
    if suffix and token.endswith(suffix) and len(token) > len(suffix):
        return parse_number(token[:-len(suffix)])
    return parse_number(token)


def _with_outputs(defn: cons.ConstructionDef, params: tuple[str, ...], new: tuple[str, ...],
                  args: list[str]) -> list[str]:
    """The short form ``x = on_line a b`` names only the inputs: put the new points in."""
    outputs = dict(zip(defn.outputs, new, strict=True))
    rest = iter(args)
    return [outputs[p] if p in outputs else next(rest) for p in params] + list(rest)


def _check_call(call: Call, new: tuple[str, ...], defined: set[str], where: _Where) -> None:
    for p in cons.call_outputs(call):
        if p not in new:
            raise where.error(f"{call.name} introduces {_shown(p)}, which is not among the clause's new points "
                              f"({' '.join(new) if len(new) < 10 else _shown(' '.join(new))})")
    for p in cons.call_inputs(call):
        if p not in defined:
            raise where.error(f"point {_shown(p)} is used before it is defined")


def _parse_clause(text: str, position: int, defined: set[str], where: _Where,
                  dialect: Dialect = AG, earlier: tuple[Call, ...] = ()) -> Clause:
    where.clause, where.position = text, position
    lhs, eq, rhs = text.partition("=")
    if not eq or "=" in rhs:
        raise where.error("malformed clause: expected 'new points = construction args, …'")
    tokens = lhs.split()
    if len(defined) + len(tokens) > LIMITS.points:
        raise where.error(f"more than {LIMITS.points} points")
    parsed = [_parse_point(t, where) for t in tokens]
    if not parsed:
        raise where.error("clause introduces no points")
    new = tuple(name for name, _ in parsed)
    seen: set[str] = set()
    for p in new:
        if p in defined or p in seen:
            raise where.error(f"point {_shown(p)} is defined twice")
        seen.add(p)
    calls: tuple[Call, ...] = ()
    for part in rhs.split(","):
        call = _parse_call(part, new, where, dialect)
        try:
            calls += (lengths.rewrite_call(call, earlier + calls, defined),)
        except ValueError as err:
            raise where.error(str(err)) from None
    for call in calls:
        _check_call(call, new, defined, where)
    placed = {p for call in calls for p in cons.call_outputs(call)}
    for p in new:
        if p not in placed:
            raise where.error(f"point {_shown(p)} is not placed by any construction of the clause")
    fixed = tuple((name, xy[0], xy[1]) for name, xy in parsed if xy is not None)
    return Clause(new, calls, fixed, position, text)


# ---------------------------------------------------------------------------
# Goals

def _goal_numbers(pred: str, tokens: list[str]) -> tuple[list[str], tuple[Fraction, ...]]:
    """Split goal tokens into points and (at most one) constant."""
    if PREDICATES[pred].numbers == 0 or not tokens:
        return tokens, ()
    parse = parse_angle if pred == "aconst" else parse_number
    if len(tokens) == 6 and _is_integer(tokens[-1]) and _is_integer(tokens[-2]):
        num, den = parse_number(tokens[-2]), parse_number(tokens[-1])
        if den == 0:
            raise ValueError(f"{tokens[-2]} {tokens[-1]} divides by zero")
        return tokens[:-2], (_bounded(num / den, f"{tokens[-2]} {tokens[-1]}"),)
    return tokens[:-1], (parse(tokens[-1]),)


def _is_integer(token: str) -> bool:
    return re.fullmatch(r"[-+]?[0-9]+", token) is not None


_UNSTATABLE = {
    "acompute": "it asks for an angle to be computed, not for a statement to be proved",
    "lequation": "a linear equation over lengths, which symgen's engine cannot state",
    "aequation": "a linear equation over angles, which symgen's engine cannot state",
}


def _goal_tokens(pred: str, args: list[str], dialect: Dialect, earlier: tuple[Call, ...],
                 where: _Where) -> tuple[str, list[str]]:
    """The dialect's goal as symgen's: renamed, degrees as 'deg', lengths as ratios."""
    pred = dialect.goal_renames.get(pred, pred)
    if pred in _UNSTATABLE:
        raise where.error(f"goal predicate {_shown(pred)} is not supported: {_UNSTATABLE[pred]}")
    suffix = dialect.degrees_suffix
    if pred == "aconst" and suffix and args and args[-1].endswith(suffix) and _is_number(args[-1][:-len(suffix)]):
        args = [*args[:-1], args[-1][:-len(suffix)] + "deg"]
    try:
        return lengths.rewrite_goal(pred, args, earlier)
    except ValueError as err:
        raise where.error(str(err)) from None


def _parse_condition(tokens: list[str], defined: set[str], where: _Where, k: int) -> Condition:
    """A side condition (``conditions.CONDITIONS``), goal ``k`` after the '?': its name
    and point names only."""
    pred, args = tokens[0], tokens[1:]
    defn = CONDITIONS[pred]
    at = f"goal {k}, side condition {pred}"
    if not defn.arity_ok(len(args)):
        raise where.error(f"{at} takes {defn.describe()}, got {len(args)}")
    for p in args:
        if not _NAME.match(p):
            raise where.error(f"{at}: expected a point name, got {_shown(p)}")
        if p not in defined:
            raise where.error(f"{at} uses undefined point {_shown(p)}")
    return Condition(pred, tuple(args))


def _parse_goal(text: str, defined: set[str], where: _Where, dialect: Dialect = AG,
                earlier: tuple[Call, ...] = (), k: int = 1) -> Statement | Condition:
    """Goal ``k`` after the '?': a statement to prove, or a side condition."""
    where.clause, where.position = f"? {text}", None
    tokens = text.split()
    if not tokens:
        raise where.error("empty goal after '?'")
    if tokens[0] in CONDITIONS:
        return _parse_condition(tokens, defined, where, k)
    pred, args = _goal_tokens(tokens[0], tokens[1:], dialect, earlier, where)
    if pred not in GOAL_PREDICATES:
        raise where.error(f"unknown goal predicate {_shown(pred)} (known: {', '.join(sorted(GOAL_PREDICATES))})")
    try:
        points, numbers = _goal_numbers(pred, args)
    except ValueError as err:
        raise where.error(f"{pred}: {err}") from None
    spec = PREDICATES[pred]
    if not spec.arity_ok(len(points), len(numbers)):
        raise where.error(f"{pred} takes {spec.describe()}, got {len(points)} points"
                          + (f" and {len(numbers)} numbers" if numbers else ""))
    for p in points:
        if p not in defined:
            raise where.error(f"goal uses undefined point {_shown(p)}")
    return Statement(pred, tuple(points), numbers)


# ---------------------------------------------------------------------------
# Problems and files

def parse_problem(name: str, line: str, source: str = "<string>", dialect: Dialect = AG) -> Problem:
    """Parse one problem line; raise ProblemError naming the clause at fault."""
    where = _Where(name, source)
    if len(line) > LIMITS.problem_chars:
        raise where.error(f"problem of {len(line)} characters (at most {LIMITS.problem_chars})")
    body, qmark, goal_text = line.partition("?")
    if "?" in goal_text:
        raise where.error("more than one '?' in the problem")
    if dialect.aux_separator:
        body = body.replace(dialect.aux_separator, ";")
    defined: set[str] = set()
    order: list[str] = []
    clauses: list[Clause] = []
    for part in body.split(";"):
        text = " ".join(part.split())
        if not text:
            continue
        earlier = tuple(call for c in clauses for call in c.calls)
        clause = _parse_clause(text, len(clauses) + 1, defined, where, dialect, earlier)
        clauses.append(clause)
        defined.update(clause.points)
        order.extend(clause.points)
    if not clauses:
        raise where.error("problem has no clauses")
    calls = tuple(call for clause in clauses for call in clause.calls)
    parts = [" ".join(part.split()) for part in goal_text.split(";")]
    if qmark and not any(parts):
        raise where.error("empty goal after '?'")
    asked = [_parse_goal(part, defined, where, dialect, calls, k)
             for k, part in enumerate((p for p in parts if p), start=1)] if qmark else []
    goals = [g for g in asked if isinstance(g, Statement)]
    conditions = tuple(g for g in asked if isinstance(g, Condition))
    return Problem(name, tuple(clauses), goals[0] if goals else None, source, tuple(order),
                   tuple(goals[1:]), conditions)


def parse_file(text: str, source: str, dialect: str | None = None) -> list[Problem | ProblemError]:
    """Parse a file of (name line, problem line) pairs; bad problems come back as errors.

    Blank lines and lines starting with ``#`` are skipped.  A problem line that does
    not follow a name line is named after its line number.  ``dialect`` is a key of
    ``DIALECTS``; None detects it from the text.
    """
    spoken = detect_dialect(text) if dialect is None else DIALECTS[dialect]
    out: list[Problem | ProblemError] = []
    for item in statements(text, source, lambda line: "=" not in line, "problem"):
        if isinstance(item, ProblemError):
            out.append(item)
            continue
        name, lineno, line = item
        try:
            out.append(parse_problem(name, line, f"{source}:{lineno}", spoken))
        except ProblemError as err:
            log.debug("skipping problem: %s", err)
            out.append(err)
    return out
