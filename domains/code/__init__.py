"""The code domain: integer loop programs, facts at program points, loop invariants.

Programs are read by ``parse`` (symgen's own syntax and the Code2Inv C subset),
printed by ``printer`` and run by ``interp``; ``linear`` and ``hoare`` prove
assertions Hoare-style with loop invariants (the auxiliary constructs),
``invariants`` finds candidates that ``heuristic`` proposes (in ``proposers`` a model
writes them), and ``check`` replays proofs independently.
"""
