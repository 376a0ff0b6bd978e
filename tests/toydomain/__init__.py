"""A fourth domain on symgen's kernel, for tests: propositional Horn clauses with helper lemmas.

A problem line is ``name: clauses ? atom``; a clause is an atom (a fact), ``a | b``, ``a -> c``
or ``a & b -> c``.  The engine is modus ponens and cannot reason by cases, so
``cases: s; a | b; a -> c; b -> c; s & c -> g ? g`` needs a helper lemma such as ``s -> c``,
which the search adds only when it is proposed and the clauses entail it (a truth table).
Registered only through an entry point: ``horn = toydomain.hooks:DOMAIN``.
"""
