"""The ``symgen`` command line.

``symgen prove [FILE|-] [--problem NAME] [--timeout S] [--json] [--proposer P]
[--model M] [--beam B] [--depth D]`` proves the problems of a file (``-``: standard
input; with no FILE, the built-in examples) and prints each numbered proof, with the auxiliary
constructions a proposer added, or "not proved" with the stop reason.  ``symgen render FILE
--problem NAME -o fig.png`` draws a problem's diagram.  ``symgen bench FILE
--timeout S --csv OUT`` runs a whole problem set (``bench``, as ``benchmarks/prove_suite.py``,
whose arguments its subparser shares).
``symgen generate``, ``check`` and ``stats`` make and re-verify corpora (``corpus_cli``).
``symgen train --data DIR --out MODEL.pt`` trains a construction proposer (``train_cli``).
A problem that cannot be parsed or drawn gives one error line naming the
problem, the clause and the reason; the other problems still run.  Every proof
is replayed in the domain's checker before it is printed, and each problem runs
under a backstop timer, so ``--timeout`` holds whatever the input.  With ``--json``
every problem and every error is one JSON line on stdout.  ``-v``, ``-q`` and ``--engine``
go before or after the command's name; ``--version`` prints ``symgen.__version__``.  The
exit code is the worst outcome (``errors.ExitCode``).  Only this module prints.
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from pathlib import Path
from typing import Sequence

from . import __version__, engine, registry
from .errors import ExitCode, InputError, ProblemError, SymgenError, worst
from .limits import BACKSTOP_GRACE, LIMITS, TimeUp, backstop, read_text
from .pictures_cli import draw_outcome, picture_path, render_record

log = logging.getLogger("symgen")


STDIN = "<stdin>"


def _read(path: str | None, domain) -> tuple[str, str]:
    if path is None:
        return domain.example_text()
    if path == "-":
        return read_stdin(), STDIN
    return read_text(path), path


def read_stdin() -> str:
    """Standard input as UTF-8 text within ``LIMITS.file_bytes`` (``InputError`` otherwise)."""
    stream = getattr(sys.stdin, "buffer", None)
    raw = stream.read(LIMITS.file_bytes + 1) if stream is not None \
        else sys.stdin.read(LIMITS.file_bytes + 1).encode("utf-8")
    if len(raw) > LIMITS.file_bytes:
        raise InputError(f"{STDIN}: cannot read: more than {LIMITS.file_bytes} bytes")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError(f"{STDIN}: cannot read: not UTF-8 text (byte {err.start})") from None


def error_json(err: BaseException, code: int, problem: str | None = None) -> str:
    """An error as one JSON line (``--json`` mode): the message, and where it is when known."""
    out = {"error": str(err), "exit_code": int(code)}
    if isinstance(err, ProblemError):
        out.update(source=err.source, problem=err.problem, line=err.line,
                   position=err.position, clause=err.clause, reason=err.reason)
    elif problem is not None:
        out["problem"] = problem
    return json.dumps(out, ensure_ascii=False)


def report(args: argparse.Namespace, err: BaseException, code: int, prefix: str = "error",
           problem: str | None = None) -> int:
    """Say one error: a JSON line on stdout with ``--json``, else one line on stderr."""
    if getattr(args, "json", None) is True:
        print(error_json(err, code, problem), flush=True)
    else:
        print(f"{prefix}: {err}", file=sys.stderr)
    return code


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


PROGRESS_PROPOSERS = ("model", "both")    # searches slow enough to show progress over a file


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
    from .progress import meter
    args.many = len(items) > 1          # prove --draw: one picture per problem
    codes = []
    with meter(len(items), "problems", "prove",
               quiet=args.quiet > 0 or name not in PROGRESS_PROPOSERS) as shown:
        for k, item in enumerate(items, start=1):
            codes.append(_prove_one(domain, item, args, proposer, search, shown.write))
            shown.update(k)
    return worst(*codes)


def _prove_one(domain, item, args: argparse.Namespace, proposer, search: dict, say=print) -> int:
    """Prove, replay and print one problem; its exit code."""
    if isinstance(item, SymgenError):
        return report(args, item, item.exit_code)
    label = getattr(item, "name", "?")
    try:
        with backstop(args.timeout + BACKSTOP_GRACE):
            result = domain.prove(item, seconds=args.timeout, seed=args.seed,
                                  proposer=proposer, **search)
            rejected = domain.replay(result) if result.solved else None
    except SymgenError as err:
        return report(args, err, err.exit_code, problem=label)
    except TimeUp:
        say(json.dumps({"problem": label, "solved": False, "stop_reason": "time limit"})
            if args.json else f"{label}: not proved (time limit; stopped at {args.timeout:g}s)")
        return ExitCode.NOT_PROVED
    except Exception as err:     # noqa: BLE001 - one line, and the other problems still run
        return _internal(args, label, err)
    if rejected is not None:
        return report(args, SymgenError(f"{label}: the prover found a proof that its checker "
                                        f"rejects ({rejected}); the proof is not printed"),
                      ExitCode.INTERNAL, "internal error", label)
    say(json.dumps(result.to_json(), ensure_ascii=False) if args.json else result.text() + "\n")
    drawn = draw_outcome(domain, result, args.draw, args.many) if args.draw else ExitCode.OK
    return worst(drawn, ExitCode.OK if result.solved else ExitCode.NOT_PROVED)


def _internal(args: argparse.Namespace, label: str, err: BaseException) -> int:
    log.debug("internal error on %s", label, exc_info=err)
    said = SymgenError(f"{label}: {type(err).__name__}: {str(err)[:300]} (a bug in symgen; "
                       f"-vv shows the traceback)")
    return report(args, said, ExitCode.INTERNAL, "internal error", label)


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
    from .bench.cli import run
    return run(args)


def _common(parser: argparse.ArgumentParser, after: str = "") -> None:
    """-v, -q and --engine: on the main parser, and (stored under other names, added up in
    ``main``) on every command, so that they work before or after the command's name."""
    parser.add_argument("-v", "--verbose", action="count", default=0, dest=f"verbose{after}",
                        help="log more (-vv: debug)")
    parser.add_argument("-q", "--quiet", action="count", default=0, dest=f"quiet{after}",
                        help="log only errors, and draw no progress")
    parser.add_argument("--engine", choices=engine.ENGINES, default=None, dest=f"engine{after}",
                        help="the deduction engine's kernels: compiled (the default when the "
                             "compiled core is built) or python (the reference)")


AFTER = "_after"     # the suffix of the common options given after the command's name


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="symgen", description=__doc__.split("\n\n")[0])
    parser.add_argument("--version", action="version", version=f"symgen {__version__}")
    _common(parser)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("prove", help="prove problems and print numbered proofs")
    p.add_argument("file", nargs="?", help="problem file, - for standard input (default: the "
                   "built-in examples)")
    p.add_argument("--problem", help="only the problem with this name")
    p.add_argument("--timeout", type=_positive_seconds, default=60.0,
                   help="seconds per problem (default 60)")
    p.add_argument("--seed", type=int, default=0, help="seed of the numeric diagram")
    p.add_argument("--json", action="store_true", help="one JSON object per problem (and per "
                   "error)")
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

    from .bench.cli import add_arguments as add_bench_arguments
    b = sub.add_parser("bench", help="run a problem set (as benchmarks/prove_suite.py)",
                       description="Prove every problem of a file, each under a hard time "
                                   "limit, and print the summary table.")
    add_bench_arguments(b, engine_flag=False)
    b.set_defaults(run=cmd_bench)

    from .corpus_args import add_parsers
    add_parsers(sub)
    from .train_cli import add_parsers as add_train_parsers
    add_train_parsers(sub)
    from .improve_cli import add_parsers as add_improve_parsers
    add_improve_parsers(sub)
    for command in sub.choices.values():
        _common(command, AFTER)
    return parser


def _parse(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line, with the common options before and after the command added up."""
    args = build_parser().parse_args(sys.argv[1:] if argv is None else list(argv))
    args.verbose += getattr(args, "verbose" + AFTER)
    args.quiet += getattr(args, "quiet" + AFTER)
    args.engine = getattr(args, "engine" + AFTER) or args.engine
    return args


def _log_level(args: argparse.Namespace) -> int:
    return min(max(logging.WARNING + 10 * (args.quiet - args.verbose), logging.DEBUG),
               logging.CRITICAL)


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; its exit code (``errors.ExitCode``)."""
    args = _parse(argv)
    logging.basicConfig(level=_log_level(args), format="%(levelname)s %(name)s: %(message)s")
    try:
        if args.engine is not None:
            engine.choose(args.engine)
        return int(args.run(args))
    except SymgenError as err:
        return report(args, err, err.exit_code)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return ExitCode.INTERRUPTED
    except BrokenPipeError:                  # output piped into `head` and the like
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except TimeUp:
        return report(args, SymgenError("the time limit passed"), ExitCode.NOT_PROVED)
    except Exception as err:     # noqa: BLE001 - one line, not a traceback
        return _internal(args, args.command, err)


if __name__ == "__main__":
    sys.exit(main())
