"""The arithmetic domain's text for the model: canonical names, tokens, training pairs.

A model should learn the shape of an inequality, not its author's letters: a
problem's variables are renamed ``a, b, c, ...`` in declaration order (integer
problems too).  Text is cut into small tokens -- variable names, single
digits, operators (``**``, ``>=``, ...), brackets, separators and words
(domains, lemma names) -- and written with one space between tokens, so the
kernel's word-level tokenizer reads it as is; ``untokenize`` glues tokens back
into text sympy reads.  A training pair is (problem statement, one auxiliary
lemma instance such as ``square ( a ** 2 - b * c )``); a record without aux
gives one pair with an empty target (it still teaches the language).
"""
from __future__ import annotations

import re

import sympy

from .lemmas import LEMMAS
from .problem import DOMAINS, Problem, Relation

LETTERS = "abcdefghijklmnopqrstuvwxyz"
_TOKEN = re.compile(r"\*\*|>=|<=|!=|[A-Za-z_][A-Za-z0-9_]*|\d|\S")
OPERATORS = ("**", ">=", "<=", "!=", "+", "-", "*", "/", "(", ")", "=", ">", "<", "|",
             ",", ":", ";", "?")


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def tokenized(text: str) -> str:
    return " ".join(tokens(text))


def untokenize(text: str) -> str:
    """Model output (tokens with spaces) as readable text: words keep a space between them."""
    out = ""
    for tok in text.split():
        if out and out[-1].isalpha() and tok[0].isalpha():
            out += " "
        out += tok
    return out


def renaming(problem: Problem) -> dict[str, str]:
    """Own name -> canonical name (a, b, c, ... in declaration order)."""
    return {v: LETTERS[i] for i, v in enumerate(problem.variables)}


def _rename_rel(rel: Relation, subs: dict) -> Relation:
    return Relation(rel.op, sympy.sympify(rel.lhs, strict=True).xreplace(subs),
                    sympy.sympify(rel.rhs, strict=True).xreplace(subs), rel.modulus)


def canonical_problem(problem: Problem) -> Problem:
    names = renaming(problem)
    subs = {sympy.Symbol(v): sympy.Symbol(c) for v, c in names.items()}
    return Problem(problem.name, tuple(names[v] for v in problem.variables), problem.domains,
                   tuple(_rename_rel(h, subs) for h in problem.hypotheses),
                   _rename_rel(problem.goal, subs), problem.source, problem.line)


def prompt_text(problem: Problem) -> str:
    return tokenized(canonical_problem(problem).text())


def training_pairs(record: dict) -> list[tuple[str, str]]:
    """(prompt, target) texts of one corpus record (generated records use canonical names)."""
    prompt = tokenized(f"{record['premises']} ? {record['goal']}")
    aux = list(record.get("aux") or ())
    if not aux:
        return [(prompt, "")]
    return [(prompt, tokenized(a)) for a in aux]


def vocabulary() -> list[str]:
    words = set(OPERATORS) | set(LEMMAS) | set(DOMAINS) | set("0123456789")
    words |= set(LETTERS[:8]) | {"mod"}
    return sorted(words)
