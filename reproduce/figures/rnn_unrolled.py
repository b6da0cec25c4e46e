"""Q10 (and Q11/Q12): the chapter's RNN folded into a loop and unrolled over its time steps.

Hand-built SVG on its own light card, so the figures read the same in Material's light and dark
schemes. Colour marks the weights: every box of one colour is the same layer object, called again.

- q10-rnn-unrolled.svg: LMModel2's loop (folded) above, the same loop written out over the
  three tokens below, from its `h = 0` start (LMModel1 skips that zero add: same result).
- q10-detach-batches.svg: LMModel3 across two batches: the state's value crosses the batch
  boundary, its gradient path is cut by `detach`.

Each is also drawn narrow (NAME-narrow.svg: portrait, bigger text) for a phone, which would show
the wide one at a third of its size; the page shows the narrow one there (sitebuild/hooks.py puts
both in a <picture>).
"""

from dataclasses import dataclass
from html import escape

INK = "#1f2328"        # text and state circles
MUTED = "#57606a"
CARD = "#ffffff"
EDGE = "#d0d7de"
I_H = "#1a7f37"        # embedding i_h
H_H = "#8250df"        # hidden-to-hidden h_h
H_O = "#0550ae"        # output h_o
CUT = "#cf222e"        # detach
GRAD = "#bc4c00"       # gradients (backward pass)
FONT = "font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\""


class Svg:
    """A tiny SVG builder: enough shapes for box-and-arrow diagrams."""

    def __init__(self, width, height, title, desc):
        self.w, self.h = width, height
        self.parts = [
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
            f'width="{width}" height="{height}" role="img" {FONT}>',
            f"<title>{escape(title)}</title>",
            f"<desc>{escape(desc)}</desc>",
            "<defs>" + "".join(self._marker(c) for c in (INK, I_H, H_H, H_O, MUTED, CUT, GRAD)) + "</defs>",
            f'<rect x="1" y="1" width="{width - 2}" height="{height - 2}" rx="14" '
            f'fill="{CARD}" stroke="{EDGE}" stroke-width="2"/>',
        ]

    @staticmethod
    def _marker(color):
        mid = color.lstrip("#")
        return (f'<marker id="a{mid}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
                f'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
                f'fill="{color}"/></marker>')

    def text(self, x, y, s, size=14, color=INK, anchor="middle", weight="normal", sub=None,
             background=False, sub_size=None):
        """Text centred on (x, y); `sub` adds a subscript (drawn with dy, which every browser
        supports) of font size `sub_size`, by default 72% of size.

        `background` puts a card-coloured strip behind a centred label that sits on a line.
        """
        if background:
            w = 0.56 * size * len(s) + 12
            self.parts.append(f'<rect x="{x - w / 2}" y="{y - size * 0.7}" width="{w}" '
                              f'height="{size * 1.4}" fill="{CARD}"/>')
        body = escape(s)
        if sub is not None:
            body += (f'<tspan dy="5" font-size="{sub_size or int(size * 0.72)}">'
                     f'{escape(str(sub))}</tspan>')
        self.parts.append(
            f'<text x="{x}" y="{y}" font-size="{size}" fill="{color}" text-anchor="{anchor}" '
            f'font-weight="{weight}" dominant-baseline="central">{body}</text>')

    def box(self, cx, cy, w, h, label, color, sub=None, size=14, sub_size=None):
        self.parts.append(
            f'<rect x="{cx - w / 2}" y="{cy - h / 2}" width="{w}" height="{h}" rx="8" '
            f'fill="{color}" fill-opacity="0.13" stroke="{color}" stroke-width="2.2"/>')
        self.text(cx, cy, label, size=size, color=color, weight="bold", sub=sub, sub_size=sub_size)

    def state(self, cx, cy, label, sub=None, r=22, dashed=False, size=16, sub_size=None):
        dash = ' stroke-dasharray="4 3"' if dashed else ""
        self.parts.append(f'<circle cx="{cx}" cy="{cy}" r="{r}" fill="{CARD}" stroke="{INK}" '
                          f'stroke-width="2"{dash}/>')
        self.text(cx, cy - 2, label, size=size, sub=sub, sub_size=sub_size)

    def plus(self, cx, cy, r=11):
        self.parts.append(f'<circle cx="{cx}" cy="{cy}" r="{r}" fill="{CARD}" stroke="{INK}" stroke-width="1.8"/>')
        self.parts.append(f'<path d="M{cx - 6},{cy} H{cx + 6} M{cx},{cy - 6} V{cy + 6}" stroke="{INK}" stroke-width="1.8"/>')

    def arrow(self, x1, y1, x2, y2, color=INK, width=2, dashed=False):
        dash = ' stroke-dasharray="6 4"' if dashed else ""
        self.parts.append(f'<path d="M{x1},{y1} L{x2},{y2}" stroke="{color}" stroke-width="{width}" '
                          f'fill="none" marker-end="url(#a{color.lstrip("#")})"{dash}/>')

    def path(self, d, color=INK, width=2, dashed=False, arrow=True):
        dash = ' stroke-dasharray="6 4"' if dashed else ""
        end = f' marker-end="url(#a{color.lstrip("#")})"' if arrow else ""
        self.parts.append(f'<path d="{d}" stroke="{color}" stroke-width="{width}" fill="none"{end}{dash}/>')

    def line(self, x1, y1, x2, y2, color=EDGE, width=1.5, dashed=True):
        dash = ' stroke-dasharray="5 5"' if dashed else ""
        self.parts.append(f'<path d="M{x1},{y1} L{x2},{y2}" stroke="{color}" stroke-width="{width}"{dash}/>')

    def svg(self):
        return "\n".join(self.parts + ["</svg>"]) + "\n"


def _step(s, x0, y, t, state_label="h", last_state_dashed=False):
    """One time step starting at the state circle at x0: + (token embedding) -> h_h -> new state.

    Returns the x of the new state circle.
    """
    px, bx, nx = x0 + 62, x0 + 132, x0 + 205
    s.arrow(x0 + 22, y, px - 12, y)
    s.plus(px, y)
    s.arrow(px + 11, y, bx - 38, y)
    s.box(bx, y, 74, 38, "h_h", H_H)
    s.text(bx, y + 31, "+ ReLU", size=11, color=H_H)
    s.arrow(bx + 37, y, nx - 23, y)
    s.state(nx, y, state_label, sub=t, dashed=last_state_dashed)
    # the token enters from below through the embedding
    s.text(px, y + 132, "x", size=16, sub=t)
    s.arrow(px, y + 118, px, y + 92, color=I_H)
    s.box(px, y + 70, 50, 34, "i_h", I_H, size=13)
    s.arrow(px, y + 53, px, y + 12, color=I_H)
    return nx


# What each figure says to a screen reader: the same in its wide and its narrow version.
UNROLLED_TITLE = "An RNN folded and unrolled"
UNROLLED_DESC = (
    "Top: LMModel2's loop, one step of it with an arrow from the new hidden state back into the "
    "next step. Bottom: the same computation unrolled over three tokens: three identical purple "
    "h_h boxes (one weight matrix used three times), three identical green i_h embeddings, and "
    "one blue h_o output layer after the last step.")
DETACH_TITLE = "LMModel3 across two batches: detach cuts the gradient path"
DETACH_DESC = (
    "One batch row over two consecutive batches of three tokens. Forward arrows run through all "
    "six steps: the state's value crosses from batch 1 into batch 2. Above, dashed orange "
    "arrows show the backward pass: loss 2's gradient flows back through steps 6, 5 and 4 and "
    "stops at the red detach cut, so it never reaches batch 1's steps; loss 1's gradient "
    "covered steps 3 to 1 in the previous iteration.")


def draw_unrolled() -> str:
    s = Svg(920, 575, UNROLLED_TITLE, UNROLLED_DESC)

    # ---- folded ---------------------------------------------------------------------------
    s.text(24, 34, "Folded: the loop in LMModel2.forward", size=17, anchor="start", weight="bold")
    s.text(24, 58, "for t in 1, 2, 3:   h = ReLU(h_h(h + i_h(x_t)))   (h starts at 0)", size=13,
           color=MUTED, anchor="start")
    y = 150
    s.state(250, y, "h", sub="t-1", dashed=True)
    nx = _step(s, 250, y, "t")
    s.arrow(nx + 22, y, nx + 68, y, color=H_O)
    s.box(nx + 108, y, 72, 38, "h_o", H_O)
    s.arrow(nx + 144, y, nx + 186, y, color=H_O)
    s.text(nx + 212, y, "ŷ", size=18)
    s.text(nx + 108, y + 40, "after the last", size=12, color=MUTED)
    s.text(nx + 108, y + 56, "token only", size=12, color=MUTED)
    # loop back: the new state is the previous state of the next step
    s.path(f"M{nx},{y - 22} C{nx},{y - 62} 250,{y - 62} 250,{y - 26}", color=MUTED, dashed=True)
    s.text((nx + 250) / 2, y - 62, "next step: the new state is fed back in", size=12, color=MUTED,
           background=True)

    s.line(20, 300, 900, 300)
    s.text(460, 300, "unroll: write the loop out, one copy per token", size=12, color=MUTED,
           background=True)

    # ---- unrolled --------------------------------------------------------------------------
    s.text(24, 330, "Unrolled over 3 tokens (LMModel2's loop, written out step by step)", size=17, anchor="start",
           weight="bold")
    y = 390
    s.state(48, y, "h", sub=0, dashed=True)
    s.text(48, y - 38, "= 0", size=12, color=MUTED)
    x = 48
    for t in (1, 2, 3):
        x = _step(s, x, y, t)
    s.arrow(x + 22, y, x + 52, y, color=H_O)
    s.box(x + 88, y, 64, 38, "h_o", H_O)
    s.arrow(x + 120, y, x + 146, y, color=H_O)
    s.text(x + 162, y, "ŷ", size=18)
    s.text(x + 110, y + 70, "scores for", size=12, color=MUTED)
    s.text(x + 110, y + 86, "token 4", size=12, color=MUTED)

    # legend
    ly = 552
    s.text(24, ly, "Same colour = the same layer object, called again:", size=12, color=MUTED, anchor="start")
    s.text(350, ly, "i_h  one embedding", size=12, color=I_H, anchor="start", weight="bold")
    s.text(500, ly, "h_h  one 64×64 matrix + bias", size=12, color=H_H, anchor="start", weight="bold")
    s.text(712, ly, "h_o  one output layer", size=12, color=H_O, anchor="start", weight="bold")
    return s.svg()


@dataclass(frozen=True)
class CompactStyle:
    """Shapes and font sizes of the detach figure's steps (user units); the defaults: the wide one."""
    r: int = 20              # radius of the state circles
    state: int = 16          # font size of their h
    box_w: int = 48          # width of the h_h boxes
    box_label: int = 13      # ... font size of their label
    ih_w: int = 46           # width of the i_h boxes
    ih_label: int = 12       # ... font size of their label
    token: int = 15          # font size of the x under each step
    ho_w: int = 46           # width of the h_o boxes above a batch's last state
    ho_label: int = 12       # ... font size of their label
    loss: int = 14           # font size of "loss" above them
    small: int | None = None  # font size of the indices (None: 72% of the text they follow)


def _compact_step(s, x0, y, t, dx=120, style=CompactStyle()):
    """State at x0 -> h_h box (token t's embedding added from below) -> new state at x0 + dx."""
    bx, nx = x0 + dx / 2, x0 + dx
    s.arrow(x0 + style.r, y, bx - (style.box_w / 2 + 1), y)
    s.box(bx, y, style.box_w, 34, "h_h", H_H, size=style.box_label)
    s.arrow(bx + style.box_w / 2, y, nx - (style.r + 1), y)
    s.state(nx, y, "h", sub=t, r=style.r, size=style.state, sub_size=style.small)
    s.arrow(bx, y + 41, bx, y + 19, color=I_H)
    s.box(bx, y + 57, style.ih_w, 30, "i_h", I_H, size=style.ih_label)
    s.arrow(bx, y + 96, bx, y + 74, color=I_H)
    s.text(bx, y + 110, "x", size=style.token, sub=t, sub_size=style.small)
    return nx


def _loss_above(s, x, y, k, style=CompactStyle()):
    """The output layer and loss k above the state circle at (x, y): a batch's last step."""
    s.arrow(x, y - style.r, x, y - 44, color=H_O)
    s.box(x, y - 60, style.ho_w, 28, "h_o", H_O, size=style.ho_label)
    s.arrow(x, y - 74, x, y - 94, color=H_O)
    s.text(x, y - 108, "loss", size=style.loss, sub=k, weight="bold", sub_size=style.small)


def _cut(s, x, y, dx=8, dy=22):
    """The red X of detach, across a line through (x, y): dx, dy: its half width and height."""
    s.parts.append(f'<path d="M{x - dx},{y - dy} L{x + dx},{y + dy} M{x + dx},{y - dy} '
                   f'L{x - dx},{y + dy}" stroke="{CUT}" stroke-width="3.5"/>')


def draw_detach() -> str:
    s = Svg(920, 390, DETACH_TITLE, DETACH_DESC)
    grad = GRAD
    s.text(24, 30, "LMModel3, one batch row, two consecutive batches", size=17, anchor="start", weight="bold")
    s.text(24, 54, "black: forward (values);  orange dashed: backward (gradients);  red: detach",
           size=13, color=MUTED, anchor="start")
    y = 210
    s.state(40, y, "h", sub=0, r=20, dashed=True)
    x = 40
    for t in (1, 2, 3):
        x = _compact_step(s, x, y, t)
    h3 = x
    cut_x, h3b = h3 + 40, h3 + 80
    s.arrow(h3 + 20, y, h3b - 21, y, dashed=True)
    _cut(s, cut_x, y)
    s.text(cut_x, y + 40, "detach", size=13, color=CUT, weight="bold")
    s.state(h3b, y, "h", sub=3, r=20, dashed=True)
    x = h3b
    for t in (4, 5, 6):
        x = _compact_step(s, x, y, t)
    h6 = x
    # outputs and losses after the last step of each batch
    for hx, k in ((h3, 1), (h6, 2)):
        _loss_above(s, hx, y, k)
    # backward paths: dashed, right to left, above the chain
    gy = y - 36
    s.path(f"M{h6 - 26},{gy} H{h3b + 4}", color=grad, width=2.4, dashed=True)
    s.path(f"M{h3 - 26},{gy} H{40 + 4}", color=grad, width=2.4, dashed=True)
    s.text((h3b + h6) / 2, gy - 12, "gradient of loss₂: steps 6, 5, 4, then stops", size=12, color=grad)
    s.text((40 + h3) / 2, gy - 12, "gradient of loss₁ (previous iteration)", size=12, color=grad)
    # brackets under each batch
    by = 352
    s.path(f"M40,{by - 8} V{by} H{h3} V{by - 8}", color=MUTED, arrow=False)
    s.text((40 + h3) / 2, by + 16, "batch 1 (tokens 1-3 of this row)", size=12, color=MUTED)
    s.path(f"M{h3b},{by - 8} V{by} H{h6} V{by - 8}", color=MUTED, arrow=False)
    s.text((h3b + h6) / 2, by + 16, "batch 2 (tokens 4-6: the same row, next batch)", size=12, color=MUTED)
    return s.svg()


# ---- the narrow versions: portrait, for a phone -----------------------------------------------
# A 360 px phone shows a figure about 328 px wide: 0.91 px per unit here, where the wide ones get
# 0.36 and their 11-unit text 4 px. So: 360 units wide, no text under SMALL units (11.8 px there),
# and what stood side by side is stacked. Same words, colours and shapes as the wide figures.

NARROW = 360
SMALL = 13                  # the smallest text: the notes, and the indices of h, x and loss
HEADING, HEADING_STEP = 17, 22   # the bold headings (as in the wide figures), baseline to baseline
NOTE_STEP = 18              # baseline to baseline of the notes in SMALL text


def _lines(s, x, y, lines, step=NOTE_STEP, size=SMALL, **text):
    """One text per line, the first centred on y, the next ones step below it."""
    for i, line in enumerate(lines):
        s.text(x, y + i * step, line, size=size, **text)


def _heading(s, y, title, note):
    """A view's bold title and its muted note under it, from the left margin, first line at y."""
    _lines(s, 20, y, title, step=HEADING_STEP, size=HEADING, anchor="start", weight="bold")
    _lines(s, 20, y + len(title) * HEADING_STEP + 2, note, color=MUTED, anchor="start")


# the unrolled figure: its column of steps at CHAIN_X, the tokens coming in from the left (x_t at
# TOKEN_X, through i_h at EMBED_X), h_o to the right of the last state
CHAIN_X, TOKEN_X, EMBED_X, OUT_X = 180, 34, 104, 276


def _step_down(s, x, y, t):
    """The narrow version of _step, going down from the state circle at (x, y): + (the token's
    embedding, in from the left) -> h_h -> new state. Returns the y of the new state circle."""
    py, by, ny = y + 54, y + 104, y + 164
    s.arrow(x, y + 22, x, py - 12)
    s.plus(x, py)
    s.arrow(x, py + 11, x, by - 20)
    s.box(x, by, 74, 38, "h_h", H_H, size=15)
    s.text(x - 44, by, "+ ReLU", size=SMALL, color=H_H, anchor="end")  # the right side is the loop's
    s.arrow(x, by + 19, x, ny - 23)
    s.state(x, ny, "h", sub=t, size=18, sub_size=SMALL)
    s.text(TOKEN_X, py, "x", size=18, sub=t, sub_size=SMALL)
    s.arrow(TOKEN_X + 16, py, EMBED_X - 29, py, color=I_H)
    s.box(EMBED_X, py, 56, 34, "i_h", I_H, size=14)
    s.arrow(EMBED_X + 28, py, x - 12, py, color=I_H)
    return ny


def _output_right(s, x, y):
    """h_o and ŷ to the right of the state circle at (x, y)."""
    s.arrow(x + 22, y, OUT_X - 33, y, color=H_O)
    s.box(OUT_X, y, 64, 38, "h_o", H_O, size=15)
    s.arrow(OUT_X + 32, y, OUT_X + 50, y, color=H_O)
    s.text(OUT_X + 62, y, "ŷ", size=20)


def draw_unrolled_narrow() -> str:
    s = Svg(NARROW, 1214, UNROLLED_TITLE, UNROLLED_DESC)

    # ---- folded: one step, going down; the new state fed back on the right ---------------------
    _heading(s, 30, ("Folded: the loop in", "LMModel2.forward"),
             ("for t in 1, 2, 3:   h = ReLU(h_h(h + i_h(x_t)))", "(h starts at 0)"))
    y = 140
    s.state(CHAIN_X, y, "h", sub="t-1", dashed=True, size=18, sub_size=SMALL)
    ny = _step_down(s, CHAIN_X, y, "t")
    _output_right(s, CHAIN_X, ny)
    _lines(s, OUT_X, ny + 38, ("after the last", "token only"), color=MUTED)
    s.path(f"M{CHAIN_X + 16},{ny - 16} C{CHAIN_X + 75},{ny - 60} {CHAIN_X + 75},{y + 60} "
           f"{CHAIN_X + 19},{y + 13}", color=MUTED, dashed=True)
    _lines(s, CHAIN_X + 70, y + 58, ("next step:", "the new state", "is fed back in"), color=MUTED,
           anchor="start")

    # the label on two lines, so that the rule still shows on both sides of it
    s.line(20, 390, NARROW - 20, 390)
    for dy, line in ((-9, "unroll: write the loop out,"), (9, "one copy per token")):
        s.text(NARROW / 2, 390 + dy, line, size=SMALL, color=MUTED, background=True)

    # ---- unrolled: the same step three times, one under the other ------------------------------
    _heading(s, 432, ("Unrolled over 3 tokens", "(LMModel2's loop, written out", "step by step)"), ())
    y = 534
    s.state(CHAIN_X, y, "h", sub=0, dashed=True, size=18, sub_size=SMALL)
    s.text(CHAIN_X + 30, y, "= 0", size=SMALL, color=MUTED, anchor="start")
    for t in (1, 2, 3):
        y = _step_down(s, CHAIN_X, y, t)
    _output_right(s, CHAIN_X, y)
    _lines(s, OUT_X, y + 38, ("scores for", "token 4"), color=MUTED)

    # the legend, an entry a line: the wide figure's single line would not fit
    _lines(s, 20, 1106, ("Same colour = the same layer object,", "called again:"), color=MUTED,
           anchor="start")
    for i, (text, color) in enumerate([("i_h  one embedding", I_H),
                                       ("h_h  one 64×64 matrix + bias", H_H),
                                       ("h_o  one output layer", H_O)]):
        s.text(20, 1148 + i * 20, text, size=SMALL, color=color, anchor="start", weight="bold")
    return s.svg()


# the detach figure: one row per batch, the state carried from the end of the first row to the
# start of the second (down the right, back left between the rows, down), like a wrapped line
NARROW_STEP = CompactStyle(r=18, state=17, box_w=36, box_label=13, ih_w=40, ih_label=13, token=17,
                           ho_w=42, ho_label=13, loss=16, small=SMALL)
ROW_X, ROW_DX = 28, 100     # x of a row's first state; from one state to the next


def _batch_row(s, y, first_t):
    """A batch: its first state (dashed: it comes from elsewhere) at ROW_X, then three steps.
    Returns the x of the last state."""
    s.state(ROW_X, y, "h", sub=first_t, r=NARROW_STEP.r, dashed=True, size=NARROW_STEP.state,
            sub_size=SMALL)
    x = ROW_X
    for t in range(first_t + 1, first_t + 4):
        x = _compact_step(s, x, y, t, dx=ROW_DX, style=NARROW_STEP)
    return x


def _bracket(s, y, label):
    """A bracket under a row's three tokens, and its label."""
    left, right = ROW_X + ROW_DX / 2 - 22, ROW_X + 2.5 * ROW_DX + 22
    s.path(f"M{left},{y - 8} V{y} H{right} V{y - 8}", color=MUTED, arrow=False)
    s.text((left + right) / 2, y + 16, label, size=SMALL, color=MUTED)


def draw_detach_narrow() -> str:
    s = Svg(NARROW, 680, DETACH_TITLE, DETACH_DESC)
    _heading(s, 30, ("LMModel3, one batch row,", "two consecutive batches"),
             ("black: forward (values);", "orange dashed: backward (gradients);", "red: detach"))
    y1, y2 = 210, 512           # the rows of batch 1 and batch 2
    lane = y1 + 172             # between batch 1's bracket and loss 2
    middle = ROW_X + 1.5 * ROW_DX   # of a row

    # batch 1, and its backward pass from the previous iteration
    last = _batch_row(s, y1, 0)
    _loss_above(s, last, y1, 1, NARROW_STEP)
    s.path(f"M{last - 26},{y1 - 36} H{ROW_X + 4}", color=GRAD, width=2.4, dashed=True)
    s.text(middle, y1 - 48, "gradient of loss₁ (previous iteration)", size=SMALL, color=GRAD)
    _bracket(s, y1 + 132, "batch 1 (tokens 1-3 of this row)")

    # h_3's value goes on to batch 2, cut just before it gets there (batch 2's gradient stops
    # under the cut)
    s.path(f"M{last},{y1 + 18} V{lane} H{ROW_X} V{y2 - 20}", dashed=True)
    _cut(s, ROW_X, y2 - 62, dx=18, dy=8)
    s.text(ROW_X + 26, y2 - 62, "detach", size=SMALL, color=CUT, anchor="start", weight="bold")

    # batch 2: its gradient goes back through steps 6, 5, 4 and stops at the cut
    last = _batch_row(s, y2, 3)
    _loss_above(s, last, y2, 2, NARROW_STEP)
    s.path(f"M{last - 26},{y2 - 36} H{ROW_X + 12}", color=GRAD, width=2.4, dashed=True)
    _lines(s, middle + 22, y2 - 84, ("gradient of loss₂:", "steps 6, 5, 4, then stops"), color=GRAD)
    _bracket(s, y2 + 132, "batch 2 (tokens 4-6: the same row, next batch)")
    return s.svg()


FIGURES = {
    "q10-rnn-unrolled.svg": draw_unrolled,
    "q10-rnn-unrolled-narrow.svg": draw_unrolled_narrow,
    "q10-detach-batches.svg": draw_detach,
    "q10-detach-batches-narrow.svg": draw_detach_narrow,
}
