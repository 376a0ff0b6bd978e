"""The domain registry finds the domains through their entry points, and only there."""
import pytest

from symgen import registry
from symgen.errors import SymgenError


def test_the_shipped_domains_are_registered_entry_points():
    assert {"geometry", "arithmetic", "code"} <= set(registry.available())
    assert all(registry.load(name).name == name for name in ("geometry", "arithmetic", "code"))


def test_an_unknown_domain_is_one_line_naming_the_known_ones():
    with pytest.raises(SymgenError) as err:
        registry.load("topology")
    message = str(err.value)
    assert "'topology'" in message and "\n" not in message
    assert all(name in message for name in registry.available())


def test_with_no_domain_installed_the_error_says_how_to_register_them(monkeypatch):
    monkeypatch.setattr(registry, "_entries", lambda: {})
    with pytest.raises(SymgenError, match="pip install -e ."):
        registry.load("geometry")
