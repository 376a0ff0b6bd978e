"""The code domain's text for the model: programs in, invariant conjuncts out.

A prompt is the program in symgen's own syntax (``printer.program_text``),
cut into tokens (names, single digits, operators, brackets, separators) and
written with one space between tokens; a target is one invariant conjunct
of one loop, ``L0 : i <= n``.  ``read_conjunct`` reads a model's output back,
dropping anything that does not parse over the program's variables.
"""
from __future__ import annotations

import dataclasses
import re

from .problem import Program

_TOKEN = re.compile(r"<=|>=|==|!=|&&|\|\||[A-Za-z_][A-Za-z0-9_]*|\d|\S")
WORDS = ("program", "var", "assume", "assert", "if", "else", "while", "true", "false")
OPERATORS = ("<=", ">=", "==", "!=", "&&", "||", "<", ">", "=", "+", "-", "*", "/", "%",
             "(", ")", "{", "}", ";", ",", ":", "!")


def tokenized(text: str) -> str:
    return " ".join(_TOKEN.findall(text))


def prompt_text(program: Program) -> str:
    """The program without its name line (so any file name will do: ``a b.c`` cannot be printed)."""
    from .printer import program_text
    return tokenized(program_text(dataclasses.replace(program, name="p")).split("\n", 1)[1])


def training_pairs(record: dict) -> list[tuple[str, str]]:
    """(prompt, target) texts of one corpus record; ``ValueError`` for a record of the wrong shape."""
    program, aux = record["program"], record.get("aux") or []
    if not isinstance(program, str) or "\n" not in program:
        raise ValueError("the program is not text of a 'program NAME' line and a body")
    if not isinstance(aux, list) or not all(isinstance(a, str) for a in aux):
        raise ValueError("aux is not a list of text")
    prompt = tokenized(program.split("\n", 1)[1])
    if not aux:
        return [(prompt, "")]
    return [(prompt, tokenized(a)) for a in aux]


def read_conjunct(program: Program, text: str):
    """``(loop id, Constraint)`` from ``L0 : i <= n`` (tokens with spaces), or None."""
    from .hoare import parse_invariant
    from .shape import loops
    glued = "".join(text.split())
    m = re.fullmatch(r"L(\d+):(.+)", glued)
    if m is None or int(m.group(1)) >= len(loops(program)):
        return None
    try:
        found = parse_invariant(program, m.group(2))
    except Exception:                  # noqa: BLE001 - model output may be anything
        return None
    return (int(m.group(1)), found[0]) if len(found) == 1 else None


def vocabulary() -> list[str]:
    from .sampler import NAMES
    words = set(WORDS) | set(OPERATORS) | set("0123456789") | set(NAMES) | {"L"}
    words |= {f"{n}0" for n in NAMES}
    return sorted(words)
