"""Paging for the pages' lists: one page number parameter, one pager under the list.

A page number past the end is not an error (a saved link outlives the list): the page says
the list has no such page and links to the first. Lists fetch one row more than they show,
so "next" is offered only when there is more; where the total is cheap, the pager says
"31–60 of 1,069" and every page can be reached.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated
from urllib.parse import urlencode

from fastapi import Query

PAGE_SIZE = 30
# Far past any real list; bounds the offset a URL can ask of the database.
LAST_PAGE = 1_000_000

PageNumber = Annotated[int, Query(ge=1, le=LAST_PAGE, description="1 is the first page")]


@dataclass(frozen=True)
class Pager:
    page: int
    shown: int  # rows on this page
    has_more: bool
    query: tuple[tuple[str, str], ...]  # the list's filters, kept in every link
    total: int | None = None
    size: int = PAGE_SIZE  # rows a page shows

    @property
    def offset(self) -> int:
        return offset_of(self.page, self.size)

    @property
    def first(self) -> int:
        return self.offset + 1

    @property
    def last(self) -> int:
        return self.offset + self.shown

    @property
    def past_the_end(self) -> bool:
        return self.page > 1 and self.shown == 0

    def link(self, page: int) -> str:
        return "?" + urlencode([*(kv for kv in self.query if kv[1]), ("page", str(page))])

    @property
    def pages(self) -> int | None:
        return None if self.total is None else max(1, -(-self.total // self.size))


def offset_of(page: int, size: int = PAGE_SIZE) -> int:
    return (page - 1) * size


def pager(
    page: int,
    rows: list[object],
    query: dict[str, str],
    total: int | None = None,
    size: int = PAGE_SIZE,
) -> Pager:
    """The pager of a list fetched with ``limit=size + 1``."""
    shown = min(len(rows), size)
    return Pager(page, shown, len(rows) > size, tuple(query.items()), total, size)
