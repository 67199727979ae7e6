#!/usr/bin/python3
"""Writes the seed corpus of every fuzz target, derived from the repository's fixtures,
into OUT/<target>/ (one small file per seed). Run by scripts/fuzz.sh at run time, so no
corpus is committed.

Run: python3 fuzz/seed_corpora.py REPO_ROOT OUT
"""
import hashlib
import json
import pathlib
import re
import sys

root = pathlib.Path(sys.argv[1])
out = pathlib.Path(sys.argv[2])
fixtures = root / "tests" / "fixtures"
seeds: dict[str, list[bytes]] = {}


def add(target: str, data) -> None:
    seeds.setdefault(target, []).append(data.encode() if isinstance(data, str) else data)


def expected_items():
    for path in sorted(fixtures.glob("*/*.expected.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                yield json.loads(line)


html_pages = sorted(fixtures.glob("*/*.html"))

# Extractors: every fixture page, real and hand-made.
for page in html_pages:
    add("fuzz_extract_html", page.read_bytes())

# Article text: the article pages (real NK News snapshots, the hand-made JoongAng article).
for page in html_pages:
    if page.name.startswith("article-"):
        add("fuzz_article_text", page.read_bytes())

# Feeds: the real captures and the hand-made messy ones (the first 128 KiB of each).
for feed in sorted(fixtures.glob("feed*/**/*")):
    if feed.suffix in (".xml", ".rss", ".atom", ".rdf"):
        add("fuzz_feed", feed.read_bytes()[:131072])

# Selectors: the css fixture's and the listings' selectors, without the " @attr" suffix.
selector_sets = [json.loads(p.read_text()) for p in fixtures.glob("css/*.selectors.json")]
selector_sets += [json.loads(p.read_text()).get("selectors", {}) for p in fixtures.glob("listings/*.expected.json")]
for selectors in selector_sets:
    for value in selectors.values():
        if isinstance(value, str) and value:
            add("fuzz_selector", re.sub(r"\s*@[\w-]+$", "", value))
for s in ["a.foo[href^=x]", 'div > p[lang|="en"] , #id', "*", "[data-x~=y]", "ul.tags > li", "a[href$='.pdf' i]"]:
    add("fuzz_selector", s)

# URLs: every expected item URL alone, and "page URL\nrelative path" pairs.
urls = sorted({item["url"] for item in expected_items() if item.get("url")})
for p in fixtures.glob("listings/*.expected.json"):
    urls += [a["url"] for a in json.loads(p.read_text()).get("articles", [])]
for url in urls[:150]:
    add("fuzz_url_canon", url)
for ref in ["../2025/08/a/?utm_source=x&id=2#frag", "//Example.ORG:443/a/%7Euser", "?page=2", "HTTP://user:pw@Host:80/a/./b/../c"]:
    add("fuzz_url_canon", "https://www.nknews.org/category/news/\n" + ref)
    add("fuzz_url_canon", ref)

# Charsets: pages and feeds behind a Content-Type line, cut to 16 KiB.
charset_inputs = [(p, "text/html; charset=utf-8") for p in html_pages[:6]]
charset_inputs += [(fixtures / "feeds/xakep-cp1251.xml", "application/rss+xml; charset=windows-1251"),
                   (fixtures / "feeds/slashdot-latin1.rdf", "text/xml; charset=ISO-8859-1"),
                   (fixtures / "feeds/tpm-2017.atom", "")]
for path, content_type in charset_inputs:
    if path.exists():
        add("fuzz_charset", content_type.encode() + b"\n" + path.read_bytes()[:16384])
add("fuzz_charset", b"text/html\n\xef\xbb\xbf<meta charset=euc-kr>\xb1\xe8\xc1\xa4\xc0\xba")
add("fuzz_charset", b"\n\xff\xfe<\x00h\x00t\x00m\x00l\x00>\x00")
add("fuzz_charset", b"text/html; charset=shift_jis\n\x82\xa0\x82\xa2\x80\xff")

# robots.txt: the shapes the parser handles (groups, wildcards, $, Crawl-delay, escapes).
for robots in [
    "User-agent: *\nDisallow: /private/\nAllow: /private/open$\nCrawl-delay: 5\n",
    "user-agent: newswatch\nuser-agent: other\ndisallow: /*.pdf$\nallow: /\n\nUser-agent: *\nDisallow: /\n",
    "# comment\nUser-Agent: NewsWatch/0.1\nDisallow: /%7euser/\nDisallow: /caf\xc3\xa9\nSitemap: https://example.org/s.xml\n",
    "Disallow: /no-group\nUser-agent:*\nDisallow:\n",
]:
    add("fuzz_robots", robots)

# Queries: the example config's watches and the language's corners.
example = (root / "config" / "newswatch.toml").read_text(encoding="utf-8")
for query in re.findall(r"^query\s*=\s*'([^']*)'", example, re.M):
    add("fuzz_query", query)
for query in ['"North Korea" AND (Russia OR Kursk) NOT podcast', "a OR (b c) NOT (d OR \"e f\")", "NOT NOT x",
              "((((a))))", "DPRK", "Kim Jong-un’s \"mutual trust\""]:
    add("fuzz_query", query)

# Config: the commented example, and a few minimal files.
add("fuzz_config", example)
add("fuzz_config", '[[site]]\nname = "a"\nurl = "https://example.org/"\nextractor = "css"\ninterval = "1h30m"\n'
                   '[site.selectors]\nitem = "li"\ntitle = "a"\nlink = "a @href"\n')
add("fuzz_config", '[service]\ndatabase = "x.db"\nmax_body_size = "8MB"\n[[notifier]]\nname = "w"\n'
                   'type = "webhook"\nurl = "https://example.org/hook"\nsecret_env = "X"\n')

# Dates: every date the expected items carry, the seeds' dates, and the documented shapes.
for item in expected_items():
    if item.get("published"):
        add("fuzz_dates", item["published"])
month = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
for seed in sorted((fixtures / "seeds").glob("*.txt")):
    for found in re.findall(rf"{month} \d{{1,2}}, \d{{4}}|\d{{1,2}} {month} \d{{4}}(?:, \d\d:\d\d)?",
                            seed.read_text(encoding="utf-8"))[:10]:
        add("fuzz_dates", found)
for date in ["June 18, 2021", "Jan. 16, 2025", "13 Aug. 2025, 14:42", "2019-11-01T03:27:09+00:00", "2019-11-01 03:27",
             "By Name, May 29, 2020", "2025-08-13"]:
    add("fuzz_dates", date)

for target, inputs in seeds.items():
    folder = out / target
    folder.mkdir(parents=True, exist_ok=True)
    for data in inputs:
        (folder / hashlib.sha1(data).hexdigest()).write_bytes(data)
    print(f"seed_corpora: {target}: {len(set(inputs))} seeds")
