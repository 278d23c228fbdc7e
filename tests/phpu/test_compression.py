"""Pages and API answers leave gzipped; file downloads leave as they are, with their length."""

import gzip
import io

from django.http import FileResponse, HttpResponse, JsonResponse
from django.test import RequestFactory

from phpu.compression import TextCompression

PAGE = "<p>" + "Kotak suara tiba terlambat di TPS 001. " * 200 + "</p>"


def answer(response):
    request = RequestFactory().get("/", headers={"accept-encoding": "gzip, deflate, br"})
    return TextCompression(lambda request: response)(request)


def test_a_page_and_an_api_answer_go_out_gzipped():
    page = answer(HttpResponse(PAGE))
    assert page["Content-Encoding"] == "gzip"
    assert gzip.decompress(page.content).decode() == PAGE
    assert int(page["Content-Length"]) < len(PAGE) / 5
    api = answer(JsonResponse({"text": PAGE}))
    assert api["Content-Encoding"] == "gzip"


def test_a_download_keeps_its_bytes_and_its_length():
    body = PAGE.encode()
    download = answer(FileResponse(io.BytesIO(body), content_type="text/plain"))
    assert not download.has_header("Content-Encoding")
    assert download["Content-Length"] == str(len(body))
    assert b"".join(download.streaming_content) == body
    image = answer(HttpResponse(b"\xff\xd8" + body, content_type="image/jpeg"))
    assert not image.has_header("Content-Encoding")
