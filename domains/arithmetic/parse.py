"""Parser for arithmetic problems: symgen's own language and the ChenNEQ JSONL format.

A problem file holds a name line followed by a statement line for each problem;
blank lines and lines starting with ``#`` are skipped.  A statement is clauses
separated by ``;``, then `` ? `` and the goal::

    amgm
    a b c : positive; a*b*c = 1 ? a**2 + b**2 + c**2 >= a + b + c

A clause is a declaration or a relation.  A declaration ``a b c : positive``
gives variables one domain of ``problem.DOMAINS`` (``real``, ``positive``,
``nonneg``, ``integer``, ``natural``); the words ``reals``, ``positive reals``,
``nonnegative``, ``integers`` and ``naturals`` mean the same.  Every variable is
declared exactly once, anywhere in the statement.  A relation is
``lhs OP rhs`` with ``OP`` one of ``>= > <= < = !=`` (``<=`` and ``<`` are
read as ``>=`` and ``>`` with the sides swapped; sympy's ``Eq(l, r)`` and
``Ne(l, r)`` are accepted too), or, over integer and natural variables only,
``d | expr`` (a nonzero integer constant ``d`` divides ``expr``) or
``lhs = rhs (mod m)`` (an integer ``m >= 2``)::

    n : integer ? 6 | n**3 - n
    n : integer ? n**5 = n (mod 5)

Expressions use Python/sympy arithmetic: ``+ - * / **`` (``^`` is also a
power), parentheses, integers and decimals (read as exact rationals:
``0.5`` is 1/2, ``x**(1/3)`` a cube root), declared variables and the
functions ``sqrt``, ``cbrt``, ``Abs``, ``Min`` and ``Max``; nothing else.
``syntax.py`` reads them with its own grammar and builds the sympy objects, so no
text is ever evaluated, and it bounds their sizes (``symgen.limits.LIMITS``); a
statement is at most ``LIMITS.line_chars`` characters over at most
``LIMITS.variables`` variables.  A relation keeps the divisors it was written with
(``Relation.divisors``).

``parse_jsonl`` reads the benchmark format of ``benchmarks/arithmetic``: one
JSON object per line with ``name``, ``variables``, ``domain`` (``reals`` or
``positive reals``), ``hypotheses`` and ``goal`` as sympy relation strings.
Sign hypotheses ``v >= 0`` and ``v > 0`` become the variable's domain
(``nonneg``, ``positive``) and leave the hypothesis list.  ``parse_file`` reads
either format (JSONL when the text starts with ``{``).

Everything wrong with the text raises one ``ProblemError`` naming the problem,
the clause and the reason; ``parse_file`` and ``parse_jsonl`` collect them so
that one bad problem does not hide the others.
"""
from __future__ import annotations

import json
import keyword
import logging
import re
from typing import Collection

import sympy

from domains.arithmetic.problem import INTEGER_DOMAINS, Problem, Relation
from domains.arithmetic.syntax import FUNCTIONS, Expression, SyntaxProblem, read, shown, split_arguments
from symgen.errors import ProblemError
from symgen.limits import LIMITS, number
from symgen.pairs import statements

log = logging.getLogger(__name__)

DOMAIN_WORDS = {
    "real": "real", "reals": "real",
    "positive": "positive", "positive reals": "positive",
    "nonneg": "nonneg", "nonnegative": "nonneg", "nonnegative reals": "nonneg",
    "integer": "integer", "integers": "integer",
    "natural": "natural", "naturals": "natural",
}
# Relation operators, longest first; each maps to (Relation.op, swap sides).
_OPS = {">=": (">=", False), "<=": (">=", True), "==": ("=", False), "!=": ("!=", False),
        ">": (">", False), "<": (">", True), "=": ("=", False), "|": ("dvd", False)}
_WRAPPERS = {"Eq": "==", "Ne": "!="}   # sympy's relation calls, as operators

_RESERVED = frozenset(FUNCTIONS) | frozenset(_WRAPPERS) | {"mod"} | frozenset(keyword.kwlist)
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")
_MOD = re.compile(r"\(\s*mod\b([^()]*)\)\s*\Z")
_NOT_A_NAME_LINE = set("?;:<>=|!")
_SIGN_DOMAINS = {">=": "nonneg", ">": "positive"}
_SIGN_RANK = {"real": 0, "nonneg": 1, "positive": 2}


class _Where:
    """Where an error happened: the problem and, once known, the clause."""

    def __init__(self, name: str, source: str) -> None:
        self.name, self.source = name, source
        self.clause: str | None = None
        self.position: int | None = None

    def at(self, clause: str | None, position: int | None) -> None:
        self.clause, self.position = clause, position

    def error(self, reason: str) -> ProblemError:
        return ProblemError(reason, source=self.source, problem=self.name,
                            clause=self.clause, position=self.position)


# ---------------------------------------------------------------------------
# Expressions: read by the grammar of ``syntax.py``, which builds the sympy objects

def read_side(text: str, variables: Collection[str], where: _Where | None = None) -> Expression:
    """One expression over the declared variables, with its divisors; ProblemError if bad."""
    where = where or _Where("?", "<string>")
    try:
        return read(text.strip(), variables)
    except SyntaxProblem as err:
        raise where.error(str(err)) from None


def parse_expression(text: str, variables: Collection[str], where: _Where | None = None) -> sympy.Expr:
    """Read one expression over the declared ``variables`` (names) as exact sympy."""
    return read_side(text, variables, where).expr


# ---------------------------------------------------------------------------
# Relations

def _top_level_operators(text: str) -> list[tuple[int, str]]:
    """The relation operators outside parentheses, with their offsets."""
    found, depth, i = [], 0, 0
    while i < len(text):
        depth += (text[i] == "(") - (text[i] == ")")
        op = next((o for o in _OPS if text.startswith(o, i)), None) if depth == 0 else None
        found += [(i, op)] if op else []
        i += len(op) if op else 1
    return found


def _unwrap(text: str, where: _Where) -> tuple[str, str, str] | None:
    """``Eq(l, r)`` / ``Ne(l, r)`` as (l, op, r); None when the text is not one such call."""
    m = re.match(rf"({'|'.join(_WRAPPERS)})\s*\(", text)
    if not m or not text.endswith(")"):
        return None
    inner = text[m.end():-1]
    depth = 0
    for ch in inner:
        depth += (ch == "(") - (ch == ")")
        if depth < 0:
            return None   # the opening parenthesis closes before the end: 'Eq(a, b) + c ...'
    args = split_arguments(inner)
    if len(args) != 2:
        raise where.error(f"{m.group(1)} takes two arguments, got {len(args)}")
    return args[0], _WRAPPERS[m.group(1)], args[1]


def _split_relation(text: str, where: _Where) -> tuple[str, str, str]:
    """(lhs, operator, rhs) at the one top-level relation operator."""
    unwrapped = _unwrap(text, where)
    if unwrapped:
        lhs, op, rhs = unwrapped
    else:
        ops = _top_level_operators(text)
        if not ops and text.count("(") != text.count(")"):
            raise where.error(f"unbalanced parentheses in {text!r}")
        if not ops:
            raise where.error(f"expected a relation (one of {' '.join(_OPS)}), got {text!r}")
        if len(ops) > 1:
            shown = " and ".join(repr(op) for _, op in ops)
            raise where.error(f"more than one relation operator ({shown}); write one relation per clause")
        i, op = ops[0]
        lhs, rhs = text[:i], text[i + len(op):]
    for side, part in (("left", lhs), ("right", rhs)):
        if not part.strip():
            raise where.error(f"empty expression on the {side} of {op!r}")
    return lhs, op, rhs


def _split_modulus(text: str, where: _Where) -> tuple[str, int | None]:
    """Strip a trailing ``(mod m)``; m must be an integer >= 2."""
    m = _MOD.search(text)
    if not m:
        return text, None
    modulus = m.group(1).strip()
    try:
        value = number(modulus) if re.fullmatch(r"\d+", modulus) else None
    except ValueError as err:
        raise where.error(f"modulus: {err}") from None
    if value is None or value < 2:
        raise where.error(f"modulus must be an integer >= 2, got {shown(modulus)}")
    return text[:m.start()].strip(), int(value)


def _check_integer_relation(rel: Relation, domains: dict[str, str], where: _Where) -> None:
    if rel.op == "dvd" and not (rel.lhs.is_Integer and rel.lhs != 0):
        raise where.error(f"divisor must be a nonzero integer constant, got {str(rel.lhs)!r}")
    what = "divisibility '|'" if rel.op == "dvd" else f"congruence '(mod {rel.modulus})'"
    for var in sorted(str(s) for s in rel.lhs.free_symbols | rel.rhs.free_symbols):
        if domains[var] not in INTEGER_DOMAINS:
            raise where.error(f"{what} needs integer variables, but {var!r} is {domains[var]}")


def parse_relation(text: str, domains: dict[str, str], where: _Where | None = None) -> Relation:
    """Read one relation over the declared variables (name -> domain)."""
    where = where or _Where("?", "<string>")
    body, modulus = _split_modulus(text.strip(), where)
    lhs_text, op_text, rhs_text = _split_relation(body, where)
    op, swap = _OPS[op_text]
    if modulus is not None and op != "=":
        raise where.error(f"'(mod {modulus})' needs '=', got {op_text!r}")
    lhs, rhs = read_side(lhs_text, domains, where), read_side(rhs_text, domains, where)
    if swap:
        lhs, rhs = rhs, lhs
    divisors = tuple(sorted(set(lhs.divisors + rhs.divisors), key=sympy.default_sort_key))
    rel = Relation("cong" if modulus else op, lhs.expr, rhs.expr, modulus, divisors,
                   lhs.unsupported + rhs.unsupported)
    if rel.op in ("dvd", "cong"):
        _check_integer_relation(rel, domains, where)
    return rel


# ---------------------------------------------------------------------------
# Declarations and problems

def _declare(names: list[str], domain: str, domains: dict[str, str], where: _Where) -> None:
    for name in names:
        if not _NAME.match(name):
            raise where.error(f"{name!r} is not a variable name")
        if name in _RESERVED:
            raise where.error(f"{name!r} is reserved and cannot name a variable")
        if name in domains:
            raise where.error(f"variable {name!r} is declared twice")
        if len(domains) >= LIMITS.variables:
            raise where.error(f"more than {LIMITS.variables} variables")
        domains[name] = domain


def _declaration(text: str, domains: dict[str, str], where: _Where) -> None:
    """``a b c : positive`` (names may also be separated by commas)."""
    names, _, word = text.partition(":")
    domain = DOMAIN_WORDS.get(" ".join(word.lower().split()))
    if domain is None:
        raise where.error(f"unknown domain {word.strip()!r} (known: {', '.join(DOMAIN_WORDS)})")
    names = names.replace(",", " ").split()
    if not names:
        raise where.error("declaration names no variables")
    _declare(names, domain, domains, where)


def _parse_goal(text: str, domains: dict[str, str], where: _Where) -> Relation:
    text = " ".join(text.split())
    where.at(f"? {text}", None)
    if not text:
        raise where.error("empty goal after '?'")
    return parse_relation(text, domains, where)


def parse_problem(name: str, text: str, source: str = "<string>", line: int = 0) -> Problem:
    """Parse one statement line; raise ProblemError naming the clause at fault."""
    where = _Where(name, f"{source}:{line}" if line else source)
    if len(text) > LIMITS.line_chars:
        raise where.error(f"statement of {len(text)} characters (at most {LIMITS.line_chars})")
    body, qmark, goal = text.partition("?")
    if not qmark:
        raise where.error("missing '? goal' (a statement is clauses separated by ';', then ' ? ' and the goal)")
    if "?" in goal:
        raise where.error("more than one '?' in the statement")
    clauses = [c for c in (" ".join(part.split()) for part in body.split(";")) if c]
    domains: dict[str, str] = {}
    for position, clause in enumerate(clauses, start=1):
        if ":" in clause:
            where.at(clause, position)
            _declaration(clause, domains, where)
    hypotheses = []
    for position, clause in enumerate(clauses, start=1):
        if ":" not in clause:
            where.at(clause, position)
            hypotheses.append(parse_relation(clause, domains, where))
    goal_rel = _parse_goal(goal, domains, where)
    return Problem(name, tuple(domains), tuple(domains.values()), tuple(hypotheses), goal_rel, source, line)


def _attempt(parse, name: str, source: str, lineno: int, *args) -> Problem | ProblemError:
    """The parsed problem, or its error; never another exception (a bug in this module
    becomes that problem's error, so the other problems of the file still run)."""
    try:
        return parse(*args)
    except ProblemError as err:
        log.debug("skipping problem: %s", err)
        return err
    except Exception as err:        # noqa: BLE001 - one problem's error, never the file's
        log.debug("cannot read %s:%s", source, lineno, exc_info=True)
        return ProblemError(f"cannot be read ({type(err).__name__}: {str(err)[:200]})",
                            source=f"{source}:{lineno}", problem=name)


def _is_name_line(line: str) -> bool:
    return not _NOT_A_NAME_LINE & set(line)


def parse_file(text: str, source: str) -> list[Problem | ProblemError]:
    """Parse a file of (name line, statement line) pairs, or JSONL; bad problems come back as errors.

    A name line is a line without any of ``? ; : < > = | !``.  A statement line
    that does not follow a name line is named after its line number.
    """
    if text.lstrip().startswith("{"):
        return parse_jsonl(text, source)
    return [item if isinstance(item, ProblemError)
            else _attempt(parse_problem, item[0], source, item[1], item[0], item[2], source, item[1])
            for item in statements(text, source, _is_name_line)]


# ---------------------------------------------------------------------------
# JSONL benchmark records

_FIELDS = {"name": str, "variables": list, "domain": str, "hypotheses": list, "goal": str}


def _record(raw: str, where: _Where) -> dict:
    """The JSON object on one line, with the fields a problem needs."""
    if len(raw) > LIMITS.problem_chars:
        raise where.error(f"line of {len(raw)} characters (at most {LIMITS.problem_chars})")
    depth = _json_depth(raw)
    if depth > LIMITS.json_depth:
        raise where.error(f"bad JSON: nested {depth} deep (at most {LIMITS.json_depth})")
    try:
        record = json.loads(raw)
    except json.JSONDecodeError as err:
        raise where.error(f"bad JSON: {err.msg} at column {err.colno}") from None
    except (ValueError, RecursionError) as err:
        raise where.error(f"bad JSON: {err}") from None
    if not isinstance(record, dict):
        raise where.error(f"expected a JSON object, got {type(record).__name__}")
    if isinstance(record.get("name"), str):
        where.name = record["name"] if len(record["name"]) <= 200 else shown(record["name"])
    for field, kind in _FIELDS.items():
        if field not in record:
            raise where.error(f"missing field {field!r}")
        value = record[field]
        if not isinstance(value, kind) or (kind is list and not all(isinstance(v, str) for v in value)):
            raise where.error(f"field {field!r} must be {'a list of strings' if kind is list else 'a string'}")
    return record


def _json_depth(raw: str) -> int:
    """How deep the brackets of a JSON text nest (outside strings), without parsing it."""
    depth = deepest = 0
    in_string = escaped = False
    for ch in raw:
        if in_string:
            escaped, in_string = (False, True) if escaped else (ch == "\\", ch != '"')
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth -= 1
    return deepest


def _absorb_signs(domains: dict[str, str], hypotheses: list[Relation]) -> list[Relation]:
    """Turn ``v >= 0`` / ``v > 0`` into v's domain (in place); return the other hypotheses."""
    kept = []
    for rel in hypotheses:
        var = str(rel.lhs) if rel.lhs.is_Symbol and rel.rhs == 0 and rel.op in _SIGN_DOMAINS else None
        if var is None or domains[var] not in _SIGN_RANK:
            kept.append(rel)
            continue
        sign = _SIGN_DOMAINS[rel.op]
        if _SIGN_RANK[sign] > _SIGN_RANK[domains[var]]:
            domains[var] = sign
    return kept


def _jsonl_problem(raw: str, source: str, lineno: int) -> Problem:
    where = _Where(f"line {lineno}", f"{source}:{lineno}")
    record = _record(raw, where)
    domain = DOMAIN_WORDS.get(" ".join(record["domain"].lower().split()))
    if domain not in _SIGN_RANK:
        raise where.error(f"domain must be 'reals' or 'positive reals', got {record['domain']!r}")
    domains: dict[str, str] = {}
    where.at("variables", None)
    _declare(record["variables"], domain, domains, where)
    hypotheses = []
    for position, text in enumerate(record["hypotheses"], start=1):
        where.at(text, position)
        hypotheses.append(parse_relation(text, domains, where))
    kept = _absorb_signs(domains, hypotheses)
    goal = _parse_goal(record["goal"], domains, where)
    return Problem(where.name, tuple(domains), tuple(domains.values()), tuple(kept), goal, source, lineno)


def parse_jsonl(text: str, source: str) -> list[Problem | ProblemError]:
    """Parse one benchmark record per line; bad lines come back as errors, the others still parse."""
    return [_attempt(_jsonl_problem, f"line {lineno}", source, lineno, raw, source, lineno)
            for lineno, raw in enumerate(text.splitlines(), start=1) if raw.strip()]
