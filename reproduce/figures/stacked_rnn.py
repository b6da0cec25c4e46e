"""Figure for Q19: a stacked (two-layer) RNN, folded and unrolled over time.

Written as plain SVG (no matplotlib): boxes, arrows and labels on a light card of its
own, so the figure reads the same on the light and the dark theme of the site. Colour
carries the message: every arrow of one colour multiplies by the same weight matrix.

Drawn twice, from the same pieces: wide (the two views side by side, for a laptop) and
narrow (one view above the other, with bigger text, for a phone, which would show the
wide one at a third of its size). The page shows the narrow one on a phone
(sitebuild/hooks.py puts both in a <picture>).
"""

from dataclasses import dataclass
from xml.sax.saxutils import escape

INK = "#1f2937"          # text and neutral arrows
MUTED = "#6b7280"        # secondary text
CARD = "#ffffff"
CARD_EDGE = "#d1d5db"
LAYER1 = ("#dbeafe", "#1d4ed8")   # (fill, stroke/arrow): layer 1 and its weights
LAYER2 = ("#ffedd5", "#c2410c")   # layer 2 and its weights
OUTPUT = ("#dcfce7", "#15803d")   # output layer h_o
EMBED = ("#ede9fe", "#6d28d9")    # the embedding E (model.i_h) and its lookups
NEUTRAL = ("#f3f4f6", "#4b5563")  # tokens

FONT = "font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\""


def _w(sub: str, layer: str | None = None, size: int = 13,
       small: int | None = None) -> str:
    """Text content for W_sub^(layer), using tspans (dy) so every browser places the
    indices; small: their font size (by default 72% of size)."""
    small = small or int(size * 0.72)
    out = f'W<tspan dy="4" font-size="{small}">{escape(sub)}</tspan>'
    if layer is not None:
        out += (f'<tspan dy="-11" font-size="{small}">({layer})</tspan>'
                f'<tspan dy="7"> </tspan>')
    return out


def _h(t: str, layer: str, size: int = 15, small: int | None = None) -> str:
    """Text content for h_t^(layer)."""
    small = small or int(size * 0.72)
    return (f'h<tspan dy="5" font-size="{small}">{escape(t)}</tspan>'
            f'<tspan dy="-13" font-size="{small}">({layer})</tspan>')


BASELINE = '<tspan dy="-4"> </tspan>'   # after W_sub: back to the line's baseline


def _idx(index: str, small: int) -> str:
    """A subscript, then back to the baseline (for an index inside a line of text)."""
    return (f'<tspan dy="5" font-size="{small}">{escape(index)}</tspan>'
            f'<tspan dy="-5"> </tspan>')


def _sub(base: str, index: str, small: int) -> str:
    """Text content for base_index: x_t, e_t, ŷ_t."""
    return f'{base}<tspan dy="5" font-size="{small}">{escape(index)}</tspan>'


class _Svg:
    def __init__(self, ids: str):
        self.ids = ids   # prefix of the ids in the file: no two figures share one
        self.parts = []

    def add(self, text: str) -> None:
        self.parts.append(text)

    def box(self, cx, cy, w, h, colours, label_markup, size=15, rx=8, bold=False):
        fill, stroke = colours
        weight = ' font-weight="bold"' if bold else ""
        self.add(f'<rect x="{cx - w / 2:g}" y="{cy - h / 2:g}" width="{w:g}" '
                 f'height="{h:g}" rx="{rx}" fill="{fill}" stroke="{stroke}" '
                 f'stroke-width="2"/>')
        self.add(f'<text x="{cx:g}" y="{cy + size * 0.35:g}" text-anchor="middle" '
                 f'font-size="{size}" fill="{INK}"{weight}>{label_markup}</text>')

    def text(self, x, y, markup, size=13, colour=INK, anchor="middle", bold=False,
             italic=False):
        extra = ((' font-weight="bold"' if bold else "")
                 + (' font-style="italic"' if italic else ""))
        self.add(f'<text x="{x:g}" y="{y:g}" text-anchor="{anchor}" font-size="{size}" '
                 f'fill="{colour}"{extra}>{markup}</text>')

    def arrow(self, x1, y1, x2, y2, colour, marker, dashed=False, width=2.2):
        """A line with an arrowhead; marker: the head's name in _markers ("l1", ...)."""
        dash = ' stroke-dasharray="6 4"' if dashed else ""
        self.add(f'<line x1="{x1:g}" y1="{y1:g}" x2="{x2:g}" y2="{y2:g}" '
                 f'stroke="{colour}" stroke-width="{width}"{dash} '
                 f'marker-end="url(#{self.ids}-{marker})"/>')

    def loop(self, cx, cy, half_w, colour, marker):
        """A self-loop on the right side of a box: the state goes back into the same
        layer."""
        x0 = cx + half_w
        self.add(f'<path d="M {x0:g} {cy - 9:g} C {x0 + 48:g} {cy - 40:g}, '
                 f'{x0 + 48:g} {cy + 40:g}, {x0 + 3:g} {cy + 10:g}" fill="none" '
                 f'stroke="{colour}" stroke-width="2.2" '
                 f'marker-end="url(#{self.ids}-{marker})"/>')

    def rule(self, x1, y1, x2, y2):
        """A thin dashed line between the two views."""
        self.add(f'<line x1="{x1:g}" y1="{y1:g}" x2="{x2:g}" y2="{y2:g}" '
                 f'stroke="{CARD_EDGE}" stroke-width="1.5" stroke-dasharray="4 5"/>')

    def svg(self) -> str:
        return "\n".join(self.parts + ["</svg>"]) + "\n"


def _markers(ids: str) -> str:
    defs = []
    for name, colour in [("ink", INK), ("emb", EMBED[1]), ("l1", LAYER1[1]),
                         ("l2", LAYER2[1]), ("out", OUTPUT[1]), ("muted", MUTED)]:
        defs.append(f'<marker id="{ids}-{name}" viewBox="0 0 10 10" refX="9" refY="5" '
                    f'markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
                    f'<path d="M 0 0 L 10 5 L 0 10 z" fill="{colour}"/></marker>')
    return "<defs>" + "".join(defs) + "</defs>"


# ---- what both figures say ----------------------------------------------------------
# A text that can take several lines is a tuple of strings: one line each in the narrow
# figure (spaces at the ends dropped), joined on one line in the wide one.

TITLE = "A stacked two-layer RNN, folded and unrolled over time"
DESC = ("{0}: each token is looked up in the embedding table, and its vector goes "
        "through layer 1, then layer 2, then the output layer; each layer feeds its own "
        "state back to itself. {1}: the same network unrolled over the time steps of a "
        "sequence. The embedding and each layer use the same weights at every step, and "
        "layer 2's weights are different from layer 1's; each layer keeps its own "
        "hidden state, carried in from the previous batch and out to the next one.")
UNROLLED_TITLE = ("Unrolled over the 16 tokens", " of a sequence")
UNROLLED_NOTE = ("same colour = same weights:",
                 " shared across time, different between layers")


def _legend_entries(size: int, small: int | None = None):
    """(colour, dashed, text) of each line of the legend, in the order the data flows:
    what each colour is, and its name in LMModel5 (rnn = its nn.RNN(64, 64,
    num_layers=2)); size, small: font sizes of W and its indices."""
    def w(sub, layer=None):
        return _w(sub, layer, size, small)

    index = _idx("t", small or int(size * 0.72))
    return [
        (EMBED[1], False, ("embedding: E = model.i_h.weight;",
                           f" e{index} = row x{index} of E")),
        (LAYER1[1], False, (f'layer 1: {w("ih", "1")}, {w("hh", "1")}',
                            "  =  rnn.weight_ih_l0, rnn.weight_hh_l0")),
        (LAYER2[1], False, (f'layer 2: {w("ih", "2")}, {w("hh", "2")}',
                            "  =  rnn.weight_ih_l1, rnn.weight_hh_l1")),
        (OUTPUT[1], False, (f'output layer: {w("ho")}{BASELINE}',
                            "  =  model.h_o.weight")),
        (MUTED, True, ("state from the previous batch /",
                       " to the next (detached): one per layer,",
                       " shape (2, bs, n_hidden)")),
    ]


def _one_line(text: tuple[str, ...]) -> tuple[str]:
    return ("".join(text),)


def _wrapped(text: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(line.strip() for line in text)


# ---- pieces that both figures draw ------------------------------------------------

SMALL_H, CELL_H = 40, 50        # height of the token, embedding and output boxes; of
                                # the RNN cells
TITLE_SIZE, NOTE_SIZE = 20, 14  # a view's heading: its title, and the note under it
TITLE_STEP, NOTE_GAP, NOTE_STEP = 24, 22, 18   # baseline to baseline: between the lines
                                               # of the title, title to note, note lines


@dataclass(frozen=True)
class Rows:
    """The y of the five rows of boxes, top to bottom (the arrows go up)."""
    out: float
    l2: float
    l1: float
    emb: float
    token: float

    def layers(self):
        """(y, colour, arrowhead, layer) of the two RNN layers."""
        return [(self.l1, LAYER1[1], "l1", "1"), (self.l2, LAYER2[1], "l2", "2")]


@dataclass(frozen=True)
class ColumnStyle:
    """How the unrolled view draws the column of one time step (user units)."""
    box_w: int          # width of the token, embedding and output boxes
    cell_w: int         # width of the RNN cells
    state: int          # font size of h in the cells
    state_small: int    # ... of its indices
    box_small: int      # ... of the index of x_t and ŷ_t
    label: int          # font size of the weight labels beside the arrows
    label_small: int    # ... of their indices
    label_dx: int       # the labels' x from the arrow: right of it if > 0, left if < 0


def _begin(s: _Svg, width: int, height: int, where: tuple[str, str]) -> None:
    """The <svg> element, its title and description, the arrowheads and the card.
    where: where the folded and the unrolled views are, ("Left", "Right")."""
    s.add(f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
          f'viewBox="0 0 {width} {height}" {FONT} role="img" '
          f'aria-labelledby="{s.ids}-title {s.ids}-desc">')
    s.add(f'<title id="{s.ids}-title">{TITLE}</title>')
    s.add(f'<desc id="{s.ids}-desc">{escape(DESC.format(*where))}</desc>')
    s.add(_markers(s.ids))
    s.add(f'<rect x="1" y="1" width="{width - 2}" height="{height - 2}" rx="14" '
          f'fill="{CARD}" stroke="{CARD_EDGE}" stroke-width="1.5"/>')


def _heading(s: _Svg, x, y, title: tuple[str, ...], note: tuple[str, ...]) -> None:
    """A view's title (bold, first baseline at y) and the note under it, centred on
    x."""
    for i, line in enumerate(title):
        s.text(x, y + i * TITLE_STEP, line, size=TITLE_SIZE, bold=True)
    y += (len(title) - 1) * TITLE_STEP + NOTE_GAP
    for i, line in enumerate(note):
        s.text(x, y + i * NOTE_STEP, line, size=NOTE_SIZE, colour=MUTED)


def _column_arrows(s, x, rows: Rows, label_size, small=None):
    """Draw the upward arrows of one time step (token -> embedding -> layer 1 -> layer 2
    -> output) at x, and return (y from, y to, weight label, colour) of each, for the
    caller to place the labels."""
    s.arrow(x, rows.token - SMALL_H / 2, x, rows.emb + SMALL_H / 2 + 2, EMBED[1], "emb")
    s.arrow(x, rows.emb - SMALL_H / 2, x, rows.l1 + CELL_H / 2 + 2, LAYER1[1], "l1")
    s.arrow(x, rows.l1 - CELL_H / 2, x, rows.l2 + CELL_H / 2 + 2, LAYER2[1], "l2")
    s.arrow(x, rows.l2 - CELL_H / 2, x, rows.out + SMALL_H / 2 + 2, OUTPUT[1], "out")
    return [(rows.token, rows.emb, "E", EMBED[1]),
            (rows.emb, rows.l1, _w("ih", "1", label_size, small), LAYER1[1]),
            (rows.l1, rows.l2, _w("ih", "2", label_size, small), LAYER2[1]),
            (rows.l2, rows.out, _w("ho", None, label_size, small), OUTPUT[1])]


def _folded(s, x, rows: Rows, label, small=None, box_small=13):
    """The folded view, centred on x: one step, each layer looping to itself. label,
    small: font sizes of the weight labels and their indices; box_small: of the t of
    x_t and ŷ_t."""
    s.box(x, rows.token, 104, SMALL_H, NEUTRAL, _sub("token x", "t", box_small),
          size=17)
    s.box(x, rows.emb, 128, SMALL_H, EMBED, "embedding", size=17, bold=True)
    s.box(x, rows.l1, 128, CELL_H, LAYER1, "RNN layer 1", size=17, bold=True)
    s.box(x, rows.l2, 128, CELL_H, LAYER2, "RNN layer 2", size=17, bold=True)
    s.box(x, rows.out, 104, SMALL_H, OUTPUT, _sub("ŷ", "t", box_small), size=18)
    for y_a, y_b, markup, colour in _column_arrows(s, x, rows, label, small):
        s.text(x - 10, (y_a + y_b) / 2 + 5, markup, size=label, colour=colour,
               anchor="end")
    for y, colour, marker, layer in rows.layers():
        s.loop(x, y, 64, colour, marker)
        s.text(x + 110, y + 6, _w("hh", layer, label, small), size=label, colour=colour,
               anchor="start")


def _time_step(s, t: str, x, rows: Rows, style: ColumnStyle) -> None:
    """One column of the unrolled view: x_t, its embedding e_t, h_t of both layers, ŷ_t,
    the arrows up."""
    s.box(x, rows.token, style.box_w, SMALL_H, NEUTRAL, _sub("x", t, style.box_small),
          size=17)
    s.box(x, rows.emb, style.box_w, SMALL_H, EMBED, _sub("e", t, style.box_small),
          size=17)
    for y, colours, layer in [(rows.l1, LAYER1, "1"), (rows.l2, LAYER2, "2")]:
        s.box(x, y, style.cell_w, CELL_H, colours,
              _h(t, layer, small=style.state_small), size=style.state)
    s.box(x, rows.out, style.box_w, SMALL_H, OUTPUT, _sub("ŷ", t, style.box_small),
          size=18)
    anchor = "start" if style.label_dx > 0 else "end"
    for y_a, y_b, markup, colour in _column_arrows(s, x, rows, style.label,
                                                   style.label_small):
        s.text(x + style.label_dx, (y_a + y_b) / 2 + 9, markup, size=style.label,
               colour=colour, anchor=anchor)


def _state_arrow(s, x_from, x_to, y, colour, marker, label, size) -> None:
    """A layer's state passed on to its next step, from a cell's right edge to the left
    edge of the next one, with its weight label above."""
    s.arrow(x_from, y, x_to - 2, y, colour, marker)
    s.text((x_from + x_to) / 2, y - 12, label, size=size, colour=colour)


def _legend(s, y, entries, x, size, step, swatch=40, line_step=19) -> None:
    """Each entry: a colour swatch, swatch long from x, and its lines of text on the
    right; step: from an entry's last line to the next swatch."""
    for colour, dashed, lines in entries:
        dash = ' stroke-dasharray="6 4"' if dashed else ""
        s.add(f'<line x1="{x}" y1="{y}" x2="{x + swatch}" y2="{y}" stroke="{colour}" '
              f'stroke-width="4"{dash}/>')
        for i, markup in enumerate(lines):
            s.text(x + swatch + 12, y + 5 + i * line_step, markup, size=size,
                   anchor="start")
        y += (len(lines) - 1) * line_step + step


# ---- the wide figure: folded view on the left, unrolled view on the right -----------
# The page shows it about 700 px wide on a laptop, so sizes are chosen for that scale:
# no text below 13 units, indices excepted.

WIDTH, HEIGHT = 920, 740
ROWS = Rows(out=118, l2=232, l1=346, emb=444, token=532)
LEGEND_TOP = 594                                           # y of its first swatch
FOLD_X = 100                                               # centre of the folded view
COLS = [("1", 400), ("2", 530), ("3", 660), ("16", 842)]   # unrolled: (t, centre x)
COLUMN = ColumnStyle(box_w=66, cell_w=80, state=15, state_small=12, box_small=13,
                     label=15, label_small=10, label_dx=7)


def draw_stacked_rnn() -> str:
    s = _Svg("q19")
    _begin(s, WIDTH, HEIGHT, ("Left", "Right"))

    # ---- folded view ---------------------------------------------------------------
    _heading(s, FOLD_X + 30, 44, ("Folded",), ("one step",))
    _folded(s, FOLD_X, ROWS, label=16)
    s.rule(272, 30, 272, ROWS.token + 25)

    # ---- unrolled view -------------------------------------------------------------
    _heading(s, 600, 44, _one_line(UNROLLED_TITLE), _one_line(UNROLLED_NOTE))
    half = COLUMN.cell_w / 2
    for t, cx in COLS:
        _time_step(s, t, cx, ROWS, COLUMN)

    # the state carried along time: one chain per layer, one weight matrix per chain
    for (_, a), (_, b) in zip(COLS[:2], COLS[1:3]):
        for y, colour, marker, layer in ROWS.layers():
            _state_arrow(s, a + half, b - half, y, colour, marker, _w("hh", layer, 15),
                         15)
    gap_start, gap_end = COLS[2][1] + half, COLS[3][1] - half
    for y, colour, marker, layer in ROWS.layers():
        s.arrow(gap_start, y, gap_start + 26, y, colour, marker)
        s.text((gap_start + gap_end) / 2, y + 6, "…", size=22, colour=colour)
        s.arrow(gap_end - 26, y, gap_end - 2, y, colour, marker)
        s.text(gap_end - 14, y - 12, _w("hh", layer, 15), size=15, colour=colour)

    # states coming in from the previous batch and leaving for the next one (dashed)
    x_in, x_out = COLS[0][1] - half, COLS[-1][1] + half
    for y, colour, marker, layer in ROWS.layers():
        s.arrow(x_in - 36, y, x_in - 2, y, colour, marker, dashed=True)
        s.text(x_in - 40, y + 6, _h("0", layer, 17), size=17, anchor="end")
        s.arrow(x_out, y, x_out + 28, y, colour, marker, dashed=True)

    entries = [(c, d, _one_line(text)) for c, d, text in _legend_entries(15)]
    _legend(s, LEGEND_TOP, entries, x=36, size=15, step=30)
    return s.svg()


# ---- the narrow figure: folded view, unrolled view under it, then the legend --------
# On a 360 px phone the page shows it 302 px wide (0.84 px per unit): no text below 14
# units, so none below 11.7 px there. The unrolled view keeps steps 1, 2 and 16.

NARROW_WIDTH, NARROW_HEIGHT = 360, 1335
INDEX = 14                     # the smallest text: the indices of W, h, x and ŷ
MARGIN = 6                     # the dashed arrows in start there
NARROW_FOLD_X = 130            # centre of the folded view (its loops go right)
NARROW_FOLD_ROWS = Rows(out=100, l2=190, l1=280, emb=365, token=445)
NARROW_ROWS = Rows(out=640, l2=735, l1=835, emb=925, token=1010)
NARROW_COLS = [("1", 78), ("2", 202), ("16", 298)]
# y of: the folded view's heading, the rule under it, the unrolled view's heading, the
# legend's first swatch
FOLD_HEADING_Y, RULE_Y, UNROLLED_HEADING_Y, LEGEND_Y = 34, 490, 525, 1075
NARROW_COLUMN = ColumnStyle(box_w=56, cell_w=56, state=18, state_small=INDEX,
                            box_small=INDEX, label=18, label_small=INDEX, label_dx=-7)


def draw_stacked_rnn_narrow() -> str:
    s = _Svg("q19n")
    _begin(s, NARROW_WIDTH, NARROW_HEIGHT, ("Top", "Below"))
    middle = NARROW_WIDTH / 2

    _heading(s, middle, FOLD_HEADING_Y, ("Folded",), ("one step",))
    _folded(s, NARROW_FOLD_X, NARROW_FOLD_ROWS, label=18, small=INDEX, box_small=INDEX)
    s.rule(20, RULE_Y, NARROW_WIDTH - 20, RULE_Y)

    _heading(s, middle, UNROLLED_HEADING_Y, _wrapped(UNROLLED_TITLE),
             _wrapped(UNROLLED_NOTE))
    half = NARROW_COLUMN.cell_w / 2
    for t, cx in NARROW_COLS:
        _time_step(s, t, cx, NARROW_ROWS, NARROW_COLUMN)
    (_, x1), (_, x2), (_, x16) = NARROW_COLS
    for y, colour, marker, layer in NARROW_ROWS.layers():
        _state_arrow(s, x1 + half, x2 - half, y, colour, marker,
                     _w("hh", layer, small=INDEX), 18)
        # steps 3 to 15, left out: one arrow, "…" above it
        s.arrow(x2 + half, y, x16 - half - 2, y, colour, marker)
        s.text((x2 + x16) / 2, y - 8, "…", size=22, colour=colour)
        # the states in (h_0 above the arrow) and out, dashed
        s.arrow(MARGIN, y, x1 - half - 2, y, colour, marker, dashed=True)
        s.text((MARGIN + x1 - half) / 2, y - 10, _h("0", layer, small=INDEX), size=18)
        s.arrow(x16 + half, y, x16 + half + 22, y, colour, marker, dashed=True)

    entries = [(c, d, _wrapped(text)) for c, d, text in _legend_entries(15, INDEX)]
    _legend(s, LEGEND_Y, entries, x=14, size=15, step=30, swatch=28)
    return s.svg()


FIGURES = {"q19-stacked-rnn.svg": draw_stacked_rnn,
           "q19-stacked-rnn-narrow.svg": draw_stacked_rnn_narrow}
