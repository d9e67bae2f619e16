"""Pages of a newest-first list that read one row more than they show instead of counting every row."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404


@dataclass(frozen=True)
class Page:
    """One page of a list: its rows, its number (from 1) and whether an older page follows."""

    object_list: list
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        """Whether a newer page comes before this one."""
        return self.number > 1

    @property
    def has_other_pages(self) -> bool:
        """Whether the list runs past this one page."""
        return self.has_previous or self.has_next

    @property
    def previous_page_number(self) -> int:
        """The newer page's number."""
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        """The older page's number."""
        return self.number + 1


def page_of(rows: QuerySet, number: str | None, size: int) -> Page:
    """The page of rows a ?page= value asks for: a value that is no number gives the first, one past the end a 404."""
    # A COUNT over every published article costs as much as the page itself on a
    # large archive, and a reader needs only "is there more", not "of how many".
    try:
        number = max(1, int(number or 1))
    except ValueError:
        number = 1
    start = (number - 1) * size
    found = list(rows[start:start + size + 1])
    if number > 1 and not found:
        raise Http404(f"there is no page {number}")
    return Page(object_list=found[:size], number=number, has_next=len(found) > size)
