"""Laying out a dossier reaches nothing outside the app: text typed by people (a region's name, a case's
register number, problem and exhibit descriptions) cannot make WeasyPrint fetch a URL, neither through
the page header (placed in CSS) nor through the HTML, and the layout process refuses every URL except
the app's static files and the files it was handed. A real socket listens on 127.0.0.1 and must not
be reached while the dossier renders; the PDF still shows its page header."""

import io
import socket
import threading

import pytest
from pypdf import PdfReader

from cases.models import Case, Exhibit
from dossiers import layout
from dossiers.choices import JobStatus
from inventory.models import Problem
from regions.models import Region
from tests.inventory.factories import ProblemFactory, jpeg_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def listener():
    """(port, what arrived): every connection to the port is recorded, with its first bytes."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    server.settimeout(0.2)
    arrived: list[bytes] = []
    stop = threading.Event()

    def serve():
        while not stop.is_set():
            try:
                connection, _address = server.accept()
            except TimeoutError:
                continue
            with connection:
                connection.settimeout(2)
                try:
                    arrived.append(connection.recv(4096) or b"(connected)")
                except OSError:
                    arrived.append(b"(connected)")

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield server.getsockname()[1], arrived
    stop.set()
    thread.join(5)
    server.close()


def css_attack(port: int) -> str:
    """Leaves the header's CSS string (a newline ends it), then fetches from the listener twice: as the
    margin box's background, and as a page background after closing the blocks around it."""
    return (
        f"Solok\n;background:url(http://127.0.0.1:{port}/a)}}}} @page {{ background: url(http://127.0.0.1:{port}/x) }}"
        f' x {{ "\'\\</style><img src="http://127.0.0.1:{port}/s">'
    )


def short_css_attack(port: int) -> str:
    """The same in the 80 characters of a register number."""
    return f"1/PHPU\n;content:counter(page);background:url(http://127.0.0.1:{port}/a)}} x{{"


def html_attack(port: int) -> str:
    return (
        f'<img src="http://127.0.0.1:{port}/y"><a href="file:///etc/passwd">passwd</a>'
        f'<link rel="stylesheet" href="http://127.0.0.1:{port}/z"><img src="file:///etc/passwd">'
    )


def page_texts(job) -> list[str]:
    """The text of each page without any whitespace: a long header wraps where the layout chooses."""
    assert job.status == JobStatus.DONE, job.error
    with job.output.open("rb") as fileobj:
        reader = PdfReader(io.BytesIO(fileobj.read()))
    return ["".join((page.extract_text() or "").split()) for page in reader.pages]


def squeezed(text: str) -> str:
    return "".join(text.split())


def test_an_inventory_report_for_a_hostile_region_name_fetches_nothing(legal, request_job, render, storage, listener):
    port, arrived = listener
    Region.objects.filter(code="13.02").update(name=css_attack(port))
    ProblemFactory(region_id="13.02.03.2002.001", title=html_attack(port), description=html_attack(port))
    assert Problem.objects.count() == 1

    job = render(request_job(legal, "inventory", region=Region.objects.get(code="13.02")))
    texts = page_texts(job)
    assert arrived == []
    # The header is on every page, the hostile name in it as plain text.
    header = squeezed(f"Daftar Inventarisasi Masalah · {css_attack(port).title()}")
    assert all(header in text for text in texts), texts
    assert squeezed(html_attack(port)) in texts[0]  # the problem's title, shown as typed


def test_an_exhibit_list_for_a_hostile_register_number_fetches_nothing(
    dossier_case, legal, request_job, render, listener
):
    port, arrived = listener
    Case.objects.filter(pk=dossier_case.pk).update(register_number=short_css_attack(port))
    Exhibit.objects.filter(case=dossier_case).update(description=html_attack(port))

    job = render(request_job(legal, "exhibit_list", case=dossier_case))
    texts = page_texts(job)
    assert arrived == []
    header = squeezed(f"Daftar Alat Bukti Termohon · Perkara Nomor {short_css_attack(port)}")
    assert all(header in text for text in texts), texts
    assert squeezed(html_attack(port)) in "".join(texts)  # the descriptions, shown as typed


def image_sizes(pdf_path) -> list[tuple[int, int]]:
    """(width, height) of each image drawn on the first page."""
    page = PdfReader(pdf_path).pages[0]
    xobjects = page["/Resources"].get("/XObject", {}).values()
    return [(x["/Width"], x["/Height"]) for x in (o.get_object() for o in xobjects) if x["/Subtype"] == "/Image"]


def test_the_layout_process_serves_only_the_files_it_was_handed(tmp_path, listener):
    """The fetcher itself, as if a template let markup through: http, data: and files outside the
    handed folder (by a relative URL, an absolute one or a link) are refused; a handed file is used."""
    port, arrived = listener
    handed = tmp_path / "handed"
    handed.mkdir()
    (handed / "photo.jpg").write_bytes(jpeg_bytes(3, (40, 30)))
    (tmp_path / "beside.jpg").write_bytes(jpeg_bytes(4, (30, 40)))
    (handed / "link.jpg").symlink_to(tmp_path / "beside.jpg")
    svg = f"<svg xmlns='http://www.w3.org/2000/svg'><image href='http://127.0.0.1:{port}/svg'/></svg>"
    html = tmp_path / "section.html"
    html.write_text(
        f"""<html><head><style>
        @page {{ background: url(http://127.0.0.1:{port}/bg) }}
        @font-face {{ font-family: x; src: url(http://127.0.0.1:{port}/font) }}
        </style><link rel="stylesheet" href="http://127.0.0.1:{port}/css"></head><body>
        <img src="{(handed / "photo.jpg").as_uri()}"><img src="handed/link.jpg"><img src="beside.jpg">
        <img src="file:///etc/passwd"><img src="http://127.0.0.1:{port}/img"><img src="data:image/svg+xml,{svg}">
        <p style="font-family: x">Isi</p></body></html>""",
        encoding="utf-8",
    )
    facts = layout.layout(str(html), str(tmp_path / "section.pdf"), allowed=[str(handed)])
    assert facts["pages"] == 1
    assert arrived == []
    assert image_sizes(tmp_path / "section.pdf") == [(40, 30)]  # the handed photo; nothing else was read


def test_the_app_static_files_reach_the_layout_and_nothing_beside_them(tmp_path, settings):
    from dossiers.pdf import Section, lay_out

    settings.STATICFILES_DIRS = [tmp_path / "static"]
    (tmp_path / "static").mkdir()
    (tmp_path / "static" / "logo.jpg").write_bytes(jpeg_bytes(5, (40, 30)))
    (tmp_path / "private.jpg").write_bytes(jpeg_bytes(6, (30, 40)))
    logo, private = (tmp_path / "static" / "logo.jpg").as_uri(), (tmp_path / "private.jpg").as_uri()
    html = f'<html><body><img src="{logo}"><img src="{private}"></body></html>'
    (work := tmp_path / "work").mkdir()
    (laid,) = lay_out([Section("logo", html)], work, processes=1)
    assert image_sizes(laid.path) == [(40, 30)]  # the logo, not the file beside the static folder


@pytest.mark.parametrize(
    "text",
    [
        "Perkara Nomor 87/PHPU.BUP-XXIII/2025 · Kabupaten Solok",
        "a\"b'c\\d",
        "line\nbreak\r\x0c\tand } { ; @page url(http://127.0.0.1/x)",
        "</style><script>alert(1)</script>&amp;",
        "\\a0 \\\\ 0123 abc",  # escapes of its own, and hex digits right after an escaped character
        "Kota Padang Panjang ✓ 日本",
    ],
)
def test_css_string_is_one_string_with_the_text_as_written(text):
    import tinycss2

    from dossiers.templatetags.pdf_css import css_string

    literal = css_string(text)
    assert "<" not in literal and "&" not in literal and "\n" not in literal
    tokens = [t for t in tinycss2.parse_component_value_list(literal) if t.type != "whitespace"]
    assert [(t.type, t.value) for t in tokens] == [("string", text)]
