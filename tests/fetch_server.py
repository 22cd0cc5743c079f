#!/usr/bin/env python3
"""A local web site for tally fetch's tests: feeds, pages and every misbehaviour fetch must survive.

Usage: fetch_server.py PORT_FILE LOG_FILE
Listens on 127.0.0.1 on a free port, writes the port to PORT_FILE, and appends one JSON line per
request to LOG_FILE: {"path", "if_none_match", "if_modified_since", "user_agent", "accept_encoding"}.
Runs until killed. Every article is fictional; nothing here reaches beyond this machine.
"""
import gzip
import hashlib
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LAST_MODIFIED = "Sat, 05 Dec 2026 10:00:00 GMT"


def article(title, sentence):
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{title}</title></head>
<body><nav><a href="/">Home</a></nav>
<article><h1>{title}</h1>
<p>RIVERTON, Dec 5 - {sentence}</p>
<p>Crews were still searching the valley on Saturday, officials said.</p>
</article></body></html>
""".encode("utf-8")


PAGES = {
    "/news/a.html": article("Flood in Riverton", "At least 12 people were killed in the flood, the fire service said."),
    "/news/b.html": article("Bridge collapse", "Seven people were injured when the bridge collapsed, police said."),
    "/news/c.html": article("Storm damage", "Three people were killed by the storm, the mayor said."),
    "/news/d.html": article("Landslide", "Nine people were killed in the landslide, the regional governor said."),
    "/news/e.html": article("Wildfire", "Fourteen people were injured in the wildfire, the health ministry said."),
    "/news/f.html": article("Ferry accident", "Five people were killed when the ferry capsized, the coast guard said."),
    "/news/g.html": article("Rescue", "Six people were killed in the mine, rescue workers said."),
    "/private/secret.html": article("Private", "Eight people were killed, a source said."),
    "/busy.html": article("Busy server", "Eleven people were injured in the crash, the police said."),
}

# Windows-1252 with curly quotes (0x93, 0x94) and ISO-8859-1 with an e acute (0xE9).
CP1252 = ("<html><head><meta charset=\"windows-1252\"><title>Quake</title></head><body><article>"
          "<h1>Quake</h1><p>RIVERTON, Dec 5 - Twenty people were killed in the quake, "
          "\u201cthe civil defence\u201d said.</p></article></body></html>").encode("cp1252")
LATIN1 = ("<html><head><title>Caf\u00e9 fire</title></head><body><article><h1>Caf\u00e9 fire</h1>"
          "<p>RIVERTON, Dec 5 - Four people were killed in the caf\u00e9 fire, the fire brigade said.</p>"
          "</article></body></html>").encode("iso-8859-1")


def rss(base):
    items = ["/news/a.html", "/news/b.html", "/private/secret.html", "/missing.html", "/slow.html",
             "/redirect1", "/loop1", "/busy.html", "/latin1.html", "/cp1252.html"]
    body = "".join(f"<item><title>Item {i}</title><link>{base}{p}</link>"
                   f"<pubDate>Sat, 05 Dec 2026 0{i}:00:00 GMT</pubDate></item>" for i, p in enumerate(items))
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Riverton News</title>'
            f'<link>{base}/</link>{body}</channel></rss>').encode()


def atom(base):
    return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            f'<title>Riverton Atom</title><entry><title>Landslide</title>'
            f'<link rel="alternate" href="{base}/news/d.html"/><published>2026-12-05T08:00:00Z</published>'
            f'</entry><entry><title>Again the flood</title><link href="/news/a.html"/></entry></feed>').encode()


def sitemap_index(base):
    return (f'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f'<sitemap><loc>{base}/sitemap-news.xml</loc></sitemap></sitemapindex>').encode()


def sitemap_news(base):
    return (f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url><loc>{base}/news/e.html</loc>'
            f'<news:news><news:publication><news:name>Riverton News</news:name><news:language>en</news:language>'
            f'</news:publication><news:publication_date>2026-12-05T09:30:00+01:00</news:publication_date>'
            f'<news:title>Wildfire near Riverton</news:title></news:news></url></urlset>').encode()


def json_feed(base):
    return json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": "Riverton JSON",
                       "items": [{"id": "f", "url": f"{base}/news/f.html", "title": "Ferry",
                                  "date_published": "2026-12-05T07:00:00Z"}]}).encode()


ROBOTS = b"""# everyone else is kept out
User-agent: *
Disallow: /

User-agent: tally
Disallow: /private/
Allow: /
"""


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    busy_seen = set()
    lock = threading.Lock()

    def log_message(self, *args):
        pass

    def record(self):
        entry = {"path": self.path, "if_none_match": self.headers.get("If-None-Match"),
                 "if_modified_since": self.headers.get("If-Modified-Since"),
                 "user_agent": self.headers.get("User-Agent"),
                 "accept_encoding": self.headers.get("Accept-Encoding")}
        with Handler.lock, open(self.server.log_path, "a") as log:
            log.write(json.dumps(entry) + "\n")

    def send(self, status, body=b"", content_type="text/html; charset=utf-8", headers=None, validate=False):
        headers = dict(headers or {})
        if validate:
            etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
            headers["ETag"] = etag
            headers["Last-Modified"] = LAST_MODIFIED
            if self.headers.get("If-None-Match") == etag:
                status, body = 304, b""
        if body and "gzip" in (self.headers.get("Accept-Encoding") or "") and headers.pop("X-Gzip", None):
            body = gzip.compress(body)
            headers["Content-Encoding"] = "gzip"
        headers.pop("X-Gzip", None)
        self.send_response(status)
        if status != 304:
            self.send_header("Content-Type", content_type)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (the slow page's timeout): expected

    def do_GET(self):
        self.record()
        base = f"http://127.0.0.1:{self.server.server_port}"
        p = self.path
        if p == "/robots.txt":
            return self.send(200, ROBOTS, "text/plain")
        if p == "/rss.xml":
            return self.send(200, rss(base), "application/rss+xml", validate=True)
        if p == "/atom.xml":
            return self.send(200, atom(base), "application/atom+xml", validate=True)
        if p == "/sitemap.xml":
            return self.send(200, sitemap_index(base), "application/xml")
        if p == "/sitemap-news.xml":
            return self.send(200, sitemap_news(base), "application/xml")
        if p == "/feed.json":
            return self.send(200, json_feed(base), "application/feed+json")
        if p == "/slow.html":
            time.sleep(4)
            return self.send(200, article("Slow", "Two people were killed, officials said."))
        if p == "/redirect1":
            return self.send(301, b"", headers={"Location": "/redirect2"})
        if p == "/redirect2":
            return self.send(302, b"", headers={"Location": f"{base}/news/c.html"})
        if p in ("/loop1", "/loop2"):
            return self.send(302, b"", headers={"Location": "/loop2" if p == "/loop1" else "/loop1"})
        if p == "/busy.html":
            with Handler.lock:
                first = p not in Handler.busy_seen
                Handler.busy_seen.add(p)
            if first:
                return self.send(429, b"slow down", "text/plain", headers={"Retry-After": "1"})
        if p == "/huge.html":
            # 3 MiB once decompressed, 3 KB on the wire: the size limit must apply after decoding
            self.send_response(200)
            body = gzip.compress(b"<p>" + b"a" * (3 << 20))
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass
            return
        if p == "/latin1.html":
            return self.send(200, LATIN1, "text/html; charset=ISO-8859-1", validate=True)
        if p == "/cp1252.html":
            return self.send(200, CP1252, "text/html", validate=True)
        if p in PAGES:
            # every page gzip-compressed for a client that accepts it; /news/b.html is the test's
            return self.send(200, PAGES[p], headers={"X-Gzip": "1"}, validate=True)
        return self.send(404, b"not here", "text/plain")


def main():
    port_file, log_file = sys.argv[1], sys.argv[2]
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.log_path = log_file
    with open(port_file + ".tmp", "w") as f:
        f.write(str(server.server_port))
    import os
    os.rename(port_file + ".tmp", port_file)
    server.serve_forever()


if __name__ == "__main__":
    main()
