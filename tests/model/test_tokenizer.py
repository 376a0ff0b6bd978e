"""The tokenizer: separators as tokens, one canonical spelling, fixed ids, unknown words."""
import pytest

from symgen.errors import SymgenError
from symgen.tokenizer import BOS, EOS, PAD, SEP, SPECIALS, UNK, Tokenizer, join, split

TEXT = "a b c = triangle a b c; d = midpoint d a b ? perp a b c d"


def test_split_makes_separators_tokens():
    assert split(TEXT) == ["a", "b", "c", "=", "triangle", "a", "b", "c", ";", "d", "=",
                           "midpoint", "d", "a", "b", "?", "perp", "a", "b", "c", "d"]
    assert split("e=on_line e a b,on_circle e o a") == [
        "e", "=", "on_line", "e", "a", "b", ",", "on_circle", "e", "o", "a"]


def test_join_is_the_canonical_spelling():
    assert join(split(TEXT)) == TEXT
    assert join(split("  a b c=triangle a b c ;d = midpoint d a b?perp a b c d ")) == TEXT
    assert join(split("e = on_line e a b, on_circle e o a")) == "e = on_line e a b, on_circle e o a"


def test_build_is_sorted_with_specials_first():
    tok = Tokenizer.build([TEXT, "x = foot x a b c"], extra=["zeta", "a"])
    assert tok.tokens[:5] == SPECIALS and (PAD, BOS, SEP, EOS, UNK) == (0, 1, 2, 3, 4)
    assert list(tok.tokens[5:]) == sorted(tok.tokens[5:]) and "zeta" in tok.tokens
    assert tok == Tokenizer.build(["x = foot x a b c", TEXT], extra=["a", "zeta"])


def test_encode_decode_and_unknown_tokens():
    tok = Tokenizer.build([TEXT])
    ids = tok.encode(TEXT)
    assert tok.decode(ids) == TEXT
    assert tok.encode("a frobnicate b") == [tok.index["a"], UNK, tok.index["b"]]
    assert tok.decode([BOS, *tok.encode("d = midpoint d a b"), EOS, tok.index["c"]]) == \
        "d = midpoint d a b"


def test_sequences():
    tok = Tokenizer.build([TEXT])
    assert tok.sequence("a b", "c") == [BOS, tok.index["a"], tok.index["b"], SEP,
                                        tok.index["c"], EOS]
    assert tok.sequence("a b") == [BOS, tok.index["a"], tok.index["b"], EOS]


def test_dict_round_trip_and_bad_dicts():
    tok = Tokenizer.build([TEXT])
    assert Tokenizer.from_dict(tok.to_dict()) == tok
    with pytest.raises(SymgenError, match="first tokens"):
        Tokenizer.from_dict({"tokens": ["a", "b"]})
    with pytest.raises(SymgenError):
        Tokenizer.from_dict({"words": []})
