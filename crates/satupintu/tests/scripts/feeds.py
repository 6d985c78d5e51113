"""Parse SatuPintu's feeds with the real parsers and print what they found, as JSON.

    python3 feeds.py feed URL   # Atom or RSS, with feedparser
    python3 feeds.py ics URL    # iCalendar, with icalendar.Calendar.from_ical

Fails loudly (exit status 2) when a parser is not installed:
pip install -r scripts/requirements-test.txt
"""

import json
import sys
import urllib.request


def fetch(url):
    with urllib.request.urlopen(url, timeout=30) as r:
        return r.read()


def feed(url):
    import feedparser

    body = fetch(url)
    d = feedparser.parse(body)
    return {
        "bozo": int(d.bozo),
        "bozo_exception": str(d.get("bozo_exception", "")),
        "version": d.version,
        "title": d.feed.get("title", ""),
        "id": d.feed.get("id", ""),
        "updated": d.feed.get("updated", ""),
        "self": [l.get("href") for l in d.feed.get("links", []) if l.get("rel") == "self"],
        "entries": [
            {
                "id": e.get("id", ""),
                "title": e.get("title", ""),
                "link": e.get("link", ""),
                "published": e.get("published", ""),
                "updated": e.get("updated", ""),
                "summary": e.get("summary", ""),
                "author": e.get("author", ""),
            }
            for e in d.entries
        ],
    }


def ics(url):
    import icalendar

    body = fetch(url)
    cal = icalendar.Calendar.from_ical(body)
    events = []
    for ev in cal.walk("VEVENT"):
        events.append(
            {
                "uid": str(ev.get("UID")),
                "summary": str(ev.get("SUMMARY")),
                "dtstart": ev.decoded("DTSTART").isoformat(),
                "dtend": ev.decoded("DTEND").isoformat(),
                "status": str(ev.get("STATUS", "")),
                "location": str(ev.get("LOCATION", "")),
                "url": str(ev.get("URL", "")),
            }
        )
    return {
        "prodid": str(cal.get("PRODID")),
        "version": str(cal.get("VERSION")),
        "name": str(cal.get("X-WR-CALNAME", "")),
        "events": events,
    }


def main():
    mode, url = sys.argv[1], sys.argv[2]
    try:
        out = feed(url) if mode == "feed" else ics(url)
    except ImportError as e:
        print(f"missing Python package: {e} (pip install -r scripts/requirements-test.txt)", file=sys.stderr)
        sys.exit(2)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
