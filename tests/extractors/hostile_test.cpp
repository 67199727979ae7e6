// Generated hostile pages: deep nesting, parse-error floods, selector chains
// that backtrack, and many cards under one parent. Every bound is on work
// (depth, error records, compound tests, block sizes), never on time.

#include <gtest/gtest.h>
#include <sys/resource.h>

#include <string>

#include "extractors/blocks.h"
#include "extractors/depth_scan.h"
#include "extractors/extractor.h"
#include "extractors/html.h"
#include "extractors/selector.h"

using namespace newswatch;

namespace {
namespace NEWSWATCH_FILE_ID {

std::string repeat(std::string_view unit, std::size_t times) {
  std::string out;
  out.reserve(unit.size() * times);
  for (std::size_t i = 0; i < times; ++i) out += unit;
  return out;
}

// `pattern` repeated, each "%" replaced by the repetition's number.
std::string numbered(std::string_view pattern, std::size_t times) {
  std::string out;
  for (std::size_t i = 0; i < times; ++i)
    for (char c : pattern) out += c == '%' ? std::to_string(i) : std::string(1, c);
  return out;
}

long max_rss_kb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

bool is_nknews_article(std::string_view url, std::string_view) {
  return url.find("/2021/06/") != std::string_view::npos;
}

TEST(Hostile, ThreeHundredThousandNestedElements_AreRefusedNamingTheDepth) {
  const std::string page = "<html><body>" + repeat("<div><span>", 150000) + "x";
  ASSERT_GT(page.size(), 1600000u);
  for (std::string_view name : extractor_names()) {
    SelectorConfig sel{"div", "a", "a @href", "", "", "", ""};
    auto ex = make_extractor(name, sel);
    ASSERT_TRUE(ex) << name;
    auto items = (*ex)->extract(page, "https://www.nknews.org/");
    ASSERT_FALSE(items) << name;
    EXPECT_EQ(items.error().kind, ErrorKind::parse);
    EXPECT_NE(items.error().message.find("300002"), std::string::npos) << items.error().message;
    EXPECT_NE(items.error().message.find("512"), std::string::npos) << items.error().message;
  }
}

TEST(Hostile, PageAtTheDepthLimit_IsParsed_OneDeeperIsRefused) {
  // html and body count: 510 divs make 512 levels; a void element inside is one more.
  auto at_limit = HtmlDocument::parse(repeat("<div>", k_max_tree_depth - 2));
  ASSERT_TRUE(at_limit) << at_limit.error().message;
  EXPECT_EQ(tree_depth(at_limit->root()), k_max_tree_depth);
  EXPECT_FALSE(HtmlDocument::parse(repeat("<div>", k_max_tree_depth - 1)));
  EXPECT_FALSE(HtmlDocument::parse(repeat("<div>", k_max_tree_depth - 2) + "<br>"));
}

// The pre-scan must never think a page shallower than Gumbo builds it: each row is a
// misnesting, implied-element, raw-text or foreign-content trick, repeated.
TEST(Hostile, DepthPreScan_IsNeverBelowGumbosTreeDepth) {
  struct Row {
    const char* pattern;
    std::size_t times;
  } rows[] = {
      {"<div>", 300},
      {"<span/>", 300},
      {"<table><tr><td>", 150},
      {"<table><td>", 150},
      {"<p><b id=%></p>", 300},   // formatting elements cloned back in
      {"<b id=%><p>x</b>", 300},  // adoption agency
      {"<a href=%><div>", 300},   // <a> closes the open <a>
      {"<x><div></x>", 300},      // a generic end tag stops at a special element
      {"<li><ul></li>", 300},     // </li> stops at <ul>
      {"<dl><dd><dl><dt>", 150},  // dd/dt close only their own list
      {"<svg><g/><foreignObject><div/>", 150},
      {"<svg><font color=red/>", 300},  // breakout, then HTML rules
      {"<svg><font/>", 300},
      {"<svg><style><div>", 300},  // no raw text in foreign content
      {"<math><mi><div/>", 150},
      {"<select><option><optgroup>", 300},
      {"<!-- <div> --><i>", 300},
      {"<script><div></script><u>", 300},
      {"<textarea></textarea><s>", 300},
      {"<h1><h2><div>", 300},
      {"<table><caption><div>", 150},
      {"<button><p></button>", 300},
      {"<font size=%><center>", 300},
      {"<nobr><nobr><div>", 200},
      {"<a><a><div>", 200},
  };
  for (const Row& r : rows) {
    const std::string page = "<html><body>" + numbered(r.pattern, r.times);
    GumboOutput* out = gumbo_parse_with_options(&parse_options(), page.data(), page.size());
    std::size_t depth = tree_depth(out->document);
    gumbo_destroy_output(&parse_options(), out);
    EXPECT_GE(markup_depth_bound(page), depth) << r.pattern;
  }
}

TEST(Hostile, NestedTables150KB_AreRefusedWithoutGigabytes) {
  const std::string page = repeat("<table><tr><td>", 150 * 1024 / 15);
  long before = max_rss_kb();
  auto items = (*make_extractor("nknews"))->extract(page, "https://www.nknews.org/");
  ASSERT_FALSE(items);
  EXPECT_NE(items.error().message.find("deep"), std::string::npos);
  EXPECT_LT(max_rss_kb() - before, 200 * 1024) << "kB of peak memory added";
}

TEST(Hostile, ParseErrorFlood_KeepsFewErrorRecords_AndStillParsesToTheEnd) {
  // Deep but allowed nesting, then thousands of errors each copying the open-element stack.
  std::string page = repeat("<table><tr><td>", 100) + repeat("</x><tr></td>", 20000) +
                     "<h2><a href='https://www.nknews.org/2021/06/last/'>Last</a></h2>";
  auto doc = HtmlDocument::parse(page);
  ASSERT_TRUE(doc) << doc.error().message;
  EXPECT_LE(doc->error_count(), static_cast<std::size_t>(k_max_parse_errors));
  auto last = Selector::compile("a[href$='/last/']");
  EXPECT_NE(last->select_first(doc->root()), nullptr) << "parsing stops recording errors, not parsing";
}

TEST(Hostile, DescendantChainOnDeepNesting_TestsEachCompoundOncePerElement) {
  const std::size_t divs = 500;
  auto doc = HtmlDocument::parse("<section>" + repeat("<div>", divs) + "</section>");
  ASSERT_TRUE(doc);
  for (const char* text : {"section div div div", "section div div div div div div div div", "div > div div"}) {
    auto sel = Selector::compile(text);
    ASSERT_TRUE(sel);
    Selector::MatchStats stats;
    auto found = sel->select(doc->root(), &stats);
    EXPECT_GT(found.size(), divs - 10) << text;
    std::size_t parts = 1 + std::string_view(text).size() / 2;  // a generous count of the parts
    EXPECT_LE(stats.compound_tests, (divs + 8) * parts) << text;
  }
}

TEST(Hostile, ManyCopiesOfOneCardInOneParent_AreOneBlock) {
  const std::string card =
      "<div class=card><h3><a href='/2021/06/same/'>Same</a></h3><p>Summary</p><span>June 1, 2021</span></div>";
  const std::string pages[] = {
      "<html><body><div class=latest>" + repeat(card, 2000) + "</div></body></html>",
      // An other article after them makes the parent mixed: the copies are then siblings of one run.
      "<html><body><div class=latest>" + repeat(card, 2000) +
          "<div><h3><a href='/2021/06/other/'>Other</a></h3></div></div></body></html>",
  };
  for (const std::string& page : pages) {
    auto doc = HtmlDocument::parse(page);
    ASSERT_TRUE(doc);
    std::size_t page_nodes = 0, block_nodes = 0;
    walk_tree(
        doc->root(), [&](const GumboNode*) { return ++page_nodes, true; }, [](const GumboNode*) {});
    for (const ItemBlock& b : find_item_blocks(doc->root(), "https://www.nknews.org/", is_nknews_article))
      for_each_in_block(b.block, [&](const GumboNode*) { ++block_nodes; });
    // The cards are read once, not once per copy (2,000 times the page).
    EXPECT_LE(block_nodes, page_nodes);
  }
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
