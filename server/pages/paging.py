"""Pagination of the site's lists (search results, browse lists): a page number from the request, the slice it
shows and the numbers of the pages around it."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Paging:
    """Page ``number`` (1-based) of ``pages``, showing ``items`` (``start``: the 1-based position of the first)
    out of ``total``."""

    items: list
    number: int
    pages: int
    total: int
    start: int


def page_number(given: str | None) -> int:
    """The page asked for in ``given`` (a request argument): a positive integer, 1 when absent or not a number."""
    try:
        return max(int(given or 1), 1)
    except ValueError:
        return 1


def paginate(items: list, number: int, size: int) -> Paging:
    """Page ``number`` of ``items`` with ``size`` items a page (a page past the end shows the last one)."""
    pages = max((len(items) + size - 1) // size, 1)
    number = min(number, pages)
    start = (number - 1) * size
    return Paging(items[start : start + size], number, pages, len(items), start + 1)
