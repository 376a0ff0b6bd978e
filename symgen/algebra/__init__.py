"""Exact algebra shared by the arithmetic and code domains.

``poly``: polynomials over the rationals (a canonical dict from exponent tuples to
``Fraction``), read from and printed through sympy.  ``cone``: is a target a
non-negative combination of known non-negative polynomials, up to multiples of
equalities?  It answers with an exact rational certificate that it has verified,
or None.  ``nnls`` is the float side of that search (the generators as a float
matrix, the span of the free polynomials, non-negative least squares); nothing
it computes is trusted.  Nothing here knows about a domain.
"""
