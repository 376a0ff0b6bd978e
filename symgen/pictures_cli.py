"""The command line's pictures: ``prove --draw FILE`` and ``render CORPUS --id N``.

``prove --draw fig.svg`` writes each proved (or unproved) problem's picture
after its proof is printed: the file named when one problem is proved, and
``fig-NAME.svg`` beside it for each problem when there are several (``NAME``
is the problem's name with anything but letters, digits, ``.``, ``_`` and
``-`` made ``_``).  The suffix chooses the form: ``.png``, ``.svg``, ``.pdf``
(matplotlib) or ``.html`` (the self-contained proof page); any other suffix
is refused before anything is proved.  ``render CORPUS --id N`` draws record
``N`` of a corpus (its ``id``, or its position from 0) in any of those forms.
``prove --draw``'s "wrote" lines go to stderr, so ``prove --json --draw`` keeps stdout
JSON; ``render`` says "wrote" on stdout, as it does for a problem.
"""
from __future__ import annotations

import argparse
import importlib.util
import re
import sys
from pathlib import Path

from .errors import ExitCode, InputError, SymgenError

SUFFIXES = (".png", ".svg", ".pdf", ".html")


def picture_path(text: str) -> str:
    """An argparse type: a file name whose suffix says a form we can draw here (a picture
    needs matplotlib; the HTML page does not)."""
    suffix = Path(text).suffix.lower()
    if suffix not in SUFFIXES:
        raise argparse.ArgumentTypeError(f"{text!r}: the file must end in one of "
                                         f"{', '.join(SUFFIXES)}")
    if suffix != ".html" and importlib.util.find_spec("matplotlib") is None:
        raise argparse.ArgumentTypeError(f"{text!r}: {suffix} pictures need matplotlib: "
                                         "pip install 'symgen[render]' (or draw to .html)")
    return text


def path_for(out: str, name: str, many: bool) -> Path:
    """Where one problem's picture goes: ``out``, or ``STEM-NAME.SUFFIX`` beside it if ``many``."""
    path = Path(out)
    if not many:
        return path
    safe = re.sub(r"[^A-Za-z0-9._-]", "_", name)[:100] or "problem"
    return path.with_name(f"{path.stem}-{safe}{path.suffix}")


def draw_outcome(domain, outcome, out: str, many: bool) -> int:
    """Draw one outcome's picture; its exit code (a failure is one line on stderr; for an
    unproved outcome, whose time may have run out before its diagram was drawn, it leaves
    the exit code "not proved")."""
    path = path_for(out, getattr(outcome.problem, "name", "problem"), many)
    try:
        domain.draw(outcome, str(path))
    except SymgenError as err:
        print(f"error: {path}: {err}", file=sys.stderr)
        return err.exit_code if outcome.solved else ExitCode.NOT_PROVED
    except OSError as err:
        print(f"error: {path}: cannot write ({err.strerror or err})", file=sys.stderr)
        return ExitCode.BAD_INPUT
    print(f"wrote {path}", file=sys.stderr)
    return ExitCode.OK


def render_record(args: argparse.Namespace) -> int:
    """``render CORPUS --id N``: draw one corpus record to ``args.out``."""
    from . import registry
    from .corpus import read_manifest
    from .corpus_record import find_record
    if args.file is None:
        raise InputError("render --id needs the corpus folder: symgen render DIR --id N -o FILE")
    record, where = find_record(args.file, args.id)
    domain = registry.load(read_manifest(Path(args.file))["domain"])
    if not domain.diagrams:
        raise SymgenError(f"{args.file}: record {args.id}: the {domain.name} domain has no "
                          "diagrams to render")
    domain.render_record(record, args.out, f"{args.file}: record {args.id} ({where})")
    print(f"wrote {args.out}")
    return ExitCode.OK
