"""Gzip for what the site writes (pages, API answers), not for the files it hands out."""

from django.middleware.gzip import GZipMiddleware


class TextCompression(GZipMiddleware):
    """Pages and API answers go out gzipped when the client accepts it: a phone on a weak link receives a
    fifth of the bytes. Streamed answers (evidence and dossier downloads, exports, static files) go as they
    are: most are compressed already, static files come compressed from collectstatic, and compressing a
    download on the fly would drop its Content-Length (no progress, no resuming).

    BREACH needs a secret repeated unchanged in every response next to text the attacker controls: Django
    masks the CSRF token afresh in each response, an API token is shown once, and GZipMiddleware pads each
    answer by a random length."""

    def process_response(self, request, response):
        content_type = response.get("Content-Type", "").split(";")[0]
        textual = content_type.startswith("text/") or content_type.endswith(("json", "javascript", "+xml"))
        if response.streaming or not textual:
            return response
        return super().process_response(request, response)
