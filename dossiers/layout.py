"""Lay out one section of a dossier with WeasyPrint, in a process of its own.

    python -m dossiers.layout SECTION.html OUT.pdf [--variant pdf/a-3b]

Prints one JSON line: {"pages": n, "bookmarks": [[level, label, page_index], ...]}. The section's
HTML is complete (CSS inline, no network, no Django), so this process needs nothing but WeasyPrint.
Sections run as separate processes because WeasyPrint uses one core per layout, Celery's pool
processes may not fork pools of their own, and the memory of a large layout is returned at exit.
"""

import json
import sys


def flatten(tree, level=1):
    for label, (page, _x, _y), children, _state in tree:
        yield [level, label, page]
        yield from flatten(children, level + 1)


def layout(html_path: str, pdf_path: str, variant: str | None = None) -> dict:
    from weasyprint import HTML

    document = HTML(filename=html_path, encoding="utf-8").render()
    options = {"pdf_variant": variant} if variant else {}
    document.write_pdf(pdf_path, **options)
    return {"pages": len(document.pages), "bookmarks": list(flatten(document.make_bookmark_tree()))}


def main(argv: list[str]) -> int:
    variant = None
    if "--variant" in argv:
        index = argv.index("--variant")
        variant = argv[index + 1]
        argv = argv[:index] + argv[index + 2 :]
    html_path, pdf_path = argv
    print(json.dumps(layout(html_path, pdf_path, variant)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
