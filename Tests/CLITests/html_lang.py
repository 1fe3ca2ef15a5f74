"""Print the lang attribute of each HTML page given (Python's own html parser), one a line."""
import sys
from html.parser import HTMLParser

class Lang(HTMLParser):
    lang = None
    def handle_starttag(self, tag, attrs):
        if tag == "html" and self.lang is None:
            self.lang = dict(attrs).get("lang", "")

for path in sys.argv[1:]:
    p = Lang()
    with open(path, encoding="utf-8") as f:
        p.feed(f.read())
    print(p.lang)
