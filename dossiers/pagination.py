"""How a dossier gets its page numbers: the one place that counts pages, for every kind of dossier.

A dossier is a row of pieces put one after another: laid-out sections (the letter's opening and contents,
then the brief, the exhibit list or the report), or, in the evidence bundle, one piece per exhibit (its
cover and its files). A piece knows only its own pages: how many, and its bookmarks as (level, title,
page within the piece). `place` gives each piece its first page in the document (counted from 0), and
everything else follows from it: the PDF's bookmarks (`bookmarks`), the table of contents (`contents`,
printed numbers counted from 1 after the front matter), and the stamps written on each page once the
total is known: "Halaman n dari N" on every page (`numbered`), plus, in the bundle, "Bukti T-n - halaman
i dari k", the page within its exhibit (`ExhibitStamps`). The front matter holds the contents it numbers,
so its own length is first guessed (`guess_front_pages`), then checked once it is laid out.

Nothing a piece shows depends on where it lands: its page numbers, exhibit labels and DRAFT marks are
stamps, and its bookmarks are moved here. So a section laid out once can be reused in the next render of
the dossier (dossiers/cache.py) while its own content is unchanged; only the front matter, which prints
the contents' page numbers, is laid out again when an edit moves pages.
"""

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from math import ceil
from typing import Protocol

from dossiers.pdf import Bookmark, Stamp

# Headings deeper than this are bookmarks in the PDF but not lines in the table of contents.
CONTENTS_DEPTH = 3
# The letter's opening (letterhead, Perihal, the parties and counsel) takes about two pages.
OPENING_PAGES = 2
CONTENTS_LINES_PER_PAGE = 38


class Piece(Protocol):
    """Pages laid out together: a section (dossiers.pdf.LaidOut) or an exhibit of the bundle."""

    pages: int
    bookmarks: Sequence  # (level, title, page within the piece)


@dataclass
class ExhibitPages:
    """One exhibit of the bundle as a piece: its cover page, then its files' pages."""

    label: str
    pages: int
    bookmarks: list = field(default_factory=list)


def place(pieces: Sequence[Piece], *, start: int = 0) -> list[int]:
    """The first page of each piece (0-based) when they follow each other from page `start`."""
    firsts = []
    for piece in pieces:
        firsts.append(start)
        start += piece.pages
    return firsts


def bookmarks(pieces: Sequence[Piece], *, start: int = 0) -> list[Bookmark]:
    """Every piece's bookmarks, moved to their pages in the whole document."""
    return [
        Bookmark(level, title, first + page)
        for piece, first in zip(pieces, place(pieces, start=start), strict=True)
        for level, title, page in piece.bookmarks
    ]


def contents(pieces: Sequence[Piece], *, front_pages: int) -> list[dict]:
    """The lines of the table of contents, with the page numbers a reader sees: the pieces follow the
    `front_pages` of the opening and the contents themselves."""
    return [
        {"level": mark.level, "title": mark.title, "page": mark.page + 1}
        for mark in bookmarks(pieces, start=front_pages)
        if mark.level <= CONTENTS_DEPTH
    ]


def guess_front_pages(pieces: Sequence[Piece]) -> int:
    """The opening and the contents' likely length, before they are laid out."""
    lines = sum(1 for piece in pieces for level, _title, _page in piece.bookmarks if level <= CONTENTS_DEPTH)
    return OPENING_PAGES + ceil(lines / CONTENTS_LINES_PER_PAGE)


def page_of_total(index: int, total: int) -> str:
    return f"Halaman {index + 1} dari {total}"


def numbered(index: int, total: int) -> list[Stamp]:
    """The stamp of each page of a brief, an exhibit list, a report or a manifest."""
    return [Stamp(page_of_total(index, total))]


class ExhibitStamps:
    """The stamps of each page of the evidence bundle: its exhibit's label and its page within the
    exhibit along the right edge, its page of the whole below, and DRAFT above on a draft."""

    def __init__(self, exhibits: Sequence[ExhibitPages], *, draft: bool):
        self.exhibits, self.draft = exhibits, draft
        self.firsts = place(exhibits)

    def within_exhibit(self, index: int) -> tuple[str, int, int] | None:
        """(label, page within the exhibit counted from 1, the exhibit's pages) of page `index`."""
        position = bisect_right(self.firsts, index) - 1
        if position < 0:
            return None
        exhibit, first = self.exhibits[position], self.firsts[position]
        if index - first >= exhibit.pages:
            return None
        return exhibit.label, index - first + 1, exhibit.pages

    def __call__(self, index: int, total: int) -> list[Stamp]:
        marks = []
        within = self.within_exhibit(index)
        if within is not None:
            label, page, pages = within
            marks.append(Stamp(f"Bukti {label} - halaman {page} dari {pages}", where="right", size=9))
        marks.append(Stamp(page_of_total(index, total), size=7, gray=0.3))
        if self.draft:
            marks.append(Stamp("DRAFT", where="top", size=14, gray=0.55))
        return marks
