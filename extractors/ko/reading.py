"""Kiwi's analysis read into sentences: the background read-ahead over Kiwi's batch analysis and
each line's sentences with their tokens and photo credits (``Sentence``)."""

from __future__ import annotations

import queue
import re
import sys
import threading
from collections.abc import Generator, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from extractors.ko.spans import Tok

__all__ = ["READ_AHEAD", "SWITCH_INTERVAL", "Sentence", "read_ahead", "sentences"]

# a photo credit or caption tail: "/11번가 제공, 뉴시스 |", "/사진공동취재단 |"
_CREDIT_RE = re.compile(r"(?:^|(?<=\s))/[^/\n]{1,40}?(?:\||$)")
_CREDIT_WORDS = ("제공", "사진", "캡처", "출처", "자료", "DB", "뉴시스", "뉴스1", "연합뉴스")


# (text index, sentence start in the text, sentence, its tokens, photo credit spans in it)
Sentence = tuple[int, int, str, list[Tok], list[tuple[int, int]]]


READ_AHEAD = 256  # analysed lines a background thread keeps ready (see read_ahead)
# While a read-ahead thread runs, the interpreter hands the GIL on every 0.5 ms instead of every
# 5 (``sys.setswitchinterval``): Kiwi's workers analyse only the lines that thread pulls for them,
# and it needs the GIL for each line (kiwipiepy reads the input and builds its results in
# Python), so behind a consumer busy in Python it waited up to 5 ms a time while Kiwi idled
# (measured: the Korean extractor's wall time 15-20% lower on two cores, its CPU time the same).
SWITCH_INTERVAL = 0.0005


class _QuickSwitching:
    """The shorter switch interval while any read-ahead thread runs, the previous one after."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._users = 0
        self._saved = 0.0

    @contextmanager
    def on(self) -> Iterator[None]:
        with self._lock:
            if self._users == 0:
                self._saved = sys.getswitchinterval()
                sys.setswitchinterval(min(self._saved, SWITCH_INTERVAL))
            self._users += 1
        try:
            yield
        finally:
            with self._lock:
                self._users -= 1
                if self._users == 0:
                    sys.setswitchinterval(self._saved)


_QUICK_SWITCHING = _QuickSwitching()


def read_ahead(items: Iterator[Any], size: int = READ_AHEAD) -> Generator[Any, None, None]:
    """``items`` in order, pulled by a background thread up to ``size`` ahead of the consumer.

    Kiwi's batch analysis works only a few lines ahead of whoever iterates it, so while this
    thread tags and reads a batch of sentences Kiwi's workers would idle; pulled from a thread
    of its own, Kiwi keeps analysing (its C++ work runs outside the GIL). An exception in Kiwi
    or in the input reaches the consumer; a consumer that stops early stops the thread."""
    box: queue.Queue[tuple[bool, Any]] = queue.Queue(maxsize=size)
    stop = threading.Event()

    def put(entry: tuple[bool, Any]) -> bool:
        while not stop.is_set():
            try:
                box.put(entry, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def feed() -> None:
        try:
            for item in items:
                if not put((False, item)):
                    return
        except BaseException as exc:  # handed to the consumer, raised there
            put((True, exc))
            return
        put((True, None))

    with _QUICK_SWITCHING.on():
        thread = threading.Thread(target=feed, name="kiwi-read-ahead", daemon=True)
        thread.start()
        try:
            while True:
                done, value = box.get()
                if done:
                    if value is not None:
                        raise value
                    return
                yield value
        finally:
            stop.set()


def sentences(
    unknown: frozenset[int], t_idx: int, line_start: int, line: str, sents: Iterable[Any]
) -> Iterator[Sentence]:
    """Kiwi's sentences of one line, with tokens and photo credits relative to each; ``unknown``:
    the ids of the placeholder morphemes Kiwi gives words its dictionary lacks."""
    credits = [
        (m.start(), m.end())
        for m in _CREDIT_RE.finditer(line)
        if m.group().rstrip().endswith("|") or any(w in m.group() for w in _CREDIT_WORDS)
    ]
    for sent in sents:
        s0, s1 = sent.start, sent.end
        tokens = []
        for t in sent.tokens or ():
            start, length = t.start, t.len  # each attribute read builds a Python object
            if start >= s0 and start + length <= s1:
                tag = t.tag
                tokens.append(Tok(t.form, tag, start - s0, length, tag == "NNG" and t.id in unknown))
        if tokens:
            sent_credits = [(s - s0, e - s0) for s, e in credits if s < s1 and e > s0]
            yield (t_idx, line_start + s0, line[s0:s1], tokens, sent_credits)
