// The parse arena under a document: a page parsed through it reads as one parsed with malloc, every
// allocation is aligned and distinct, the most recent one can be given back, and the memory a page takes
// stays a bounded multiple of its bytes.

#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "extractors/html.h"
#include "extractors/parse_arena.h"
#include "tests/support/files.h"

using namespace newswatch;

namespace {
namespace NEWSWATCH_FILE_ID {

const std::string& homepage() {
  static const std::string page = test::read_file(test::fixture_path("nknews/homepage-2020-05-29.html"));
  return page;
}

// The text of the whole page, through Gumbo with its default malloc.
std::string text_with_malloc(const std::string& page) {
  GumboOutput* out = gumbo_parse_with_options(&parse_options(), page.data(), page.size());
  std::string t = text(out->document);
  gumbo_destroy_output(&parse_options(), out);
  return t;
}

TEST(ParseArena, PageParsedThroughTheArena_ReadsAsWithMalloc) {
  auto doc = HtmlDocument::parse(homepage());
  ASSERT_TRUE(doc);
  std::string arena_text = text(doc->root());
  EXPECT_GT(arena_text.size(), 1000u);
  EXPECT_EQ(arena_text, text_with_malloc(homepage()));
}

TEST(ParseArena, Allocations_AreAlignedDistinctAndWritable_PastTheFirstChunk) {
  ParseArena arena(0);
  std::vector<unsigned char*> blocks;
  for (std::size_t i = 0; i < 2000; ++i) {  // 2000 x ~100 bytes, then blocks larger than a chunk
    std::size_t size = i < 1990 ? 1 + i % 200 : 300000;
    auto* p = static_cast<unsigned char*>(arena.allocate(size));
    ASSERT_EQ(reinterpret_cast<std::uintptr_t>(p) % alignof(std::max_align_t), 0u);
    std::memset(p, static_cast<int>(i & 0xFF), size);
    blocks.push_back(p);
  }
  for (std::size_t i = 0; i < blocks.size(); ++i)  // nothing written later overlapped an earlier block
    EXPECT_EQ(blocks[i][0], static_cast<unsigned char>(i & 0xFF)) << "block " << i;
}

TEST(ParseArena, ReleasingTheLatestAllocation_ReusesItsMemory_AnOlderOneWaits) {
  ParseArena arena(0);
  void* older = arena.allocate(64);
  void* latest = arena.allocate(64);
  arena.release(latest);
  EXPECT_EQ(arena.allocate(32), latest);
  arena.release(older);  // not the latest: kept until the arena ends
  EXPECT_NE(arena.allocate(16), older);
}

TEST(ParseArena, MemoryOfAPage_IsABoundedMultipleOfItsBytes) {
  // The real homepage (24x its bytes) and a 4 MB page of one repeated card (12x): what Gumbo frees while parsing stays
  // in the arena until the document ends, so this bounds that waste against the page size.
  std::string cards;
  while (cards.size() < (4u << 20))
    cards +=
        "<div class=\"card\"><h3><a href=\"/2021/06/story/\">A headline about the peninsula</a></h3>"
        "<p class=\"news-summary\">A summary of the story, long enough to look like one.</p></div>";
  for (const std::string* page : {&homepage(), static_cast<const std::string*>(&cards)}) {
    ParseArena arena(page->size());
    const GumboOptions options = arena.options(parse_options());
    GumboOutput* out = gumbo_parse_with_options(&options, page->data(), page->size());
    ASSERT_NE(out, nullptr);
    EXPECT_LT(arena.reserved(), 32 * page->size()) << "page of " << page->size() << " bytes";
  }
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
