"""The offline HUMAN_NUMBERS is the book's data set: every fact the chapter prints about it holds."""

from collections import Counter

import pytest

from snippets import human_numbers as hn
from snippets.data import split, three_token_seqs


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return hn.load_corpus(tmp_path_factory.mktemp("human_numbers"))


def test_files_have_the_original_format(tmp_path):
    folder = hn.write_human_numbers(tmp_path)
    train = (folder / "train.txt").read_bytes()
    valid = (folder / "valid.txt").read_bytes()
    assert train.startswith(b"one \ntwo \nthree \n"), train[:20]
    assert train.endswith(b"seven thousand nine hundred ninety nine \n"), train[-50:]
    assert valid.startswith(b"eight thousand one \neight thousand two \n"), valid[:40]
    assert valid.endswith(b"nine thousand nine hundred ninety nine \n"), valid[-50:]
    assert train.count(b"\n") == 7999 and valid.count(b"\n") == 1999


@pytest.mark.parametrize("n, words", [
    (1, "one"), (13, "thirteen"), (20, "twenty"), (21, "twenty one"), (100, "one hundred"),
    (101, "one hundred one"), (999, "nine hundred ninety nine"), (1000, "one thousand"),
    (8084, "eight thousand eighty four"), (9999, "nine thousand nine hundred ninety nine"),
])
def test_number_to_words(n, words):
    assert hn.number_to_words(n) == words


@pytest.mark.parametrize("bad", [0, 10000, -5])
def test_number_out_of_range_is_a_clear_error(bad):
    with pytest.raises(ValueError, match="1..9999"):
        hn.number_to_words(bad)


def test_the_books_printed_facts(corpus):
    lines, text, tokens, vocab, nums = corpus
    assert len(lines) == 9998, len(lines)
    assert lines[:3] == ["one \n", "two \n", "three \n"], lines[:3]
    assert text[:100] == ("one . two . three . four . five . six . seven . eight . nine . ten . "
                          "eleven . twelve . thirteen . fo"), text[:100]
    assert tokens[:10] == ["one", ".", "two", ".", "three", ".", "four", ".", "five", "."]
    assert len(tokens) == 63095, len(tokens)
    assert vocab == ["one", ".", "two", "three", "four", "five", "six", "seven", "eight", "nine",
                     "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
                     "seventeen", "eighteen", "nineteen", "twenty", "thirty", "forty", "fifty",
                     "sixty", "seventy", "eighty", "ninety", "hundred", "thousand"], vocab
    assert nums[:10] == [0, 1, 2, 1, 3, 1, 4, 1, 5, 1], nums[:10]


def test_three_token_sequences_and_baseline(corpus):
    *_, vocab, nums = corpus
    seqs = three_token_seqs(nums)
    assert len(seqs) == 21031, len(seqs)
    assert [s.tolist() for s, _ in seqs[:2]] == [[0, 1, 2], [1, 3, 1]]
    _, valid = split(seqs)
    counts = Counter(int(y) for _, y in valid)
    idx, n = counts.most_common(1)[0]
    assert (idx, vocab[idx], n / len(valid)) == (29, "thousand", 0.15165200855716662), (idx, n)


def test_original_files_are_preferred(tmp_path, monkeypatch):
    """A reader who has fastai's download gets those files, not the generated copy."""
    original = tmp_path / "fastai_cache"
    original.mkdir()
    (original / "train.txt").write_text("one \n")
    (original / "valid.txt").write_text("two \n")
    monkeypatch.setattr(hn, "FASTAI_CACHE", original)
    assert hn.human_numbers_path() == original
    assert hn.read_lines(original) == ["one \n", "two \n"]


def test_generated_copy_is_rewritten_when_damaged(tmp_path, monkeypatch):
    monkeypatch.setattr(hn, "FASTAI_CACHE", tmp_path / "absent")
    monkeypatch.setattr(hn, "DEFAULT_DIR", tmp_path / "generated")
    folder = hn.human_numbers_path()
    (folder / "train.txt").write_text("damaged \n")
    assert hn.human_numbers_path() == folder
    assert (folder / "train.txt").read_text() == hn.file_text(hn.TRAIN_NUMBERS)
