"""Bounds on untrusted input: bounded literals, the backstop timer, record schemas."""
from __future__ import annotations

import time
from fractions import Fraction

import pytest

from symgen.limits import LIMITS, TimeUp, backstop, check, deadline_after, number
from symgen.schema import SchemaError, errors, known


@pytest.mark.parametrize("text, value", [("3", 3), ("-1.5", Fraction(-3, 2)), ("1/3", Fraction(1, 3)),
                                         (".5", Fraction(1, 2)), ("2e-3", Fraction(1, 500)),
                                         ("1" * LIMITS.digits, int("1" * LIMITS.digits))])
def test_numbers_within_the_bounds_read_exactly(text, value):
    assert number(text) == value


@pytest.mark.parametrize("text, reason", [("1e999999999", "exponent"), ("1" * 101, "digits"),
                                          ("1/0", "divides by zero"), ("pi", "not a number"),
                                          ("1_000", "not a number"), ("١٢", "not a number"),
                                          ("1/2/3", "not a number"), ("", "not a number")])
def test_numbers_beyond_the_bounds_are_refused_at_once(text, reason):
    start = time.perf_counter()
    with pytest.raises(ValueError, match=reason):
        number(text)
    assert time.perf_counter() - start < 0.5


def test_the_backstop_stops_a_loop_that_never_looks_at_the_clock():
    start = time.perf_counter()
    with pytest.raises(TimeUp):
        with backstop(0.2):
            while True:
                pass
    assert time.perf_counter() - start < 1.0


def test_an_inner_backstop_keeps_the_earlier_expiry_and_an_ended_one_is_disarmed():
    start = time.perf_counter()
    with pytest.raises(TimeUp):
        with backstop(0.2):
            with backstop(30):
                while True:
                    pass
    assert time.perf_counter() - start < 1.0
    with backstop(0.1):
        pass
    time.sleep(0.3)                     # no TimeUp after the block ended


def test_timeup_is_not_swallowed_by_except_exception():
    with pytest.raises(TimeUp):
        try:
            check(deadline_after(-1))
        except Exception:               # noqa: BLE001 - what careless code does
            pass


SCHEMA = {"type": "object", "additionalProperties": False, "required": ["n"],
          "properties": {"n": {"type": "integer", "minimum": 0},
                         "xs": {"type": "array", "items": {"type": "number"}}}}


def test_schema_errors_name_the_path_and_the_reason():
    assert errors(SCHEMA, {"n": 1, "xs": [1.5]}) == []
    assert errors(SCHEMA, {"n": True}) == ["n: expected integer, got boolean"]
    assert errors(SCHEMA, {"n": -1, "zz": 0}) == ["n: at least 0, got -1", "record: unknown key 'zz'"]
    assert errors(SCHEMA, {"xs": [float("inf")]}) == ["record: missing key 'n'",
                                                      "xs[0]: expected number, got non-finite number"]


def test_a_schema_keyword_the_checker_does_not_know_is_refused_not_ignored():
    with pytest.raises(SchemaError, match="oneOf"):
        errors({"oneOf": [{"type": "string"}]}, "x")
    with pytest.raises(SchemaError, match="uniqueItems"):
        known({"properties": {"a": {"items": {"uniqueItems": True}}}})


@pytest.mark.parametrize("package", ["domains.geometry", "domains.arithmetic", "domains.code"])
def test_the_shipped_record_schemas_use_only_known_keywords(package):
    from symgen.schema import domain_schema
    assert domain_schema(package)["properties"]["domain"]["const"] == package.split(".")[1]


def test_a_byte_order_mark_is_not_part_of_the_text_and_bad_bytes_are_named(tmp_path):
    from symgen.errors import InputError
    from symgen.limits import read_text
    (tmp_path / "bom.txt").write_bytes(b"\xef\xbb\xbfname\n")
    assert read_text(tmp_path / "bom.txt") == "name\n"
    (tmp_path / "bad.txt").write_bytes(b"ok\n\xff\n")
    with pytest.raises(InputError, match=r"bad.txt: cannot read: not UTF-8 text \(byte 3\)"):
        read_text(tmp_path / "bad.txt")
