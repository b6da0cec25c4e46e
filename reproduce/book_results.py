"""What the book printed for chapter 12: the reference our own runs are compared with.

Every training table of the chapter, typed in from the book's notebook (fastai/fastbook,
`12_nlp_dive.ipynb`, the outputs as published). Each row is one epoch:
(train_loss, valid_loss, accuracy); the book ran on a GPU and printed 6 decimals.
These are facts about the book, not results of ours: nothing here is computed.
"""

from typing import NamedTuple


class BookRun(NamedTuple):
    epochs: int
    lr: float
    rows: tuple        # one (train_loss, valid_loss, accuracy) per epoch
    epoch_time: str    # the time column the book printed for every epoch

    @property
    def train_loss(self):
        return tuple(r[0] for r in self.rows)

    @property
    def valid_loss(self):
        return tuple(r[1] for r in self.rows)

    @property
    def accuracy(self):
        return tuple(r[2] for r in self.rows)

    @property
    def final_accuracy(self):
        return self.rows[-1][2]


# Not the book's, but the bound our checks hold each model to: ours (seed 42) ends no more than
# this far below the book's final accuracy. LMModel4 comes closest: 2.6 points below on the
# figures' machine, 3.2 on an Intel CPU with PyTorch's and oneDNN's caps lowered below AVX2.
NEAR_THE_BOOK = 0.04

# The baseline: always predict the most common target of data A's validation set.
BOOK_BASELINE = (29, "thousand", 0.15165200855716662)   # (token index, token, accuracy) as printed

BOOK = {
    "LMModel1": BookRun(4, 1e-3, (
        (1.824297, 1.970941, 0.467554),
        (1.386973, 1.823242, 0.467554),
        (1.417556, 1.654497, 0.494414),
        (1.376440, 1.650849, 0.494414),
    ), "00:02"),
    "LMModel2": BookRun(4, 1e-3, (
        (1.816274, 1.964143, 0.460185),
        (1.423805, 1.739964, 0.473259),
        (1.430327, 1.685172, 0.485382),
        (1.388390, 1.657033, 0.470406),
    ), "00:02"),
    "LMModel3": BookRun(10, 3e-3, (
        (1.677074, 1.827367, 0.467548),
        (1.282722, 1.870913, 0.388942),
        (1.090705, 1.651793, 0.462500),
        (1.005092, 1.613794, 0.516587),
        (0.965975, 1.560775, 0.551202),
        (0.916182, 1.595857, 0.560577),
        (0.897657, 1.539733, 0.574279),
        (0.836274, 1.585141, 0.583173),
        (0.805877, 1.629808, 0.586779),
        (0.795096, 1.651267, 0.588942),
    ), "00:02"),
    "LMModel4": BookRun(15, 3e-3, (
        (3.103298, 2.874341, 0.212565),
        (2.231964, 1.971280, 0.462158),
        (1.711358, 1.813547, 0.461182),
        (1.448516, 1.828176, 0.483236),
        (1.288630, 1.659564, 0.520671),
        (1.161470, 1.714023, 0.554932),
        (1.055568, 1.660916, 0.575033),
        (0.960765, 1.719624, 0.591064),
        (0.870153, 1.839560, 0.614665),
        (0.808545, 1.770278, 0.624349),
        (0.758084, 1.842931, 0.610758),
        (0.719320, 1.799527, 0.646566),
        (0.683439, 1.917928, 0.649821),
        (0.660283, 1.874712, 0.628581),
        (0.646154, 1.877519, 0.640055),
    ), "00:01"),
    "LMModel5": BookRun(15, 3e-3, (
        (3.055853, 2.591640, 0.437907),
        (2.162359, 1.787310, 0.471598),
        (1.710663, 1.941807, 0.321777),
        (1.520783, 1.999726, 0.312012),
        (1.330846, 2.012902, 0.413249),
        (1.163297, 1.896192, 0.450684),
        (1.033813, 2.005209, 0.434814),
        (0.919090, 2.047083, 0.456706),
        (0.822939, 2.068031, 0.468831),
        (0.750180, 2.136064, 0.475098),
        (0.695120, 2.139140, 0.485433),
        (0.655752, 2.155081, 0.493652),
        (0.629650, 2.162583, 0.498535),
        (0.613583, 2.171649, 0.491048),
        (0.604309, 2.180355, 0.487874),
    ), "00:01"),
    "LMModel6": BookRun(15, 1e-2, (
        (3.000821, 2.663942, 0.438314),
        (2.139642, 2.184780, 0.240479),
        (1.607275, 1.812682, 0.439779),
        (1.347711, 1.830982, 0.497477),
        (1.123113, 1.937766, 0.594401),
        (0.852042, 2.012127, 0.631592),
        (0.565494, 1.312742, 0.725749),
        (0.347445, 1.297934, 0.711263),
        (0.208191, 1.441269, 0.731201),
        (0.126335, 1.569952, 0.737305),
        (0.079761, 1.427187, 0.754150),
        (0.052990, 1.494990, 0.745117),
        (0.039008, 1.393731, 0.757894),
        (0.031502, 1.373210, 0.758464),
        (0.028068, 1.368083, 0.758464),
    ), "00:02"),
    "LMModel7": BookRun(15, 1e-2, (
        (2.693885, 2.013484, 0.466634),
        (1.685549, 1.187310, 0.629313),
        (0.973307, 0.791398, 0.745605),
        (0.555823, 0.640412, 0.794108),
        (0.351802, 0.557247, 0.836100),
        (0.244986, 0.594977, 0.807292),
        (0.192231, 0.511690, 0.846761),
        (0.162456, 0.520370, 0.858073),
        (0.142664, 0.525918, 0.842285),
        (0.128493, 0.495029, 0.858073),
        (0.117589, 0.464236, 0.867188),
        (0.109808, 0.466550, 0.869303),
        (0.104216, 0.455151, 0.871826),
        (0.100271, 0.452659, 0.873617),
        (0.098121, 0.458372, 0.869385),
    ), "00:02"),
}


def book_seconds(name):
    """Training time the book's GPU run printed for a model (epochs x printed epoch time)."""
    run = BOOK[name]
    minutes, seconds = run.epoch_time.split(":")
    return run.epochs * (60 * int(minutes) + int(seconds))
