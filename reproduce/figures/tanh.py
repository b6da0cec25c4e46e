"""Q26: tanh and sigmoid, and the identity tanh(x) = 2 sigmoid(2x) - 1."""

import numpy as np

from reproduce.figures import svg_from_matplotlib


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def draw_tanh_sigmoid() -> str:
    import matplotlib.pyplot as plt

    x = np.linspace(-5, 5, 401)
    dots = np.linspace(-5, 5, 21)
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 4))

    ax1.plot(x, sigmoid(x), color="C0", lw=2, label=r"$\sigma(x)$, range $(0, 1)$")
    ax1.plot(x, np.tanh(x), color="C1", lw=2, label=r"$\tanh(x)$, range $(-1, 1)$")
    ax1.plot(dots, 2 * sigmoid(2 * dots) - 1, "o", color="C1", mfc="white", ms=5,
             label=r"$2\sigma(2x) - 1$ (lands on tanh)")
    ax1.plot(x, sigmoid(x) - 0.5, color="C2", ls="--", lw=1.2,
             label=r"$\sigma(x) - 0.5$ (only shifted: not tanh)")
    ax1.axhline(0, color="black", lw=0.5)
    ax1.axvline(0, color="black", lw=0.5)
    ax1.set_title("The functions")
    ax1.set_xlabel("x")
    ax1.legend(fontsize=8, loc="upper left")

    s = sigmoid(x)
    ax2.plot(x, s * (1 - s), color="C0", lw=2, label=r"$\sigma'(x) = \sigma(1-\sigma)$, at most 1/4")
    ax2.plot(x, 1 - np.tanh(x) ** 2, color="C1", lw=2, label=r"$\tanh'(x) = 1-\tanh^2$, at most 1")
    ax2.axhline(0, color="black", lw=0.5)
    ax2.set_title("Their slopes")
    ax2.set_xlabel("x")
    ax2.legend(fontsize=8, loc="upper left")
    for ax in (ax1, ax2):
        ax.grid(True, alpha=0.3)
    fig.tight_layout()
    return svg_from_matplotlib(fig)


FIGURES = {"q26-tanh-sigmoid.svg": draw_tanh_sigmoid}
