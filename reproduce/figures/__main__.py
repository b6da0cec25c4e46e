"""python -m reproduce.figures [name.svg ...]: redraw the site's figures into docs/assets/figures/."""

import sys


def main(argv=None):
    from reproduce import cpu_paths

    cpu_paths.pin()                          # before numpy and torch load (the figures import them)
    import matplotlib

    matplotlib.use("Agg")
    from reproduce.figures import write_all

    for path in write_all(sys.argv[1:] if argv is None else argv):
        print("wrote", path)


if __name__ == "__main__":
    main()
