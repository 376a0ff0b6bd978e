"""The compiled core against its Python reference: ``symgen._core.assignments`` returns the
tuples of ``symgen.relations.assignments`` in the same order, on random patterns (repeated
variables, bound values outside their sets, empty sets, groups holding a variable twice), and
reports what it cannot do as a Python exception."""
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from symgen import engine
from symgen.errors import SymgenError
from symgen.relations import assignments

core = pytest.importorskip("symgen._core")

ROOT = Path(__file__).resolve().parents[2]
VALUES = st.integers(0, 6)
CONTAINERS = (set, frozenset, tuple, list, sorted)


@st.composite
def patterns(draw, max_positions: int = 8):
    """(sets, groups, bound, shape): a few distinct candidate sets, shared between positions."""
    n = draw(st.integers(0, max_positions))
    pool = [draw(st.sampled_from(CONTAINERS))(draw(st.lists(VALUES, max_size=6)))
            for _ in range(draw(st.integers(1, 4)))]
    sets = tuple(draw(st.sampled_from(pool)) for _ in range(n))
    groups = tuple(draw(st.lists(st.integers(0, 3), min_size=n, max_size=n)))
    shape = tuple(draw(st.lists(st.integers(-2, 4), min_size=n, max_size=n)))
    free = st.none() | st.none() | st.none()     # most positions unbound, some bound anywhere
    bound = tuple(draw(st.lists(free | st.integers(-1, 7), min_size=n, max_size=n)))
    return sets, groups, bound, shape


@settings(max_examples=3000, deadline=None)
@given(patterns())
def test_the_core_returns_the_references_tuples_in_its_order(pattern):
    assert core.assignments(*pattern) == list(assignments(*pattern))


@settings(max_examples=300, deadline=None)
@given(patterns(max_positions=16))
def test_long_patterns_agree(pattern):
    assert core.assignments(*pattern) == list(assignments(*pattern))


def test_the_empty_pattern_has_one_assignment():
    assert core.assignments((), (), (), ()) == [()] == list(assignments((), (), (), ()))


def test_repeated_variables_and_groups():
    pts = {3, 1, 2}
    # positions 0, 1 one group (distinct), position 2 repeats variable 0
    args = ((pts, pts, pts), (0, 0, 1), (None, None, None), (0, 1, 0))
    assert core.assignments(*args) == [(1, 2, 1), (1, 3, 1), (2, 1, 2), (2, 3, 2), (3, 1, 3),
                                       (3, 2, 3)]
    assert core.assignments((pts, pts), (0, 0), (None, None), (0, 0)) == []


@pytest.mark.parametrize("args, error", [
    (((range(3),) * 17, (0,) * 17, (None,) * 17, tuple(range(17))), ValueError),
    (((range(70_000),), (0,), (None,), (0,)), ValueError),
    ((({1, 2},), (0,), (None,), (0,), ), None),
    ((({1, "a"},), (0,), (None,), (0,)), TypeError),
    ((({1, 2},), (0,), ("a",), (0,)), TypeError),
    ((({1, 2},), (0, 1), (None,), (0,)), ValueError),
    (((5,), (0,), (None,), (0,)), TypeError),
    (((range(40),) * 4, (0, 1, 2, 3), (None,) * 4, (-1,) * 4), engine.LimitError),
])
def test_what_the_core_cannot_do_raises(args, error):
    if error is None:
        assert core.assignments(*args) == [(1,), (2,)]
    else:
        with pytest.raises(error):
            core.assignments(*args)


def test_an_error_inside_a_container_comes_back_as_the_exception():
    class Broken(set):
        def __contains__(self, x):
            raise KeyError("broken")

    s = Broken({1, 2})
    with pytest.raises(KeyError):
        core.assignments(({1, 2}, s), (0, 1), (None, None), (0, 0))


def test_use_switches_every_kernel_and_using_restores_it():
    before = engine.name
    with engine.using("python"):
        assert engine.assignments is assignments
    assert engine.name == before
    with engine.using("compiled"):
        assert engine.assignments is core.assignments
    with pytest.raises(SymgenError):
        engine.use("fortran")


@pytest.mark.parametrize("value, expected", [("python", "python"), ("", "compiled")])
def test_the_environment_variable_chooses_at_import(value, expected):
    env = dict(os.environ, SYMGEN_ENGINE=value)
    out = subprocess.run([sys.executable, "-c", "from symgen import engine; print(engine.name)"],
                         cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == expected


def test_engine_on_the_command_lines_reaches_the_workers(tmp_path):
    """``symgen --engine python`` and the runner's ``--engine``: the run (and its worker
    processes, through the environment) uses the reference, and the JSON says so."""
    out = tmp_path / "run.json"
    env = {k: v for k, v in os.environ.items() if k != engine.VARIABLE}
    subprocess.run([sys.executable, "-m", "symgen.cli", "bench", str(ROOT / "tests" / "fixtures"
                    / "jgex_sample.txt"), "--timeout", "5", "--workers", "2", "--engine",
                    "python", "--json", str(out)], cwd=ROOT, env=env, capture_output=True,
                   check=False)       # exit 1 when a problem is not solved at 5 s; the JSON counts
    import json
    assert json.loads(out.read_text())["engine"] == "python"
    got = subprocess.run([sys.executable, "-m", "symgen.cli", "--engine", "python", "prove",
                          "--timeout", "5"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert got.returncode == 0 and "⇒" in got.stdout


def test_the_tuple_bound_raises_limit_error_and_is_restored():
    before = core.set_max_tuples(3)
    try:
        assert core.assignments(({1, 2, 3},), (0,), (None,), (0,)) == [(1,), (2,), (3,)]
        with pytest.raises(engine.LimitError, match="more than 3 tuples"):
            core.assignments(({1, 2, 3, 4},), (0,), (None,), (0,))
        with pytest.raises(ValueError):
            core.set_max_tuples(0)
    finally:
        assert core.set_max_tuples(before) == 3
    assert len(core.assignments(({1, 2, 3, 4},), (0,), (None,), (0,))) == 4
