#pragma once
// Cards and card groups: the structural half of the auto extractor.
//
// 1. Cards. find_item_blocks() (blocks.h) with "looks like an article of this
//    site" (auto_urls.h) as the predicate gives every title link outside
//    navigation with its block; a card is that block's first element (the
//    largest ancestor of the link holding only that article).
// 2. Groups. A listing repeats one card shape under one container, sometimes in
//    several rows: cards are grouped by (their container's parent, the
//    container's tag and classes, the card's tag). Classes with digits and
//    position flags (first, last, odd, even, active) are ignored, so a
//    "post-123" or "first" card stays in its group. One hash lookup per card.
// 3. Scores. Each card gets a quality from what it shows: a headline of 4 to 40
//    words (2), in a heading (1), a date (1), a summary (0.5), and how sure its
//    URL shape is (0.5 per sign: date, id, long slug). A group's score is the
//    MEDIAN card quality times log2(1 + cards), times its place: inside <main>
//    or a main/content container x1.25; in an aside or sidebar x0.4, a page
//    header x0.5, a footer x0.2, a "most read"/"popular"/"trending"/"related"
//    rail (by class, id or the heading above it) x0.2. The median and the
//    logarithm are why a few cards more or less do not change the winner.
// 4. Which groups are the listing. The best-scoring group is the main listing.
//    Every other group is kept too when, judged on its own cards only, it is a
//    real article group: not a rail, not in a footer, aside or page header, a
//    median quality of at least 2.5 (4 to 40 word headlines on article URLs),
//    and two cards or more (one card only when its headline is an h1 or h2: a
//    homepage's lead story). A group's verdict never depends on the other
//    groups, so a change of a few cards elsewhere cannot add or drop it.

#include <string>
#include <vector>

#include "config/item.h"
#include "extractors/auto_urls.h"
#include "extractors/blocks.h"
#include "extractors/dates.h"
#include "extractors/html.h"

namespace newswatch {

/// One card: a title link with its block, the item it shows and how good a card it is.
struct Card {
  ItemBlock block;
  const GumboNode* root = nullptr;  ///< the card element (first element of the block)
  UrlShape shape;
  Item item;
  std::size_t words = 0;  ///< headline length in words (CJK: two characters a word)
  bool heading = false;   ///< the headline is (in) an h1-h6
  double quality = 0;
};

/// Cards repeated at one place of the page, and what the scoring made of them.
struct CardGroup {
  std::vector<std::size_t> cards;            ///< indexes into CardAnalysis::cards, page order
  std::vector<const GumboNode*> containers;  ///< the distinct parents of the cards (rows)
  std::string signature;                     ///< DOM path of the cards, e.g. "main > div.latest > ul > li"
  double median_quality = 0, score = 0;
  std::size_t median_words = 0, dated = 0, summarised = 0, headings = 0;
  std::size_t url_dated = 0, url_ids = 0, url_slugs = 0;
  bool in_main = false, in_aside = false, in_header = false, in_footer = false;
  std::string rail;     ///< why it is a rail ("heading \"Most read\"", "class popular"), or empty
  bool kept = false;    ///< its items are part of the listing
  std::string verdict;  ///< why kept or left out
};

/// Every card and group of a page, groups in page order of their first card.
struct CardAnalysis {
  std::vector<Card> cards;
  std::vector<CardGroup> groups;
  int best = -1;  ///< index of the main listing's group, -1 when the page has no card
};

/// Finds, groups and scores the cards of `doc` (see the file comment).
CardAnalysis analyse_cards(const HtmlDocument& doc, std::string_view page_url, const DateOptions& dates);

/// The items of the kept groups, in page order, each article once.
std::vector<Item> listing_items(const CardAnalysis& analysis);

/// "tag.class1.class2" of an element: its classes sorted, without digits or position flags.
std::string element_signature(const GumboNode* node);

}  // namespace newswatch
