"""The ``symgen`` command line.

``symgen prove [FILE] [--problem NAME] [--timeout S] [--json] [--proposer P]
[--model M] [--beam B] [--depth D]`` proves the problems of a file (with no FILE,
the built-in examples) and prints each numbered proof, with the auxiliary
constructions a proposer added, or "not proved" with the stop reason.  ``symgen render FILE
--problem NAME -o fig.png`` draws a problem's diagram.  ``symgen bench FILE
--timeout S --csv OUT`` runs a whole problem set (``bench``, as ``benchmarks/prove_suite.py``).
``symgen generate``, ``check`` and ``stats`` make and re-verify corpora (``corpus_cli``).
``symgen train --data DIR --out MODEL.pt`` trains a construction proposer (``train_cli``).
A problem that cannot be parsed or drawn gives one error line naming the
problem, the clause and the reason; the other problems still run.  Every proof
is replayed in the domain's checker before it is printed, and each problem runs
under a backstop timer, so ``--timeout`` holds whatever the input.  The exit
code is the worst outcome (``errors.ExitCode``).  Only this module prints.
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from pathlib import Path
from typing import Sequence

from . import engine, registry
from .errors import ExitCode, InputError, SymgenError, worst
from .limits import TimeUp, backstop, read_text
from .pictures_cli import draw_outcome, picture_path, render_record

log = logging.getLogger("symgen")

GRACE = 0.5     # seconds past --timeout before the backstop stops a problem


def _read(path: str | None, domain) -> tuple[str, str]:
    if path is None:
        return domain.example_text()
    return read_text(path), path


def _select(items: list, name: str | None, source: str) -> list:
    if name is None:
        return items
    chosen = [p for p in items if getattr(p, "name", getattr(p, "problem", None)) == name]
    if not chosen:
        raise SymgenError(f"{source}: no problem named {name!r}")
    return chosen


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, not {text!r}")
    return value


def _positive_seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 < value < 1e7:
        raise argparse.ArgumentTypeError(f"expected a positive number of seconds, not {text!r}")
    return value


def cmd_prove(args: argparse.Namespace) -> int:
    domain = registry.load(args.domain)
    if args.draw and not domain.diagrams:
        raise SymgenError(f"the {domain.name} domain has no diagrams to draw proofs on (--draw)")
    text, source = _read(args.file, domain)
    name = args.proposer or ("model" if args.model else "none")
    proposer = domain.make_proposer(name, args.model, args.device)
    search = dict(beam=args.beam, depth=args.depth, proposals=args.proposals)
    items = _select(domain.parse_file(text, source), args.problem, source)
    if not items:
        raise InputError(f"{source}: no problems in the file")
    args.many = len(items) > 1          # prove --draw: one picture per problem
    return worst(*(_prove_one(domain, item, args, proposer, search) for item in items))


def _prove_one(domain, item, args: argparse.Namespace, proposer, search: dict) -> int:
    """Prove, replay and print one problem; its exit code."""
    if isinstance(item, SymgenError):
        print(f"error: {item}", file=sys.stderr)
        return item.exit_code
    label = getattr(item, "name", "?")
    try:
        with backstop(args.timeout + GRACE):
            result = domain.prove(item, seconds=args.timeout, seed=args.seed,
                                  proposer=proposer, **search)
            rejected = domain.replay(result) if result.solved else None
    except SymgenError as err:
        print(f"error: {err}", file=sys.stderr)
        return err.exit_code
    except TimeUp:
        print(f"{label}: not proved (time limit; stopped at {args.timeout:g}s)")
        return ExitCode.NOT_PROVED
    except Exception as err:     # noqa: BLE001 - one line, and the other problems still run
        return _internal(label, err)
    if rejected is not None:
        print(f"internal error: {label}: the prover found a proof that its checker rejects "
              f"({rejected}); the proof is not printed", file=sys.stderr)
        return ExitCode.INTERNAL
    print(json.dumps(result.to_json(), ensure_ascii=False) if args.json else result.text())
    if not args.json:
        print()
    drawn = draw_outcome(domain, result, args.draw, args.many) if args.draw else ExitCode.OK
    return worst(drawn, ExitCode.OK if result.solved else ExitCode.NOT_PROVED)


def _internal(label: str, err: BaseException) -> int:
    log.debug("internal error on %s", label, exc_info=err)
    print(f"internal error: {label}: {type(err).__name__}: {str(err)[:300]} (a bug in symgen; "
          f"-vv shows the traceback)", file=sys.stderr)
    return ExitCode.INTERNAL


def cmd_render(args: argparse.Namespace) -> int:
    if args.id is not None:
        return render_record(args)
    domain = registry.load(args.domain)
    if not domain.diagrams:
        raise SymgenError(f"the {domain.name} domain has no diagrams to render")
    text, source = _read(args.file, domain)
    items = _select(domain.parse_file(text, source), args.problem, source)
    if args.problem is None and len(items) > 1:
        raise SymgenError(f"{source}: holds {len(items)} problems; choose one with --problem")
    item = items[0]
    if isinstance(item, SymgenError):
        raise item
    domain.render(item, args.out, seed=args.seed)
    print(f"wrote {args.out}")
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    from .bench import main as bench_main
    return bench_main(args.rest)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="symgen", description=__doc__.split("\n\n")[0])
    parser.add_argument("-v", "--verbose", action="count", default=0, help="log more (-vv: debug)")
    parser.add_argument("--engine", choices=engine.ENGINES, default=None,
                        help="the deduction engine's kernels: compiled (the default when the "
                             "compiled core is built) or python (the reference)")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("prove", help="prove problems and print numbered proofs")
    p.add_argument("file", nargs="?", help="problem file (default: built-in examples)")
    p.add_argument("--problem", help="only the problem with this name")
    p.add_argument("--timeout", type=_positive_seconds, default=60.0,
                   help="seconds per problem (default 60)")
    p.add_argument("--seed", type=int, default=0, help="seed of the numeric diagram")
    p.add_argument("--json", action="store_true", help="one JSON object per problem")
    p.add_argument("--domain", default=registry.DEFAULT_DOMAIN,
                   help="problem domain (default geometry)")
    p.add_argument("--proposer", choices=("none", "heuristic", "model", "both"),
                   help="who proposes auxiliary constructions (default: model if --model is "
                        "given, else none: symbolic only)")
    p.add_argument("--model", help="model checkpoint for the model proposer, or 'default'")
    p.add_argument("--beam", type=_positive, default=4, help="nodes kept per depth (default 4)")
    p.add_argument("--depth", type=_positive, default=2,
                   help="most auxiliary constructions added (default 2)")
    p.add_argument("--proposals", type=_positive, default=32,
                   help="proposals asked for per node in the first pass (default 32)")
    p.add_argument("--device", default=None,
                   help="torch device for the model: cpu (the default), cuda or auto")
    p.add_argument("--draw", type=picture_path, metavar="FILE",
                   help="also draw each proof on its diagram: .png, .svg, .pdf or .html (a page "
                        "with the steps); several problems: FILE-NAME.svg each")
    p.set_defaults(run=cmd_prove)

    r = sub.add_parser("render", help="draw a problem's diagram (needs matplotlib)")
    r.add_argument("file", nargs="?", help="problem file (default: built-in examples), or a "
                                           "corpus folder with --id")
    r.add_argument("--problem", help="the problem to draw")
    r.add_argument("--id", help="draw this corpus record (its id, or its position from 0) "
                                "with its proof")
    r.add_argument("-o", "--out", required=True, type=picture_path,
                   help="output file: .png, .svg, .pdf or .html")
    r.add_argument("--seed", type=int, default=0)
    r.add_argument("--domain", default=registry.DEFAULT_DOMAIN)
    r.set_defaults(run=cmd_render)

    b = sub.add_parser("bench", help="run a problem set (see benchmarks/prove_suite.py)",
                       add_help=False)
    b.add_argument("rest", nargs=argparse.REMAINDER)
    b.set_defaults(run=cmd_bench)

    from .corpus_args import add_parsers
    add_parsers(sub)
    from .train_cli import add_parsers as add_train_parsers
    add_train_parsers(sub)
    return parser


def _parse(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line; everything after ``bench`` goes to the runner as it is (argparse's
    remainder would refuse an option right after the command: ``bench --domain code F``)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    at = next((k for k, a in enumerate(argv) if not a.startswith("-")), None)
    if at is not None and argv[at] == "bench":
        args = build_parser().parse_args(argv[:at + 1])
        args.rest = argv[at + 1:]
        return args
    return build_parser().parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; its exit code (``errors.ExitCode``)."""
    args = _parse(argv)
    level = (logging.WARNING, logging.INFO, logging.DEBUG)[min(args.verbose, 2)]
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    try:
        if args.engine is not None:
            engine.choose(args.engine)
        return int(args.run(args))
    except SymgenError as err:
        print(f"error: {err}", file=sys.stderr)
        return err.exit_code
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return ExitCode.INTERRUPTED
    except BrokenPipeError:                  # output piped into `head` and the like
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except TimeUp:
        print("error: the time limit passed", file=sys.stderr)
        return ExitCode.NOT_PROVED
    except Exception as err:     # noqa: BLE001 - one line, not a traceback
        return _internal(args.command, err)


if __name__ == "__main__":
    sys.exit(main())
