"""The Korean extractor pulls Kiwi's results from a background thread (``read_ahead``): order
is kept, an error in the source reaches the consumer, and a consumer that stops early stops
the thread."""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Iterator

import pytest

from extractors.ko.reading import SWITCH_INTERVAL, read_ahead


def test_items_arrive_in_order() -> None:
    assert list(read_ahead(iter(range(1000)), size=7)) == list(range(1000))


def test_an_error_in_the_source_reaches_the_consumer_after_the_items_before_it() -> None:
    def source() -> Iterator[int]:
        yield 1
        yield 2
        raise UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte")

    got: list[int] = []
    with pytest.raises(UnicodeDecodeError):
        for item in read_ahead(source(), size=4):
            got.append(item)
    assert got == [1, 2]


def test_a_consumer_that_stops_early_stops_the_thread() -> None:
    pulled: list[int] = []

    def endless() -> Iterator[int]:
        n = 0
        while True:
            pulled.append(n)
            yield n
            n += 1

    before = threading.active_count()
    reader = read_ahead(endless(), size=3)
    assert next(reader) == 0
    reader.close()  # what a for loop's break or a dropped generator does
    deadline = time.monotonic() + 5
    while threading.active_count() > before and time.monotonic() < deadline:
        time.sleep(0.05)
    assert threading.active_count() == before
    assert len(pulled) < 10  # it never ran far ahead


def test_the_switch_interval_is_short_while_a_thread_reads_ahead_and_restored_after() -> None:
    before = sys.getswitchinterval()
    outer = read_ahead(iter(range(3)), size=2)
    assert next(outer) == 0
    assert sys.getswitchinterval() == min(before, SWITCH_INTERVAL)
    assert list(read_ahead(iter(range(3)), size=2)) == [0, 1, 2]  # a second one at the same time
    assert sys.getswitchinterval() == min(before, SWITCH_INTERVAL)
    assert list(outer) == [1, 2]
    assert sys.getswitchinterval() == before
