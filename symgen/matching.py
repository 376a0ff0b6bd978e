"""Rule matching as a semi-naive join over the state's relations.

Each rule is compiled once into one *plan* per premise: the plan scans that
premise against the facts new in the last round (the delta), then joins the
other premises against all facts, in an order chosen so that every later step
has as many arguments bound as possible.  Because the order is fixed, which
argument positions are bound at each step is known at compile time, so the
inner loop only copies values, never inspects patterns.  Side conditions run
as soon as their variables are bound, and so does the conclusion test: once a
partial binding fixes every variable of the rule's conclusions, the matcher asks
whether any of them could still be new (not known, not already pending, and not
refuted by the domain's model, say numerically false on the diagram); if none
could, the rest of the join is skipped.  That test only drops bindings whose every
conclusion the saturation loop would discard, so the facts derived, and their
justifications, are the same as without it; what it saves is the late premises of
rules whose conclusion is usually known or false (converse rules, equal chords).  By default variables bind pairwise
distinct values; a rule set may allow shared values (``distinct=False``), and
then a relation that declares itself ``exact`` is bound from without re-checks.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from operator import itemgetter
from typing import Callable, Iterable

from .rules import Atom, Rule
from .state import DeductiveState

# How each argument of a step gets its value.
CONST, BOUND, NEW, REPEAT = 0, 1, 2, 3


@dataclass(frozen=True, slots=True)
class Step:
    pred: str
    kinds: tuple[int, ...]      # CONST / BOUND / NEW / REPEAT per argument
    refs: tuple                 # the constant, or the variable index
    shape: tuple[int, ...]      # variable index per argument, -1 for constants
    full: bool                  # all arguments known before the step: a membership test
    premise: int                # index in rule.premises, or -1 for a side condition
    news: tuple[tuple[int, int], ...] = ()   # (position, variable) of each first occurrence


@dataclass(frozen=True, slots=True)
class CompiledRule:
    rule: Rule
    nvars: int
    plans: tuple[tuple[Step, ...], ...]
    premise_refs: tuple[tuple, ...]      # per premise: variable index (int) or ('c', value) per arg
    conclusion_refs: tuple[tuple[str, tuple], ...]
    distinct: bool = True                # variables bind pairwise distinct values
    # per plan: the step before which every conclusion variable is bound (the conclusion
    # test runs there), or -1 where only the last step binds them (emit tests them anyway)
    test_at: tuple[int, ...] = ()
    # ``instantiate`` of each conclusion / premise as one call (``getter``): the matcher's
    # inner loop builds these tuples for every complete binding
    conclusion_getters: tuple[tuple[str, Callable[[list], tuple]], ...] = ()
    premise_getters: tuple[Callable[[list], tuple], ...] = ()
    # the join of every premise once the conclusion's variables are bound (rules of one
    # conclusion whose arguments are all variables; else None): ``run_seeded`` runs it from
    # the conclusion instances a domain proposes (``DeductiveState.seeds``)
    seeded: tuple[Step, ...] | None = None


def _step(atom: Atom, index: dict[str, int], bound: set[int], premise: int) -> Step:
    kinds, refs, shape, seen_here = [], [], [], set()
    for arg in atom.args:
        if not isinstance(arg, str):
            kinds.append(CONST), refs.append(arg), shape.append(-1)
            continue
        v = index[arg]
        shape.append(v)
        refs.append(v)
        if v in bound:
            kinds.append(BOUND)
        elif v in seen_here:
            kinds.append(REPEAT)
        else:
            kinds.append(NEW)
            seen_here.add(v)
    bound |= seen_here
    news = tuple((j, refs[j]) for j, k in enumerate(kinds) if k == NEW)
    return Step(atom.pred, tuple(kinds), tuple(refs), tuple(shape),
                not seen_here, premise, news)


def _plan(rule: Rule, driver: int | None, index: dict[str, int], needed: set[int] = frozenset(),
          start: frozenset[int] = frozenset()) -> tuple[Step, ...]:
    """The join order for one driver premise: fully bound premises (membership tests) as
    soon as they are, else the most bound premise, unless one with no more new variables
    binds the last of the conclusion variables ``needed`` (the conclusion test then
    prunes early).  With no driver, the join of every premise with the variables ``start``
    bound beforehand (a seeded plan: the conclusion's variables come from the domain)."""
    bound: set[int] = set(start)
    steps = [] if driver is None else [_step(rule.premises[driver], index, bound, driver)]
    rest = [i for i in range(len(rule.premises)) if i != driver]
    conds = list(rule.conditions)

    def flush_conditions() -> None:
        for c in list(conds):
            if all(index[v] in bound for v in c.variables()):
                steps.append(_step(c, index, bound, -1))
                conds.remove(c)

    flush_conditions()
    while rest:
        def unbound(i: int) -> int:
            return len(set(index[v] for v in rule.premises[i].variables()) - bound)

        def score(i: int) -> tuple:
            vs = [index[v] for v in rule.premises[i].variables()]
            if driver is None:       # seeded: the fewest new variables (each multiplies the scan)
                return (unbound(i) > 0, unbound(i), -sum(v in bound for v in vs), i)
            return (unbound(i) > 0, -sum(v in bound for v in vs), unbound(i), i)
        best = min(rest, key=score)
        # A premise that binds the last conclusion variables, and no more new variables than
        # the most bound one: the conclusion test then prunes before the other scans.
        completing = [i for i in rest if unbound(i) <= unbound(best) and not needed <= bound
                      and needed <= bound | {index[v] for v in rule.premises[i].variables()}]
        if completing and unbound(best) > 0:
            best = min(completing, key=lambda i: (unbound(i), score(i)))
        rest.remove(best)
        steps.append(_step(rule.premises[best], index, bound, best))
        flush_conditions()
    return tuple(steps)


def _test_at(plan: tuple[Step, ...], needed: set[int]) -> int:
    """The first step before which the plan has bound every variable in ``needed``; -1 if
    that is only after the last step."""
    bound: set[int] = set()
    for i, step in enumerate(plan):
        if needed <= bound:
            return i
        bound |= {v for _, v in step.news}
    return -1


def compile_rule(rule: Rule, *, distinct: bool = True) -> CompiledRule:
    index = {v: i for i, v in enumerate(rule.variables())}

    def refs(atom: Atom) -> tuple:
        return tuple(index[a] if isinstance(a, str) else ("c", a) for a in atom.args)

    needed = {index[v] for a in rule.conclusions for v in a.variables()}
    plans = tuple(_plan(rule, d, index, needed) for d in range(len(rule.premises)))
    seedable = len(rule.conclusions) == 1 and all(isinstance(a, str)
                                                  for a in rule.conclusions[0].args)
    seeded = _plan(rule, None, index, start=frozenset(needed)) if seedable else None
    return CompiledRule(
        rule, len(index), plans,
        tuple(refs(a) for a in rule.premises),
        tuple((a.pred, refs(a)) for a in rule.conclusions), distinct,
        tuple(_test_at(plan, needed) for plan in plans),
        tuple((a.pred, getter(refs(a))) for a in rule.conclusions),
        tuple(getter(refs(a)) for a in rule.premises), seeded)


def instantiate(refs: tuple, binding: list) -> tuple:
    return tuple(binding[r] if isinstance(r, int) else r[1] for r in refs)


def getter(refs: tuple) -> Callable[[list], tuple]:
    """``instantiate(refs, binding)`` as one call of ``binding``: an ``itemgetter`` when every
    argument is a variable (most are), else ``instantiate`` itself; both pickle."""
    if len(refs) > 1 and all(isinstance(r, int) for r in refs):
        return itemgetter(*refs)
    return partial(instantiate, refs)


Emit = Callable[[list], None]


def run_seeded(cr: CompiledRule, state: DeductiveState, seeds: Iterable[tuple], emit: Emit,
               useful: Callable[[list], bool] | None = None) -> None:
    """Emit the bindings that satisfy every premise, from proposed conclusion instances.

    Each seed is a tuple of arguments for the rule's one conclusion (a domain proposes the
    instances its model finds true and the state does not hold yet, in every argument order
    that names the same fact); the seed fixes the conclusion's variables and ``cr.seeded``
    joins every premise against all facts.  A seed that repeats a value where the
    conclusion has two variables, or gives one variable two values, binds nothing.  Every
    emitted binding satisfies every premise and condition, as in ``run_plan``; the seeds only
    decide which bindings are tried, so a domain can make matching faster, never unsound.
    """
    refs = cr.conclusion_refs[0][1]
    nvars, distinct, plan = cr.nvars, cr.distinct, cr.seeded
    for seed in seeds:
        binding: list = [None] * nvars
        ok = True
        for r, v in zip(refs, seed):
            was = binding[r]
            if was is None:
                if distinct and v in binding:
                    ok = False
                    break
                binding[r] = v
            elif was != v:
                ok = False
                break
        if ok and (useful is None or useful(binding)):
            run_plan(plan, state, binding, emit, distinct, delta=False)


def run_candidates(cr: CompiledRule, state: DeductiveState, names: tuple[str, ...],
                   candidates: Iterable[tuple], emit: Emit,
                   useful: Callable[[list], bool] | None = None) -> None:
    """Emit the candidate bindings that satisfy every premise and side condition of the rule.

    A domain index (``DeductiveState.bindings``) proposes ``candidates``, value tuples for the
    variables ``names``; each is checked here against the state exactly as a fully bound
    plan step would be, so an index can only make matching faster, never unsound.  The
    conclusion test (``useful``) runs first, where given.
    """
    rels = state.relations
    variables = cr.rule.variables()
    try:
        order = tuple(names.index(v) for v in variables)
    except ValueError as e:
        raise ValueError(f"index for rule {cr.rule.name} does not bind all its variables") from e
    checks = [(a.pred, refs, False) for a, refs in zip(cr.rule.premises, cr.premise_refs)]
    checks += [(c.pred, tuple(variables.index(v) if isinstance(v, str) else ("c", v)
                              for v in c.args), True) for c in cr.rule.conditions]
    checks.sort(key=lambda c: not c[2])           # numeric conditions first: they are cheap
    for values in candidates:
        binding = [values[i] for i in order]
        if useful is not None and not useful(binding):
            continue
        for pred, refs, is_condition in checks:
            args = instantiate(refs, binding)
            if not (state.condition(pred, args) if is_condition else rels[pred].holds(args)):
                break
        else:
            emit(binding)


def run_plan(plan: tuple[Step, ...], state: DeductiveState, binding: list, emit: Emit,
             distinct: bool = True, test_at: int = -1,
             useful: Callable[[list], bool] | None = None, delta: bool = True) -> None:
    """Enumerate every binding that satisfies the plan; the first step reads the delta
    (unless ``delta`` is False: every step reads all facts).  Variables already bound in
    ``binding`` stay bound.  Before step ``test_at``, a binding that is not ``useful`` goes
    no further."""
    rels = state.relations
    n = len(plan)
    first = 0 if delta else -1
    used: set = {v for v in binding if v is not None}
    if useful is None:
        test_at = -1

    def rec(i: int) -> None:
        if i == test_at and not useful(binding):
            return
        if i == n:
            emit(binding)
            return
        step = plan[i]
        kinds, refs = step.kinds, step.refs
        if step.full:
            args = tuple(binding[r] if k == BOUND else r for k, r in zip(kinds, refs))
            ok = rels[step.pred].holds(args) if step.premise >= 0 else state.condition(step.pred, args)
            if ok:
                rec(i + 1)
            return
        bound = tuple(binding[r] if k == BOUND else (r if k == CONST else None)
                      for k, r in zip(kinds, refs))
        rel = rels[step.pred]
        if not distinct and getattr(rel, "exact", False):
            # The relation honours bound positions and repeated variables: just bind.
            news = step.news
            for tup in rel.scan(bound, step.shape, i == first):
                for j, v in news:
                    binding[v] = tup[j]
                rec(i + 1)
            for _, v in news:
                binding[v] = None
            return
        for tup in rel.scan(bound, step.shape, i == first):
            newly = []
            ok = True
            for j, k in enumerate(kinds):
                val = tup[j]
                if k == NEW:
                    if distinct and val in used:
                        ok = False
                        break
                    binding[refs[j]] = val
                    used.add(val)
                    newly.append(refs[j])
                elif val != (bound[j] if k != REPEAT else binding[refs[j]]):
                    ok = False
                    break
            if ok:
                rec(i + 1)
            for v in newly:
                used.discard(binding[v])
                binding[v] = None

    rec(0)
