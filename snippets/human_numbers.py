"""HUMAN_NUMBERS, rebuilt offline, and the chapter's first steps from files to token
ids.

fastai downloads the data set with `untar_data(URLs.HUMAN_NUMBERS)`. This machine (and
CI) has no internet, so `human_numbers_path()` writes `train.txt` and `valid.txt` byte
for byte as the original archive holds them: one number per line in English words, a
space before the newline, 1..7999 in train and 8001..9999 in valid (8000 is missing
from the original files). If a reader already has the real files (fastai's cache), they
are used instead.

Included by: notebooks/walkthrough.md; imported by: notebooks/walkthrough.md,
questions/q01.md, questions/q02.md, questions/q13.md
"""

from pathlib import Path

ONES = [
    "", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
    "eighteen", "nineteen",
]
TENS = [
    "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"
]

TRAIN_NUMBERS = range(1, 8000)      # 1..7999
VALID_NUMBERS = range(8001, 10000)  # 8001..9999: the original files skip 8000

FASTAI_CACHE = Path("~/.fastai/data/human_numbers").expanduser()
DEFAULT_DIR = Path(__file__).resolve().parent.parent / "data" / "human_numbers"


def number_to_words(n: int) -> str:
    """1 -> 'one', 8084 -> 'eight thousand eighty four' (no 'and', no hyphens, as in the
    data)."""
    if not 0 < n < 10000:
        raise ValueError(f"HUMAN_NUMBERS only holds 1..9999, got {n}")
    words = []
    thousands, rest = divmod(n, 1000)
    hundreds, rest = divmod(rest, 100)
    if thousands:
        words += [ONES[thousands], "thousand"]
    if hundreds:
        words += [ONES[hundreds], "hundred"]
    if rest >= 20:
        tens, ones = divmod(rest, 10)
        words.append(TENS[tens])
        if ones:
            words.append(ONES[ones])
    elif rest:
        words.append(ONES[rest])
    return " ".join(words)


def file_text(numbers) -> str:
    """The exact bytes of one file: each line is the words, a space, then a newline."""
    return "".join(f"{number_to_words(n)} \n" for n in numbers)


def write_human_numbers(folder: Path) -> Path:
    """Write train.txt and valid.txt into `folder` (created if needed) and return it."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "train.txt").write_text(file_text(TRAIN_NUMBERS), encoding="utf-8")
    (folder / "valid.txt").write_text(file_text(VALID_NUMBERS), encoding="utf-8")
    return folder


def _has_files(folder: Path) -> bool:
    return (folder / "train.txt").is_file() and (folder / "valid.txt").is_file()


def human_numbers_path(folder: Path | None = None) -> Path:
    """The folder holding train.txt and valid.txt, the stand-in for
    `untar_data(URLs.HUMAN_NUMBERS)`.

    Order of preference: an explicit `folder` (generated there if empty), fastai's own
    download cache (the original files, for readers who have them), then a generated
    copy under data/.
    """
    if folder is not None:
        folder = Path(folder)
        return folder if _has_files(folder) else write_human_numbers(folder)
    if _has_files(FASTAI_CACHE):
        return FASTAI_CACHE
    if _has_files(DEFAULT_DIR) and all(
        (DEFAULT_DIR / name).read_text(encoding="utf-8") == file_text(numbers)
        for name, numbers in (
            ("train.txt", TRAIN_NUMBERS), ("valid.txt", VALID_NUMBERS)
        )
    ):
        return DEFAULT_DIR
    return write_human_numbers(DEFAULT_DIR)


# --8<-- [start:load]
def read_lines(path: Path) -> list[str]:
    """All lines of train.txt then valid.txt, newlines kept (9,998 of them)."""
    lines = []
    for name in ("train.txt", "valid.txt"):
        with open(Path(path) / name, encoding="utf-8") as f:
            lines += list(f)
    return lines


def join_lines(lines: list[str]) -> str:
    """One stream of text: the numbers joined by ' . ', so the model sees where each
    ends."""
    return " . ".join(line.strip() for line in lines)


def make_vocab(tokens: list[str]) -> list[str]:
    """Unique tokens in order of first appearance (what fastai's `L.unique()` gives)."""
    return list(dict.fromkeys(tokens))
# --8<-- [end:load]


def load_corpus(path: Path | None = None):
    """(lines, text, tokens, vocab, nums): every object the chapter builds before its
    first model."""
    lines = read_lines(human_numbers_path(path))
    text = join_lines(lines)
    tokens = text.split(" ")
    vocab = make_vocab(tokens)
    word2idx = {w: i for i, w in enumerate(vocab)}
    nums = [word2idx[t] for t in tokens]
    return lines, text, tokens, vocab, nums
