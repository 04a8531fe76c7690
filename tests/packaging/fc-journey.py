#!/usr/bin/env python3
"""The usager's FranceConnect journey of a mandat draft, as a browser does it, against the
FranceConnect simulator (tools/franceconnect-sim): follows the redirects from the draft's start_url,
picks the identity provider, logs in with a test identity (password 123) and stops at our server's
/fc/done, as tests/support/FranceConnectSim.cpp's FranceConnectBrowser does.
usage: fc-journey.py START_URL LOGIN  (exit 0 when /fc/done is reached)"""
import http.cookiejar
import re
import sys
import urllib.error
import urllib.parse
import urllib.request


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def main():
    url, login = sys.argv[1], sys.argv[2]
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect)
    interaction = re.compile(r"^(/api/v2/interaction/[^/]+)(/login)?$")
    form = None
    for _ in range(30):
        parts = urllib.parse.urlsplit(url)
        if parts.path == "/fc/done":
            print("reached /fc/done")
            return 0
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        form = None
        try:
            response = opener.open(urllib.request.Request(url, data=data), timeout=20)
            status, location, body = response.status, response.headers.get("Location"), response.read()
        except urllib.error.HTTPError as e:
            status, location, body = e.code, e.headers.get("Location"), e.read()
        if 300 <= status < 400 and location:
            url = urllib.parse.urljoin(url, location)
            continue
        match = interaction.match(parts.path)
        if status != 200 or not match:
            print(f"stopped at {url}: {status} {body[:300]!r}", file=sys.stderr)
            return 1
        base = urllib.parse.urlunsplit((parts.scheme, parts.netloc, match.group(1), "", ""))
        if match.group(2) is None:
            url, form = base + "/idp", {"idp": "impots"}
        else:
            url, form = base + "/login", {"idp": "impots", "login": login, "password": "123"}
    print("too many hops", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
