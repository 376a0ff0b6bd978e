"""What the domains' objects share beyond ``symgen.domain.BaseDomain``: the generation
settings only geometry reads, refused by the other domains with the flag's name."""
from __future__ import annotations

from symgen.errors import SymgenError

# generation settings that only the geometry sampler reads: setting -> its CLI flag
GEOMETRY_ONLY = {"uniform_weights": "--diverse",     # first: it sets steps and aux_per_diagram
                 "weights": "--weights", "steps": "--steps", "per_diagram": "--per-diagram",
                 "aux_per_diagram": "--aux-per-diagram",
                 "min_aux": "--min-aux", "label_difficulty": "--label-difficulty",
                 "difficulty_nodes": "--difficulty-nodes", "hard": "--hard",
                 "novel_aux": "--novel-aux"}


def no_geometry_settings(settings: dict) -> None:
    for key, flag in GEOMETRY_ONLY.items():
        if settings.get(key) not in (None, {}, [], False):
            raise SymgenError(f"{flag} applies to the geometry domain only")
