"""Results page: our per-epoch validation accuracy (seed 42) against the book's, for each model.

The plotted numbers live in docs/assets/figures/results-accuracy.json, next to the SVG:
- the SVG is drawn from that JSON (tests/test_figures.py checks it is what the code draws now);
- the JSON is what `snippets.training` gives (tests/test_results.py checks it against the runs).
`python -m reproduce.figures.results` re-runs (or reads from the cache) the seven fits and rewrites
both files; `python -m reproduce.figures` redraws the SVG from the committed JSON.
"""

import json

from reproduce.figures import OUT_DIR, svg_from_matplotlib

DATA_FILE = OUT_DIR / "results-accuracy.json"
SVG_NAME = "results-accuracy.svg"


def figure_data():
    """The plotted numbers: per model, our seed-42 accuracy per epoch and the book's."""
    from reproduce.book_results import BOOK
    from snippets.training import MODEL_NAMES, SEED, baseline
    from reproduce.training import train_many

    results = train_many(MODEL_NAMES, (SEED,))
    return {"seed": SEED, "baseline": baseline()[2],
            "models": {name: {"ours": list(results[name, SEED].accuracy), "book": list(BOOK[name].accuracy)}
                       for name in MODEL_NAMES}}


def data_text(data):
    return json.dumps(data, indent=1) + "\n"


def draw_results_accuracy():
    import matplotlib.pyplot as plt

    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    models = data["models"]
    fig, axes = plt.subplots(2, 4, figsize=(13, 6.2), sharey=True)
    for ax, (name, runs) in zip(axes.flat, models.items()):
        epochs = range(1, len(runs["ours"]) + 1)
        ax.plot(epochs, runs["book"], "s--", color="0.45", ms=3.5, lw=1.2, label="book (GPU)")
        ax.plot(epochs, runs["ours"], "o-", color="C0", ms=3.5, lw=1.6, label=f"ours (CPU, seed {data['seed']})")
        ax.set_title(f"{name}: ours {runs['ours'][-1]:.3f}, book {runs['book'][-1]:.3f}", fontsize=10)
        ax.set_xticks(list(epochs) if len(epochs) <= 10 else list(range(1, len(epochs) + 1, 2)))
        ax.set_xlabel("epoch", fontsize=9)
        ax.grid(True, alpha=0.3)
    for ax in axes[:, 0]:
        ax.set_ylabel("validation accuracy", fontsize=9)
    ax = axes.flat[-1]                                    # the 8th panel: final accuracies side by side
    names = list(models)
    x = range(len(names))
    ax.bar([i - 0.2 for i in x], [models[n]["book"][-1] for n in names], 0.4, color="0.6", label="book")
    ax.bar([i + 0.2 for i in x], [models[n]["ours"][-1] for n in names], 0.4, color="C0", label="ours")
    ax.axhline(data["baseline"], color="C3", lw=1, ls=":", label=f"baseline {data['baseline']:.3f}")
    ax.set_xticks(list(x))
    ax.set_xticklabels([n.removeprefix("LMModel") for n in names])
    ax.set_xlabel("LMModel", fontsize=9)
    ax.set_title("final accuracy", fontsize=10)
    ax.legend(fontsize=7, loc="upper left")
    ax.grid(True, axis="y", alpha=0.3)
    ax.set_ylim(0, 1)
    axes.flat[0].legend(fontsize=8, loc="lower right")
    fig.suptitle("Validation accuracy per epoch: ours against the book's", fontsize=12)
    fig.tight_layout()
    return svg_from_matplotlib(fig)


FIGURES = {SVG_NAME: draw_results_accuracy}


def main():
    from reproduce import cpu_paths

    cpu_paths.pin()                          # before numpy and torch load
    import matplotlib

    matplotlib.use("Agg")
    DATA_FILE.parent.mkdir(parents=True, exist_ok=True)
    DATA_FILE.write_text(data_text(figure_data()), encoding="utf-8")
    (OUT_DIR / SVG_NAME).write_text(draw_results_accuracy(), encoding="utf-8")
    print("wrote", DATA_FILE, "and", OUT_DIR / SVG_NAME)


if __name__ == "__main__":
    main()
