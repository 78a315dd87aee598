"""Kiwi's analysis read into sentences: the background read-ahead over Kiwi's batch analysis and
each line's sentences with their tokens and photo credits (``Sentence``)."""

from __future__ import annotations

import queue
import re
import threading
from collections.abc import Iterable, Iterator
from typing import Any

from extractors.ko.spans import Tok

__all__ = ["READ_AHEAD", "ReadAhead", "Sentence", "read_ahead", "sentences"]

# a photo credit or caption tail: "/11번가 제공, 뉴시스 |", "/사진공동취재단 |"
_CREDIT_RE = re.compile(r"(?:^|(?<=\s))/[^/\n]{1,40}?(?:\||$)")
_CREDIT_WORDS = ("제공", "사진", "캡처", "출처", "자료", "DB", "뉴시스", "뉴스1", "연합뉴스")


# (text index, sentence start in the text, sentence, its tokens, photo credit spans in it)
Sentence = tuple[int, int, str, list[Tok], list[tuple[int, int]]]


READ_AHEAD = 256  # analysed lines a background thread keeps ready (see read_ahead)


class ReadAhead(Iterator[Any]):
    """``items`` in order, pulled by a background thread up to ``size`` ahead of the consumer;
    the thread starts at once, so work behind ``items`` (Kiwi's analysis) runs before the first
    item is asked for.

    Kiwi's batch analysis works only a few lines ahead of whoever iterates it, so while the
    consumer tags and reads a batch of sentences, or runs another language's model, Kiwi's
    workers would idle; pulled from a thread of its own, Kiwi keeps analysing (its C++ work runs
    outside the GIL). An exception in Kiwi or in the input reaches the consumer. ``close()``
    stops the thread, and so does dropping the reader: a consumer that stops early, or never
    starts, leaves no thread behind."""

    def __init__(self, items: Iterator[Any], size: int = READ_AHEAD) -> None:
        box: queue.Queue[tuple[bool, Any]] = queue.Queue(maxsize=size)
        stop = threading.Event()
        self._box, self._stop, self._finished = box, stop, False

        # the thread holds the queue and the event, never the reader: dropping it closes it
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

        threading.Thread(target=feed, name="kiwi-read-ahead", daemon=True).start()

    def __iter__(self) -> ReadAhead:
        return self

    def __next__(self) -> Any:
        if self._finished:
            raise StopIteration
        done, value = self._box.get()
        if done:
            self.close()
            if value is not None:
                raise value
            raise StopIteration
        return value

    def close(self) -> None:
        """Stop the background thread (it ends within 0.1 s); later ``next`` calls stop."""
        self._finished = True
        self._stop.set()

    def __del__(self) -> None:
        self._stop.set()


def read_ahead(items: Iterator[Any], size: int = READ_AHEAD) -> ReadAhead:
    """A :class:`ReadAhead` over ``items``: its thread starts pulling them now."""
    return ReadAhead(items, size)


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
