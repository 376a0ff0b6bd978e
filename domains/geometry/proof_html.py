"""A proof as one self-contained HTML page: the diagram, the numbered steps, and
each step's objects highlighted on the diagram when the step is selected.

``page(fig)`` returns the page's text and ``write_page(fig, path)`` writes it.
The page is one file with no outside references: an inline SVG drawn here from
the ``figure.Figure`` (no matplotlib needed), inline CSS and a few lines of
inline JavaScript; a Content-Security-Policy forbids any fetch.  Each step is
an ``<li id="step-N" data-objects="pt-a seg-a-b ...">`` naming the ids of the
SVG elements it is about (points, segments, lines, circles, angle arcs, right
angles, ticks).  Selecting a step (a click, the arrow keys, or the URL
fragment ``#step=N``, so a link can point at a step) gives those elements and
the step the class ``on`` and dims the rest; the steps it cites get ``cited``.

Everything put into the page that came from a file (problem names, facts,
clauses, rule names) is escaped with ``html.escape``; ids are made only of
``[A-Za-z0-9_-]`` (``figure.ident``), and the script reads nothing but the
page's own attributes.
"""
from __future__ import annotations

import logging
from html import escape
from pathlib import Path

from .figure import MARK_KINDS, Dot, Figure, Item, Ring, Strokes, paint

log = logging.getLogger(__name__)

SIDE = 640                  # the SVG's width and height, in its own units

CSS = """
body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#222;background:#fafafa}
header{padding:10px 18px;border-bottom:1px solid #ddd;background:#fff}
h1{font-size:18px;margin:0 0 4px}
.goal,.aux{margin:0;font-family:ui-monospace,monospace;font-size:13px}
.aux{color:#d35400}
main{display:flex;flex-wrap:wrap;gap:12px;padding:12px}
svg{background:#fff;border:1px solid #ddd;width:min(92vw,640px);height:auto;aspect-ratio:1/1;
    flex:none;position:sticky;top:8px;align-self:flex-start}
ol{list-style:none;margin:0;padding:0;min-width:280px;max-width:560px;flex:1}
li.step{padding:3px 8px;border-radius:4px;cursor:pointer;border-left:3px solid transparent}
li.step:hover{background:#eef2f7}
li.step.on{background:#fff3cd;border-left-color:#e0a800}
li.step.cited{background:#eef6ee}
.num{color:#777;font-variant-numeric:tabular-nums;margin-right:4px}
.why{color:#777;font-size:13px}
.premise .why{font-style:italic}
.item{transition:opacity .15s}
.mark{opacity:.55}
.proof.segment,.proof.line,.proof.circle{opacity:.7}
svg.selecting .item:not(.on){opacity:.18}
.item.on{opacity:1}
path.on:not(.mark),circle.on{stroke:#e0a800;stroke-width:3.5}
.mark.on{stroke-width:2.5}
g.point.on circle{fill:#e0a800;r:6.5}
g.point.on text{font-weight:bold}
.label{font:bold 15px system-ui,sans-serif}
footer{padding:0 18px 12px;color:#777;font-size:12px}
"""

SCRIPT = """
(function () {
  var svg = document.getElementById('diagram');
  var steps = Array.prototype.slice.call(document.querySelectorAll('li.step'));
  function clear() {
    Array.prototype.forEach.call(document.querySelectorAll('.on, .cited'), function (e) {
      e.classList.remove('on'); e.classList.remove('cited');
    });
    svg.classList.remove('selecting');
  }
  function select(n) {
    clear();
    var li = document.getElementById('step-' + n);
    if (!li) { document.body.setAttribute('data-selected', ''); return; }
    li.classList.add('on');
    if (li.scrollIntoView) { li.scrollIntoView({block: 'nearest'}); }
    li.getAttribute('data-objects').split(' ').forEach(function (id) {
      var e = id && document.getElementById(id);
      if (e) { e.classList.add('on'); }
    });
    li.getAttribute('data-cites').split(' ').forEach(function (c) {
      var e = c && document.getElementById('step-' + c);
      if (e) { e.classList.add('cited'); }
    });
    svg.classList.add('selecting');
    document.body.setAttribute('data-selected', n);
  }
  function fromHash() {
    var m = /^#step=(\\d+)$/.exec(location.hash);
    select(m ? m[1] : null);
  }
  steps.forEach(function (li) {
    li.addEventListener('click', function () { location.hash = 'step=' + li.getAttribute('data-step'); });
  });
  document.addEventListener('keydown', function (e) {
    var at = steps.findIndex(function (li) { return li.classList.contains('on'); });
    var to = e.key === 'ArrowDown' ? at + 1 : e.key === 'ArrowUp' ? at - 1 : null;
    if (to !== null && steps[to]) { location.hash = 'step=' + steps[to].getAttribute('data-step'); e.preventDefault(); }
  });
  window.addEventListener('hashchange', fromHash);
  fromHash();
})();
"""


class _Frame:
    """Diagram coordinates to the SVG's (y down), from the figure's square box."""

    def __init__(self, box: tuple[float, float, float, float]) -> None:
        self.xmin, xmax, self.ymin, self.ymax = box
        self.scale = SIDE / ((xmax - self.xmin) or 1.0)

    def xy(self, z: complex) -> str:
        return f"{(z.real - self.xmin) * self.scale:.1f} {(self.ymax - z.imag) * self.scale:.1f}"

    def length(self, r: float) -> str:
        return f"{r * self.scale:.1f}"


def _classes(item: Item) -> str:
    mark = " mark" if item.kind in MARK_KINDS else ""
    return f"item {item.kind} {item.role}{mark}"


def _stroke(item: Item) -> str:
    p = paint(item)
    dash = ' stroke-dasharray="7 5"' if p.dashed else ""
    return f'fill="none" stroke="{p.color}" stroke-width="{p.width * 1.4:.2f}"{dash}'


def _path(item: Item, frame: _Frame) -> str:
    d = " ".join("M " + " L ".join(frame.xy(z) for z in part) + (" Z" if item.shape.closed else "")
                 for part in item.shape.parts)
    return (f'<path id="{item.id}" class="{_classes(item)}" d="{d}" {_stroke(item)} '
            f'stroke-linecap="round" stroke-linejoin="round"/>')


def _circle(item: Item, frame: _Frame) -> str:
    r = item.shape
    cx, cy = frame.xy(r.center).split()
    return (f'<circle id="{item.id}" class="{_classes(item)}" cx="{cx}" cy="{cy}" '
            f'r="{frame.length(r.radius)}" {_stroke(item)}/>')


def _point(item: Item, frame: _Frame) -> str:
    d, p = item.shape, paint(item)
    cx, cy = (float(v) for v in frame.xy(d.at).split())
    lx, ly = cx + 14 * d.away.real, cy - 14 * d.away.imag
    r = 5.5 if item.role == "goal" else 4
    return (f'<g id="{item.id}" class="{_classes(item)}"><circle cx="{cx:.1f}" cy="{cy:.1f}" '
            f'r="{r}" fill="{p.color}"/><text class="label" x="{lx:.1f}" y="{ly:.1f}" '
            f'fill="{p.color}" text-anchor="middle" dominant-baseline="central">'
            f'{escape(d.label)}</text></g>')


_SVG = {Strokes: _path, Ring: _circle, Dot: _point}


def svg(fig: Figure) -> str:
    """The figure as an inline ``<svg>`` whose elements carry the items' ids."""
    frame = _Frame(fig.box)
    body = "\n".join(_SVG[type(item.shape)](item, frame) for item in fig.items)
    return (f'<svg id="diagram" xmlns="http://www.w3.org/2000/svg" width="{SIDE}" height="{SIDE}" '
            f'viewBox="0 0 {SIDE} {SIDE}" '
            f'role="img" aria-label="{escape(fig.title)}">\n{body}\n</svg>')


def _step(view) -> str:
    premise = view.rule == "premise"
    cites = ", ".join(f"({c})" for c in view.cites)
    why = "premise" if premise else (f"{cites} ⇒ " if cites else "") + view.rule
    return (f'<li id="step-{view.number}" class="step{" premise" if premise else ""}" '
            f'data-step="{view.number}" data-objects="{" ".join(view.objects)}" '
            f'data-cites="{" ".join(str(c) for c in view.cites)}" title="{escape(view.fact)}">'
            f'<span class="num">({view.number})</span> <span class="text">{escape(view.text)}</span>'
            f' <span class="why">[{escape(why)}]</span></li>')


def page(fig: Figure) -> str:
    """The whole page's text."""
    aux = "".join(f'<p class="aux">aux: {escape(a)}</p>' for a in fig.aux)
    goal = f'<p class="goal">? {escape(fig.goal)}</p>' if fig.goal else ""
    steps = "\n".join(_step(v) for v in fig.steps) or '<li class="none">not proved: no steps</li>'
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(fig.title)}</title>
<style>{CSS}</style></head>
<body data-selected="">
<header><h1>{escape(fig.title)}</h1>{goal}{aux}</header>
<main>
{svg(fig)}
<ol id="steps">
{steps}
</ol>
</main>
<footer>Click a step (or use the arrow keys, or open the page at #step=N) to see its objects on the diagram. Drawn by symgen.</footer>
<script>{SCRIPT}</script>
</body></html>
"""


def write_page(fig: Figure, out: str | Path) -> None:
    Path(out).write_text(page(fig), encoding="utf-8")
    log.info("wrote the proof page of %s to %s", fig.title, out)
