"""Proofs as JSON: the lines a corpus record and ``symgen prove --json`` carry.

Each line is ``{"fact": TEXT, "rule": NAME, "cites": [line numbers]}`` plus,
per rule, what the checker needs to replay it without the engine: a lemma
line (and a ``root`` line: the root's name and its radical) has ``args`` (the instance's arguments as text), a certificate line has
``certificate`` (the positive multiplier and each term as ``{"coef": COEFFICIENT,
"monomial": MONOMIAL, "lines": [cited lines]}``, equality multiples under ``free``), a residue
line has ``period``, and a ``sum of squares`` line has ``sos`` (its squares as
``{"coef", "monomial", "lines", "square"}``: ``coef * monomial * lines * square**2``, and
its equality multiples under ``free``).  A case split is one ``case`` line per case (its
conditions as the fact, that case's proof under ``proof``) and a last line ``cases`` citing
them.  Facts are written ``POLY >= 0``, ``POLY > 0``, ``POLY =
0``, ``(N) / (D1 * D2) >= 0`` or ``M | POLY`` in the problem's variables.
"""
from __future__ import annotations

from symgen.algebra.poly import Poly, monomial_text
from symgen.proof import Proof

from .engine import CERTIFICATE
from .cases import CASE, CASES
from .radicals import ROOT
from .residues import RESIDUES
from .sos import SOS


def proof_steps(proof: Proof, state) -> list[dict]:
    out = []
    for s in proof.steps:
        line = {"fact": state.show(s.fact), "rule": s.rule}
        if s.cites:
            line["cites"] = list(s.cites)
        if s.rule == CERTIFICATE:
            line["certificate"] = _certificate(s, state)
        elif s.rule == SOS:
            line["sos"] = _sos(s, state)
        elif s.rule == RESIDUES:
            line["period"] = s.subst[0]
        elif s.subst:
            line["args"] = list(s.subst)
        out.append(line)
    return out


def result_steps(result) -> list[dict]:
    """A solved result's proof lines; a case split's (``cases.py``) are one line per case,
    holding that case's proof, and a last line ``cases`` citing them all."""
    if not result.cases:
        return proof_steps(result.proof, result.engine.state)
    lines = [{"fact": case.text(), "rule": CASE, "proof": result_steps(r)}
             for case, r in result.cases]
    return lines + [{"fact": result.problem.goal.text(), "rule": CASES,
                     "cites": list(range(1, len(lines) + 1))}]


def _certificate(step, state) -> dict:
    """The certificate with fact ids turned into the step's cited line numbers."""
    header, *terms = step.subst
    fids = sorted({f for t in terms for f in t[3]})
    line_of = dict(zip(fids, step.cites))
    names = state.names
    nonneg, free = [], []
    for kind, coef, mono, facts in terms:
        entry = {"coef": coef, "monomial": monomial_text(mono, names),
                 "lines": [line_of[f] for f in facts]}
        (free if kind == "free" else nonneg).append(entry)
    times = Poly(dict(header[1]), state.n).text(names)
    return {"times": times, "terms": nonneg, "free": free}


def _sos(step, state) -> dict:
    """A sum-of-squares step: each square ``coef * monomial * lines * square**2`` and the
    equality multiples ``coef * monomial * line``."""
    header, *terms = step.subst
    fids = sorted({f for t in terms for f in t[3]})
    line_of = dict(zip(fids, step.cites))
    names = state.names
    squares, free = [], []
    for t in terms:
        entry = {"coef": t[1], "monomial": monomial_text(t[2], names),
                 "lines": [line_of[f] for f in t[3]]}
        if t[0] == "square":
            squares.append({**entry, "square": Poly(dict(t[4]), state.n).text(names)})
        else:
            free.append(entry)
    return {"times": Poly(dict(header[1]), state.n).text(names), "squares": squares,
            "free": free}



def format_arith_proof(proof: Proof, state) -> str:
    """A numbered proof whose lemma lines name their instance and whose certificate lines
    spell the certificate over the cited lines."""
    lines = []
    if proof.premises:
        lines.append("Premises:")
        lines += [f"  ({s.number}) {state.show(s.fact)}" for s in proof.premises]
    lines.append("Proof:")
    for s in proof.derived:
        cites = ", ".join(f"({c})" for c in s.cites)
        lead = f"{cites} ⇒ " if cites else ""
        lines.append(f"  ({s.number}) {lead}{state.show(s.fact)}   [{_why(s, state)}]")
    return "\n".join(lines)


def _why(step, state) -> str:
    if step.rule == CERTIFICATE:
        cert = _certificate(step, state)
        text = _sum([_term(t["coef"], t["monomial"], t["lines"])
                     for t in cert["terms"] + cert["free"]])
        times = "" if cert["times"] == "1" else f" (times {cert['times']})"
        return f"certificate{times}: {text}"
    if step.rule == SOS:
        cert = _sos(step, state)
        squares = [_term(t["coef"], t["monomial"], t["lines"]) + f"*({t['square']})**2"
                   for t in cert["squares"]]
        free = [_term(t["coef"], t["monomial"], t["lines"]) for t in cert["free"]]
        return f"sum of squares certificate: {_sum(squares + free)}"
    if step.rule == RESIDUES:
        return f"residues modulo {step.subst[0]}"
    if step.rule == ROOT:
        return f"root: {step.subst[0]} = {step.subst[1]}"
    if step.subst:                  # a lemma (citing the facts its side conditions use)
        return f"{step.rule}({', '.join(step.subst)})"
    return step.rule


def _sum(parts: list[str]) -> str:
    if not parts:
        return "0"
    out = parts[0]
    for p in parts[1:]:
        out += f" - {p[1:]}" if p.startswith("-") else f" + {p}"
    return out


def _term(coef: str, mono: str, lines: list[int]) -> str:
    sign = "-" if coef.startswith("-") else ""
    coef = coef.lstrip("-")
    factors = ([] if coef == "1" else [coef]) + ([] if mono == "1" else [mono])
    factors += [f"({n})" for n in lines]
    return sign + ("*".join(factors) or "1")
