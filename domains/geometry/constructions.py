"""The construction table: what each construction of the problem language means.

A construction call such as ``foot x a b c`` introduces new points (here ``x``)
from existing ones.  Each entry of ``CONSTRUCTIONS`` says, over formal argument
names:

* ``params``   the arguments in call order, ``outputs`` which of them are new;
* ``numbers``  how many numeric arguments trail the points (``s_angle`` has one,
  an angle in degrees);
* ``requires`` side conditions on the inputs that must hold numerically for the
  construction to make sense (``ncoll a b c``, ``diff a b``, …);
* ``facts``    what the construction asserts about its points; with the real
  names substituted these are the premises a prover starts from (``premises``);
* ``sketch``   the numeric part, how the new points are drawn: the
  construction's entry in ``sketches.SKETCHES``.

Facts use only the predicates of ``numeric.PREDICATES``; a constant angle is an
``aconst`` in units of pi, a constant ratio an ``rconst``.  Every fact holds in
every diagram the sketch can produce (``tests/geometry/test_constructions.py``).

Conventions worth knowing:

* ``s_angle a b x y`` is asserted as ``aconst b a b x y/180``.
* Newclid's own constructions (``between``, ``on_aline0``, ``eqratio``, ``rconst``,
  ``lconst``, ``simtri``, ``cc_itangent``, …) are drawn by ``sketches_newclid``;
  ``between``'s order (x inside ab) is drawn but not stated, the engine having no
  order predicate; ``lconst``/``l2const`` state nothing themselves: the parser
  reads a later fixed length as a ratio to the first (``lengths``).
* constructions that make a midpoint (``midpoint``, ``mirror``, ``centroid``,
  ``ninepoints``) assert ``midp`` besides the ``coll`` and ``cong`` it implies;
  facts that hold without being asserted by AlphaGeometry (the orthocentre's
  third altitude, the incentre's third bisector, …) are asserted too.
"""
from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

from domains.geometry.problem import Call, Problem, Statement
from domains.geometry.sketches import SKETCHES, Sketch
from domains.geometry.sketches_newclid import NEWCLID_SKETCHES

_SKETCHES = {**SKETCHES, **NEWCLID_SKETCHES}


@dataclass(frozen=True, slots=True)
class ConstructionDef:
    name: str
    params: tuple[str, ...]
    outputs: tuple[str, ...]
    numbers: int
    requires: tuple[Statement, ...]
    facts: tuple[Statement, ...]
    sketch: Sketch
    # facts whose numbers depend on the call's numbers (s_angle's angle)
    number_facts: Callable[[tuple[Fraction, ...]], tuple[Statement, ...]] | None = None
    positive: bool = False      # the numbers must be positive (a ratio, a length)

    @property
    def inputs(self) -> tuple[str, ...]:
        return tuple(p for p in self.params if p not in self.outputs)

    def usage(self) -> str:
        return " ".join([self.name, *self.params, *(["<number>"] * self.numbers)])

    def binding(self, call: Call) -> dict[str, str]:
        """Formal parameter name -> actual point name."""
        return dict(zip(self.params, call.args, strict=True))

    def statements(self, call: Call) -> list[Statement]:
        """The facts of this construction with the call's point names."""
        facts = list(self.facts)
        if self.number_facts is not None:
            facts += self.number_facts(call.numbers)
        return [instantiate(f, self.binding(call)) for f in facts]

    def preconditions(self, call: Call) -> list[Statement]:
        return [instantiate(r, self.binding(call)) for r in self.requires]


def instantiate(stmt: Statement, names: dict[str, str]) -> Statement:
    return Statement(stmt.pred, tuple(names[a] for a in stmt.args), stmt.numbers)


# ---------------------------------------------------------------------------
# The table

def _statements(text: str) -> tuple[Statement, ...]:
    """'perp x a b c; coll x b c' -> Statements; trailing numeric tokens are numbers."""
    out = []
    for part in filter(None, (s.strip() for s in text.split(";"))):
        pred, *tokens = part.split()
        nums = tuple(Fraction(t) for t in tokens if t[0].isdigit() or t[0] == "-")
        out.append(Statement(pred, tuple(t for t in tokens if not (t[0].isdigit() or t[0] == "-")), nums))
    return tuple(out)


def _def(name: str, params: str, out: str, *, req: str = "", facts: str = "",
         numbers: int = 0, number_facts=None, positive: bool = False) -> ConstructionDef:
    return ConstructionDef(name, tuple(params.split()), tuple(o for o in params.split() if o in out.split()),
                           numbers, _statements(req), _statements(facts), _SKETCHES[name], number_facts,
                           positive)


_ANGLE_BISECT3 = "eqangle a b a x a x a c; eqangle c a c x c x c b; eqangle b c b x b x b a"
_TOUCH = ("coll x b c; perp i x b c; coll y c a; perp i y c a; coll z a b; perp i z a b; "
          "cong i x i y; cong i y i z")
_ANGLE_BISECT3_I = _ANGLE_BISECT3.replace("x", "i")
_TWO_TANGENTS = ("cong o x o a; cong w y w b; perp x o x y; perp y w y x; "
                 "cong o z o a; cong w i w b; perp z o z i; perp i w i z")
_MIDS = ("midp x b c; coll x b c; cong x b x c; midp y c a; coll y c a; cong y c y a; "
         "midp z a b; coll z a b; cong z a z b")


def _s_angle_facts(nums: tuple[Fraction, ...]) -> tuple[Statement, ...]:
    return (Statement("aconst", ("b", "a", "b", "x"), (Fraction(nums[0]) / 180,)),)


def _ratio_facts(a: str, b: str, c: str, d: str) -> Callable[[tuple[Fraction, ...]], tuple[Statement, ...]]:
    """``rconst a b c d r`` with the call's ratio r."""
    return lambda nums: (Statement("rconst", (a, b, c, d), (Fraction(nums[0]),)),)


CONSTRUCTIONS: dict[str, ConstructionDef] = {d.name: d for d in (
    # free shapes
    _def("free", "a", "a"),
    _def("segment", "a b", "a b"),
    _def("triangle", "a b c", "a b c"),
    _def("quadrangle", "a b c d", "a b c d"),
    _def("pentagon", "a b c d e", "a b c d e"),
    _def("iso_triangle", "a b c", "a b c", facts="eqangle b a b c c b c a; cong a b a c"),
    _def("r_triangle", "a b c", "a b c", facts="perp a b a c"),
    _def("risos", "a b c", "a b c", facts="perp a b a c; cong a b a c; eqangle b a b c c b c a"),
    _def("ieq_triangle", "a b c", "a b c",
         facts="cong a b b c; cong b c c a; eqangle a b a c c a c b; eqangle c a c b b c b a"),
    _def("triangle12", "a b c", "a b c", facts="rconst a b a c 1/2"),
    _def("isquare", "a b c d", "a b c d",
         facts="perp a b b c; cong a b b c; para a b c d; para a d b c; perp a d d c; "
               "cong b c c d; cong c d d a; perp a c b d; cong a c b d"),
    _def("rectangle", "a b c d", "a b c d",
         facts="perp a b b c; para a b c d; para a d b c; perp a b a d; cong a b c d; "
               "cong a d b c; cong a c b d"),
    _def("trapezoid", "a b c d", "a b c d", facts="para a b c d"),
    _def("r_trapezoid", "a b c d", "a b c d", facts="para a b c d; perp a b a d"),
    _def("eq_trapezoid", "a b c d", "a b c d", facts="para d c a b; cong d a b c"),
    _def("eq_quadrangle", "a b c d", "a b c d", facts="cong d a b c"),
    _def("eqdia_quadrangle", "a b c d", "a b c d", facts="cong d b a c"),
    # one new point on one locus
    _def("on_line", "x a b", "x", req="diff a b", facts="coll x a b"),
    _def("on_opline", "x a b", "x", req="diff a b", facts="coll x a b"),
    _def("on_pline", "x a b c", "x", req="diff b c; ncoll a b c", facts="para x a b c"),
    _def("on_tline", "x a b c", "x", req="diff b c", facts="perp x a b c"),
    _def("on_bline", "x a b", "x", req="diff a b", facts="cong x a x b; eqangle a x a b b a b x"),
    _def("on_circle", "x o a", "x", req="diff o a", facts="cong o x o a"),
    _def("on_circum", "x a b c", "x", req="ncoll a b c", facts="cyclic a b c x"),
    _def("on_dia", "x a b", "x", req="diff a b", facts="perp x a x b"),
    _def("on_aline", "x a b c d e", "x", req="ncoll c d e", facts="eqangle a x a b d c d e"),
    _def("on_aline2", "x a b c d e", "x", req="ncoll c d e", facts="eqangle x a x b d c d e"),
    _def("eqangle3", "x a b d e f", "x", req="ncoll d e f; diff a b; diff d e; diff e f",
         facts="eqangle x a x b d e d f"),
    _def("eqdistance", "x a b c", "x", req="diff b c", facts="cong x a b c"),
    _def("lc_tangent", "x a o", "x", req="diff a o", facts="perp a x a o"),
    _def("angle_bisector", "x a b c", "x", req="ncoll a b c", facts="eqangle b a b x b x b c"),
    _def("angle_mirror", "x a b c", "x", req="ncoll a b c", facts="eqangle b a b c b c b x"),
    _def("s_angle", "a b x", "x", req="diff a b", numbers=1, number_facts=_s_angle_facts),
    _def("eq_triangle", "x b c", "x", req="diff b c",
         facts="cong x b b c; cong b c c x; eqangle b x b c c b c x; eqangle x c x b b x b c"),
    # one new point, determined
    _def("midpoint", "x a b", "x", req="diff a b", facts="midp x a b; coll x a b; cong x a x b"),
    _def("mirror", "x a b", "x", req="diff a b", facts="midp b a x; coll x a b; cong b a b x"),
    _def("foot", "x a b c", "x", req="ncoll a b c", facts="perp x a b c; coll x b c"),
    _def("circle", "x a b c", "x", req="ncoll a b c", facts="cong x a x b; cong x b x c"),
    _def("circumcenter", "x a b c", "x", req="ncoll a b c", facts="cong x a x b; cong x b x c"),
    _def("incenter", "x a b c", "x", req="ncoll a b c", facts=_ANGLE_BISECT3),
    _def("excenter", "x a b c", "x", req="ncoll a b c", facts=_ANGLE_BISECT3),
    _def("orthocenter", "x a b c", "x", req="ncoll a b c", facts="perp x a b c; perp x b c a; perp x c a b"),
    _def("parallelogram", "a b c x", "x", req="ncoll a b c",
         facts="para a b c x; para a x b c; cong a b c x; cong a x b c"),
    _def("reflect", "x a b c", "x", req="diff b c; ncoll a b c",
         facts="cong b a b x; cong c a c x; perp b c a x"),
    _def("shift", "x b c d", "x", req="diff d b", facts="cong x b c d; cong x c b d"),
    _def("nsquare", "x a b", "x", req="diff a b", facts="cong x a a b; perp x a a b"),
    _def("psquare", "x a b", "x", req="diff a b", facts="cong x a a b; perp x a a b"),
    _def("eqangle2", "x a b c", "x", req="ncoll a b c", facts="eqangle a b a x c x c b"),
    _def("intersection_cc", "x o w a", "x", req="ncoll o w a", facts="cong o a o x; cong w a w x"),
    _def("intersection_lc", "x a o b", "x", req="diff a b; diff o b; nperp b o b a",
         facts="coll x a b; cong o b o x"),
    _def("intersection_ll", "x a b c d", "x", req="npara a b c d; ncoll a b c d",
         facts="coll x a b; coll x c d"),
    _def("intersection_lp", "x a b c m n", "x",
         req="npara m n a b; ncoll a b c; ncoll c m n", facts="coll x a b; para c x m n"),
    _def("intersection_lt", "x a b c d e", "x", req="ncoll a b c; nperp a b d e",
         facts="coll x a b; perp x c d e"),
    _def("intersection_pp", "x a b c d e f", "x", req="diff a d; npara b c e f",
         facts="para x a b c; para x d e f"),
    _def("intersection_tt", "x a b c d e f", "x", req="diff a d; npara b c e f",
         facts="perp x a b c; perp x d e f"),
    # several new points at once
    _def("square", "a b x y", "x y", req="diff a b",
         facts="perp a b b x; cong a b b x; para a b x y; para a y b x; perp a y y x; "
               "cong b x x y; cong x y y a; perp a x b y; cong a x b y"),
    _def("incenter2", "x y z i a b c", "x y z i", req="ncoll a b c", facts=_ANGLE_BISECT3_I + "; " + _TOUCH),
    _def("excenter2", "x y z i a b c", "x y z i", req="ncoll a b c", facts=_ANGLE_BISECT3_I + "; " + _TOUCH),
    _def("centroid", "x y z i a b c", "x y z i", req="ncoll a b c",
         facts=_MIDS + "; coll a x i; coll b y i; coll c z i"),
    _def("ninepoints", "x y z i a b c", "x y z i", req="ncoll a b c",
         facts=_MIDS + "; cong i x i y; cong i y i z"),
    _def("trisect", "x y a b c", "x y", req="ncoll a b c",
         facts="coll x a c; coll y a c; eqangle b a b x b x b y; eqangle b x b y b y b c"),
    _def("trisegment", "x y a b", "x y", req="diff a b",
         facts="coll x a b; coll y a b; cong x a x y; cong y x y b"),
    _def("tangent", "x y a o b", "x y", req="diff o a; diff o b; diff a b",
         facts="cong o x o b; perp a x o x; cong o y o b; perp a y o y"),
    _def("cc_tangent0", "x y o a w b", "x y", req="diff o a; diff w b; diff o w",
         facts="cong o x o a; cong w y w b; perp x o x y; perp y w y x"),
    _def("cc_tangent", "x y z i o a w b", "x y z i", req="diff o a; diff w b; diff o w",
         facts=_TWO_TANGENTS),
    _def("2l1c", "x y z i a b c o", "x y z i", req="cong o a o b; ncoll a b c",
         facts="coll x a c; coll y b c; cong o a o z; coll i o z; cong i x i y; cong i y i z; "
               "perp i x a c; perp i y b c"),
    _def("e5128", "x y a b c d", "x y", req="cong c b c d; perp b c b a",
         facts="cong c b c x; coll y a b; coll x y d; eqangle a b a d x a x y"),
    _def("3peq", "x y z a b c", "x y z", req="ncoll a b c",
         facts="coll z b c; coll x a b; coll y a c; coll x y z; cong z x z y"),
    # Newclid's own (sketches_newclid); lconst and l2const state nothing by themselves:
    # the parser states a later fixed length as a ratio to the first (lengths.py)
    _def("acute_triangle", "a b c", "a b c"),
    _def("between", "x a b", "x a b", facts="coll x a b"),
    _def("test_r20", "o a b c", "o a b c", facts="cong o a o b; cong o b o c; coll o a c"),
    _def("test_r25", "a b c d m", "a b c d m",
         facts="midp m a b; coll m a b; cong m a m b; midp m c d; coll m c d; cong m c m d"),
    _def("on_aline0", "x a b c d e f g", "x", req="diff a b; diff c d; diff e f",
         facts="eqangle a b c d e f g x"),
    _def("on_pline0", "x a b c", "x", req="diff b c", facts="para x a b c"),
    _def("iso_triangle_vertex", "x b c", "x", req="diff b c", facts="cong x b x c"),
    _def("iso_triangle_vertex_angle", "x b c", "x", req="diff b c", facts="eqangle x b b c b c x c"),
    _def("eqratio", "x a b c d e f g", "x", req="diff a b; diff c d; diff e f",
         facts="eqratio a b c d e f g x"),
    _def("eqratio6", "x a c e f g h", "x", req="diff a c; diff e f; diff g h",
         facts="eqratio a x c x e f g h"),
    _def("rconst", "a b c x", "x", req="diff a b", numbers=1, positive=True,
         number_facts=_ratio_facts("a", "b", "c", "x")),
    _def("rconst2", "x a b", "x", req="diff a b", numbers=1, positive=True,
         number_facts=_ratio_facts("x", "a", "x", "b")),
    _def("lconst", "x a", "x", numbers=1, positive=True),
    _def("l2const", "x a", "x", numbers=1, positive=True),
    _def("between_bound", "x a b", "x", req="diff a b", facts="coll x a b"),
    _def("simtri", "r a b c p q", "r", req="ncoll a b c; diff p q", facts="simtri a b c p q r"),
    _def("simtrir", "r a b c p q", "r", req="ncoll a b c; diff p q", facts="simtri2 a b c p q r"),
    _def("contri", "q r a b c p", "q r", req="ncoll a b c",
         facts="contri a b c p q r; cong a b p q; cong b c q r; cong c a r p"),
    _def("contrir", "q r a b c p", "q r", req="ncoll a b c",
         facts="contri2 a b c p q r; cong a b p q; cong b c q r; cong c a r p"),
    _def("cc_itangent", "x y z i o a w b", "x y z i", req="diff o a; diff w b; diff o w",
         facts=_TWO_TANGENTS),
)}


# ---------------------------------------------------------------------------
# Helpers for the parser and the prover

def lookup(name: str) -> ConstructionDef | None:
    return CONSTRUCTIONS.get(name)


def closest(name: str) -> str | None:
    """The known construction name nearest to ``name``, for error messages."""
    found = difflib.get_close_matches(name, CONSTRUCTIONS, n=1, cutoff=0.5)
    return found[0] if found else None


def arity(defn: ConstructionDef) -> int:
    """Total number of arguments of a call: points then numbers."""
    return len(defn.params) + defn.numbers


def call_outputs(call: Call) -> tuple[str, ...]:
    """The actual names of the points a call introduces."""
    defn = CONSTRUCTIONS[call.name]
    names = defn.binding(call)
    return tuple(names[o] for o in defn.outputs)


def call_inputs(call: Call) -> tuple[str, ...]:
    defn = CONSTRUCTIONS[call.name]
    names = defn.binding(call)
    return tuple(names[i] for i in defn.inputs)


def premises(problem: Problem) -> list[Statement]:
    """Every fact the problem's constructions assert, with real point names, in clause order."""
    return [s for clause in problem.clauses for call in clause.calls
            for s in CONSTRUCTIONS[call.name].statements(call)]
