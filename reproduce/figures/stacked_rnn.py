"""Figure for Q19: a stacked (two-layer) RNN, folded and unrolled over time.

Written as plain SVG (no matplotlib): boxes, arrows and labels on a light card of its own, so the
figure reads the same on the light and the dark theme of the site. Colour carries the message:
every arrow of one colour multiplies by the same weight matrix.
"""

from xml.sax.saxutils import escape

INK = "#1f2937"          # text and neutral arrows
MUTED = "#6b7280"        # secondary text
CARD = "#ffffff"
CARD_EDGE = "#d1d5db"
LAYER1 = ("#dbeafe", "#1d4ed8")   # (fill, stroke/arrow): layer 1 and its weights
LAYER2 = ("#ffedd5", "#c2410c")   # layer 2 and its weights
OUTPUT = ("#dcfce7", "#15803d")   # output layer h_o
NEUTRAL = ("#f3f4f6", "#4b5563")  # tokens

FONT = "font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\""


def _w(sub: str, layer: str | None = None, size: int = 13) -> str:
    """Text content for W_sub^(layer), using tspans (dy) so every browser places the indices."""
    small = int(size * 0.72)
    out = f'W<tspan dy="4" font-size="{small}">{escape(sub)}</tspan>'
    if layer is not None:
        out += f'<tspan dy="-11" font-size="{small}">({layer})</tspan><tspan dy="7"> </tspan>'
    return out


def _h(t: str, layer: str, size: int = 15) -> str:
    """Text content for h_t^(layer)."""
    small = int(size * 0.72)
    return (f'h<tspan dy="5" font-size="{small}">{escape(t)}</tspan>'
            f'<tspan dy="-13" font-size="{small}">({layer})</tspan>')


class _Svg:
    def __init__(self):
        self.parts = []

    def add(self, text: str) -> None:
        self.parts.append(text)

    def box(self, cx, cy, w, h, colours, label_markup, size=15, rx=8, bold=False):
        fill, stroke = colours
        weight = ' font-weight="bold"' if bold else ""
        self.add(f'<rect x="{cx - w / 2:g}" y="{cy - h / 2:g}" width="{w:g}" height="{h:g}" rx="{rx}" '
                 f'fill="{fill}" stroke="{stroke}" stroke-width="2"/>')
        self.add(f'<text x="{cx:g}" y="{cy + size * 0.35:g}" text-anchor="middle" font-size="{size}" '
                 f'fill="{INK}"{weight}>{label_markup}</text>')

    def text(self, x, y, markup, size=13, colour=INK, anchor="middle", bold=False, italic=False):
        extra = (' font-weight="bold"' if bold else "") + (' font-style="italic"' if italic else "")
        self.add(f'<text x="{x:g}" y="{y:g}" text-anchor="{anchor}" font-size="{size}" '
                 f'fill="{colour}"{extra}>{markup}</text>')

    def arrow(self, x1, y1, x2, y2, colour, marker, dashed=False, width=2.2):
        dash = ' stroke-dasharray="6 4"' if dashed else ""
        self.add(f'<line x1="{x1:g}" y1="{y1:g}" x2="{x2:g}" y2="{y2:g}" stroke="{colour}" '
                 f'stroke-width="{width}"{dash} marker-end="url(#{marker})"/>')

    def loop(self, cx, cy, half_w, colour, marker):
        """A self-loop on the right side of a box: the state goes back into the same layer."""
        x0 = cx + half_w
        self.add(f'<path d="M {x0:g} {cy - 9:g} C {x0 + 48:g} {cy - 40:g}, {x0 + 48:g} {cy + 40:g}, '
                 f'{x0 + 3:g} {cy + 10:g}" fill="none" stroke="{colour}" stroke-width="2.2" '
                 f'marker-end="url(#{marker})"/>')


def _markers() -> str:
    defs = []
    for name, colour in [("ink", INK), ("l1", LAYER1[1]), ("l2", LAYER2[1]), ("out", OUTPUT[1]),
                         ("muted", MUTED)]:
        defs.append(f'<marker id="q19-{name}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
                    f'markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" '
                    f'fill="{colour}"/></marker>')
    return "<defs>" + "".join(defs) + "</defs>"


# Layout (SVG user units). The page shows the figure about 700 px wide, so sizes are chosen for
# that scale: no text below 13 units.
WIDTH, HEIGHT = 920, 640
Y_OUT, Y_L2, Y_L1, Y_TOKEN = 118, 238, 362, 462      # rows, top to bottom
CELL_W, CELL_H = 80, 50
FOLD_X = 100                                          # centre of the folded view
COLS = [("1", 400), ("2", 530), ("3", 660), ("16", 842)]   # unrolled columns: (t, centre x)
ROWS = [(Y_L1, LAYER1[1], "q19-l1", "1"), (Y_L2, LAYER2[1], "q19-l2", "2")]


def _column_arrows(s, x, label_size):
    """Draw the upward arrows of one time step (token -> layer 1 -> layer 2 -> output) at x, and
    return (y from, y to, weight label, colour) of each, for the caller to place the labels."""
    s.arrow(x, Y_TOKEN - 20, x, Y_L1 + CELL_H / 2 + 2, LAYER1[1], "q19-l1")
    s.arrow(x, Y_L1 - CELL_H / 2, x, Y_L2 + CELL_H / 2 + 2, LAYER2[1], "q19-l2")
    s.arrow(x, Y_L2 - CELL_H / 2, x, Y_OUT + 20 + 2, OUTPUT[1], "q19-out")
    return [(Y_TOKEN, Y_L1, _w("ih", "1", label_size), LAYER1[1]),
            (Y_L1, Y_L2, _w("ih", "2", label_size), LAYER2[1]),
            (Y_L2, Y_OUT, _w("ho", None, label_size), OUTPUT[1])]


def draw_stacked_rnn() -> str:
    s = _Svg()
    s.add(f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
          f'viewBox="0 0 {WIDTH} {HEIGHT}" {FONT} role="img" '
          f'aria-labelledby="q19-title q19-desc">')
    s.add('<title id="q19-title">A stacked two-layer RNN, folded and unrolled over time</title>')
    s.add('<desc id="q19-desc">Left: each token goes through layer 1, then layer 2, then the output '
          'layer; each layer feeds its own state back to itself. Right: the same network unrolled over '
          'the time steps of a sequence. Each layer uses the same weights at every step, and layer 2\'s '
          'weights are different from layer 1\'s; each layer keeps its own hidden state, carried in '
          'from the previous batch and out to the next one.</desc>')
    s.add(_markers())
    s.add(f'<rect x="1" y="1" width="{WIDTH - 2}" height="{HEIGHT - 2}" rx="14" fill="{CARD}" '
          f'stroke="{CARD_EDGE}" stroke-width="1.5"/>')

    # ---- folded view -------------------------------------------------------------------------
    fx = FOLD_X
    s.text(fx + 30, 44, "Folded", size=20, bold=True)
    s.text(fx + 30, 66, "one step", size=14, colour=MUTED)
    s.box(fx, Y_TOKEN, 104, 40, NEUTRAL, 'token x<tspan dy="5" font-size="13">t</tspan>', size=17)
    s.box(fx, Y_L1, 128, CELL_H, LAYER1, "RNN layer 1", size=17, bold=True)
    s.box(fx, Y_L2, 128, CELL_H, LAYER2, "RNN layer 2", size=17, bold=True)
    s.box(fx, Y_OUT, 104, 40, OUTPUT, 'ŷ<tspan dy="5" font-size="13">t</tspan>', size=18)
    for y_a, y_b, markup, colour in _column_arrows(s, fx, 16):
        s.text(fx - 10, (y_a + y_b) / 2 + 5, markup, size=16, colour=colour, anchor="end")
    for y, colour, marker, layer in ROWS:
        s.loop(fx, y, 64, colour, marker)
        s.text(fx + 110, y + 6, _w("hh", layer, 16), size=16, colour=colour, anchor="start")

    # a thin rule between the two views
    s.add(f'<line x1="272" y1="30" x2="272" y2="{Y_TOKEN + 25}" stroke="{CARD_EDGE}" '
          f'stroke-width="1.5" stroke-dasharray="4 5"/>')

    # ---- unrolled view -----------------------------------------------------------------------
    s.text(600, 44, "Unrolled over the 16 tokens of a sequence", size=20, bold=True)
    s.text(600, 66, "same colour = same weights: shared across time, different between layers",
           size=14, colour=MUTED)
    half = CELL_W / 2
    for t, cx in COLS:
        s.box(cx, Y_TOKEN, 66, 40, NEUTRAL, f'x<tspan dy="5" font-size="13">{t}</tspan>', size=17)
        s.box(cx, Y_L1, CELL_W, CELL_H, LAYER1, _h(t, "1", 18))
        s.box(cx, Y_L2, CELL_W, CELL_H, LAYER2, _h(t, "2", 18))
        s.box(cx, Y_OUT, 66, 40, OUTPUT, f'ŷ<tspan dy="5" font-size="13">{t}</tspan>', size=18)
        for y_a, y_b, markup, colour in _column_arrows(s, cx, 15):
            s.text(cx + 7, (y_a + y_b) / 2 + 9, markup, size=15, colour=colour, anchor="start")

    # the state carried along time: one chain per layer, one weight matrix per chain
    for (_, a), (_, b) in zip(COLS[:2], COLS[1:3]):
        for y, colour, marker, layer in ROWS:
            s.arrow(a + half, y, b - half - 2, y, colour, marker)
            s.text((a + b) / 2, y - 12, _w("hh", layer, 15), size=15, colour=colour)
    gap_start, gap_end = COLS[2][1] + half, COLS[3][1] - half
    for y, colour, marker, layer in ROWS:
        s.arrow(gap_start, y, gap_start + 26, y, colour, marker)
        s.text((gap_start + gap_end) / 2, y + 6, "…", size=22, colour=colour)
        s.arrow(gap_end - 26, y, gap_end - 2, y, colour, marker)
        s.text(gap_end - 14, y - 12, _w("hh", layer, 15), size=15, colour=colour)

    # states coming in from the previous batch and leaving for the next one (dashed)
    x_in, x_out = COLS[0][1] - half, COLS[-1][1] + half
    for y, colour, marker, layer in ROWS:
        s.arrow(x_in - 36, y, x_in - 2, y, colour, marker, dashed=True)
        s.text(x_in - 40, y + 6, _h("0", layer, 17), size=17, anchor="end")
        s.arrow(x_out, y, x_out + 28, y, colour, marker, dashed=True)

    # ---- legend: what each colour is, and its name in nn.RNN(64, 64, num_layers=2) -------------
    ly, step = 524, 30
    legend = [
        (LAYER1[1], False, f'layer 1: {_w("ih", "1", 15)}, {_w("hh", "1", 15)}'
                           f'  =  rnn.weight_ih_l0, rnn.weight_hh_l0'),
        (LAYER2[1], False, f'layer 2: {_w("ih", "2", 15)}, {_w("hh", "2", 15)}'
                           f'  =  rnn.weight_ih_l1, rnn.weight_hh_l1'),
        (OUTPUT[1], False, f'output layer h_o: {_w("ho", None, 15)}.  Tokens enter layer 1 as embeddings.'),
        (MUTED, True, "state from the previous batch / to the next (detached): one per layer, "
                      "shape (2, bs, n_hidden)"),
    ]
    for i, (colour, dashed, markup) in enumerate(legend):
        y = ly + i * step
        dash = ' stroke-dasharray="6 4"' if dashed else ""
        s.add(f'<line x1="36" y1="{y}" x2="76" y2="{y}" stroke="{colour}" stroke-width="4"{dash}/>')
        s.text(88, y + 5, markup, size=15, anchor="start")
    s.add("</svg>")
    return "\n".join(s.parts) + "\n"


FIGURES = {"q19-stacked-rnn.svg": draw_stacked_rnn}
