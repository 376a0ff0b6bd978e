"""The arithmetic domain: inequalities and identities over real and integer variables.

Problems are read by ``parse`` (symgen's own language and the ChenNEQ JSONL
format), compiled to canonical polynomials over exact rationals (``normal``,
over ``symgen.algebra.poly``), and proved by the engine (``engine``) with lemma
instances (``lemmas``) and a closure that returns an exact certificate
(``closure``, over ``symgen.algebra.cone``); ``check`` replays proofs
independently, ``theorems`` samples theorems, and ``heuristic`` proposes
auxiliary lemma instances.
"""
