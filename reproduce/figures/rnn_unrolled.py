"""Q10 (and Q11/Q12): the chapter's RNN folded into a loop and unrolled over its time steps.

Hand-built SVG on its own light card, so the figures read the same in Material's light and dark
schemes. Colour marks the weights: every box of one colour is the same layer object, called again.

- q10-rnn-unrolled.svg: LMModel2's loop (folded) above, the same loop written out over the
  three tokens below, from its `h = 0` start (LMModel1 skips that zero add: same result).
- q10-detach-batches.svg: LMModel3 across two batches: the state's value crosses the batch
  boundary, its gradient path is cut by `detach`.
"""

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
             background=False):
        """Text centred on (x, y); `sub` adds a subscript (drawn with dy, which every browser supports).

        `background` puts a card-coloured strip behind a centred label that sits on a line.
        """
        if background:
            w = 0.56 * size * len(s) + 12
            self.parts.append(f'<rect x="{x - w / 2}" y="{y - size * 0.7}" width="{w}" '
                              f'height="{size * 1.4}" fill="{CARD}"/>')
        body = escape(s)
        if sub is not None:
            body += f'<tspan dy="5" font-size="{int(size * 0.72)}">{escape(str(sub))}</tspan>'
        self.parts.append(
            f'<text x="{x}" y="{y}" font-size="{size}" fill="{color}" text-anchor="{anchor}" '
            f'font-weight="{weight}" dominant-baseline="central">{body}</text>')

    def box(self, cx, cy, w, h, label, color, sub=None, size=14):
        self.parts.append(
            f'<rect x="{cx - w / 2}" y="{cy - h / 2}" width="{w}" height="{h}" rx="8" '
            f'fill="{color}" fill-opacity="0.13" stroke="{color}" stroke-width="2.2"/>')
        self.text(cx, cy, label, size=size, color=color, weight="bold", sub=sub)

    def state(self, cx, cy, label, sub=None, r=22, dashed=False):
        dash = ' stroke-dasharray="4 3"' if dashed else ""
        self.parts.append(f'<circle cx="{cx}" cy="{cy}" r="{r}" fill="{CARD}" stroke="{INK}" '
                          f'stroke-width="2"{dash}/>')
        self.text(cx, cy - 2, label, size=16, sub=sub)

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


def draw_unrolled() -> str:
    s = Svg(920, 575,
            "An RNN folded and unrolled",
            "Top: LMModel2's loop, one step of it with an arrow from the new hidden state back into the "
            "next step. Bottom: the same computation unrolled over three tokens: three identical purple "
            "h_h boxes (one weight matrix used three times), three identical green i_h embeddings, and "
            "one blue h_o output layer after the last step.")

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


def _compact_step(s, x0, y, t, dx=120):
    """State at x0 -> h_h box (token t's embedding added from below) -> new state at x0 + dx."""
    bx, nx = x0 + dx / 2, x0 + dx
    s.arrow(x0 + 20, y, bx - 25, y)
    s.box(bx, y, 48, 34, "h_h", H_H, size=13)
    s.arrow(bx + 24, y, nx - 21, y)
    s.state(nx, y, "h", sub=t, r=20)
    s.arrow(bx, y + 41, bx, y + 19, color=I_H)
    s.box(bx, y + 57, 46, 30, "i_h", I_H, size=12)
    s.arrow(bx, y + 96, bx, y + 74, color=I_H)
    s.text(bx, y + 110, "x", size=15, sub=t)
    return nx


def draw_detach() -> str:
    s = Svg(920, 390,
            "LMModel3 across two batches: detach cuts the gradient path",
            "One batch row over two consecutive batches of three tokens. Forward arrows run through all "
            "six steps: the state's value crosses from batch 1 into batch 2. Above, dashed orange "
            "arrows show the backward pass: loss 2's gradient flows back through steps 6, 5 and 4 and "
            "stops at the red detach cut, so it never reaches batch 1's steps; loss 1's gradient "
            "covered steps 3 to 1 in the previous iteration.")
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
    s.parts.append(f'<path d="M{cut_x - 8},{y - 22} L{cut_x + 8},{y + 22} M{cut_x + 8},{y - 22} '
                   f'L{cut_x - 8},{y + 22}" stroke="{CUT}" stroke-width="3.5"/>')
    s.text(cut_x, y + 40, "detach", size=13, color=CUT, weight="bold")
    s.state(h3b, y, "h", sub=3, r=20, dashed=True)
    x = h3b
    for t in (4, 5, 6):
        x = _compact_step(s, x, y, t)
    h6 = x
    # outputs and losses after the last step of each batch
    for hx, k in ((h3, 1), (h6, 2)):
        s.arrow(hx, y - 20, hx, y - 44, color=H_O)
        s.box(hx, y - 60, 46, 28, "h_o", H_O, size=12)
        s.arrow(hx, y - 74, hx, y - 94, color=H_O)
        s.text(hx, y - 108, "loss", size=14, sub=k, weight="bold")
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


FIGURES = {
    "q10-rnn-unrolled.svg": draw_unrolled,
    "q10-detach-batches.svg": draw_detach,
}
