"""The Korean extractor pulls Kiwi's results from a background thread (``read_ahead``): order
is kept, an error in the source reaches the consumer, and a consumer that stops early stops
the thread."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator

import pytest

from extractors.ko.extractor import KoreanExtractor
from extractors.ko.reading import read_ahead


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


def _wait_until(check: Callable[[], bool], seconds: float = 5) -> bool:
    deadline = time.monotonic() + seconds
    while not check() and time.monotonic() < deadline:
        time.sleep(0.02)
    return check()


def test_the_thread_pulls_before_the_first_item_is_asked_for() -> None:
    # what lets Kiwi analyse Korean paragraphs while the caller parses English ones
    pulled: list[int] = []

    def source() -> Iterator[int]:
        for n in range(5):
            pulled.append(n)
            yield n

    reader = read_ahead(source(), size=8)
    assert _wait_until(lambda: len(pulled) == 5)
    assert list(reader) == [0, 1, 2, 3, 4]


def test_a_reader_dropped_unread_stops_its_thread() -> None:
    def endless() -> Iterator[int]:
        n = 0
        while True:
            yield n
            n += 1

    before = threading.active_count()
    reader = read_ahead(endless(), size=3)
    assert threading.active_count() == before + 1
    del reader  # an extraction abandoned before its Korean results were taken
    assert _wait_until(lambda: threading.active_count() == before)


def test_extract_many_started_and_taken_later_gives_each_text_its_own_result(korean: KoreanExtractor) -> None:
    texts = ["삼성전자는 서울에 본사를 두고 있다.", "", "SK텔레콤은 아마존과 손잡았다.\n박정호 사장이 밝혔다."]
    results = korean.extract_many(texts)  # Kiwi starts here; the results are taken below
    time.sleep(0.2)
    taken = [r.model_dump() for r in results]
    assert [len(r["mentions"]) > 0 for r in taken] == [True, False, True]
    assert list(results) == []  # an iterator, taken once
    assert taken == [korean.extract(t).model_dump() for t in texts]
