#!/usr/bin/env python3
"""Serves web/dist on http://127.0.0.1:PORT/ (default 8080).

A file with a precompressed copy beside it (NAME.br, NAME.gz, written by web/build.sh) is
sent compressed when the browser accepts that encoding, with Content-Encoding set and the
original file's type, so the 17 MB wasm goes over the wire as about 4 MB."""

import http.server
import os
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "dist")
# Best first.
ENCODINGS = (("br", ".br"), ("gzip", ".gz"))


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".js": "text/javascript",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, directory=ROOT, **kwargs)

    def send_head(self):
        path = self.translate_path(self.path)
        accepted = {
            part.split(";")[0].strip()
            for part in self.headers.get("Accept-Encoding", "").split(",")
        }
        if os.path.isfile(path):
            for encoding, suffix in ENCODINGS:
                packed = path + suffix
                if encoding in accepted and os.path.isfile(packed):
                    return self.send_packed(path, packed, encoding)
        return super().send_head()

    def send_packed(self, path, packed, encoding):
        handle = open(packed, "rb")
        size = os.fstat(handle.fileno()).st_size
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", encoding)
        self.send_header("Content-Length", str(size))
        self.send_header("Vary", "Accept-Encoding")
        # The page's loader counts the bytes as they arrive, against the file's own size.
        self.send_header("X-Uncompressed-Length", str(os.path.getsize(path)))
        self.send_header("Access-Control-Expose-Headers", "X-Uncompressed-Length")
        self.end_headers()
        return handle


def main():
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 8080
    if not os.path.isdir(ROOT):
        sys.exit(f"serve.py: {ROOT} does not exist; run web/build.sh first")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
    print(f"serving {ROOT} on http://127.0.0.1:{port}/ (precompressed .br / .gz when accepted)")
    server.serve_forever()


if __name__ == "__main__":
    main()
