"""A toy domain for kernel tests: reachability over a directed graph, all relations materialised."""
from symgen.facts import PREMISE, FactTable, Justification
from symgen.matching import compile_rule
from symgen.relations import TableRelation
from symgen.rules import parse_rules

RULES = parse_rules("""
# An edge is a path.
base: edge X Y => path X Y
# A path followed by an edge is a path.
step: path X Y, edge Y Z => path X Z
""")


class GraphState:
    def __init__(self, edges):
        self.table = FactTable()
        self.relations = {"edge": TableRelation(2), "path": TableRelation(2)}
        for a, b in edges:
            self.add(("edge", a, b), Justification(PREMISE))

    def canonical(self, pred, args):
        return (pred, *args)

    def holds(self, fact):
        return fact in self.table

    def condition(self, pred, args):
        return args[0] != args[1]

    def fact_id(self, fact):
        return self.table.get(fact)

    def add(self, fact, why):
        fid, new = self.table.add(fact, why)
        if new:
            self.relations[fact[0]].add(fact[1:])
        return new

    def begin(self):
        for r in self.relations.values():
            r.begin()

    def end_round(self):
        for r in self.relations.values():
            r.end_round()

    def size(self):
        return len(self.table)


def compiled():
    return [compile_rule(r, distinct=False) for r in RULES]
