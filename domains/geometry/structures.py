"""What the relation views and the triangle index read of a geometry state.

The state (``state.py``) owns the structures that decide facts -- the numeric diagram,
the lines, the angle and ratio chases -- and what changed in them in the last round.
The views (``views.py``) and the triangle index (``triangles.py``) only read those, so
they are written against this protocol, not against ``GeometryState``: the state builds
them and hands itself in, and neither module needs to know the state's class.
"""
from __future__ import annotations

from typing import Hashable, Protocol

from .chase import AngleChase, RatioChase
from .incidence import Incidence


class Structures(Protocol):
    xy: tuple[complex, ...]          # the diagram: point i is at xy[i]
    lines: Incidence
    chase: AngleChase
    ratios: RatioChase
    round: int
    deadline: float                  # time.perf_counter() past which a scan raises TimeUp
    # what changed in the last round (everything, in the first), for semi-naive scans
    delta_objects: dict[str, set]    # "coll": lines, "cyclic": circles
    delta_dirs: set[Hashable]
    delta_angles: set[Hashable]
    delta_segs: set[Hashable]
    delta_ratios: set[Hashable]

    def numeric(self, pred: str, args: tuple) -> bool:
        """Does ``pred(args)`` hold on the diagram?"""
