"""Prints the skeleton of HTML pages as Python's html.parser reads them, one JSON line a page.

The skeleton is what the shared layout makes: the tags outside <main> (with their nesting
depth), the <html lang>, the text of the inline <style>, and every external reference
(<link>, <script src>, src= or href= to another host), which a self-contained page has none of.
Usage: python3 skeleton.py page.html ...
"""
import json
import sys
from html.parser import HTMLParser

VOID = {"meta", "link", "br", "input", "img", "hr"}


class Skeleton(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack, self.outside, self.style, self.external = [], [], "", []
        self.lang, self.in_style, self.in_main = None, False, 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        if tag == "link" or (tag == "script" and "src" in a):
            self.external.append(tag)
        for k in ("src", "href"):
            v = a.get(k) or ""
            if "://" in v or v.startswith("//"):
                self.external.append(v)
        if not self.in_main and tag not in ("a", "form", "input", "button", "span"):
            self.outside.append("  " * len(self.stack) + tag)
        if tag == "main":
            self.in_main += 1
        if tag == "style":
            self.in_style = True
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag == "main":
            self.in_main -= 1
        if tag == "style":
            self.in_style = False
        if tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass

    def handle_data(self, data):
        if self.in_style:
            self.style += data


for path in sys.argv[1:]:
    p = Skeleton()
    with open(path, encoding="utf-8") as f:
        p.feed(f.read())
    print(json.dumps({"lang": p.lang, "outside": p.outside, "style": p.style, "external": p.external}, ensure_ascii=False))
