"""Resumable upload benchmark: a large video over a link that drops, through a real gunicorn worker.

    .venv/bin/python bench/resumable_upload.py [--size-mb 500] [--drops 3] [--chunk-mb 5]

A throw-away site (as bench/upload_memory.py makes it: temporary SQLite database and storage, DEBUG=false,
gunicorn with the production config, one worker with threads) takes a generated MP4 of --size-mb through
the tus endpoint (/api/uploads/) in pieces of --chunk-mb, as the upload page does. --drops times, spread
over the file, the link goes silent in the middle of a piece: the client stops sending without closing
(a phone that lost its signal), asks the server where the upload stands on a new connection, resumes
from there, and closes the dead connection only at the end. This is the worst case for the server: it
cannot keep the bytes of a piece whose request has not ended, so the resumed piece resends them.

It reports the bytes sent as a share of the file beyond the file itself (target <= 5%), the worker's
peak memory growth over the whole upload including the final checks (flat: limit --limit-mb), wall time
against `sha256sum` of the same file in the same run, and checks the stored file's SHA-256.
Exit status 1 if a target is missed or the file does not match. See bench/README.md.
"""

import argparse
import base64
import http.client
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.upload_memory import (
    MB,
    TPS,
    Sampler,
    configure,
    file_sha256,
    free_port,
    log_in,
    make_video,
    prepare_site,
    rss,
    sha256sum,
    start_gunicorn,
    stored_path,
    worker_of,
)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size-mb", type=int, default=500, help="size of the generated video (default 500)")
    parser.add_argument("--drops", type=int, default=3, help="how often the link goes silent (default 3)")
    parser.add_argument("--chunk-mb", type=int, default=5, help="piece size, as RESUMABLE_CHUNK_KB (default 5)")
    parser.add_argument("--limit-mb", type=int, default=100, help="fail above this peak RSS growth (default 100)")
    parser.add_argument("--target-share", type=float, default=5.0, help="fail above this %% re-sent (default 5)")
    return parser.parse_args()


class Link:
    """A tus client over plain HTTP connections, counting every byte of file it sends."""

    def __init__(self, port: int, session):
        self.port, self.sent, self.dead = port, 0, []
        token = session.cookies["csrftoken"]
        self.headers = {
            "Cookie": f"sessionid={session.cookies['sessionid']}; csrftoken={token}",
            "X-CSRFToken": token,
            "Tus-Resumable": "1.0.0",
        }

    def request(self, method, path, body=b"", **headers):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=900)
        connection.request(method, path, body=body, headers={**self.headers, **headers})
        response = connection.getresponse()
        response.read()
        connection.close()
        return response

    def open(self, size: int, name: str) -> str:
        meta = {"filename": name, "kind": "video", "region": TPS, "description": "bench"}
        encoded = ",".join(f"{k} {base64.b64encode(v.encode()).decode()}" for k, v in meta.items())
        response = self.request("POST", "/api/uploads/", **{"Upload-Length": str(size), "Upload-Metadata": encoded})
        if response.status != 201:
            sys.exit(f"opening the upload failed: HTTP {response.status}")
        return response.getheader("Location")

    def offset(self, path: str) -> int:
        return int(self.request("HEAD", path).getheader("Upload-Offset"))

    def send(self, path: str, offset: int, piece: bytes):
        self.sent += len(piece)
        headers = {"Upload-Offset": str(offset), "Content-Type": "application/offset+octet-stream"}
        return self.request("PATCH", path, body=piece, **headers)

    def go_silent(self, path: str, offset: int, piece: bytes, after: int) -> None:
        """Announce the whole piece, send `after` bytes of it, then nothing: the connection stays open."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=900)
        connection.putrequest("PATCH", path)
        headers = {
            **self.headers,
            "Upload-Offset": str(offset),
            "Content-Type": "application/offset+octet-stream",
            "Content-Length": str(len(piece)),
        }
        for header, value in headers.items():
            connection.putheader(header, value)
        connection.endheaders()
        connection.send(piece[:after])
        self.sent += after
        self.dead.append(connection)

    def close_dead(self) -> None:
        for connection in self.dead:
            connection.close()


def upload_with_drops(link: Link, video: Path, chunk: int, drops: int) -> tuple[str, object]:
    size = video.stat().st_size
    path = link.open(size, "bench.mp4")
    drop_at = {size * (i + 1) // (drops + 1) // chunk * chunk for i in range(drops)}  # piece starts
    last = None
    with video.open("rb") as source:
        offset = 0
        while offset < size:
            source.seek(offset)
            piece = source.read(min(chunk, size - offset))
            if offset in drop_at:
                drop_at.discard(offset)
                link.go_silent(path, offset, piece, after=len(piece) * 2 // 3)
                time.sleep(0.5)
                offset = link.offset(path)  # the silent request holds its bytes: the piece starts again
                continue
            last = link.send(path, offset, piece)
            if last.status != 204:
                sys.exit(f"piece at {offset} refused: HTTP {last.status}")
            offset = int(last.getheader("Upload-Offset"))
    link.close_dead()
    return path, last


def main() -> int:
    args = parse_args()
    base = Path(tempfile.mkdtemp(prefix="phpu-resumable-bench-"))
    server = None
    try:
        env = configure(base, args.size_mb)
        env["RESUMABLE_CHUNK_KB"] = str(args.chunk_mb * 1024)
        env["RESUMABLE_UPLOAD_QUOTA_MB"] = str(4 * args.size_mb)
        password = "bench-" + base.name
        prepare_site(password)
        video = base / "bench.mp4"
        make_video(video, args.size_mb * MB)
        source_hash, sha_seconds = sha256sum(video)

        port = free_port()
        # Threads: the silent request holds one while the phone goes on over a new connection.
        server = start_gunicorn(env, port, base / "gunicorn.log", threads=4)
        worker = worker_of(server)
        session = log_in(f"http://127.0.0.1:{port}", password)
        link = Link(port, session)
        warm = base / "warmup.mp4"
        make_video(warm, MB)
        upload_with_drops(link, warm, MB // 2, 0)  # loads what the upload path imports before the baseline
        time.sleep(0.3)
        baseline, link.sent = rss(worker), 0

        sampler = Sampler(worker)
        sampler.start()
        started = time.perf_counter()
        _path, last = upload_with_drops(link, video, args.chunk_mb * MB, args.drops)
        seconds = time.perf_counter() - started
        sampler.stop()

        stored, recorded = stored_path("bench.mp4")
        intact = file_sha256(stored) == recorded == source_hash == last.getheader("Evidence-Sha256")
        size = video.stat().st_size
        share = 100 * (link.sent - size) / size
        growth = sampler.peak - baseline
        print(f"file: {size / MB:.0f} MB in pieces of {args.chunk_mb} MB, link silent {args.drops} times mid-piece")
        print(f"bytes sent: {link.sent:,} = file + {share:.2f}% re-sent (target <= {args.target_share}%)")
        print(
            f"worker RSS: baseline {baseline / MB:.1f} MB, peak {sampler.peak / MB:.1f} MB, "
            f"growth {growth / MB:.1f} MB (limit {args.limit_mb} MB)"
        )
        print(f"time: {seconds:.1f}s = {seconds / sha_seconds:.1f} x sha256sum of the file ({sha_seconds:.2f}s)")
        print(f"stored file SHA-256 {'matches' if intact else 'DOES NOT MATCH'} the source")
        ok = intact and share <= args.target_share and growth <= args.limit_mb * MB
        print("ok" if ok else "FAILED")
        return 0 if ok else 1
    finally:
        if server is not None:
            server.terminate()
            server.wait(15)
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
