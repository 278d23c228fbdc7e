"""Test artefacts a person looks at (screenshots, first pages of PDFs), kept in test-artifacts/ whatever
the outcome; never a check in themselves."""

import shutil
import subprocess
from pathlib import Path

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"


def first_page_png(pdf_path, name: str):
    """pdftoppm's rendering of the first page, as test-artifacts/<name>.png (None without pdftoppm)."""
    if shutil.which("pdftoppm") is None:
        return None
    ARTIFACTS.mkdir(exist_ok=True)
    prefix = ARTIFACTS / name
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(pdf_path), str(prefix)],
        check=True,
        timeout=60,
    )
    return prefix.with_suffix(".png")
