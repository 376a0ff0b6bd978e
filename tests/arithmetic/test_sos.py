"""Sum-of-squares certificates: found in floats, made exact, replayed by the checker."""
from __future__ import annotations

import copy
import subprocess
import sys
from fractions import Fraction

import pytest

from domains.arithmetic.check import ArithCheckError, check_proof
from domains.arithmetic.parse import parse_problem
from domains.arithmetic.prover import prove
from domains.arithmetic.record import proof_steps
from symgen.algebra import sos
from symgen.algebra.poly import Poly, monomials_upto


def test_ldl_accepts_semidefinite_and_refuses_indefinite():
    psd = [[Fraction(1), Fraction(-1)], [Fraction(-1), Fraction(1)]]      # (x - y)**2
    lower, d = sos.ldl(psd)
    assert d == [1, 0] and lower[1][0] == -1
    assert sos.ldl([[Fraction(1), Fraction(2)], [Fraction(2), Fraction(1)]]) is None
    assert sos.ldl([[Fraction(0), Fraction(1)], [Fraction(1), Fraction(1)]]) is None


def test_reduce_basis_removes_the_zero_direction():
    x = Poly.var(0, 1)
    block = sos.Block(Poly.const(1, 1), (Poly.const(1, 1), x))
    reduced = sos.reduce_basis(block, [(Fraction(1),)])       # (x - 1)**2 vanishes at 1
    assert len(reduced.basis) == 1 and reduced.basis[0].evaluate((Fraction(1),)) == 0


def _plain(nvars: int, degree: int) -> list[sos.Block]:
    basis = tuple(Poly.monomial(m) for m in monomials_upto(nvars, degree))
    return [sos.Block(Poly.const(1, nvars), basis)]


def test_an_sos_polynomial_gets_an_exact_certificate():
    pytest.importorskip("cvxpy")
    x, y = Poly.var(0, 2), Poly.var(1, 2)
    p = x**4 - 2 * x**2 * y + 2 * y**2 - 2 * y + 1          # (x**2 - y)**2 + (y - 1)**2
    found = sos.find(p, _plain(2, 2), zeros=[(Fraction(1), Fraction(1))])
    assert found is not None
    cert, blocks = found
    assert all(d > 0 for _, d, _ in cert.squares)
    assert cert.expand(blocks, (), 2) == p


def test_motzkin_is_not_a_sum_of_squares():
    pytest.importorskip("cvxpy")
    x, y = Poly.var(0, 2), Poly.var(1, 2)
    motzkin = x**4 * y**2 + x**2 * y**4 - 3 * x**2 * y**2 + 1
    ones = [(Fraction(s), Fraction(t)) for s in (1, -1) for t in (1, -1)]
    assert sos.find(motzkin, _plain(2, 3), zeros=ones) is None


def _proved(text: str):
    problem = parse_problem("t", text)
    result = prove(problem, seconds=30)
    assert result.solved, result.text()
    steps = proof_steps(result.proof, result.engine.state)
    return problem, result, steps


def test_the_engine_proves_by_squares_and_the_checker_replays():
    pytest.importorskip("cvxpy")
    problem, result, steps = _proved(
        "a b c : real ? a**4 + b**4 + c**4 >= a**2*b*c + a*b**2*c + a*b*c**2")
    assert any(s["rule"] == "sum of squares" for s in steps)
    assert "sum of squares certificate" in result.text()
    check_proof(problem, steps)
    tampered = copy.deepcopy(steps)
    sq = next(s for s in tampered if s["rule"] == "sum of squares")["sos"]["squares"][0]
    sq["coef"] = str(Fraction(sq["coef"]) * 2)
    with pytest.raises(ArithCheckError, match="sum of squares"):
        check_proof(problem, tampered)


def test_a_negative_square_weight_is_refused():
    pytest.importorskip("cvxpy")
    problem, _, steps = _proved("x : real; 1 - x**2 >= 0 ? x >= -1")
    line = next(s for s in steps if s["rule"] == "sum of squares")
    assert line.get("cites"), "the hypothesis is a multiplier"
    check_proof(problem, steps)
    tampered = copy.deepcopy(steps)
    sq = next(s for s in tampered if s["rule"] == "sum of squares")["sos"]["squares"][0]
    sq["coef"] = "-" + sq["coef"]
    with pytest.raises(ArithCheckError, match="not a non-negative multiple"):
        check_proof(problem, tampered)


def test_without_the_solver_the_engine_still_works(monkeypatch):
    monkeypatch.setattr(sos, "available", lambda: False)
    problem = parse_problem("t", "x : real; 1 - x**2 >= 0 ? x >= -1")
    assert not prove(problem, seconds=10).solved
    problem = parse_problem("t", "a b : real ? a**2 + b**2 >= 2*a*b")
    assert prove(problem, seconds=10).solved


def test_the_engine_does_not_import_the_solver():
    code = ("import sys, domains.arithmetic.engine, domains.arithmetic.check, "
            "domains.arithmetic.prover; assert 'cvxpy' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_homogenising_with_a_linear_equality_is_exact():
    from domains.arithmetic.sos import homogenise
    a, b = Poly.var(0, 2), Poly.var(1, 2)
    target, h = a * a + b * b - 2, a + b - 2            # a + b = 2 ? a**2 + b**2 >= 2
    t_h, lam = homogenise(target, h)
    assert t_h == (a - b) * (a - b) * Fraction(1, 2)
    assert t_h + lam * h == target
    assert homogenise(target, a * b - 1) is None          # not linear: not this reduction


def test_a_goal_homogenised_with_its_constraint_is_proved_and_replayed(monkeypatch):
    pytest.importorskip("cvxpy")
    from domains.arithmetic import sos as step
    made = []
    real = step.homogenise
    monkeypatch.setattr(step, "homogenise", lambda t, h: made.append(real(t, h)) or made[-1])
    problem, _, steps = _proved("a b c : real; a + b + c = 3 ? a**4 + b**4 + c**4 >= 3*a*b*c")
    line = next(s for s in steps if s["rule"] == "sum of squares")
    assert made and made[0] is not None and made[0][0].is_homogeneous()
    assert line["sos"]["free"], "the equality's multiple closes the identity"
    check_proof(problem, steps)
    tampered = copy.deepcopy(steps)
    next(s for s in tampered if s["rule"] == "sum of squares")["sos"]["free"].pop()
    with pytest.raises(ArithCheckError):
        check_proof(problem, tampered)


def test_the_generator_writes_sum_of_squares_theorems_that_check():
    """``sos_item``: a goal the engine without squares cannot prove, proved by one sum of
    squares line that the corpus checker replays; ``item`` gives a share of its items to
    it only when ``sos`` is set, so the default corpus is unchanged."""
    pytest.importorskip("cvxpy")
    from domains.arithmetic.corpus_check import check_record
    from domains.arithmetic.theorems import ArithConfig, item, sos_item
    records = [r for i in range(4) for r in sos_item(0, i)[0]]
    assert records
    for r in records:
        assert any(s["rule"] == "sum of squares" for s in r["proof"])
        assert check_record(r) == []
    plain = [item(5, i, ArithConfig())[0] for i in range(6)]
    with_sos = [item(5, i, ArithConfig(sos=True))[0] for i in range(6)]
    assert all(not any(s["rule"] == "sum of squares" for r in rs for s in r["proof"])
               for rs in plain)
    assert plain != with_sos


def test_sos_generation_without_the_solver_is_one_clear_error(monkeypatch):
    from domains.arithmetic.hooks import generate_config
    from symgen.errors import SymgenError
    monkeypatch.setattr(sos, "available", lambda: False)
    with pytest.raises(SymgenError, match="sos"):
        generate_config({"sos": True})
