"""Lay out one section of a dossier with WeasyPrint, in a process of its own.

    python -m dossiers.layout SECTION.html OUT.pdf [--variant pdf/a-3b] [--allow PATH ...]

Prints one JSON line: {"pages": n, "bookmarks": [[level, label, page_index], ...], "fetched": [[url,
sha256 or null], ...]} (every URL the layout asked for, and the SHA-256 of what it got: the layout cache,
dossiers/cache.py, checks them before it reuses the section). The section's
HTML is complete (CSS inline, no network, no Django), so this process needs nothing but WeasyPrint.
Sections run as separate processes because WeasyPrint uses one core per layout, Celery's pool
processes may not fork pools of their own, and the memory of a large layout is returned at exit.

The only URLs WeasyPrint may read are files under the `--allow` paths (the app's static files, and
stored files the caller hands over); http(s), data: and every other file are refused, so no text that
reached the HTML or its CSS can make the worker fetch from the network or read the server's files.
"""

import hashlib
import json
import mimetypes
import sys
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname


def flatten(tree, level=1):
    for label, (page, _x, _y), children, _state in tree:
        yield [level, label, page]
        yield from flatten(children, level + 1)


def allowed_file(url: str, roots: Sequence[Path]) -> Path | None:
    """The local file `url` names, if it is one of `roots` or lies under one (links resolved)."""
    parts = urlsplit(url)
    if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
        return None
    path = Path(url2pathname(parts.path)).resolve()
    if not path.is_file():
        return None
    return path if any(path == root or path.is_relative_to(root) for root in roots) else None


def fetched_digest(url: str, roots: Sequence[Path]) -> str | None:
    """The SHA-256 of what the fetcher serves for `url` now, or None if it refuses it."""
    path = allowed_file(url, roots)
    return None if path is None else hashlib.sha256(path.read_bytes()).hexdigest()


def url_fetcher(allowed: Sequence[str], fetched: dict | None = None):
    """A WeasyPrint fetcher (since WeasyPrint 66: a `URLFetcher` whose `fetch` answers a
    `URLFetcherResponse`) serving the files under `allowed` and refusing every other URL. A refusal is
    an ordinary exception: WeasyPrint leaves the resource out, logs a warning and goes on. Each URL
    asked for goes into `fetched`, with the SHA-256 of the bytes served (None: refused)."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    roots = [Path(p).resolve() for p in allowed]
    seen = {} if fetched is None else fetched

    class OwnFilesOnly(URLFetcher):
        def fetch(self, url, headers=None):
            path = allowed_file(url, roots)
            if path is None:
                seen[url] = None
                raise ValueError(f"not one of the dossier's own files: {url[:200]}")
            data = path.read_bytes()
            seen[url] = hashlib.sha256(data).hexdigest()
            mime_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(path.as_uri(), data, {"Content-Type": mime_type})

    return OwnFilesOnly()


def layout(html_path: str, pdf_path: str, variant: str | None = None, allowed: Sequence[str] = ()) -> dict:
    from weasyprint import HTML

    fetched: dict[str, str | None] = {}
    document = HTML(filename=html_path, encoding="utf-8", url_fetcher=url_fetcher(allowed, fetched)).render()
    options = {"pdf_variant": variant} if variant else {}
    document.write_pdf(pdf_path, **options)
    return {
        "pages": len(document.pages),
        "bookmarks": list(flatten(document.make_bookmark_tree())),
        "fetched": sorted([url, digest] for url, digest in fetched.items()),
    }


def _options(argv: list[str]) -> tuple[list[str], dict[str, list[str]]]:
    """Positional arguments, and the values of each repeated --name VALUE option."""
    positional, options = [], {}
    words = iter(argv)
    for word in words:
        if word.startswith("--"):
            options.setdefault(word[2:], []).append(next(words))
        else:
            positional.append(word)
    return positional, options


def main(argv: list[str]) -> int:
    (html_path, pdf_path), options = _options(argv)
    variant = (options.get("variant") or [None])[-1]
    print(json.dumps(layout(html_path, pdf_path, variant, options.get("allow", []))))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
