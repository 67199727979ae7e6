#!/usr/bin/python3
"""The nknews homepage fields (title, url, summary, authors, date, NK PRO) with
Python parsel (lxml), for comparison with bench/extract_bench.cpp. Uses the
2020 class names directly (no anchor-first logic), so it is a lower bound on
what a Python scraper costs. Prints items found and MB/s on the homepage and on
the same ~4 MB repeated listing the C++ bench builds.

Run: /usr/bin/python3 bench/parsel_extract.py [FIXTURES_DIR]   (default: tests/fixtures)
"""
import sys
import time

from parsel import Selector

fixtures = sys.argv[1] if len(sys.argv) > 1 else "tests/fixtures"
page = open(f"{fixtures}/nknews/homepage-2020-05-29.html", encoding="utf-8").read()


def big_listing(page):
    start = page.index('<div class="main-container-wrapper">')
    end = page.index('<div class="footer">')
    out = page[:start]
    while len(out.encode()) < 4 << 20:
        out += page[start:end]
    return out + page[end:]


def extract(html):
    sel = Selector(text=html)
    items = {}
    for heading in sel.css("h1 > a, h2 > a, h3 > a, h4 > a"):
        url = heading.attrib.get("href", "")
        if "/20" not in url and "/pro/" not in url:
            continue
        block = heading.xpath("ancestor::*[contains(@class,'news-block-standard-inner') or "
                              "contains(@class,'moreNewsSlide') or contains(@class,'headerSlide') or "
                              "contains(@class,'news-block-related')][1]")
        item = {
            "url": url,
            "title": " ".join(" ".join(heading.css("::text").getall()).split()),
            "summary": " ".join((block.css("p.news-summary::text").get() or "").split()),
            "authors": block.css("div.meta a.text-underline::text").getall(),
            "published": block.css("div.meta span::text").get(),
            "tags": ["NK PRO"] if block.css("div.proLabel") else [],
        }
        items.setdefault(url, item)
    return list(items.values())


for name, html in (("homepage", page), ("big listing", big_listing(page))):
    size = len(html.encode())
    runs, start = 0, time.perf_counter()
    while True:
        items = extract(html)
        runs += 1
        elapsed = time.perf_counter() - start
        if elapsed > 2.0:
            break
    print(f"parsel {name}: {size / 1e6:.2f} MB, {len(items)} items, {runs * size / elapsed / (1 << 20):.1f} MB/s")
