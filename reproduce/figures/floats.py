"""Q22: how far apart neighbouring float32 numbers are, from the smallest to the largest."""

import numpy as np

from reproduce.figures import svg_from_matplotlib


def float32_spacing(x):
    """Distance from each float32 x to the next float32 away from zero."""
    x = np.asarray(x, dtype=np.float32)
    return np.spacing(x)


def draw_float_spacing() -> str:
    import matplotlib.pyplot as plt

    info = np.finfo(np.float32)
    smallest = np.float32(2.0) ** -149                   # smallest positive float32 (subnormal)
    x = np.logspace(np.log10(smallest), np.log10(info.max) - 0.01, 3000).astype(np.float32)
    x = x[x > 0]
    gap = float32_spacing(x).astype(np.float64)
    rel = gap / x.astype(np.float64)

    fig, (ax1, ax2, ax3) = plt.subplots(1, 3, figsize=(14, 4))
    ax1.loglog(x, gap, color="C0", lw=1.5, label="gap to the next float32")
    ax1.loglog(x, x.astype(np.float64) * float(info.eps), color="C1", ls="--", lw=1,
               label=r"$x \cdot \varepsilon$, $\varepsilon = 2^{-23}$")
    ax1.axvline(float(info.tiny), color="grey", ls=":", lw=1)
    ax1.text(float(info.tiny) * 3, 1e10, "subnormals\nbelow here", fontsize=8, color="grey")
    ax1.set_xlabel("magnitude of x")
    ax1.set_ylabel("absolute spacing (smaller = finer)")
    ax1.set_title("Absolute spacing grows with |x|")
    ax1.legend(fontsize=8, loc="upper left")

    near_one = np.float32(2.0) ** np.linspace(-3, 4, 2801, dtype=np.float32)
    ax2.loglog(near_one, float32_spacing(near_one), color="C0", lw=1.5, drawstyle="steps-post")
    ax2.set_xscale("log", base=2)
    ax2.set_yscale("log", base=2)
    ax2.set_xlabel("x (from 1/8 to 16)")
    ax2.set_ylabel("absolute spacing")
    ax2.set_title(r"Zoom: constant on $[2^k, 2^{k+1})$, doubles at each $2^k$")

    ax3.semilogx(x, rel, color="C2", lw=1)
    ax3.axhline(float(info.eps), color="C1", ls="--", lw=1)
    ax3.axhline(float(info.eps) / 2, color="C1", ls="--", lw=1)
    ax3.axvline(float(info.tiny), color="grey", ls=":", lw=1)
    ax3.set_yscale("log")
    ax3.set_xlabel("magnitude of x")
    ax3.set_ylabel("relative spacing  gap / x")
    ax3.set_title(r"Relative: between $2^{-24}$ and $2^{-23}$ (normals)")
    for ax in (ax1, ax2, ax3):
        ax.grid(True, which="major", alpha=0.3)
    fig.tight_layout()
    return svg_from_matplotlib(fig)


FIGURES = {"q22-float-spacing.svg": draw_float_spacing}
