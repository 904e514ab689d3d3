#!/usr/bin/env python3
"""Serves web/dist on http://127.0.0.1:PORT/ (default 8080).

A file with a precompressed copy beside it (NAME.br, NAME.gz, written by web/build.sh) is
sent compressed when the browser accepts that encoding, with Content-Encoding set and the
original file's type, so the 17 MB wasm goes over the wire as about 4 MB.

Caching: every answer carries a strong ETag (a hash of the bytes sent, so each encoding has
its own) and Last-Modified; a request whose If-None-Match names the current ETag (or whose
If-Modified-Since is not older than the file, when it sends no If-None-Match) gets 304 Not
Modified with no body. Files whose names carry a hash of their content (wasm-bindgen's
snippets/NAME-HASH/ folders) may be kept a year without asking (immutable); every other
file keeps its name across builds, so the browser keeps it but asks again each visit
(no-cache), which costs one small request and a 304 when nothing changed.

Usage: serve.py [PORT [ROOT]]   (ROOT defaults to web/dist)"""

import email.utils
import hashlib
import http.server
import os
import re
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "dist")
# Best first.
ENCODINGS = (("br", ".br"), ("gzip", ".gz"))
# A path part that ends in a hex hash of 8 or more digits (snippets/wasm-bindgen-futures-
# 5b1e9c0f2a.../): its content changes only with its name.
HASHED = re.compile(r"/[^/]*-[0-9a-f]{8,}/")
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"

# (path, size, mtime_ns) -> ETag, so a file is hashed once per change.
_etags = {}


def etag_of(path):
    stat = os.stat(path)
    key = (path, stat.st_size, stat.st_mtime_ns)
    tag = _etags.get(key)
    if tag is None:
        digest = hashlib.sha256()
        with open(path, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                digest.update(block)
        tag = '"' + digest.hexdigest()[:32] + '"'
        _etags[key] = tag
    return tag


def cache_control(url_path):
    return IMMUTABLE if HASHED.search(url_path) else REVALIDATE


def not_modified(headers, etag, mtime):
    """Whether the request's validators match (RFC 9110 section 13.1)."""
    if_none_match = headers.get("If-None-Match")
    if if_none_match is not None:
        tags = [t.strip() for t in if_none_match.split(",")]
        # Weak comparison: W/"x" matches "x".
        return "*" in tags or etag in (t[2:] if t.startswith("W/") else t for t in tags)
    since = headers.get("If-Modified-Since")
    if since:
        try:
            when = email.utils.parsedate_to_datetime(since).timestamp()
        except (TypeError, ValueError, IndexError, OverflowError):
            return False
        return int(mtime) <= when
    return False


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".webmanifest": "application/manifest+json",
        ".js": "text/javascript",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, directory=ROOT, **kwargs)

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            # Directories: the standard handler's redirect or index.html.
            index = os.path.join(path, "index.html")
            if not self.path.split("?")[0].endswith("/") or not os.path.isfile(index):
                return super().send_head()
            path = index
        if not os.path.isfile(path):
            return super().send_head()
        accepted = {
            part.split(";")[0].strip()
            for part in self.headers.get("Accept-Encoding", "").split(",")
        }
        sent, encoding = path, None
        for name, suffix in ENCODINGS:
            if name in accepted and os.path.isfile(path + suffix):
                sent, encoding = path + suffix, name
                break
        etag = etag_of(sent)
        mtime = os.path.getmtime(sent)
        url_path = self.path.split("?")[0]
        if not_modified(self.headers, etag, mtime):
            self.send_response(304)
            self.send_validators(etag, mtime, url_path, encoding)
            self.end_headers()
            return None
        handle = open(sent, "rb")
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Length", str(os.fstat(handle.fileno()).st_size))
        if encoding:
            self.send_header("Content-Encoding", encoding)
            # The page's loader counts the bytes as they arrive, against the file's own size.
            self.send_header("X-Uncompressed-Length", str(os.path.getsize(path)))
            self.send_header("Access-Control-Expose-Headers", "X-Uncompressed-Length")
        self.send_validators(etag, mtime, url_path, encoding)
        self.end_headers()
        return handle

    def send_validators(self, etag, mtime, url_path, encoding):
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", self.date_time_string(int(mtime)))
        self.send_header("Cache-Control", cache_control(url_path))
        if encoding or any(
            os.path.isfile(self.translate_path(url_path) + s) for _, s in ENCODINGS
        ):
            self.send_header("Vary", "Accept-Encoding")


def main():
    global ROOT
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 8080
    if len(sys.argv) > 2:
        ROOT = os.path.abspath(sys.argv[2])
    if not os.path.isdir(ROOT):
        sys.exit(f"serve.py: {ROOT} does not exist; run web/build.sh first")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
    print(
        f"serving {ROOT} on http://127.0.0.1:{port}/ "
        "(precompressed .br / .gz when accepted; ETag, Last-Modified, 304)",
        flush=True,
    )
    server.serve_forever()


if __name__ == "__main__":
    main()
