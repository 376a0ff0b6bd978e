"""A toy domain for kernel tests: reachability over a directed graph, all relations materialised."""
from symgen.facts import PREMISE, Justification
from symgen.matching import compile_rule
from symgen.rules import parse_rules
from symgen.state import TableState

RULES = parse_rules("""
# An edge is a path.
base: edge X Y => path X Y
# A path followed by an edge is a path.
step: path X Y, edge Y Z => path X Z
""")


class GraphState(TableState):
    def __init__(self, edges):
        super().__init__({"edge": 2, "path": 2})
        for a, b in edges:
            self.add(("edge", a, b), Justification(PREMISE))

    def condition(self, pred, args):
        return args[0] != args[1]


def compiled():
    return [compile_rule(r, distinct=False) for r in RULES]
