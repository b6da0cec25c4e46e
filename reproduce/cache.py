"""The one result cache: each result is computed once per process, and kept on disk across runs.

A result is named by a relative file name that already holds everything it depends on (callers
put a hash of their sources, data, library versions and CPU path in it: see
reproduce/training.py's `cache_key`), so a stale entry is never read: a changed input names
another file. `CH12_NO_CACHE=1` turns the disk part off; `CH12_CACHE_DIR` moves it.
"""

import contextlib
import json
import os
import random
import sys

from reproduce.paths import CACHE_DIR

_MEMO: dict = {}   # file name -> result, for this process


def enabled() -> bool:
    return os.environ.get("CH12_NO_CACHE", "") in ("", "0")


def read(name, decode):
    """decode() of the JSON kept under `name`, or None: the cache is off, or the file is missing,
    unreadable or from an older format."""
    if not enabled():
        return None
    try:
        return decode(json.loads((CACHE_DIR / name).read_text()))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write(name, data) -> None:
    """Keep `data` (JSON-able) under `name`, unless the cache is off."""
    if not enabled():
        return
    path = CACHE_DIR / name
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(data))
        os.replace(tmp, path)            # atomic: parallel sessions never read half a file
    except OSError:
        pass                             # a read-only checkout still works, just slower


def lookup(name, decode):
    """The result under `name` if this process or the disk already has it, else None."""
    if name not in _MEMO:
        found = read(name, decode)
        if found is not None:
            _MEMO[name] = found
    return _MEMO.get(name)


def store(name, result, encode):
    _MEMO[name] = result
    write(name, encode(result))
    return result


def remembered(name, compute, encode, decode):
    """The result under `name`: from this process, else from disk, else `compute()` (and kept).

    Either way the caller's random generators are left as they were: a fit seeds and draws from
    them, a cache hit would not, and the code after the call must see the same numbers whether
    the cache was warm or cold (a page's next fence continues from this state)."""
    found = lookup(name, decode)
    if found is not None:
        return found
    with generators_kept():
        result = compute()
    return store(name, result, encode)


@contextlib.contextmanager
def generators_kept():
    """Python's, NumPy's (when loaded) and torch's (CPU, when loaded) global generators are
    restored to their state at entry."""
    np, torch = sys.modules.get("numpy"), sys.modules.get("torch")
    states = (random.getstate(), np and np.random.get_state(), torch and torch.get_rng_state())
    try:
        yield
    finally:
        random.setstate(states[0])
        if np is not None:
            np.random.set_state(states[1])
        if torch is not None:
            torch.set_rng_state(states[2])
