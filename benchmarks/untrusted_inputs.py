"""Issue 27's bar, measured: a few hundred adversarial inputs through the installed ``symgen``.

    python benchmarks/untrusted_inputs.py [--timeout 2] [--workers 2]
        [--only geometry|arithmetic|code|check|generate] [--json OUT] [--keep DIR]

Every input is built here, in a temporary folder (``--keep DIR`` keeps it, and caches the
corpora there), by seeded generators: the inputs the issue lists, and variants of the same
kinds (other constructions, predicates and functions, other huge numbers and nestings,
other payloads, truncations and mutations of valid problems, binary garbage, empty files,
CRLF, byte-order marks, NUL bytes, 1 MB lines, unicode look-alikes).  Each runs as its own
``symgen`` process (the script beside ``sys.executable``), in its own folder, under a
memory cap of ``MEMORY`` bytes, and is judged on what a user sees:

* **prove** (one row per domain and kind): a bad problem, then the known-good problem
  ``good_after_bad`` of the same domain, in one file, ``symgen prove FILE --domain D
  --timeout T`` (some with ``--proposer heuristic``).  A failure is: a traceback; a hang
  (not done T + 15 s past its budget, killed); over time (wall time past problems × T +
  the startup time + 1 s; the startup is one trivial problem's wall time, measured beside
  the same load; a case over time is run again alone and counts only if over again); code
  executed (a payload's sentinel file exists afterwards); the good problem not proved after
  the bad one; a false proof (a problem whose goal is false printed as proved, unless its
  proof states what makes it true: "mathematical integers", "partial correctness"); an
  unexpected exit code (3 for a refused problem, 1 for not proved, 0 only when everything
  is proved, 4 never, and the code must agree with what was printed); an unclear error (a
  refused problem must give exactly one stderr line, starting ``error:``, naming the file
  and the problem, at most 1000 characters).  Whole-file cases (an empty file, only
  comments, a folder, a missing file, not UTF-8, past the size bound) must give exit 3
  and one such line.
* **check**: one small corpus per domain (``symgen generate``), copied and tampered with
  (a deleted, duplicated or retyped record, a changed goal, proof line or aux, a manifest
  naming a file outside the corpus, invalid UTF-8, a JSON line nested 100000 deep, a code
  payload in a fact, ...), most twice: with the manifest's hashes left stale and with them
  recomputed, as someone who edits a corpus would.  ``symgen check`` must catch each (exit
  1, or 3 when the folder is not a corpus), pass the untouched copy (exit 0), run no code
  and read nothing outside the folder.
* **generate**: ``--out`` unwritable, a file, a folder of someone else's files, a finished
  larger corpus, an unreachable Dask scheduler, bad flags: one line, the right exit code,
  nothing overwritten, shrunk or left empty.

Prints the table (per domain and kind: cases and each failure's count), then one line per
failing case (its name, what failed, the first line of stderr); ``--json`` writes every
case's outcome.  Exit 0 when every case passes, 1 otherwise.  The script imports nothing of
symgen: it sees the program as a user does.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from statistics import median
from typing import Callable, Iterable

import numpy as np

SEED = 27
GOOD_NAME = "good_after_bad"
MEMORY = 6 * 2**30            # address-space cap of each symgen process (the VM has 23 GB)
HANG_GRACE = 15.0             # seconds past a case's budget before it counts as a hang
ERROR_CHARS = 1000            # the longest error line that still counts as one clear line
SENTINEL = "PWNED"            # a payload that runs creates this file in its case folder
HEURISTIC = ("--proposer", "heuristic")
DOMAINS = ("geometry", "arithmetic", "code")
# A Python exception named in an error or a check failure: a crash dressed as a message.
CRASH = re.compile(r"\b(TypeError|KeyError|AttributeError|IndexError|ValueError|RecursionError|"
                   r"ZeroDivisionError|OverflowError|MemoryError|NameError|UnboundLocalError)\b")
FAILURES = ("traceback", "hang", "over time", "code executed", "good after bad", "false proof",
            "exit code", "unclear error", "not caught", "damage")

GOOD = {
    "geometry": f"{GOOD_NAME}\na b c = triangle a b c; m = midpoint m a b; n = midpoint n a c"
                " ? para m n b c\n",
    "arithmetic": f"{GOOD_NAME}\na b : real ? a**2 + b**2 >= 2*a*b\n",
    "code": f"program {GOOD_NAME}\nvar i = 0;\nvar n;\nwhile (i < n) {{\n  i = i + 1;\n}}\n"
            "assert(i >= 0);\n",
}
GOOD_JSONL = json.dumps({"name": GOOD_NAME, "variables": ["a", "b"], "domain": "reals",
                         "hypotheses": [], "goal": "a**2 + b**2 >= 2*a*b"}) + "\n"

# Valid problems (name, text) that the mutations, truncations and encodings start from.
BASES = {
    "geometry": (
        ("orthocenter", "a b c = triangle a b c; d = foot d a b c; e = foot e b c a; "
                        "h = on_line h a d, on_line h b e ? perp c h a b"),
        ("circumcenter_perp", "a b c = triangle a b c; o = circle o a b c; m = midpoint m b c"
                              " ? perp o m b c"),
        ("iso_median", "a b c = iso_triangle a b c; m = midpoint m b c ? perp a m b c"),
        ("tangents_cyclic", "a b c = triangle a b c; o = circle o a b c; h = midpoint h c b; "
                            "d = on_line d o h, on_line d a b; e = on_tline e c c o, "
                            "on_tline e a a o ? cyclic a o e d"),
    ),
    "arithmetic": (
        ("sum_of_squares", "a b c : real ? a**2 + b**2 + c**2 >= a*b + b*c + c*a"),
        ("amgm_constraint", "a b c : positive; a + b + c = 3 ? a*b + b*c + c*a <= 3"),
        ("consecutive", "n : integer ? 6 | n*(n + 1)*(n + 2)"),
        ("fermat_five", "n : integer ? n**5 = n (mod 5)"),
    ),
    "code": (
        ("counter", "var i = 0;\nvar n;\nwhile (i < n) {\n  i = i + 1;\n}\nassert(i >= 0);"),
        ("straight", "var x = 0;\nvar y;\nassume(y >= 3);\nx = x + y;\nassert(x >= 3);"),
        ("branches", "var x = 0;\nif (*) {\n  x = x + 2;\n} else {\n  x = x + 3;\n}\n"
                     "assert(x >= 2);"),
    ),
}
C_BASE = ("int main() {\n  int i = 0;\n  int n;\n  assume(n >= 0);\n  while (i < n) {\n"
          "    i = i + 1;\n  }\n  assert(i >= 0);\n}\n")

VOCAB = {
    "geometry": ("a", "b", "c", "d", "x", "=", ";", "?", ",", "triangle", "midpoint", "foot",
                 "on_line", "on_circle", "circle", "s_angle", "perp", "para", "cong", "aconst",
                 "1/3", "pi/2", "a@1_2", "free", "segment"),
    "arithmetic": ("a", "b", "n", ":", "real", "positive", "integer", ";", "?", "+", "-", "*",
                   "**", "^", "/", "(", ")", ">=", "<=", "=", "!=", "|", "(mod", "3", "1/2",
                   "sqrt", "Eq", ","),
    "code": ("program", "var", "x", "i", "n", "=", ";", "while", "(", ")", "{", "}", "if",
             "else", "*", "assert", "assume", "<", "<=", "==", "!=", "&&", "||", "!", "+", "-",
             "0", "1", "true", "\n"),
}

# Python that creates the sentinel if anything evaluates it ({S} is the sentinel's path).
PAYLOADS = (
    "Integer.__new__.__globals__['__builtins__']['__import__']('os').system('touch {S}')",
    "__import__('os').system('touch {S}')",
    "eval(\"__import__('os').system('touch {S}')\")",
    "exec(\"open('{S}', 'w').close()\")",
    "(lambda: __import__('os').system('touch {S}'))()",
    "open('" + SENTINEL + "', 'w')",
    "getattr(__builtins__, 'exec')(\"open('{S}', 'w')\")",
    "globals()['__builtins__']['open']('{S}', 'w')",
    "a.__class__.__init__.__globals__['__builtins__']['__import__']('os').system('touch {S}')",
    "().__class__.__base__.__subclasses__()[-1].__init__.__globals__['sys'].modules['os']"
    ".system('touch {S}')",
    "sympify(\"__import__('os').system('touch {S}')\")",
    "S(\"__import__('os').system('touch {S}')\")",
    "parse_expr(\"__import__('os').system('touch {S}')\")",
    "__import__('subprocess').call(['touch', '{S}'])",
    "__import__('pathlib').Path('{S}').touch()",
    "compile(\"open('{S}', 'w')\", 'x', 'exec')",
    "Function('__import__')('os')",
    "Lambda(a, __import__('os').system('touch {S}'))(a)",
    "a.__reduce_ex__(2)[0].__globals__['__builtins__']['__import__']('os').system('touch {S}')",
    "[k for k in ().__class__.__bases__[0].__subclasses__() if k.__name__ == 'Popen'][0]"
    "(['touch', '{S}'])",
    "__import__('os').kill(__import__('os').getpid(), 9)",
    "breakpoint()",
)


# ---------------------------------------------------------------------------
# Cases

@dataclass(frozen=True)
class Case:
    """One ``symgen prove`` run: a bad input, usually followed by ``good_after_bad``.

    ``expect`` is what the bad problem may do: ``refuse`` (one clear error), ``unproved``
    (its goal is false: refused or not proved), ``any`` (anything but a crash) or ``prove``
    (a valid problem in another spelling).  ``problem`` is the name its error must carry;
    ``errors`` the most error lines it may give (None: any number, each clear);
    ``proof_says`` what a proof of it must state to count as honest, ``says`` what the
    output must state whatever happens; ``layout`` is ``file``, ``dir``, ``missing`` or
    ``sparse`` (a file past the size bound); ``whole`` rewrites the whole file's text.
    """

    name: str
    domain: str
    kind: str
    text: str
    expect: str = "refuse"
    problem: str | None = None
    good: bool = True
    jsonl: bool = False
    flags: tuple[str, ...] = ()
    errors: int | None = 1
    problems: int = 1
    proof_says: str | None = None
    says: str | None = None
    suffix: str = ".txt"
    layout: str = "file"
    whole: Callable[[str], str | bytes] | None = None


def case(domain: str, kind: str, name: str, text: str, **kw) -> Case:
    return Case(name=f"{domain}/{kind}/{name}", domain=domain, kind=kind, text=text, **kw)


def named(domain: str, name: str, body: str) -> str:
    """A problem of ``domain`` called ``name``: a name line, or a ``program`` line."""
    return f"program {name}\n{body}\n" if domain == "code" else f"{name}\n{body}\n"


def _refusals(domain: str, kind: str, rows: Iterable[tuple], expect: str = "refuse", **kw) -> list[Case]:
    """Cases from ``(name, body[, expect])`` rows, each body a problem called ``name``."""
    return [case(domain, kind, name, named(domain, name, body), expect=rest[0] if rest else expect,
                 problem=name, **kw) for name, body, *rest in rows]


# ---------------------------------------------------------------------------
# Geometry cases

def geometry_listed(rng: np.random.Generator) -> list[Case]:
    rows = (("s_angle_1e999999999", "a b = segment a b; x = s_angle b a x 1e999999999 ? perp a b a x"),
            ("aconst_1e999999999", "a b c = triangle a b c ? aconst a b a c 1e999999999"),
            ("fixed_nan", "a@nan_0 b@1_0 c@0_1 = triangle a b c ? perp a b a c"),
            ("fixed_inf", "a@inf_0 b@1_0 c@0_1 = triangle a b c ? perp a b a c"),
            ("fixed_1e308", "a@1e308_1e308 b@1_0 c@0_1 = triangle a b c ? perp a b a c"),
            ("collinear_fixed_triangle", "a@0_0 b@1_0 c@2_0 = triangle a b c; m = midpoint m a b"
                                         " ? coll a b m"))
    return _refusals("geometry", "listed", rows)


_GEO_NUMBER_SLOTS = (
    ("s_angle", "a b = segment a b; x = s_angle b a x {N} ? perp a b a x"),
    ("aconst", "a b c = triangle a b c ? aconst a b a c {N}"),
    ("rconst", "a b c = triangle a b c ? rconst a b a c {N}"),
    ("fixed", "a@{N}_0 b@1_0 c@0_1 = triangle a b c ? perp a b a c"),
)
_GEO_NUMBERS = (("1e999999999", "refuse"), ("-1e999999999", "refuse"), ("1e-999999999", "refuse"),
                ("9" * 1001, "refuse"), ("1/" + "7" * 500, "refuse"), ("1e1001", "refuse"),
                ("10**1000", "refuse"), ("1/0", "refuse"), ("nan", "refuse"), ("-inf", "refuse"),
                ("1_000", "any"), ("0x10", "refuse"), ("\u0661\u0660", "any"), ("1e+999999999", "refuse"))


def geometry_numbers(rng: np.random.Generator) -> list[Case]:
    out = []
    for slot, template in _GEO_NUMBER_SLOTS:
        for k, (number, expect) in enumerate(_GEO_NUMBERS):
            name = f"{slot}_{k}"
            out.append(case("geometry", "huge numbers", name,
                            named("geometry", name, template.replace("{N}", number)),
                            expect=expect, problem=name))
    extra = (("aconst_pi", "a b c = triangle a b c ? aconst a b a c 999999999999pi/7", "any"),
             ("aconst_deg", "a b c = triangle a b c ? aconst a b a c 60e999999deg"),
             ("aconst_pi_zero", "a b c = triangle a b c ? aconst a b a c 2pi/0"),
             ("rconst_m_n_zero", "a b c = triangle a b c ? rconst a b a c 1 0"),
             ("fixed_tiny", "a@1e-308_0 b@1_0 c@0_1 = triangle a b c ? perp a b a c", "unproved"),
             ("fixed_coincide", "a@1_1 b@1_1 c@0_1 = triangle a b c ? perp a b a c"))
    return out + _refusals("geometry", "huge numbers", extra)


def geometry_sizes(rng: np.random.Generator) -> list[Case]:
    free = lambda n: "; ".join(f"p{i} = free p{i}" for i in range(n))  # noqa: E731
    pairs = [(i, j) for i in range(20) for j in range(i + 1, 20)][:150]
    chain = free(20) + "; " + "; ".join(f"d{k} = midpoint d{k} p{i} p{j}"
                                        for k, (i, j) in enumerate(pairs))
    rows = (("points_300", free(300) + " ? cong p0 p1 p2 p3"),
            ("points_199", free(199) + " ? cong p0 p1 p2 p3", "unproved"),
            ("midpoints_150", chain + " ? perp p0 p1 p2 p3", "unproved"),
            ("calls_10000", "a b c = triangle a b c; x = " + ", ".join(["on_line x a b"] * 10000)
             + " ? perp x a b c", "any"),
            ("line_1mb", "a b c = triangle a b c; " + "x" * 2**20 + " = free ? perp a b a c"),
            ("semicolons_100000", "a b c = triangle a b c" + ";" * 100000 + " ? perp a b a c"),
            ("goal_args_10000", "a b c = triangle a b c ? perp " + " ".join(["a"] * 10000)),
            ("questions_5000", "a b c = triangle a b c " + "? perp a b a c " * 5000),
            ("point_name_10000", "a" * 10000 + " b c = triangle " + "a" * 10000 + " b c ? perp b c b c",
             "any"),
            ("outputs_1000", " ".join(f"q{i}" for i in range(1000)) + " = triangle a b c"),
            ("clauses_5000", "a b c = triangle a b c; " + "; ".join(["m = midpoint m a b"] * 5000)))
    heavy = (("points_199_heuristic", rows[1][1], "unproved"),
             ("midpoints_150_heuristic", rows[2][1], "unproved"))
    cases = _refusals("geometry", "sizes", rows) + _refusals("geometry", "sizes", heavy, flags=HEURISTIC)
    name = "n" * 2**20
    cases.append(case("geometry", "sizes", "name_line_1mb", f"{name}\n{BASES['geometry'][1][1]}\n",
                      expect="any"))
    many = "".join(named("geometry", f"bad{i}", "a b c = triangle a b c ? frob a b")
                   for i in range(500))
    cases.append(case("geometry", "sizes", "bad_problems_500", many, errors=500, problems=500))
    return cases


def geometry_syntax(rng: np.random.Generator) -> list[Case]:
    t = "a b c = triangle a b c"
    rows = (("unknown_construction", f"{t}; x = frobnicate x a b ? perp a b a c"),
            ("unknown_predicate", f"{t} ? frob a b"),
            ("arity_short", f"{t}; m = midpoint m a ? perp a b a c"),
            ("arity_long", f"{t}; m = midpoint m a b c ? perp a b a c"),
            ("undefined_point", f"{t}; m = midpoint m a z ? perp a b a c"),
            ("redefined_point", f"{t}; a = midpoint a b c ? perp a b a c"),
            ("goal_undefined_point", f"{t} ? perp a b c z"),
            ("clause_without_equals", f"{t}; m midpoint m a b ? perp a b a c"),
            ("double_equals", f"{t}; m = = midpoint m a b ? perp a b a c"),
            ("two_questions", f"{t} ? perp a b a c ? cong a b a c"),
            ("empty_goal", f"{t} ?"),
            ("numbers_for_points", f"{t}; x = midpoint x 1 2 ? perp a b a c"),
            ("fixed_one_coordinate", "a@1 b c = triangle a b c ? perp a b a c"),
            ("fixed_three_coordinates", "a@1_2_3 b c = triangle a b c ? perp a b a c"),
            ("digit_first_name", "1a b c = triangle 1a b c ? perp 1a b b c"),
            ("midpoint_of_a_point", "a b = segment a b; m = midpoint m a a ? cong m a m b"),
            ("parallel_lines_meet", f"{t}; d = on_pline d c a b, on_line d a b ? perp a b a c"),
            ("overdetermined", f"{t}; d = on_circle d a b, on_circle d a c, on_line d b c, "
                               "on_bline d a b ? cong d a d b"),
            ("empty_clause", f"{t}; ; ? perp a b a c", "any"),
            ("degenerate_goal", f"{t} ? coll a a a", "any"),
            ("construction_as_point", "midpoint b c = triangle midpoint b c ? perp b c b c", "any"))
    cases = _refusals("geometry", "syntax", rows)
    cases.append(case("geometry", "syntax", "orphan_name", "orphan_name\n", problem="orphan_name"))
    cases.append(case("geometry", "syntax", "nameless_line", f"{t} ? frob a b\n"))
    cases.append(case("geometry", "syntax", "only_goal", named("geometry", "only_goal", "? perp a b a c"),
                      errors=None))     # no '=': the goal line reads as a second name line
    return cases


_GEO_PAYLOAD_SLOTS = ("a b c = triangle a b c; x = {P} ? perp a b a c", "a b c = triangle a b c ? {P}",
                      "a b = segment a b; x = s_angle b a x {P} ? perp a b a x",
                      "a b c = triangle a b c ? aconst a b a c {P}",
                      "a@{P}_0 b c = triangle a b c ? perp a b a c")


def payload_cases(domain: str, slots: Iterable[str], payloads: Iterable[str], first: int = 0,
                  kind: str = "payload", **kw) -> list[Case]:
    """Every payload in every slot (``{P}``) of a problem body; slots are numbered from ``first``."""
    out = []
    for s, slot in enumerate(slots, start=first):
        for p, payload in enumerate(payloads):
            name = f"payload_{s}_{p}"
            out.append(case(domain, kind, name, named(domain, name, slot.replace("{P}", payload)),
                            problem=name, **kw))
    return out


def geometry_payloads(rng: np.random.Generator) -> list[Case]:
    return payload_cases("geometry", _GEO_PAYLOAD_SLOTS, PAYLOADS[:5])


def geometry_false(rng: np.random.Generator) -> list[Case]:
    t = "a b c = triangle a b c"
    goals = (("perp", f"{t} ? perp a b a c"), ("cong", f"{t} ? cong a b a c"),
             ("para", f"{t} ? para a b a c"), ("coll", f"{t} ? coll a b c"),
             ("cyclic", "a b c d = quadrangle a b c d ? cyclic a b c d"),
             ("median_perp", f"{t}; m = midpoint m a b ? perp c m a b"),
             ("median_cong", f"{t}; m = midpoint m a b ? cong c m a m"),
             ("eqangle", f"{t} ? eqangle a b a c b a b c"),
             ("aconst", f"{t} ? aconst a b a c 1/3"), ("rconst", f"{t} ? rconst a b a c 1/2"),
             ("orthocenter_cong", f"{t}; h = orthocenter h a b c ? cong h a h b"),
             ("midline_cong", f"{t}; m = midpoint m a b; n = midpoint n a c ? cong m n b c"),
             ("incenter_circle", f"{t}; o = circle o a b c; i = incenter i a b c ? cong o i o a"))
    cases = _refusals("geometry", "false goal", goals, expect="unproved")
    heuristic = _refusals("geometry", "false goal", [(f"{n}_heuristic", b) for n, b in goals[::2]],
                          expect="unproved", flags=HEURISTIC)
    return cases + heuristic


# ---------------------------------------------------------------------------
# Arithmetic cases

_OLYMPIAD = ("a b c : positive; a + b + c = 1/a + 1/b + 1/c ? 1/(2*a + b + c)**2 + "
             "1/(2*b + c + a)**2 + 1/(2*c + a + b)**2 <= 3/16")


def arithmetic_listed(rng: np.random.Generator) -> list[Case]:
    many = " ".join(f"v{i}" for i in range(300))
    rows = (("payload", f"a : real ? {PAYLOADS[0]} >= 0"),
            ("tower_9_9_9", "a : real ? a**2 + 9**9**9 >= 0"),
            ("exponent_1e999999999", "a : real ? a**2 + 1e999999999 >= 0"),
            ("power_1000000", "a : real ? a**1000000 >= 0"),
            ("caret_tower", "a : real ? a^2^2^2^2^2 >= 0"),
            ("mod_power_10_18", "n : integer ? n**(10**18) = n (mod 7)", "unproved"),
            ("binomial_5000", "a b : real ? (a+b)**5000 >= 0"),
            ("variables_300", f"{many} : real ? " + " + ".join(f"v{i}**2" for i in range(300)) + " >= 0"),
            ("olympiad", _OLYMPIAD, "any"),
            ("ten_to_10000", "a : real ? a**2 + 10**10000 >= 0"),
            ("unary_minus_5000", "a : real ? " + "-" * 5000 + "a**2 <= 0"),
            ("terms_5000", "a : real ? " + " + ".join(["a**2"] * 5000) + " >= 0", "any"),
            ("line_5mb", "a : real ? " + "a + " * (5 * 2**20 // 4) + "a >= 0"),
            ("division_no_side_condition", "a : real ? a/a = 1", "unproved"))
    cases = _refusals("arithmetic", "listed", rows)
    cases.append(case("arithmetic", "listed", "olympiad_heuristic", named("arithmetic", "olympiad_heuristic",
                                                                          _OLYMPIAD),
                      expect="any", problem="olympiad_heuristic", flags=HEURISTIC))
    deep = '{"name": "deep", "goal": ' + "[" * 100000 + "]" * 100000 + "}\n"
    cases.append(case("arithmetic", "listed", "jsonl_nested_100000", deep, jsonl=True))
    return cases


_ARITH_NUMBERS = ("2**10000", "10**1001", "9**9**9", "1e-999999999", "1e1001", "9" * 101,
                  "0." + "1" * 200, "1/0", "0**-1", "2**-10000", "(-1)**(10**100)", "10**10**10",
                  "factorial(10**9)", "1e999999999j", "0x7fffffff", "oo", "zoo", "nan", "I",
                  "Rational(1, 0)", "sqrt(-1)", "2**2**2**2**2")
_ARITH_EXPONENTS = (("1000000", "refuse"), ("10**18", "refuse"), ("-1000000", "refuse"),
                    ("1/2", "any"), ("a", "any"), ("1001", "refuse"), ("(10**100)", "refuse"),
                    ("2**2**2**2**2", "refuse"), ("1e3", "any"), ("-1001", "refuse"))


def arithmetic_numbers(rng: np.random.Generator) -> list[Case]:
    rows = [(f"constant_{k}", f"a : real ? a**2 + {n} >= 0", "any" if n == "(-1)**(10**100)" else "refuse")
            for k, n in enumerate(_ARITH_NUMBERS)]
    rows += [(f"hypothesis_{k}", f"a : real; a >= {n} ? a**2 >= 0") for k, n in enumerate(_ARITH_NUMBERS[:6])]
    rows += [(f"exponent_{k}", f"a : positive ? a**{e} >= 0", x) for k, (e, x) in enumerate(_ARITH_EXPONENTS)]
    mods = (("0", "refuse"), ("10**100000", "refuse"), ("-5", "any"), ("a", "refuse"),
            ("1/2", "refuse"), ("2**2**2**2**2", "refuse"), ("9" * 101, "refuse"))
    rows += [(f"modulus_{k}", f"n : integer ? n**5 = n (mod {m})", x) for k, (m, x) in enumerate(mods)]
    rows += [("divisor_zero", "n : integer ? 0 | n**2 - n", "unproved"),
             ("divisor_huge", "n : integer ? 10**100000 | n**2 - n"),
             ("divisor_101_digits", f"n : integer ? {'9' * 101} | n**2 - n")]
    return _refusals("arithmetic", "huge numbers", rows)


def arithmetic_nesting(rng: np.random.Generator) -> list[Case]:
    rows = (("parens_100000", "a : real ? " + "(" * 100000 + "a" + ")" * 100000 + " >= 0"),
            ("parens_101", "a : real ? " + "(" * 101 + "a**2" + ")" * 101 + " >= 0"),
            ("parens_90", "a : real ? " + "(" * 90 + "a**2" + ")" * 90 + " >= 0", "any"),
            ("unary_plus_5000", "a : real ? " + "+" * 5000 + "a**2 >= 0"),
            ("unary_mixed_5000", "a : real ? " + "-+" * 2500 + "a**2 >= 0"),
            ("factors_5000", "a : positive ? " + "*".join(["a"] * 5000) + " >= 0"),
            ("reciprocals_1000", "a : positive ? " + "1/(" * 1000 + "a" + ")" * 1000 + " >= 0"),
            ("sqrt_500", "a : positive ? " + "sqrt(" * 500 + "a" + ")" * 500 + " >= 0"),
            ("quintinomial_100", "a b c d e : real ? (a+b+c+d+e)**100 >= 0", "any"),
            ("trinomial_1000", "a b c : real ? (a+b+c)**1000 >= 0", "any"),
            ("ten_vars_20", "a b c d e f g h i j : real ? (a+b+c+d+e+f+g+h+i+j)**20 >= 0", "any"),
            ("binomials_50", " ".join(f"v{i}" for i in range(50)) + " : positive ? "
             + "*".join(f"(v{i} + 1)" for i in range(50)) + " >= 1", "any"),
            ("variables_51", " ".join(f"v{i}" for i in range(51)) + " : real ? v0**2 >= 0"),
            ("variables_50", " ".join(f"v{i}" for i in range(50)) + " : real ? v0**2 >= 0", "any"),
            ("variables_10000", " ".join(f"v{i}" for i in range(10000)) + " : real ? v0**2 >= 0"),
            ("terms_100000", "a : real ? " + "+".join(["a"] * 100000) + " >= 0"),
            ("hypotheses_1000", "a : real; " + "; ".join(["a >= 0"] * 1000) + " ? a**2 >= 0", "any"),
            ("variable_name_1mb", "v" * 2**20 + " : real ? " + "v" * 2**20 + " >= 0"),
            ("abs_power_1000", "a : real ? Abs(a)**1000 >= 0", "any"),
            ("max_200_deep", "a : real ? " + "Max(a, " * 200 + "a" + ")" * 200 + " >= a"),
            ("max_5000_args", "a : real ? Max(" + ", ".join(["a"] * 5000) + ") >= a"),
            ("max_huge_constant", "a : real ? Max(a, 9**9**9) >= a"),
            ("cbrt_cube", "a : real ? cbrt(a)**3 = a", "any"))
    cases = _refusals("arithmetic", "nesting", rows)
    heavy = (("quintinomial_100_heuristic", rows[8][1]), ("binomials_50_heuristic", rows[11][1]))
    return cases + _refusals("arithmetic", "nesting", [(n, b, "any") for n, b in heavy],
                             flags=HEURISTIC)


def arithmetic_syntax(rng: np.random.Generator) -> list[Case]:
    r = "a : real ?"
    rows = (("open_paren", f"{r} (a + 1 >= 0"), ("close_paren", f"{r} a + 1) >= 0"),
            ("double_relation", f"{r} a >= >= 0"), ("empty_goal", "a : real ?"),
            ("no_goal", "a : real"), ("two_goals", f"{r} a**2 >= 0 ? a**2 >= 1"),
            ("unknown_domain", "a : complex ? a >= 0"), ("empty_domain", "a : ? a >= 0"),
            ("no_variables", ": real ? a >= 0"), ("undeclared", f"{r} b >= 0"),
            ("duplicate_declaration", "a a : real ? a**2 >= 0"),
            ("redeclared", "a : real; a : integer ? a**2 >= 0"),
            ("keyword_variable", "lambda : real ? lambda**2 >= 0", "any"),
            ("dunder_variable", "__class__ : real ? __class__**2 >= 0", "any"),
            ("dangling_power", f"{r} a** >= 0"), ("leading_power", f"{r} **a >= 0"),
            ("juxtaposition", f"{r} a a >= 0"), ("mod_over_reals", f"{r} a = 0 (mod 3)"),
            ("unclosed_mod", "n : integer ? n = 1 (mod"), ("bare_divides", "n : integer ? | n"),
            ("arrow", f"{r} a => 0"), ("spaced_equals", f"{r} a = = 0"),
            ("trailing_semicolon", f"{r} a**2 >= 0;", "any"), ("unknown_function", f"{r} f(a) >= 0"),
            ("attribute", f"{r} a.b >= 0"), ("subscript", f"{r} a[0] >= 0"),
            ("string", f"{r} 'a' >= 0"), ("conditional", f"{r} a if a else a >= 0"),
            ("list", f"{r} [a] >= 0"), ("set", f"{r} {{a}} >= 0"), ("matmul", f"{r} a @ a >= 0"),
            ("floor_division", f"{r} a // 2 >= 0"), ("shift", f"{r} a << 2 >= 0"),
            ("not", f"{r} not a >= 0"), ("and", f"{r} a and a >= 0"), ("star", f"{r} *a >= 0"),
            ("walrus", f"{r} (a := 1) >= 0"), ("semicolons_only", ";;;; ? ;;;"),
            ("comparison_chain", f"{r} 0 <= a**2 <= 1", "any"))
    cases = _refusals("arithmetic", "syntax", rows)
    cases.append(case("arithmetic", "syntax", "orphan_name", "orphan_name\n", problem="orphan_name"))
    return cases


_ARITH_PAYLOAD_SLOTS = ("a : real ? {P} >= 0", "a : real; {P} >= 0 ? a**2 >= 0",
                        "n : integer ? n = n (mod {P})", "{P} : real ? a >= 0")
_JSONL_PAYLOAD_FIELDS = ("goal", "hypotheses", "variables", "domain")


def arithmetic_payloads(rng: np.random.Generator) -> list[Case]:
    cases = payload_cases("arithmetic", _ARITH_PAYLOAD_SLOTS[:1], PAYLOADS)
    cases += payload_cases("arithmetic", _ARITH_PAYLOAD_SLOTS[1:], PAYLOADS[:6], first=1)
    for f in _JSONL_PAYLOAD_FIELDS:
        for p, payload in enumerate(PAYLOADS[:3]):
            record = {"name": f"jpay_{f}_{p}", "variables": ["a"], "domain": "reals",
                      "hypotheses": [], "goal": "a**2 >= 0"}
            value = f"{payload} >= 0" if f in ("goal", "hypotheses") else payload
            record[f] = [value] if f in ("hypotheses", "variables") else value
            cases.append(case("arithmetic", "payload", f"jsonl_{f}_{p}", json.dumps(record) + "\n",
                              problem=record["name"], jsonl=True))
    return cases


def arithmetic_false(rng: np.random.Generator) -> list[Case]:
    goals = (("square_ge_1", "a : real ? a**2 >= 1"),
             ("amgm_over_reals", "a b : real ? a + b >= 2*sqrt(a*b)"),
             ("division_no_side_condition", "a : real ? a/a = 1"),
             ("division_ge", "a : real ? a/a >= 1"),
             ("cancel", "a : real ? (a**2)/a = a"),
             ("three_ab", "a b : real ? a**2 + b**2 >= 3*a*b"),
             ("cyclic_ratio_4", "a b c : positive ? a/b + b/c + c/a >= 4"),
             ("three_divides", "n : integer ? 3 | n**2 + 1"),
             ("cube_mod_4", "n : integer ? n**3 = n (mod 4)"),
             ("natural_square", "n : natural ? n**2 >= 2*n"),
             ("reciprocal_3", "a : positive ? a + 1/a >= 3"),
             ("product_ge_sum", "a b : nonneg ? a*b >= a + b"),
             ("strict_square", "a : real ? a**2 > 0"),
             ("constraint_false", "a b : positive; a + b = 2 ? a*b >= 2"))
    cases = _refusals("arithmetic", "false goal", goals, expect="unproved")
    return cases + _refusals("arithmetic", "false goal", [(f"{n}_heuristic", b) for n, b in goals[::2]],
                             expect="unproved", flags=HEURISTIC)


def _jsonl(name: str, **fields) -> str:
    record = {"name": name, "variables": ["a"], "domain": "reals", "hypotheses": [],
              "goal": "a**2 >= 0", **fields}
    return json.dumps(record)


# Lines whose name a parser cannot be asked to read: broken JSON, or past the line bound.
_NAMELESS = ("truncated", "nested_65", "goal_nan", "bigint_5000", "name_number", "trailing_garbage",
             "goal_5mb", "hypotheses_100000")


def arithmetic_jsonl(rng: np.random.Generator) -> list[Case]:
    good = _jsonl("x")
    rows = (("nested_65", _jsonl("nested_65", extra="@")[:-1] + ', "x": ' + "[" * 65 + "]" * 65 + "}"),
            ("missing_goal", json.dumps({"name": "missing_goal", "variables": ["a"]})),
            ("variables_string", _jsonl("variables_string", variables="abc")),
            ("goal_number", _jsonl("goal_number", goal=5)),
            ("goal_null", _jsonl("goal_null", goal=None)),
            ("hypotheses_string", _jsonl("hypotheses_string", hypotheses="a > 0")),
            ("unknown_domain", _jsonl("unknown_domain", domain="complex")),
            ("goal_nan", _jsonl("goal_nan")[:-1] + ', "goal": NaN}'),
            ("bigint_5000", _jsonl("bigint_5000")[:-1] + ', "numeric_samples": ' + "1" * 5000 + "}"),
            ("truncated", _jsonl("truncated")[:-12]),
            ("trailing_garbage", _jsonl("trailing_garbage") + " xyz"),
            ("duplicate_keys", _jsonl("duplicate_keys")[:-1] + ', "goal": "a**2 >= 1"}', "unproved"),
            ("goal_5mb", _jsonl("goal_5mb", goal="a + " * (5 * 2**20 // 4) + "a >= 0")),
            ("variables_300", _jsonl("variables_300", variables=[f"v{i}" for i in range(300)])),
            ("eq_hypothesis", _jsonl("eq_hypothesis", hypotheses=["Eq(a, 1)"], goal="a >= 1"), "any"),
            ("hypotheses_100000", _jsonl("hypotheses_100000", hypotheses=["a >= 0"] * 100000), "any"),
            ("dunder_variable", _jsonl("dunder_variable", variables=["__import__"],
                                       goal="__import__**2 >= 0"), "any"),
            ("name_number", good.replace('"x"', "5", 1), "any"))
    cases = [case("arithmetic", "jsonl", n, t + "\n", expect=(x[0] if x else "refuse"),
                  problem=None if n in _NAMELESS else n, jsonl=True)
             for n, t, *x in rows]
    cases.append(case("arithmetic", "jsonl", "empty_object", "{}\n", jsonl=True))
    cases.append(case("arithmetic", "jsonl", "array_after_object", "{}\n[1, 2]\n\"text\"\n", jsonl=True,
                      errors=None, problems=3))
    return cases


# ---------------------------------------------------------------------------
# Code cases

def _program(name: str, body: str) -> str:
    return f"program {name}\n{body}\n"


def _main(body: str) -> str:
    """A C program (``int main() { BODY }``) of the Code2Inv subset."""
    return "int main() {\n" + body + "\n}\n"


def _c_case(kind: str, name: str, text: str, expect: str = "refuse", **kw) -> Case:
    """A C file: one program named after the file (``input``), so no good problem after it."""
    return case("code", kind, name, text, **{"expect": expect, "problem": "input", "good": False,
                                             "suffix": ".c", **kw})


def _nested_loops(depth: int) -> str:
    return "var x = 0;\n" + "while (*) {\n" * depth + "x = x + 1;\n" + "}\n" * depth + "assert(x >= 0);"


def code_listed(rng: np.random.Generator) -> list[Case]:
    rows = (("line_5mb", "var x = 0;\n" + "x = x + 1; " * (5 * 2**20 // 11) + "\nassert(x >= 0);"),
            ("loops_40", _nested_loops(40)),
            ("digits_10001", f"var x = {'9' * 10001};\nassert(x >= 0);"),
            ("parens_5000", "var x = 0;\nx = " + "(" * 5000 + "x" + ")" * 5000 + ";\nassert(x >= 0);"),
            ("ifs_2000", "var x = 0;\n" + "if (*) {\n" * 2000 + "x = 1;\n" + "}\n" * 2000
             + "assert(x >= 0);"),
            ("nots_5000", "var x = 0;\nassert(" + "!" * 5000 + "(x == 0));"),
            ("terms_100000", "var x = 0;\nx = " + "+".join(["1"] * 100000) + ";\nassert(x >= 0);"),
            ("conjuncts_5000", "var x;\nassume(" + " && ".join(["x >= 0"] * 5000) + ");\nassert(x >= 0);",
             "any"))
    comment = "# this file is not C: it never calls main() \n" + _program("comment_main", BASES["code"][0][1])
    own_division = _program("own_div", "var x = 1;\nx = x / 0;\nassert(x == 0);")
    return _refusals("code", "listed", rows) + [
        _c_case("listed", "int_overflow",
                _main("  int x = 2147483647;\n  x = x + 1;\n  assert(x > 2147483647);"),
                "unproved", proof_says="mathematical integers"),
        _c_case("listed", "while_true", _main("  int x = 0;\n  while (1) {\n    x++;\n  }\n  assert(x < 0);"),
                "unproved", proof_says="partial correctness"),
        _c_case("listed", "division_by_zero", _main("  int x = 1;\n  x = x / 0;\n  assert(x == 0);"),
                "unproved", says="zero"),
        case("code", "listed", "comment_with_main", comment, expect="prove", problem="comment_main"),
        case("code", "listed", "own_division_by_zero", own_division, expect="unproved", problem="own_div",
             says="zero"),
    ]


_CODE_NUMBERS = (("9" * 101, "refuse"), ("1e999999999", "refuse"), ("-" + "9" * 200, "refuse"),
                 ("0x7fffffff", "any"), ("1_000", "any"), ("2147483648", "any"),
                 ("99999999999999999999", "any"), ("1/0", "unproved"), ("1.5", "refuse"), ("1e3", "any"),
                 ("\u0661", "any"), ("9" * 4301, "refuse"))


def code_numbers(rng: np.random.Generator) -> list[Case]:
    rows = [(f"init_{k}", f"var x = {n};\nassert(x == x);", x) for k, (n, x) in enumerate(_CODE_NUMBERS)]
    rows += [(f"assert_{k}", f"var x = 0;\nassert(x <= {n});", x)
             for k, (n, x) in enumerate(_CODE_NUMBERS[:4])]
    rows += [("modulo_zero", "var x = 5;\nx = x % 0;\nassert(x == 0);", "unproved"),
             ("product_chain", "var x = 2147483647;\n" + "x = x * 2147483647;\n" * 200 + "assert(x >= 0);",
              "any")]
    return _refusals("code", "huge numbers", rows)


def code_nesting(rng: np.random.Generator) -> list[Case]:
    ifs = "var x = 0;\n" + "if (*) {\n" * 101 + "x = 1;\n" + "}\n" * 101 + "assert(x >= 0);"
    paths = "var x = 0;\n" + "if (*) {\n  x = x + 1;\n} else {\n  x = x - 1;\n}\n" * 60 + "assert(x <= 60);"
    names = lambda n: "var " + ", ".join(f"v{i}" for i in range(n)) + ";\nassert(v0 == v0);"  # noqa: E731
    rows = (("loops_9", _nested_loops(9)), ("loops_8", _nested_loops(8), "any"), ("ifs_101", ifs),
            ("ifs_100", ifs.replace("if (*) {\n", "", 1).replace("}\n", "", 1), "any"),
            ("paths_2_60", paths, "any"),
            ("disequalities_30", "var x;\n" + "".join(f"assume(x != {k});\n" for k in range(30))
             + "assert(x != 100);", "unproved"),
            ("disjuncts_5000", "var x;\nassume(" + " || ".join(f"x == {k}" for k in range(5000))
             + ");\nassert(x >= 0);", "any"),
            ("variables_51", names(51)), ("variables_300", names(300)),
            ("variable_name_1mb", f"var {'v' * 2**20};\nassert(1 == 1);"),
            ("statements_10000", "var x = 0;\n" + "x = x + 1;\n" * 10000 + "assert(x == 10000);", "any"),
            ("statements_50000", "var x = 0;\n" + "x = x + 1;\n" * 50000 + "assert(x == 50000);"),
            ("minus_5000", "var x = 0;\nx = " + "- " * 5000 + "x;\nassert(x == 0);"),
            ("blocks_101", "var x = 0;\n" + "{\n" * 101 + "x = 1;\n" + "}\n" * 101 + "assert(x >= 0);"))
    heavy = (("loops_8_heuristic", _nested_loops(8), "any"), ("paths_2_60_heuristic", paths, "any"))
    return (_refusals("code", "nesting", rows)
            + _refusals("code", "nesting", heavy, flags=HEURISTIC))


_CODE_SYNTAX = (
    ("missing_semicolon", "var x = 0\nassert(x == 0);"),
    ("open_brace", "var x = 0;\nwhile (*) {\nassert(x == 0);"),
    ("close_brace", "var x = 0;\n}\nassert(x == 0);"),
    ("while_no_body", "var x = 0;\nwhile (*)\nassert(x == 0);"),
    ("assert_no_parens", "var x = 0;\nassert x == 0;"),
    ("goto", "var x = 0;\ngoto done;\nassert(x == 0);"),
    ("empty_value", "var x = 0;\nx = ;\nassert(x == 0);"),
    ("lone_else", "var x = 0;\nelse {\n}\nassert(x == 0);"),
    ("undeclared", "var x = 0;\ny = 1;\nassert(x == 0);"),
    ("redeclared", "var x = 0;\nvar x = 1;\nassert(x == 1);"),
    ("digit_name", "var 1x = 0;\nassert(1x == 0);"),
    ("keyword_name", "var while = 0;\nassert(while == 0);"),
    ("undeclared_init", "var x = y;\nassert(x == x);"),
    ("number_condition", "var x = 0;\nassert(x);", "any"),
    ("missing_final_semicolon", "var x = 0;\nassert(x == 0)"),
    ("no_braces", "var x = 0;\nwhile (x < 3) x = x + 1;\nassert(x == 3);", "any"),
    ("plus_equals", "var x = 0;\nx += 1;\nassert(x == 1);", "any"),
    ("increment", "var x = 0;\nx++;\nassert(x == 1);", "any"),
    ("nonlinear", "var x = 3;\nx = x * x;\nassert(x == 9);", "any"),
    ("unterminated_comment", "var x = 0;\n/* open\nassert(x == 0);", "any"),
    ("stray_close", "var x = 0;\nassert(x == 0); }"),
    ("assignment_in_assert", "var x = 0;\nassert(x = 1);"),
    ("empty_program", "", "any"),
)


def code_syntax(rng: np.random.Generator) -> list[Case]:
    return _refusals("code", "syntax", _CODE_SYNTAX) + [
        case("code", "syntax", "two_names", "program p q\nvar x = 0;\nassert(x == 0);\n", expect="any"),
        case("code", "syntax", "text_before_program", "var x = 0;\nassert(x == 0);\n"),
        case("code", "syntax", "program_without_name", "program\nvar x = 0;\nassert(x == 0);\n"),
    ]


_C_FALSE = _main("  int x = 0;\n  while (unknown()) {\n    x = x + 1;\n  }\n  assert(x < 10);")
_C_PROGRAMS = (
    ("pointer", _main("  int *p;\n  assert(1);")),
    ("array", _main("  int a[10];\n  a[0] = 1;\n  assert(a[0] == 1);")),
    ("call", _main("  int x = f(1);\n  assert(x == 1);")),
    ("for_loop", _main("  int i;\n  for (i = 0; i < 3; i++) {}\n  assert(i == 3);"), "any"),
    ("goto", _main("  int x = 0;\n  goto end;\n  end:\n  assert(x == 0);")),
    ("struct", "struct s { int a; };\n" + _main("  assert(1);")),
    ("printf", "#include <stdio.h>\n" + _main("  printf(\"%d\", 1);\n  assert(1);")),
    ("return", _main("  int x = 0;\n  assert(x == 0);\n  return 0;"), "any"),
    ("truncated", "int main(\n  int x = 0;\n"),
    ("unclosed", "int main() {\n  int x = 0;\n  assert(x == 0);\n"),
    ("digits_10001", _main(f"  int x = {'9' * 10001};\n  assert(x > 0);")),
    ("parens_5000", _main("  int x = " + "(" * 5000 + "1" + ")" * 5000 + ";\n  assert(x == 1);")),
    ("nots_5000", _main("  int x = 0;\n  assert(" + "!" * 5000 + "(x == 0));")),
    ("line_5mb", _main("  int x = 0;\n  " + "x = x + 1; " * (5 * 2**20 // 11) + "\n  assert(x >= 0);")),
    ("false_assert", _C_FALSE, "unproved"),
)


def code_c(rng: np.random.Generator) -> list[Case]:
    overflow = _main("  int x = 2147483647;\n  int y = 2147483647;\n  x = x + y;\n  assert(x == 4294967294);")
    cuts = sorted({int(k) for k in rng.integers(1, len(C_BASE) - 1, size=6)})
    return [_c_case("c programs", n, t, *x) for n, t, *x in _C_PROGRAMS] + [
        _c_case("c programs", "false_assert_heuristic", _C_FALSE, "unproved", flags=HEURISTIC),
        _c_case("c programs", "overflow_sum", overflow, "unproved", proof_says="mathematical integers"),
        _c_case("c programs", "crlf", C_BASE.replace("\n", "\r\n"), "prove"),
        _c_case("c programs", "bom", "\ufeff" + C_BASE, "any"),
        *(_c_case("c programs", f"cut_{k}", C_BASE[:k], "any", problem=None) for k in cuts),
    ]


_CODE_PAYLOAD_SLOTS = ("var x = {P};\nassert(x == x);", "var x;\nassume({P});\nassert(x == x);",
                       "var x;\nassert({P});", "var x;\nwhile ({P}) {\n  x = x + 1;\n}\nassert(x == x);")
_C_PAYLOADS = (
    ("c_init", _main("  int x = " + PAYLOADS[1] + ";\n  assert(x == x);")),
    ("c_system", "#include <stdlib.h>\n" + _main("  system(\"touch {S}\");\n  assert(1);")),
    ("c_system_value", _main("  int x = system(\"touch {S}\");\n  assert(x == 0);")),
    ("c_asm", _main("  __asm__(\"syscall\");\n  assert(1);")),
    ("c_comment", _main("  int x = 0;\n  /* " + PAYLOADS[1] + " */\n  assert(x == 0);"), "any"),
    ("c_define", "#define X " + PAYLOADS[1] + "\n" + _main("  int x = X;\n  assert(x == x);")),
)


def code_payloads(rng: np.random.Generator) -> list[Case]:
    return (payload_cases("code", _CODE_PAYLOAD_SLOTS, PAYLOADS[:5])
            + [_c_case("payload", n, t, *x) for n, t, *x in _C_PAYLOADS])


_CODE_FALSE = (
    ("count_up_no_assume", "var n;\nvar i = 0;\nwhile (i < n) {\n  i = i + 1;\n}\nassert(i == n);"),
    ("input_positive", "var x;\nassert(x > 0);"),
    ("loop_stays_zero", "var x = 0;\nwhile (*) {\n  x = x + 1;\n}\nassert(x == 0);"),
    ("two_counters_equal", "var n;\nvar i = 0, s = 0;\nassume(n >= 0);\nwhile (i < n) {\n  i = i + 1;\n"
                           "  if (*) {\n    s = s + 2;\n  } else {\n    s = s + 1;\n  }\n}\nassert(s == i);"),
    ("parity_differs", "var x, y;\nassume(x == y);\nwhile (*) {\n  x = x + 2;\n  y = y + 2;\n}\n"
                       "assert(x != y);"),
    ("rates_differ", "var x = 0;\nvar y = 0;\nwhile (*) {\n  x = x + 1;\n  y = y + 2;\n}\nassert(x == y);"),
    ("after_loop_less", "var i = 0;\nvar n;\nassume(n >= 0);\nwhile (i < n) {\n  i = i + 1;\n}\n"
                        "assert(i < n);"),
    ("decrement_negative", "var x;\nassume(x >= 0);\nx = x - 1;\nassert(x >= 0);"),
    ("branch_once", "var x = 0;\nif (*) {\n  x = 1;\n}\nassert(x == 1);"),
    ("nested_false", "var i = 0, j = 0, s = 0;\nvar n;\nwhile (i < n) {\n  j = 0;\n  while (j < i) {\n"
                     "    j = j + 1;\n    s = s + 1;\n  }\n  i = i + 1;\n}\nassert(s == i);"),
)


def code_false(rng: np.random.Generator) -> list[Case]:
    heuristic = [(f"{n}_heuristic", b) for n, b in _CODE_FALSE[::2]]
    return (_refusals("code", "false goal", _CODE_FALSE, expect="unproved")
            + _refusals("code", "false goal", heuristic, expect="unproved", flags=HEURISTIC))


# ---------------------------------------------------------------------------
# Cases of every domain: encodings, garbage, truncations, mutations, whole files

def _base(domain: str, k: int = 0) -> tuple[str, str]:
    name, body = BASES[domain][k % len(BASES[domain])]
    return name, named(domain, name, body)


_SPELLINGS = (  # (name, what it does to the base problem's text, expect)
    ("crlf", None, "prove"), ("cr_only", None, "any"), ("bom", None, "any"),
    ("tabs", lambda t: t.replace(" ", "\t"), "prove"),
    ("trailing_spaces", lambda t: t.replace("\n", "   \n"), "prove"),
    ("indented", lambda t: "".join("  " + line for line in t.splitlines(True)), "any"),
    ("nul_inside", lambda t: t[:len(t) // 2] + "\x00" + t[len(t) // 2:], "any"),
    ("cyrillic_a", lambda t: t.replace("a", "\u0430", 3).replace("\u0430", "a", 1), "any"),
    ("fullwidth", lambda t: t.replace("=", "\uff1d").replace("(", "\uff08"), "any"),
    ("zero_width", lambda t: t.replace(" ", " \u200b", 3), "any"),
    ("rtl_override", lambda t: t.replace("\n", "\n\u202e", 1), "any"),
    ("unicode_minus", lambda t: t.replace("-", "\u2212").replace("+", "\uff0b"), "any"),
    ("nbsp", lambda t: t.replace(" ", "\u00a0"), "any"),
    ("line_separator", lambda t: t.replace(" ", "\u2028", 1), "any"),
    ("form_feed", lambda t: t.replace(" ", "\x0c", 1), "any"),
    ("combining", lambda t: t.replace("a", "a\u0301", 2), "any"),
    ("emoji", lambda t: t.replace(" ", " \U0001f600 ", 1), "any"),
)
_WHOLE = {"crlf": lambda t: t.replace("\n", "\r\n"), "cr_only": lambda t: t.replace("\n", "\r"),
          "bom": lambda t: "\ufeff" + t}


def spellings(domain: str, rng: np.random.Generator) -> list[Case]:
    out = []
    for k, (label, change, expect) in enumerate(_SPELLINGS):
        name, text = _base(domain, k)
        out.append(case(domain, "encoding", label, change(text) if change else text, expect=expect,
                        problem=name if expect == "prove" else None, errors=None if expect == "any" else 1,
                        whole=_WHOLE.get(label)))
    return out


def garbage(domain: str, rng: np.random.Generator) -> list[Case]:
    out = []
    for k in range(6):
        raw = bytes(rng.integers(0, 256, size=int(rng.integers(10, 400)), dtype=np.uint8))
        text = raw.decode("latin-1").replace("\n", " ").replace("\r", " ")
        out.append(case(domain, "garbage", f"bytes_{k}", named(domain, f"bytes_{k}", text), expect="any",
                        errors=None))
    for k in range(3):
        raw = bytes(rng.integers(0, 256, size=2000, dtype=np.uint8)).decode("latin-1")
        out.append(case(domain, "garbage", f"lines_{k}", raw, expect="any", errors=None, problems=50))
    for k in range(6):
        points = rng.integers(0x20, 0xD7FF, size=int(rng.integers(10, 200)))
        text = "".join(chr(int(p)) for p in points).replace("\n", " ")
        out.append(case(domain, "garbage", f"unicode_{k}", named(domain, f"unicode_{k}", text), expect="any",
                        errors=None, problems=4))
    for k in range(8):
        words = rng.choice(np.array(VOCAB[domain], dtype=object), size=int(rng.integers(3, 40)))
        out.append(case(domain, "garbage", f"soup_{k}", named(domain, f"soup_{k}", " ".join(words)),
                        expect="any",
                        errors=None, problems=4))
    line = "".join(chr(int(c)) for c in rng.integers(0x21, 0x7f, size=2**20))
    out.append(case(domain, "garbage", "printable_1mb", named(domain, "printable_1mb", line), errors=None,
                    problems=4))
    out.append(case(domain, "garbage", "nul_line", named(domain, "nul_line", "\x00" * 1000), expect="any",
                    errors=None))
    return out


def truncations(domain: str, rng: np.random.Generator) -> list[Case]:
    out = []
    for k in range(10):
        _, text = _base(domain, k)
        cut = int(rng.integers(1, len(text) - 1))
        out.append(case(domain, "truncation", f"cut_{k}_{cut}", text[:cut], expect="any", errors=None,
                        problems=2))
    return out


def _tokens(text: str) -> list[str]:
    return re.findall(r"\s+|\w+|[^\w\s]", text)


_EDITS: tuple[Callable[[list[str], np.random.Generator, tuple[str, ...]], list[str]], ...] = (
    lambda t, rng, v: t[:(i := int(rng.integers(len(t))))] + t[i + 1:],                   # delete
    lambda t, rng, v: t[:(i := int(rng.integers(len(t))))] + [str(rng.choice(v))] + t[i:],  # insert
    lambda t, rng, v: t[:(i := int(rng.integers(len(t))))] + [t[i]] + t[i:],               # duplicate
    lambda t, rng, v: (t[:(i := int(rng.integers(len(t) - 1)))] + [t[i + 1], t[i]] + t[i + 2:]),  # swap
    lambda t, rng, v: t[:(i := int(rng.integers(len(t))))] + [str(rng.choice(v))] + t[i + 1:],  # replace
)


def mutations(domain: str, rng: np.random.Generator) -> list[Case]:
    out = []
    for k in range(20):
        _, text = _base(domain, k)
        tokens = _tokens(text)
        for _ in range(int(rng.integers(1, 4))):
            tokens = _EDITS[int(rng.integers(len(_EDITS)))](tokens, rng, VOCAB[domain])
        out.append(case(domain, "mutation", f"edit_{k}", "".join(tokens), expect="any", errors=None,
                        problems=2))
    return out


def whole_files(domain: str, rng: np.random.Generator) -> list[Case]:
    """Files that hold no problem at all, or cannot be read: exit 3 and one line naming the file."""
    kw = dict(good=False, errors=1)
    undecodable = lambda t: GOOD[domain].encode() + b"\n\xff\xfe\xc3(\n" + t.encode()  # noqa: E731
    return [case(domain, "files", "empty", "", **kw),
            case(domain, "files", "comments_only", "# only a comment\n# and another\n", **kw),
            case(domain, "files", "whitespace_only", "   \n\t\n\n", **kw),
            case(domain, "files", "bom_only", "\ufeff", **kw),
            case(domain, "files", "directory", "", layout="dir", **kw),
            case(domain, "files", "missing", "", layout="missing", **kw),
            case(domain, "files", "not_utf8", "", whole=undecodable, **kw),
            case(domain, "files", "past_size_bound", "", layout="sparse", **kw)]


SHARED = (spellings, garbage, truncations, mutations, whole_files)
FAMILIES: dict[str, tuple[Callable[[np.random.Generator], list[Case]], ...]] = {
    "geometry": (geometry_listed, geometry_numbers, geometry_sizes, geometry_syntax, geometry_payloads,
                 geometry_false),
    "arithmetic": (arithmetic_listed, arithmetic_numbers, arithmetic_nesting, arithmetic_syntax,
                   arithmetic_payloads, arithmetic_false, arithmetic_jsonl),
    "code": (code_listed, code_numbers, code_nesting, code_syntax, code_c, code_payloads, code_false),
}


def prove_cases(domain: str) -> list[Case]:
    """Every prove case of a domain, in a fixed order; family k draws from rng (SEED, domain, k)."""
    out: list[Case] = []
    families = list(FAMILIES[domain]) + [lambda rng, f=f: f(domain, rng) for f in SHARED]
    for k, family in enumerate(families):
        out += family(np.random.default_rng([SEED, DOMAINS.index(domain), k]))
    if len({c.name for c in out}) != len(out):
        raise SystemExit(f"duplicate case names in {domain}")
    return out


# ---------------------------------------------------------------------------
# Running symgen

@dataclass
class Outcome:
    """What one ``symgen`` process did."""

    rc: int | None
    wall: float
    out: str
    err: str
    hung: bool


@dataclass
class Result:
    """One case's outcome and failures (``(kind, detail)``), in a table row ``group``."""

    name: str
    group: tuple[str, str]
    outcome: Outcome | None
    failures: list[tuple[str, str]] = field(default_factory=list)
    note: str = ""
    budget: float | None = None     # prove cases: the wall time it may take


def symgen_command() -> list[str]:
    """The installed ``symgen`` (the script beside this Python), under the memory cap."""
    script = Path(sys.executable).with_name("symgen")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "symgen.cli"]
    capped = ("import os, resource, sys; resource.setrlimit(resource.RLIMIT_AS, "
              f"({MEMORY}, {MEMORY})); os.execv(sys.argv[1], sys.argv[1:])")
    return [sys.executable, "-c", capped, *command]


SYMGEN = symgen_command()


def execute(args: list[str], cwd: Path, limit: float) -> Outcome:
    """Run ``symgen ARGS`` in ``cwd``; kill its whole process group after ``limit`` seconds."""
    start = time.perf_counter()
    proc = subprocess.Popen(SYMGEN + args, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, start_new_session=True)
    try:
        out, err = proc.communicate(timeout=limit)
        hung = False
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
        hung = True
    return Outcome(proc.returncode, time.perf_counter() - start, out.decode("utf-8", "replace"),
                   err.decode("utf-8", "replace"), hung)


def first_line(text: str, width: int = 160) -> str:
    line = next((s for s in text.splitlines() if s.strip()), "")
    return line if len(line) <= width else line[:width - 20] + f"... ({len(line)} chars)"


def tracebacks(o: Outcome) -> list[tuple[str, str]]:
    text = o.out + o.err
    if "Traceback (most recent call last)" not in text:
        return []
    last = [s for s in text.splitlines() if s.strip() and not s.startswith(" ")]
    return [("traceback", first_line(last[-1] if last else "", 100))]


def signalled(o: Outcome) -> list[tuple[str, str]]:
    if o.hung or o.rc is None or o.rc >= 0:
        return []
    return [("exit code", f"killed by signal {-o.rc}")]


# ---------------------------------------------------------------------------
# prove cases: writing, judging

SPARSE_BYTES = 80 * 2**20       # past any sensible bound on one problem file
EXPECTED = {"refuse": {3}, "unproved": {1, 3}, "any": {0, 1, 3}, "prove": {0}}
_PROVED = re.compile(r"^(.+?): proved\b", re.M)


def write_case(c: Case, folder: Path) -> Path:
    """The case's input file (or folder) in ``folder``; its path."""
    folder.mkdir(parents=True)
    path = folder / f"input{c.suffix}"
    if c.layout == "dir":
        path.mkdir()
    elif c.layout == "sparse":
        with open(path, "wb") as f:
            f.truncate(SPARSE_BYTES)
    elif c.layout == "file":
        text = c.text.replace("{S}", str(folder / SENTINEL))
        if c.good:
            good = GOOD_JSONL if c.jsonl else GOOD[c.domain]
            text += ("" if not text or text.endswith("\n") else "\n") + ("" if c.jsonl else "\n") + good
        data = c.whole(text) if c.whole else text
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def judge_prove(c: Case, o: Outcome, budget: float, folder: Path) -> list[tuple[str, str]]:
    """Every way the run failed the bar (empty: it passed)."""
    found = tracebacks(o)
    if list(folder.glob(SENTINEL + "*")):
        found.append(("code executed", f"{SENTINEL} exists"))
    if o.hung:
        return found + [("hang", f"killed after {o.wall:.0f}s")]
    if o.wall > budget:
        found.append(("over time", f"{o.wall:.1f}s > {budget:.1f}s"))
    proved = set(_PROVED.findall(o.out))
    if c.good and GOOD_NAME not in proved:
        found.append(("good after bad", first_line(
            next((s for s in o.out.splitlines() if s.startswith(GOOD_NAME)), "not in the output"), 80)))
    honest = c.proof_says is not None and re.search(c.proof_says, o.out, re.I) is not None
    claimed = proved - {GOOD_NAME}
    if c.expect == "unproved" and claimed and not honest:
        found.append(("false proof", ", ".join(sorted(claimed))[:80]
                      + (f" (without stating {c.proof_says!r})" if c.proof_says else "")))
    if c.expect == "prove" and c.problem not in proved:
        found.append(("exit code", f"{c.problem} (valid) not proved"))
    found += signalled(o) or exit_failures(c, o, bool(claimed) and honest)
    found += error_failures(c, o, folder.joinpath(f"input{c.suffix}").name)
    if c.says and not re.search(c.says, o.out + o.err, re.I):
        found.append(("unclear error", f"the output does not say {c.says!r}"))
    return found


def exit_failures(c: Case, o: Outcome, honest_proof: bool) -> list[tuple[str, str]]:
    """The exit code against the expectation and against what was printed."""
    err = [s for s in o.err.splitlines() if s.strip()]
    internal = [s for s in err if s.startswith("internal error")]
    if o.rc == 4 or internal:
        return [("exit code", f"exit {o.rc}: " + first_line(internal[0] if internal else o.err, 120))]
    implied = 3 if any(s.startswith("error:") for s in err) else 1 if ": not proved" in o.out else 0
    allowed = EXPECTED[c.expect] | ({0} if honest_proof else set())
    if o.rc not in allowed:
        return [("exit code", f"exit {o.rc}, expected {'/'.join(map(str, sorted(allowed)))}")]
    if o.rc != implied:
        return [("exit code", f"exit {o.rc}, but the output means {implied}")]
    return []


def error_failures(c: Case, o: Outcome, source: str) -> list[tuple[str, str]]:
    """A refused problem: one ``error:`` line naming the file and the problem, and nothing else."""
    lines = [s for s in o.err.splitlines() if s.strip()]
    errors = [s for s in lines if s.startswith("error:")]
    other = [s for s in lines if not s.startswith(("error:", "internal error"))]
    if other:
        return [("unclear error", f"stderr holds {len(other)} other line(s): {first_line(other[0], 80)!r}")]
    if c.errors is not None and len(errors) > c.errors:
        return [("unclear error", f"{len(errors)} error lines for {c.errors} problem(s)")]
    for line in errors:
        if CRASH.search(line):
            return [("unclear error", f"the error is a Python exception: {first_line(line, 80)!r}")]
        if len(line) > ERROR_CHARS:
            return [("unclear error", f"an error line of {len(line)} characters: {line[:70]!r}...")]
        if source not in line:
            return [("unclear error", f"does not name the file: {first_line(line, 80)!r}")]
    quoted = (f"'{c.problem}'", f'"{c.problem}"')
    if c.problem and len(errors) == 1 and not any(q in errors[0] for q in quoted) and c.expect != "prove":
        return [("unclear error", f"does not name the problem {c.problem!r}")]
    return []


def run_prove(c: Case, root: Path, timeout: float, startup: float) -> Result:
    folder = root / "cases" / re.sub(r"[^A-Za-z0-9_.-]+", "_", c.name)
    if folder.exists():
        shutil.rmtree(folder)
    path = write_case(c, folder)
    budget = (c.problems + c.good) * timeout + startup + 1.0
    args = ["prove", path.name, "--domain", c.domain, "--timeout", f"{timeout:g}", *c.flags]
    o = execute(args, folder, budget + HANG_GRACE)
    return Result(c.name, (c.domain, c.kind), o, judge_prove(c, o, budget, folder), budget=budget)


def startup_seconds(domain: str, root: Path, timeout: float, workers: int) -> float:
    """The median wall time of ``symgen prove`` on the good problem alone, ``workers`` at a time."""
    def once(k: int) -> float:
        folder = root / "startup" / f"{domain}-{k}"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        (folder / "good.txt").write_text(GOOD[domain])
        return execute(["prove", "good.txt", "--domain", domain, "--timeout", f"{timeout:g}"],
                       folder, 120).wall
    with ThreadPoolExecutor(workers) as pool:
        return median(pool.map(once, range(2 * workers)))


# ---------------------------------------------------------------------------
# check cases: tampered copies of small corpora

CORPORA = {"geometry": (24, 2), "arithmetic": (16, 0), "code": (16, 0)}    # count, seed
CHECK_LIMIT = 600.0
CAUGHT = frozenset({1})
NOT_A_CORPUS = frozenset({1, 3})


def build_corpus(domain: str, cache: Path, workers: int) -> tuple[Path | None, str]:
    """The domain's small corpus under ``cache`` (generated once); None and why if it fails."""
    count, seed = CORPORA[domain]
    out = cache / f"{domain}-{count}-seed{seed}"
    if (out / "manifest.json").exists():
        return out, ""
    cache.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(out, ignore_errors=True)
    o = execute(["generate", "--domain", domain, "--count", str(count), "--seed", str(seed),
                 "--out", str(out), "--workers", str(workers)], cache, 1800)
    if o.rc != 0 or not (out / "manifest.json").exists():
        return None, f"symgen generate failed (exit {o.rc}): {first_line(o.err)}"
    return out, ""


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Copy:
    """A corpus copied for one tamper: its manifest and the records of its first data file."""

    def __init__(self, source: Path, folder: Path) -> None:
        self.folder, self.root, self.sentinel = folder, folder / "corpus", folder / SENTINEL
        shutil.copytree(source, self.root, symlinks=True)
        self.manifest = json.loads((self.root / "manifest.json").read_text(encoding="utf-8"))
        self.entry = self.manifest["files"][0]
        self.data = self.root / self.entry["file"]
        lines = self.data.read_text(encoding="utf-8").splitlines()
        self.records = [json.loads(s) for s in lines if s.strip()]

    def lines(self) -> list[str]:
        return [json.dumps(r, ensure_ascii=False) for r in self.records]

    def write(self, lines: list[str] | None = None, *, raw: bytes | None = None, rehash: bool = True,
              recount: bool = False) -> None:
        """Write the data file (the records, ``lines`` or ``raw``); with ``rehash`` the manifest's
        hash follows it, with ``recount`` its record counts too, as an editor of the corpus would."""
        data = raw if raw is not None else "".join(s + "\n" for s in (lines or self.lines())).encode()
        self.data.write_bytes(data)
        if rehash:
            self.entry["sha256"] = sha256(data)
        if recount:
            n = sum(1 for s in data.splitlines() if s.strip())
            self.manifest["records"] += n - self.entry["records"]
            self.entry["records"] = n
        self.save_manifest()

    def save_manifest(self) -> None:
        (self.root / "manifest.json").write_text(json.dumps(self.manifest, indent=1), encoding="utf-8")

    def pick(self, test: Callable[[dict], bool]) -> dict | None:
        return next((r for r in self.records if test(r)), None)

    def outside(self) -> Path:
        """A valid copy of the data file outside the corpus folder (manifest hash matches)."""
        path = self.folder / "outside.jsonl"
        shutil.copy(self.data, path)
        return path


@dataclass(frozen=True)
class Tamper:
    """One change to a corpus copy; ``apply`` returns None, or why it does not apply here."""

    name: str
    apply: Callable[[Copy], str | None]
    expect: frozenset[int] = CAUGHT
    domains: tuple[str, ...] = DOMAINS


def _records(change: Callable[[Copy], str | None], **write) -> Callable[[Copy], str | None]:
    """A tamper that changes the records, then writes them (``rehash`` and ``recount`` as given)."""
    def apply(c: Copy) -> str | None:
        why = change(c)
        if why is None:
            c.write(**write)
        return why
    return apply


def _set(key: str, value, index: int = 0) -> Callable[[Copy], None]:
    def change(c: Copy) -> None:
        c.records[index][key] = value
    return change


def _delete_key(key: str) -> Callable[[Copy], None]:
    def change(c: Copy) -> None:
        del c.records[0][key]
    return change


def _other_domain(c: Copy) -> None:
    c.records[0]["domain"] = next(d for d in DOMAINS if d != c.records[0]["domain"])


def _duplicate(c: Copy) -> None:
    c.records.insert(2, dict(c.records[1]))


def _delete_record(c: Copy) -> None:
    del c.records[3]


def _raw(change: Callable[[bytes], bytes], rehash: bool = True) -> Callable[[Copy], None]:
    def apply(c: Copy) -> None:
        c.write(raw=change(c.data.read_bytes()), rehash=rehash)
    return apply


def _invalid_utf8(data: bytes) -> bytes:
    at = re.search(rb'"goal": ?"', data).end()
    return data[:at] + b"\xff\xfe" + data[at:]


def _nested_line(c: Copy) -> None:
    c.write(c.lines() + ["[" * 100000 + "]" * 100000], recount=True)


def _nested_field(c: Copy) -> None:
    lines = c.lines()
    lines[0] = lines[0][:-1] + ', "stats": ' + "[" * 100000 + "]" * 100000 + "}"
    c.write(lines)


def _truncated_line(c: Copy) -> None:
    lines = c.lines()
    lines[-1] = lines[-1][:len(lines[-1]) // 2]
    c.write(lines)


def _manifest(change: Callable[[Copy], None]) -> Callable[[Copy], None]:
    def apply(c: Copy) -> None:
        change(c)
        c.save_manifest()
    return apply


def _point_outside(absolute: bool) -> Callable[[Copy], None]:
    def apply(c: Copy) -> None:
        outside = c.outside()
        c.data.unlink()
        c.entry["file"] = str(outside) if absolute else "../outside.jsonl"
        c.save_manifest()
    return apply


def _symlink_outside(c: Copy) -> None:
    outside = c.outside()
    c.data.unlink()
    c.data.symlink_to(outside)


def _payload_into(put: Callable[[dict, str], None], test: Callable[[dict], bool] = lambda r: True,
                  what: str = "") -> Callable[[Copy], str | None]:
    """Put the payload (made to create the copy's sentinel) into the first record that passes ``test``."""
    def change(c: Copy) -> str | None:
        r = c.pick(test)
        if r is None:
            return f"no record {what}"
        put(r, PAYLOADS[0].replace("{S}", str(c.sentinel)))
        return None
    return change


def _payload_fact(r: dict, payload: str) -> None:
    line = next(p for p in r["proof"] if "fact" in p or p.get("facts"))
    line.update(fact=f"{payload} >= 0") if "fact" in line else line.update(facts=[f"{payload} >= 0"])


def _write_text(relative: str, text: str | None) -> Callable[[Copy], None]:
    def apply(c: Copy) -> None:
        path = c.root / relative
        path.unlink() if text is None else path.write_text(text)
    return apply


def _empty_folder(c: Copy) -> None:
    shutil.rmtree(c.root)
    c.root.mkdir()


_FLIPS = (("==", "!="), ("!=", "=="), (">=", "<"), ("<=", ">"), (">", "<="), ("<", ">="))


def negated(relation: str) -> str:
    """The relation with its first comparison turned into its negation."""
    for a, b in _FLIPS:
        if a in relation:
            return relation.replace(a, b, 1)
    return relation + " == 1"


def _false_cong(record: dict) -> str | None:
    """A ``cong p q p s`` that the record's own diagram shows false."""
    d = record.get("diagram") or {}
    names = list(d)[:6]
    length = lambda p, q: float(np.hypot(d[p][0] - d[q][0], d[p][1] - d[q][1]))  # noqa: E731
    for p in names:
        for q in names:
            for s in names:
                if len({p, q, s}) == 3 and abs(length(p, q) - length(p, s)) > 0.1 * length(p, q):
                    return f"cong {p} {q} {p} {s}"
    return None


def _geometry_false_goal(where: str) -> Callable[[Copy], str | None]:
    def change(c: Copy) -> str | None:
        r = c.records[0]
        fact = _false_cong(r)
        if fact is None:
            return "no false cong in the diagram"
        if where == "goal":
            r["goal"] = fact
        else:
            r["proof"][-1]["fact"] = fact
        return None
    return change


def _with(test: Callable[[dict], bool], change: Callable[[dict], None],
          what: str) -> Callable[[Copy], str | None]:
    """Change the first record that passes ``test``; skip when none does."""
    def apply(c: Copy) -> str | None:
        r = c.pick(test)
        if r is None:
            return f"no record {what}"
        change(r)
        return None
    return apply


def _edit(test: Callable[[dict], bool], change: Callable[[dict], None],
          what: str) -> Callable[[Copy], str | None]:
    """Change the first record that passes ``test``, then write the records with the hash recomputed."""
    return _records(_with(test, change, what))


def _any(r: dict) -> bool:
    return True


def _has_key(key: str) -> Callable[[dict], bool]:
    return lambda r: bool(r.get(key))


def _premises(separator: str) -> Callable[[dict], bool]:
    return lambda r: separator in r.get("premises", "")


def _negate_goal(r: dict) -> None:
    r["goal"] = negated(r["goal"])


def _payload_aux(r: dict, payload: str) -> None:
    r["aux"] = [payload]


def _payload_args(r: dict, payload: str) -> None:
    _first(r, "args")["args"] = [payload]


def _payload_times(r: dict, payload: str) -> None:
    _first(r, "certificate")["certificate"]["times"] = payload


def _cite_later(r: dict) -> None:
    line = next(p for p in r["proof"] if p.get("cites"))
    line["cites"] = [len(r["proof"])]


def _nan_coordinate(r: dict) -> None:
    r["diagram"][0]["x"] = float("nan")


def _drop_premise(r: dict) -> None:
    r["premises"] = "; ".join(r["premises"].split("; ")[:-1])


def _bump_fact(r: dict) -> None:
    line = next(p for p in r["proof"] if p.get("fact", "").endswith(">= 0"))
    line["fact"] = line["fact"][:-1] + "1"


def _negative_weight(r: dict) -> None:
    line = next(p for p in r["proof"] if p.get("certificate"))
    line["certificate"]["terms"][0]["coef"] = "-1"


def _false_aux(r: dict) -> None:
    loop, _, conjunct = r["aux"][0].partition(":")
    name = re.search(r"[A-Za-z_]\w*", conjunct).group()
    r["aux"] = [f"{loop}: {name} <= -1000000"]


def _code_fact(r: dict) -> None:
    line = next(p for p in r["proof"] if p.get("facts"))
    line["facts"][0] = negated(line["facts"][0])


def _assert_negated(r: dict) -> None:
    flip = lambda m: f"assert({negated(m.group(1))});"  # noqa: E731
    r["program"] = re.sub(r"assert\((.*)\);", flip, r["program"], count=1)


def _has_aux(r: dict) -> bool:
    return bool(r.get("aux"))


def _has(key: str) -> Callable[[dict], bool]:
    return lambda r: any(key in p for p in r.get("proof", ()))


def _set_in(key: str, value) -> Callable[[dict], None]:
    def change(r: dict) -> None:
        r[key] = value
    return change


def _first(r: dict, key: str) -> dict:
    return next(p for p in r["proof"] if key in p)


def _set_invariant(r: dict) -> None:
    r["invariant"][0]["formula"] = "0 >= 1"


TAMPERS = (
    Tamper("control: untouched copy", lambda c: None, frozenset({0})),
    Tamper("control: re-serialised, rehashed", lambda c: c.write(), frozenset({0})),
    Tamper("deleted record", _records(_delete_record, rehash=False)),
    Tamper("deleted record, rehashed", _records(_delete_record)),
    Tamper("duplicated record", _records(_duplicate, rehash=False)),
    Tamper("duplicated record, rehashed and recounted", _records(_duplicate, recount=True)),
    Tamper("domain changed", _records(_other_domain, rehash=False)),
    Tamper("domain changed, rehashed", _records(_other_domain)),
    Tamper("unknown key, rehashed", _records(_set("comment", "hello"))),
    Tamper("missing key proof, rehashed", _records(_delete_key("proof"))),
    Tamper("missing key goal, rehashed", _records(_delete_key("goal"))),
    Tamper("wrong type: seed a string, rehashed", _records(_set("seed", "0"))),
    Tamper("wrong type: proof a string, rehashed", _records(_set("proof", "premise"))),
    Tamper("wrong type: aux a string, rehashed", _records(_set("aux", "x"))),
    Tamper("seed NaN, rehashed", _records(_set("seed", float("nan")))),
    Tamper("manifest file /etc/hostname", _manifest(lambda c: c.entry.update(file="/etc/hostname")),
           NOT_A_CORPUS),
    Tamper("manifest extra file /etc/hostname", _manifest(lambda c: c.manifest["files"].append(
        {"file": "/etc/hostname", "records": 1, "sha256": "0" * 64})), NOT_A_CORPUS),
    Tamper("manifest file ../outside.jsonl (a valid copy)", _point_outside(False), NOT_A_CORPUS),
    Tamper("manifest file absolute, outside (a valid copy)", _point_outside(True), NOT_A_CORPUS),
    Tamper("data file a symlink to a valid copy outside", _symlink_outside, NOT_A_CORPUS),
    Tamper("invalid UTF-8", _raw(_invalid_utf8, rehash=False)),
    Tamper("invalid UTF-8, rehashed", _raw(_invalid_utf8)),
    Tamper("missing data file", lambda c: c.data.unlink(), NOT_A_CORPUS),
    Tamper("empty data file, rehashed", _raw(lambda data: b"")),
    Tamper("truncated last line, rehashed", _truncated_line),
    Tamper("line nested 100000 deep, rehashed and recounted", _nested_line),
    Tamper("field nested 100000 deep, rehashed", _nested_field),
    Tamper("record count inflated", _manifest(lambda c: c.entry.update(records=1000))),
    Tamper("payload in goal, rehashed", _records(_payload_into(lambda r, p: r.update(goal=f"{p} >= 0")))),
    Tamper("payload in premises, rehashed", _records(_payload_into(lambda r, p: r.update(premises=p)))),
    Tamper("payload in a proof fact, rehashed", _records(_payload_into(_payload_fact, _has_key("proof"),
                                                                       "with a proof"))),
    Tamper("premises of 3 MB, rehashed", _records(_set("premises", "a " * 1_500_000))),
    Tamper("manifest not JSON", _write_text("manifest.json", "{"), NOT_A_CORPUS),
    Tamper("manifest nested 100000 deep", _write_text("manifest.json", "[" * 100000 + "]" * 100000),
           NOT_A_CORPUS),
    Tamper("manifest missing", _write_text("manifest.json", None), NOT_A_CORPUS),
    Tamper("empty folder", _empty_folder, NOT_A_CORPUS),
    *(Tamper(name, apply, domains=(domain,)) for domain, name, apply in (
        ("geometry", "goal changed to a false cong, rehashed", _records(_geometry_false_goal("goal"))),
        ("geometry", "last proof line changed to a false cong, rehashed",
         _records(_geometry_false_goal("proof"))),
        ("geometry", "aux removed, rehashed", _edit(_has_aux, _set_in("aux", []), "with aux")),
        ("geometry", "diagram coordinate NaN, rehashed",
         _edit(_has_key("diagram"), _nan_coordinate, "with a diagram")),
        ("geometry", "proof cites a later line, rehashed", _edit(_has("cites"), _cite_later, "with cites")),
        ("geometry", "last premise dropped, rehashed",
         _edit(_premises("; "), _drop_premise, "with two premises")),
        ("arithmetic", "aux: [] on a record whose proof uses aux, rehashed",
         _edit(_has_aux, _set_in("aux", []), "with aux")),
        ("arithmetic", "goal negated, rehashed", _edit(_any, _negate_goal, "")),
        ("arithmetic", "proof fact '>= 0' made '>= 1', rehashed",
         _edit(_has("fact"), _bump_fact, "with facts")),
        ("arithmetic", "certificate weight made -1, rehashed",
         _edit(_has("certificate"), _negative_weight, "with a certificate")),
        ("arithmetic", "payload in aux, rehashed", _records(_payload_into(_payload_aux))),
        ("arithmetic", "payload in a lemma's args, rehashed",
         _records(_payload_into(_payload_args, _has("args"), "with lemma args"))),
        ("arithmetic", "payload as a certificate's multiplier, rehashed",
         _records(_payload_into(_payload_times, _has("certificate"), "with a certificate"))),
        ("code", "goal 'i == n' made 'i != n' (the program still asserts i == n), rehashed",
         _edit(lambda r: r.get("goal") == "i == n", _set_in("goal", "i != n"), "with goal i == n")),
        ("code", "goal negated, rehashed", _edit(_any, _negate_goal, "")),
        ("code", "aux removed, rehashed", _edit(_has_aux, _set_in("aux", []), "with aux")),
        ("code", "aux replaced by a false invariant, rehashed", _edit(_has_aux, _false_aux, "with aux")),
        ("code", "aux replaced by 'L0: 0 >= 1', rehashed",
         _edit(_has_aux, _set_in("aux", ["L0: 0 >= 1"]), "with aux")),
        ("code", "invariant field made '0 >= 1', rehashed",
         _edit(_has_key("invariant"), _set_invariant, "with an invariant")),
        ("code", "program's assert negated, rehashed",
         _edit(_has_key("program"), _assert_negated, "with a program")),
        ("code", "proof fact negated, rehashed", _edit(_has("facts"), _code_fact, "with facts")),
        ("code", "payload in aux, rehashed", _records(_payload_into(_payload_aux))),
    )),
)


def _hostname() -> str:
    try:
        text = Path("/etc/hostname").read_text().strip()
    except OSError:
        return ""
    return text if len(text) >= 4 else ""


HOSTNAME = _hostname()


def judge_check(t: Tamper, o: Outcome, c: Copy) -> list[tuple[str, str]]:
    found = tracebacks(o) + signalled(o)
    if list(c.folder.rglob(SENTINEL + "*")):
        found.append(("code executed", f"{SENTINEL} exists"))
    if o.hung:
        return found + [("hang", f"killed after {o.wall:.0f}s")]
    if HOSTNAME and HOSTNAME in o.out + o.err:
        found.append(("damage", "printed the content of /etc/hostname"))
    reason = first_line("\n".join(s for s in o.out.splitlines() if not s.startswith("checked")) or o.err, 100)
    internal = "internal error" in o.err
    if o.rc == 4 or internal:
        found.append(("exit code", f"exit {o.rc}: {first_line(o.err, 100)}"))
    elif t.expect == {0} and o.rc != 0:
        found.append(("exit code", f"the untouched corpus fails: exit {o.rc}: {reason}"))
    elif o.rc == 0 and 0 not in t.expect:
        found.append(("not caught", "exit 0"))
    elif o.rc is not None and o.rc >= 0 and o.rc not in t.expect:
        found.append(("exit code", f"exit {o.rc}, expected {'/'.join(map(str, sorted(t.expect)))}"))
    if o.rc == 3 and not one_error_line(o.err):
        found.append(("unclear error", f"stderr is not one error line: {first_line(o.err, 80)!r}"))
    crash = CRASH.search(o.out + o.err)
    if crash and o.rc != 4:
        found.append(("unclear error", f"caught through a crash in the checker ({crash.group()})"))
    return found


def one_error_line(err: str) -> bool:
    lines = [s for s in err.splitlines() if s.strip()]
    return len(lines) == 1 and lines[0].startswith("error:") and len(lines[0]) <= ERROR_CHARS


def run_check(domain: str, source: Path, t: Tamper, root: Path) -> Result:
    name = f"check/{domain}/{t.name}"
    folder = root / "cases" / re.sub(r"[^A-Za-z0-9_.-]+", "_", name)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    c = Copy(source, folder)
    try:
        why = t.apply(c)
    except (LookupError, ValueError, AttributeError, TypeError) as err:   # the corpus lacks what it needs
        why = f"the tamper does not apply ({type(err).__name__}: {err})"
    if why is not None:
        return Result(name, ("check", domain), None, note=f"skipped: {why}")
    o = execute(["check", "corpus"], folder, CHECK_LIMIT)
    return Result(name, ("check", domain), o, judge_check(t, o, c))


# ---------------------------------------------------------------------------
# generate cases: corpus folders

GENERATE = ["generate", "--domain", "geometry", "--count", "8", "--seed", "2", "--workers", "1"]
GENERATE_LIMIT = 180.0


def _generate_common(o: Outcome, allowed: set[int], one_line: bool = True) -> list[tuple[str, str]]:
    found = tracebacks(o) + signalled(o)
    if o.hung:
        return found + [("hang", f"killed after {o.wall:.0f}s")]
    if o.rc == 4 or "internal error" in o.err:
        found.append(("exit code", f"exit {o.rc}: {first_line(o.err, 100)}"))
    elif o.rc is not None and o.rc >= 0 and o.rc not in allowed:
        found.append(("exit code", f"exit {o.rc}, expected {'/'.join(map(str, sorted(allowed)))}"))
    err = "\n".join(s for s in o.err.replace("\r", "\n").splitlines()   # less the progress lines
                   if not s.startswith(("[", "generate: ")))
    if one_line and o.rc != 0 and not one_error_line(err):
        found.append(("unclear error", f"stderr is not one error line: {first_line(err, 80)!r}"))
    return found


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _records_in(corpus: Path) -> int:
    files = (corpus / "data").glob("*.jsonl")
    return sum(1 for p in files for s in p.read_text().splitlines() if s.strip())


def gen_read_only(folder: Path, corpus: Path | None) -> tuple[Outcome | None, list, str]:
    if os.geteuid() == 0:
        return None, [], "skipped: running as root, a chmod 0o555 folder stays writable"
    out = folder / "read-only"
    out.mkdir()
    out.chmod(0o555)
    try:
        o = execute(GENERATE + ["--out", out.name], folder, GENERATE_LIMIT)
    finally:
        out.chmod(0o755)
    return o, _generate_common(o, {2, 3}), ""


def gen_under_a_file(folder: Path, corpus: Path | None) -> tuple[Outcome | None, list, str]:
    (folder / "a-file").write_text("mine\n")
    o = execute(GENERATE + ["--out", "a-file/corpus"], folder, GENERATE_LIMIT)
    damage = [] if (folder / "a-file").read_text() == "mine\n" else [("damage", "a-file changed")]
    return o, _generate_common(o, {2, 3}) + damage, ""


def gen_names_a_file(folder: Path, corpus: Path | None) -> tuple[Outcome | None, list, str]:
    (folder / "out.txt").write_text("mine\n")
    o = execute(GENERATE + ["--out", "out.txt"], folder, GENERATE_LIMIT)
    damage = [] if (folder / "out.txt").read_text() == "mine\n" else [("damage", "out.txt changed")]
    return o, _generate_common(o, {2, 3}) + damage, ""


FOREIGN = {"README.md": "# my notes\n", "report.json": '{"mine": true}\n', "timing.json": "{}\n",
           "notes.txt": "keep me\n"}


def gen_foreign_files(folder: Path, corpus: Path | None) -> tuple[Outcome | None, list, str]:
    out = folder / "mine"
    out.mkdir()
    for name, text in FOREIGN.items():
        (out / name).write_text(text)
    before = _snapshot(out)
    o = execute(GENERATE + ["--out", out.name], folder, GENERATE_LIMIT)
    found = _generate_common(o, {2})
    unnamed = [n for n in ("README.md", "report.json", "timing.json") if n not in o.err]
    if o.rc == 2 and unnamed:
        found.append(("unclear error", f"does not name {', '.join(unnamed)}"))
    if _snapshot(out) != before:
        found.append(("damage", "files in the folder were changed or added"))
    return o, found, ""


def _finished_copy(folder: Path, corpus: Path | None) -> Path | None:
    if corpus is None:
        return None
    out = folder / "finished"
    shutil.copytree(corpus, out)
    return out


def gen_smaller_count(folder: Path, corpus: Path | None) -> tuple[Outcome | None, list, str]:
    out = _finished_copy(folder, corpus)
    if out is None:
        return None, [], "skipped: no geometry corpus"
    count = _records_in(out)
    o = execute([*GENERATE[:4], "8", "--seed", str(CORPORA["geometry"][1]), "--out", out.name],
                folder, GENERATE_LIMIT)
    found = _generate_common(o, {0, 2})
    if _records_in(out) < count and str(count) not in o.out + o.err:
        found.append(("damage", f"silently shrunk from {count} to {_records_in(out)} records"))
    return o, found, ""


def _into_finished(folder: Path, corpus: Path | None, seed: int, allowed: set[int],
                   harm: str) -> tuple[Outcome | None, list, str]:
    """``generate`` of the corpus's count with ``seed`` into a finished copy; its data must not change."""
    out = _finished_copy(folder, corpus)
    if out is None:
        return None, [], "skipped: no geometry corpus"
    before = _snapshot(out / "data")
    o = execute([*GENERATE[:4], str(CORPORA["geometry"][0]), "--seed", str(seed), "--out", out.name],
                folder, GENERATE_LIMIT)
    found = _generate_common(o, allowed)
    if _snapshot(out / "data") != before:
        found.append(("damage", harm))
    return o, found, ""


def gen_other_settings(folder: Path, corpus: Path | None) -> tuple[Outcome | None, list, str]:
    return _into_finished(folder, corpus, 5, {2}, "a corpus of other settings was overwritten")


def gen_rerun(folder: Path, corpus: Path | None) -> tuple[Outcome | None, list, str]:
    return _into_finished(folder, corpus, CORPORA["geometry"][1], {0},
                          "rerunning a finished corpus changed its data")


def gen_dask_unreachable(folder: Path, corpus: Path | None) -> tuple[Outcome | None, list, str]:
    probe = subprocess.run([sys.executable, "-c", "import distributed"], capture_output=True)
    if probe.returncode != 0:
        return None, [], "skipped: distributed is not installed"
    o = execute(GENERATE + ["--out", "dask-out", "--executor", "dask://127.0.0.1:9"], folder, GENERATE_LIMIT)
    found = _generate_common(o, {1, 2, 3})
    if not o.hung and o.wall > 15.0:
        found.append(("over time", f"{o.wall:.1f}s > 15s"))
    left = folder / "dask-out"
    if left.exists() and not any(p.is_file() for p in left.rglob("*")):
        found.append(("damage", "an empty folder was left behind"))
    return o, found, ""


_BAD_FLAGS = (("--count", "0"), ("--count", "-3"), ("--workers", "0"), ("--domain", "nosuch"),
              ("--steps", "x-y"), ("--weights", "midpoint"), ("--format", "xml"), ("--seed", "abc"),
              ("--min-proof-steps", "0"), ("--per-diagram", "-1"), ("--executor", "ftp://x"))


def _bad_flag(flag: str, value: str):
    def run(folder: Path, corpus: Path | None) -> tuple[Outcome | None, list, str]:
        o = execute(GENERATE + ["--out", "flag-out", flag, value], folder, GENERATE_LIMIT)
        found = _generate_common(o, {2}, one_line=False)
        if (folder / "flag-out").exists():
            found.append(("damage", "a bad command line created the --out folder"))
        return o, found, ""
    return run


GENERATE_CASES: dict[str, Callable[[Path, Path | None], tuple[Outcome | None, list, str]]] = {
    "--out read-only (chmod 0o555)": gen_read_only,
    "--out under a file": gen_under_a_file,
    "--out naming a file": gen_names_a_file,
    "--out a folder of files symgen did not write": gen_foreign_files,
    "--count 8 into a finished 24-record corpus": gen_smaller_count,
    "--seed 5 into a finished corpus of seed 2": gen_other_settings,
    "the same settings into a finished corpus": gen_rerun,
    "--executor dask://127.0.0.1:9 (unreachable)": gen_dask_unreachable,
    **{f"bad flag {f} {v}": _bad_flag(f, v) for f, v in _BAD_FLAGS},
}


def run_generate(name: str, root: Path, corpus: Path | None) -> Result:
    folder = root / "cases" / re.sub(r"[^A-Za-z0-9_.-]+", "_", f"generate/{name}")
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    o, found, note = GENERATE_CASES[name](folder, corpus)
    return Result(f"generate/{name}", ("generate", "corpus folders"), o, found, note)


# ---------------------------------------------------------------------------
# The run and the report

def table(results: list[Result]) -> str:
    """Markdown: per group, the cases and each failure's count (a case counts once per kind)."""
    groups: dict[tuple[str, str], list[Result]] = {}
    for r in results:
        groups.setdefault(r.group, []).append(r)
    head = ["domain", "kind", "cases", *FAILURES, "passed"]
    rows = [head, ["---"] * len(head)]
    total = [0] * (len(FAILURES) + 2)
    for (domain, kind), members in groups.items():
        ran = [r for r in members if r.outcome is not None or r.failures]
        counts = [sum(any(k == f for k, _ in r.failures) for r in ran) for f in FAILURES]
        passed = sum(not r.failures for r in ran)
        rows.append([domain, kind, str(len(ran)), *map(str, counts), str(passed)])
        total = [a + b for a, b in zip(total, [len(ran), *counts, passed])]
    rows.append(["**all**", "", *(f"**{n}**" for n in total)])
    return "\n".join("| " + " | ".join(row) + " |" for row in rows)


def failure_lines(results: list[Result]) -> list[str]:
    out = []
    for r in results:
        if r.failures:
            what = "; ".join(f"{k} ({d})" if d else k for k, d in r.failures)
            err = first_line(r.outcome.err if r.outcome else "", 140)
            out.append(f"{r.name}: {what}" + (f" | stderr: {err}" if err else ""))
    return out


def as_json(r: Result) -> dict:
    o = r.outcome
    return {"name": r.name, "group": list(r.group), "failures": r.failures, "note": r.note,
            **({"rc": o.rc, "wall": round(o.wall, 2), "hung": o.hung, "stdout": o.out[:2000],
                "stderr": o.err[:2000]} if o else {})}


def retry_over_time(results: list[Result], cases: dict[str, Case], root: Path, timeout: float,
                    startup: dict[str, float]) -> None:
    """Run each prove case that was over time again, alone: it counts only if over again."""
    for k, r in enumerate(results):
        if r.name not in cases or not any(f == "over time" for f, _ in r.failures):
            continue
        again = run_prove(cases[r.name], root, timeout, startup[cases[r.name].domain])
        over = [f for f in again.failures if f[0] == "over time"]
        kept = [f for f in r.failures if f[0] != "over time"] + over
        first = next(d for f, d in r.failures if f == "over time")
        results[k] = Result(r.name, r.group, r.outcome if over else again.outcome, kept,
                            f"over time loaded ({first}); alone: {'over again' if over else 'in time'}",
                            again.budget)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--timeout", type=float, default=2.0, help="symgen prove --timeout (default 2)")
    ap.add_argument("--workers", type=int, default=2, help="cases run at once (default 2)")
    ap.add_argument("--only", choices=(*DOMAINS, "check", "generate"), help="one part only")
    ap.add_argument("--json", help="write every case's outcome to this file")
    ap.add_argument("--keep", help="keep the cases here (and cache the corpora)")
    return ap.parse_args(argv)


def tasks(args: argparse.Namespace, root: Path) -> tuple[list[Callable[[], Result]], dict[str, Case], dict]:
    """Every case to run, as a thunk; the prove cases by name; the startup seconds per domain."""
    todo: list[Callable[[], Result]] = []
    cases: dict[str, Case] = {}
    startup: dict[str, float] = {}
    for domain in [d for d in DOMAINS if args.only in (None, d)]:
        startup[domain] = startup_seconds(domain, root, args.timeout, args.workers)
        print(f"{domain}: startup {startup[domain]:.2f}s", file=sys.stderr)
        for c in prove_cases(domain):
            cases[c.name] = c
            todo.append(lambda c=c: run_prove(c, root, args.timeout, startup[c.domain]))
    corpora = {}
    for domain in [d for d in DOMAINS if args.only in (None, "check") or (args.only == "generate"
                                                                          and d == "geometry")]:
        corpora[domain] = build_corpus(domain, root / "corpora", args.workers)
    if args.only in (None, "check"):
        for domain, (source, why) in corpora.items():
            if source is None:
                todo.append(lambda d=domain, w=why: Result(f"check/{d}/corpus", ("check", d), None,
                                                           [("exit code", w)]))
                continue
            todo += [lambda d=domain, s=source, t=t: run_check(d, s, t, root)
                     for t in TAMPERS if domain in t.domains]
    if args.only in (None, "generate"):
        geometry = corpora.get("geometry", (None, ""))[0]
        todo += [lambda n=n: run_generate(n, root, geometry) for n in GENERATE_CASES]
    return todo, cases, startup


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    root = Path(args.keep).resolve() if args.keep else Path(tempfile.mkdtemp(prefix="untrusted-inputs-"))
    shutil.rmtree(root / "cases", ignore_errors=True)
    started = time.perf_counter()
    todo, cases, startup = tasks(args, root)
    results: list[Result] = []
    with ThreadPoolExecutor(max(1, args.workers)) as pool:
        for k, r in enumerate(pool.map(lambda thunk: thunk(), todo), start=1):
            results.append(r)
            if sys.stderr.isatty():
                print(f"\r{k}/{len(todo)} cases", end="", file=sys.stderr, flush=True)
    retry_over_time(results, cases, root, args.timeout, startup)
    print(table(results))
    failing = failure_lines(results)
    parts = [f"{len(failing)} failing case(s) of {len(results)}",
             *(f"{d} startup {s:.2f}s" for d, s in startup.items()),
             f"{time.perf_counter() - started:.0f}s in all"]
    print("\n" + "; ".join(parts))
    timed = [r for r in results if r.budget is not None and r.outcome is not None and not r.outcome.hung]
    if timed:
        worst = max(timed, key=lambda r: r.outcome.wall - r.budget)
        print(f"closest to its time budget: {worst.name}, {worst.outcome.wall:.2f}s of {worst.budget:.2f}s")
    for line in failing:
        print(line)
    for r in results:
        if r.note:
            print(f"note: {r.name}: {r.note}")
    if args.json:
        Path(args.json).write_text(json.dumps([as_json(r) for r in results], indent=1, ensure_ascii=False))
    if not args.keep:
        shutil.rmtree(root, ignore_errors=True)
    return 0 if not failing else 1


if __name__ == "__main__":
    sys.exit(main())
