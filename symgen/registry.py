"""The domain registry.

The kernel never imports a domain.  Domains register under the entry-point
group ``symgen.domains`` (see pyproject.toml; ``pip install -e .`` registers the
three shipped ones): each entry names an object with the hooks the CLI calls
(``parse_file``, ``prove``, ``render``, ...).  Adding a domain is one package and
one line of registration.
"""
from __future__ import annotations

from functools import lru_cache
from importlib.metadata import EntryPoint, entry_points

from .errors import SymgenError

GROUP = "symgen.domains"
DEFAULT_DOMAIN = "geometry"     # what a command without --domain runs


@lru_cache(maxsize=None)
def _entries() -> dict[str, EntryPoint]:
    return {ep.name: ep for ep in entry_points(group=GROUP)}


def available() -> dict[str, str]:
    """The registered domains: name -> ``module:attribute``."""
    return {name: ep.value for name, ep in _entries().items()}


def load(name: str):
    """The domain object registered as ``name``; one-line ``SymgenError`` if none is."""
    entry = _entries().get(name)
    if entry is None:
        known = ", ".join(sorted(_entries())) or f"none registered under {GROUP!r}; " \
            "pip install -e . registers the shipped ones"
        raise SymgenError(f"unknown domain {name!r} (known: {known})")
    return entry.load()
