#include "extractors/auto_jsonld.h"

#include <nlohmann/json.hpp>

#include "extractors/auto_urls.h"
#include "extractors/blocks.h"
#include "extractors/json_depth.h"
#include "extractors/url.h"

namespace newswatch {
namespace {

constexpr std::size_t k_max_script_bytes = 2 * 1024 * 1024;
constexpr int k_max_json_depth = 64;
constexpr std::size_t k_max_json_nodes = 200'000;

using Json = nlohmann::json;

// Nesting of brackets outside strings: refused past k_max_json_depth before parsing.
bool shallow_enough(std::string_view text) {
  return json_depth(text, k_max_json_depth) <= static_cast<std::size_t>(k_max_json_depth);
}

bool type_is(const Json& obj, std::initializer_list<std::string_view> names) {
  auto it = obj.find("@type");
  if (it == obj.end()) return false;
  auto one = [&](const Json& t) {
    if (!t.is_string()) return false;
    const auto& s = t.get_ref<const std::string&>();
    for (std::string_view n : names)
      if (s == n) return true;
    return false;
  };
  if (one(*it)) return true;
  if (it->is_array())
    for (const Json& t : *it)
      if (one(t)) return true;
  return false;
}

std::string string_at(const Json& obj, std::initializer_list<const char*> keys) {
  for (const char* k : keys) {
    auto it = obj.find(k);
    if (it == obj.end()) continue;
    if (it->is_string()) return clean_text(it->get_ref<const std::string&>());
    if (it->is_object()) {  // mainEntityOfPage: {"@id": url}
      std::string inner = string_at(*it, {"@id", "url"});
      if (!inner.empty()) return inner;
    }
  }
  return {};
}

std::vector<std::string> author_names(const Json& obj) {
  std::vector<std::string> out;
  auto it = obj.find("author");
  if (it == obj.end()) return out;
  auto add = [&](const Json& a) {
    std::string name = a.is_string()   ? clean_text(a.get_ref<const std::string&>())
                       : a.is_object() ? string_at(a, {"name"})
                                       : std::string();
    if (!name.empty()) out.push_back(std::move(name));
  };
  if (it->is_array())
    for (const Json& a : *it) add(a);
  else
    add(*it);
  return out;
}

class Collector {
 public:
  Collector(std::string_view page_url, const DateOptions& dates)
      : m_urls(page_url), m_resolver(page_url), m_dates(dates) {}

  void add(std::string_view link, std::string title, const std::string& date, std::string summary,
           std::vector<std::string> authors) {
    std::optional<ItemUrl> url = m_resolver.resolve(link);
    if (!url || title.empty() || m_urls.shape(url->key).score() == 0) return;
    Item item;
    item.url = std::move(url->link);
    item.key = std::move(url->key);
    item.title = std::move(title);
    item.summary = std::move(summary);
    item.authors = std::move(authors);
    if (!date.empty()) item.published = parse_date(date, m_dates);
    m_items.push_back(std::move(item));
  }
  std::vector<Item> take() { return merge_duplicates(std::move(m_items)); }

 private:
  ArticleUrls m_urls;
  UrlResolver m_resolver;
  const DateOptions& m_dates;
  std::vector<Item> m_items;
};

void add_article(const Json& obj, Collector& out) {
  out.add(string_at(obj, {"url", "mainEntityOfPage", "@id"}), string_at(obj, {"headline", "name"}),
          string_at(obj, {"datePublished", "dateCreated"}), string_at(obj, {"description"}), author_names(obj));
}

void add_list_element(const Json& element, Collector& out) {
  if (!element.is_object()) return;
  auto item = element.find("item");
  if (item != element.end() && item->is_object()) {
    Json merged = *item;
    if (!merged.contains("name") && element.contains("name")) merged["name"] = element["name"];
    return add_article(merged, out);
  }
  std::string url = item != element.end() && item->is_string() ? item->get<std::string>() : string_at(element, {"url"});
  out.add(url, string_at(element, {"name", "headline"}), {}, {}, {});
}

bool is_article_object(const Json& obj) {
  return type_is(obj, {"NewsArticle", "Article", "BlogPosting", "ReportageNews", "AnalysisNewsArticle",
                       "OpinionNewsArticle", "Report"});
}

// Every object of the document, iteratively: articles and ItemLists anywhere (@graph, arrays, mainEntity).
void collect(const Json& root, Collector& out) {
  std::vector<const Json*> stack{&root};
  std::size_t seen = 0;
  while (!stack.empty() && ++seen < k_max_json_nodes) {
    const Json* j = stack.back();
    stack.pop_back();
    if (j->is_object()) {
      if (type_is(*j, {"ItemList"})) {
        if (auto list = j->find("itemListElement"); list != j->end() && list->is_array())
          for (const Json& e : *list) add_list_element(e, out);
        continue;
      }
      if (is_article_object(*j)) add_article(*j, out);
    }
    if (j->is_structured())  // reversed, so the stack pops them in document order
      for (auto it = j->rbegin(); it != j->rend(); ++it)
        if (it->is_structured()) stack.push_back(&*it);
  }
}

bool is_ld_json(const GumboNode* n) {
  const char* type = attribute(n, "type");
  return tag(n) == GUMBO_TAG_SCRIPT && type && std::string_view(type).find("ld+json") != std::string_view::npos;
}

std::string script_text(const GumboNode* script) {
  std::string out;
  const GumboVector* kids = children(script);
  for (unsigned i = 0; kids && i < kids->length; ++i) {
    const auto* k = static_cast<const GumboNode*>(kids->data[i]);
    if (k->type == GUMBO_NODE_TEXT || k->type == GUMBO_NODE_CDATA) out += k->v.text.text;
  }
  return out;
}

// Microdata: the value of an itemprop element (content, datetime, href, else its text).
std::string prop_value(const GumboNode* n) {
  for (const char* a : {"content", "datetime", "href"})
    if (const char* v = attribute(n, a)) return clean_text(v);
  return text(n);
}

bool is_article_scope(const GumboNode* n) {
  const char* type = attribute(n, "itemtype");
  if (!type || !attribute(n, "itemscope")) return false;
  std::string_view t(type);
  return t.ends_with("Article") || t.ends_with("BlogPosting") || t.ends_with("ReportageNews");
}

// One microdata article: its own props, not those of scopes nested in it (an author's name).
void add_microdata(const GumboNode* scope, Collector& out) {
  std::string title, url, date, summary, first_link;
  std::vector<std::string> authors;
  walk_tree(
      scope,
      [&](const GumboNode* n) {
        if (!is_element(n)) return false;
        const char* prop = attribute(n, "itemprop");
        std::string_view p = prop ? prop : "";
        if (n != scope && attribute(n, "itemscope")) {
          if (p == "author") authors.push_back(text(n));
          return false;
        }
        if (first_link.empty() && tag(n) == GUMBO_TAG_A && attribute(n, "href")) first_link = attribute(n, "href");
        if ((p == "headline" || p == "name") && title.empty()) title = prop_value(n);
        if (p == "url" && url.empty()) url = prop_value(n);
        if (p == "datePublished" && date.empty()) date = prop_value(n);
        if (p == "description" && summary.empty()) summary = prop_value(n);
        if (p == "author") authors.push_back(text(n));
        return true;
      },
      [](const GumboNode*) {});
  std::erase(authors, std::string());
  out.add(url.empty() ? first_link : url, std::move(title), date, std::move(summary), std::move(authors));
}

/// The parsed JSON-LD of every script under `root` that is small and shallow enough, in document order.
template <class Visit>
void for_each_json_ld(const GumboNode* root, Visit&& visit) {
  walk_tree(
      root,
      [&](const GumboNode* n) {
        if (!is_element(n) && n->type != GUMBO_NODE_DOCUMENT) return false;
        if (!is_ld_json(n)) return true;
        std::string body = script_text(n);
        if (body.size() <= k_max_script_bytes && shallow_enough(body)) {
          Json j = Json::parse(body, nullptr, false);
          if (!j.is_discarded()) visit(j);
        }
        return false;
      },
      [](const GumboNode*) {});
}

/// The articleBody of the first article object in `root` that has one, as written ("" when none).
std::string article_body_in(const Json& root) {
  std::vector<const Json*> stack{&root};
  for (std::size_t seen = 0; !stack.empty() && ++seen < k_max_json_nodes;) {
    const Json* j = stack.back();
    stack.pop_back();
    if (j->is_object() && is_article_object(*j)) {
      auto body = j->find("articleBody");
      if (body != j->end() && body->is_string() && !body->get_ref<const std::string&>().empty())
        return body->get<std::string>();
    }
    if (j->is_structured())  // reversed, so the stack pops them in document order
      for (auto it = j->rbegin(); it != j->rend(); ++it)
        if (it->is_structured()) stack.push_back(&*it);
  }
  return {};
}

}  // namespace

std::string json_ld_article_body(const HtmlDocument& doc) {
  std::string found;
  for_each_json_ld(doc.root(), [&found](const Json& j) {
    if (found.empty()) found = article_body_in(j);
  });
  return found;
}

StructuredListing structured_listing(const HtmlDocument& doc, std::string_view page_url, const DateOptions& dates) {
  Collector ld(page_url, dates), micro(page_url, dates);
  for_each_json_ld(doc.root(), [&ld](const Json& j) { collect(j, ld); });
  walk_tree(
      doc.root(),
      [&](const GumboNode* n) {
        if (!is_element(n) && n->type != GUMBO_NODE_DOCUMENT) return false;
        if (is_ld_json(n)) return false;
        if (is_article_scope(n)) add_microdata(n, micro);
        return true;
      },
      [](const GumboNode*) {});
  if (std::vector<Item> items = ld.take(); !items.empty()) return {"json-ld", std::move(items)};
  return {"microdata", micro.take()};
}

}  // namespace newswatch
