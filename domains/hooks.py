"""What the domains' hook tables share: lazily imported hooks and built-in examples.

A domain's ``hooks.py`` is a table the CLI reads through the registry.  Most
entries only forward to a function of the domain's own modules; ``lazy``
builds such an entry without importing the module until it is called (so
``symgen prove`` never imports torch or the generator it does not use).
"""
from __future__ import annotations

import importlib
from importlib import resources
from typing import Callable

from symgen.errors import SymgenError


def lazy(module: str, attr: str, *, drop: tuple[str, ...] = ()) -> Callable:
    """``module.attr`` called on first use; keyword arguments named in ``drop`` are
    accepted and ignored (a hook's common signature may offer more than it needs)."""
    def hook(*args, **kwargs):
        for name in drop:
            kwargs.pop(name, None)
        return getattr(importlib.import_module(module), attr)(*args, **kwargs)
    hook.__name__ = attr
    hook.__doc__ = f"``{module}.{attr}``, imported on first use."
    return staticmethod(hook)


def examples(package: str, label: str) -> Callable:
    """The hook returning a package's ``examples.txt`` and a source name for it."""
    def example_text() -> tuple[str, str]:
        text = resources.files(package).joinpath("examples.txt").read_text(encoding="utf-8")
        return text, f"<built-in {label} examples>"
    return staticmethod(example_text)


def no_diagrams(label: str) -> Callable:
    def render(problem, out: str, *, seed: int = 0) -> None:
        raise SymgenError(f"the {label} domain has no diagrams to render")
    return staticmethod(render)


# generation settings that only the geometry sampler reads: setting -> its CLI flag
GEOMETRY_ONLY = {"weights": "--weights", "steps": "--steps", "per_diagram": "--per-diagram",
                 "aux_per_diagram": "--aux-per-diagram"}


def no_geometry_settings(settings: dict) -> None:
    for key, flag in GEOMETRY_ONLY.items():
        if settings.get(key) not in (None, {}, []):
            raise SymgenError(f"{flag} applies to the geometry domain only")
