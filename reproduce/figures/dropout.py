"""Figures for questions 32 and 33: a dropout mask at work, and why the 1/(1-p) factor is there."""

import matplotlib.pyplot as plt
import numpy as np
import torch
from torch import nn

from snippets.dropout import Dropout
from reproduce.figures import svg_from_matplotlib


def draw_mask():
    """Activations, the mask drawn with bernoulli_(1-p), and what dropout passes on (p = 0.4)."""
    p = 0.4
    gen = torch.Generator().manual_seed(3)
    x = torch.rand(6, 12, generator=gen) * 2 - 1
    mask = torch.empty_like(x).bernoulli_(1 - p, generator=gen)
    y = x * mask / (1 - p)
    fig, axes = plt.subplots(1, 3, figsize=(11, 2.6))
    panels = [(x, "activations $x$", "RdBu_r", -1.7, 1.7),
              (mask, f"mask $m$ (1 = kept, probability {1 - p:.1f})", "Greys_r", 0, 1),
              (y, r"output $m\,x/(1-p)$", "RdBu_r", -1.7, 1.7)]
    for ax, (t, title, cmap, lo, hi) in zip(axes, panels):
        ax.imshow(t.numpy(), cmap=cmap, vmin=lo, vmax=hi)
        ax.set_title(title, fontsize=10)
        ax.set_xticks([])
        ax.set_yticks([])
        for (i, j), v in np.ndenumerate(t.numpy()):
            if t is mask:
                text, color = f"{v:.0f}", ("white" if v == 0 else "black")
            elif t is y and mask[i, j] == 0:
                text, color = "0", "black"
            else:
                text = f"{v:.1f}".replace("-0.0", "0.0")
                color = "white" if abs(v) > 1.1 else "black"
            ax.text(j, i, text, ha="center", va="center", fontsize=6, color=color)
    fig.suptitle("Dropout with p = 0.4 on a 6 x 12 batch of activations (one random draw)", fontsize=11)
    return svg_from_matplotlib(fig)


def scaling_curves(n=200_000, ps=None):
    """Measured mean output for an input of ones: mask only, our Dropout, torch.nn.Dropout.

    Means are computed from the integer count of kept elements, so the figure does not depend on
    the order in which torch sums floats (which changes with the number of threads).
    """
    ps = np.round(np.arange(0.0, 0.95, 0.05), 2) if ps is None else ps
    x = torch.ones(n)
    rows = []
    for i, p in enumerate(ps):
        keep = 1 - float(p)
        torch.manual_seed(i)
        mask_only = torch.empty_like(x).bernoulli_(keep).count_nonzero().item() / n
        ours = Dropout(float(p))(x).count_nonzero().item() / keep / n
        theirs = nn.Dropout(float(p))(x).count_nonzero().item() / keep / n
        rows.append((float(p), mask_only, ours, theirs))
    return rows


def draw_scaling():
    rows = scaling_curves()
    ps, mask_only, ours, theirs = map(np.array, zip(*rows))
    fig, ax = plt.subplots(figsize=(6.4, 3.8))
    ax.plot(ps, mask_only, "o-", color="tab:red", label="mask only: mean $= 1-p$")
    ax.plot(ps, ours, "s-", color="tab:blue", label="our Dropout, with $1/(1-p)$")
    ax.plot(ps, theirs, "x", color="black", markersize=8, label="torch.nn.Dropout")
    ax.axhline(1.0, color="grey", lw=0.8, ls="--")
    ax.set_xlabel("dropout probability $p$")
    ax.set_ylabel("mean output (input: 200,000 ones)")
    ax.set_ylim(0, 1.2)
    ax.set_title("Rescaling keeps the mean at the input's value", fontsize=11)
    ax.legend(loc="lower left", fontsize=9)
    ax.grid(alpha=0.3)
    return svg_from_matplotlib(fig)


FIGURES = {
    "q32-dropout-mask.svg": draw_mask,
    "q33-dropout-scaling.svg": draw_scaling,
}
