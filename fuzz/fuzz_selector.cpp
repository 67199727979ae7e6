// The CSS selector parser on arbitrary text; a selector that compiles is then
// matched against a small fixed listing page (select, select_first, matches).

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "extractors/html.h"
#include "extractors/selector.h"

namespace {

const newswatch::HtmlDocument& page() {
  static const newswatch::HtmlDocument doc =
      *newswatch::HtmlDocument::parse(R"(<!doctype html><html><head><title>News</title></head><body>
<div id="main" class="listing wide"><article class="story first" data-id="1">
<h2><a href="/2025/08/one/" title="one two">One</a></h2><p class="excerpt">Text <b>bold</b></p>
<span class="byline">A | B</span><time datetime="2025-08-13">Aug 13</time><ul class="tags"><li>x</li><li>y</li></ul>
</article><article class="story"><div><div><h3><a href="https://example.org/two">Two</a></h3></div></div>
<p lang="en-US">Second</p></article></div><footer><a href="#top">top</a></footer></body></html>)");
  return doc;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto selector = newswatch::Selector::compile(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!selector) return 0;
  const GumboNode* root = page().root();
  auto all = selector->select(root);
  const GumboNode* first = selector->select_first(root);
  if (all.empty() != (first == nullptr)) std::abort();  // the two must agree
  if (first && first != all.front()) std::abort();
  for (const GumboNode* node : all)
    if (!selector->matches(node, root)) std::abort();
  return 0;
}
