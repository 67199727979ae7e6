// The Atom feed of matches: every element RFC 4287 requires, read back by libxml2; hostile titles
// escaped (and the characters XML 1.0 forbids dropped) so the document stays well-formed; marks as <b>
// in the HTML content; entry ids that depend on the item and watch only.

#include <gtest/gtest.h>

#include "alerts/atom_feed.h"
#include "tests/support/atom_xml.h"

namespace newswatch {
namespace {
namespace NEWSWATCH_FILE_ID {

using test::AtomXml;

Alert match(const std::string& title, const std::string& url, const std::string& watch = "envoy") {
  Alert a;
  a.watch = watch;
  a.notifier = "@feed";
  a.matched = {"North Korea", "Kurs*"};
  a.item.site = "nknews";
  a.item.url = url;
  a.item.key = url;
  a.item.title = title;
  a.item.summary = "A summary & more";
  a.item.published = "2025-08-13T09:12:40+09:00";
  a.created_at = 1755046360;  // 2025-08-13T00:52:40Z
  return a;
}

AtomFeedInfo info(const std::string& watch = "envoy") {
  AtomFeedInfo i;
  i.id = feed_id(watch);
  i.title = "newswatch: " + watch;
  i.self_url = "http://127.0.0.1:9187/feeds/" + watch + ".atom";
  i.watch = watch;
  i.now = 1755046400;
  return i;
}

TEST(AtomFeed, HasEveryRequiredElement) {
  AtomXml xml(atom_feed(info(), {match("Envoy visits Kursk", "https://example.org/a")}));
  ASSERT_TRUE(xml.ok());
  EXPECT_EQ(xml.one("/a:feed/a:id"), "urn:newswatch:feed:envoy");
  EXPECT_EQ(xml.one("/a:feed/a:title"), "newswatch: envoy");
  EXPECT_EQ(xml.one("/a:feed/a:updated"), "2025-08-13T00:52:40Z");
  EXPECT_EQ(xml.one("/a:feed/a:link[@rel='self']/@href"), "http://127.0.0.1:9187/feeds/envoy.atom");
  ASSERT_EQ(xml.all("/a:feed/a:entry").size(), 1u);
  const std::string e = "/a:feed/a:entry[1]/";
  EXPECT_TRUE(xml.one(e + "a:id").starts_with("urn:newswatch:match:")) << xml.one(e + "a:id");
  EXPECT_TRUE(xml.one(e + "a:id").ends_with(":envoy"));
  EXPECT_EQ(xml.one(e + "a:title"), "Envoy visits Kursk");
  EXPECT_EQ(xml.one(e + "a:updated"), "2025-08-13T00:52:40Z");
  EXPECT_EQ(xml.one(e + "a:published"), "2025-08-13T09:12:40+09:00");
  EXPECT_EQ(xml.one(e + "a:link[@rel='alternate']/@href"), "https://example.org/a");
  EXPECT_EQ(xml.one(e + "a:author/a:name"), "nknews");
  EXPECT_EQ(xml.all(e + "a:category[@scheme='urn:newswatch:term']/@term"),
            (std::vector<std::string>{"North Korea", "Kurs*"}));
  EXPECT_EQ(xml.one(e + "a:category[@scheme='urn:newswatch:watch']/@term"), "envoy");
  EXPECT_EQ(xml.one(e + "a:summary"), "A summary & more");
  EXPECT_EQ(xml.one(e + "a:content/@type"), "html");
}

TEST(AtomFeed, HostileTitle_IsEscapedAndForbiddenCharactersDropped) {
  std::string title = std::string("<script>alert(1)</script> & ]]> \x01\x08\x0b nul:") + '\0' + "end \xff\xfe bad";
  std::string text = atom_feed(info(), {match(title, "https://example.org/a?x=1&y=<2>")});
  AtomXml xml(text);
  ASSERT_TRUE(xml.ok()) << text;
  EXPECT_EQ(xml.one("/a:feed/a:entry/a:title"),
            "<script>alert(1)</script> & ]]>  nul:end \xEF\xBF\xBD\xEF\xBF\xBD bad");
  EXPECT_EQ(text.find("<script>"), std::string::npos) << "markup in a title is text, never markup";
  EXPECT_EQ(xml.one("/a:feed/a:entry/a:link/@href"), "https://example.org/a?x=1&y=<2>");
  // The HTML content escapes once more: the title never becomes a tag there either.
  EXPECT_EQ(xml.one("/a:feed/a:entry/a:content").find("<script>"), std::string::npos);
}

TEST(AtomFeed, SnippetMarksAreBoldInTheContent_AndItsTextIsTheSummary) {
  Alert a = match("Title", "https://example.org/a");
  a.snippet.text = "Envoy <met> Kim Yo Jong in Kursk";
  a.snippet.marks = {{12, 23}};
  AtomXml xml(atom_feed(info(), {a}));
  ASSERT_TRUE(xml.ok());
  EXPECT_EQ(xml.one("/a:feed/a:entry/a:summary"), "Envoy <met> Kim Yo Jong in Kursk");
  std::string html = xml.one("/a:feed/a:entry/a:content");
  EXPECT_NE(html.find("Envoy &lt;met&gt; <b>Kim Yo Jong</b> in Kursk"), std::string::npos) << html;
  EXPECT_NE(html.find("Matched: North Korea, Kurs*"), std::string::npos) << html;
  EXPECT_NE(html.find("<a href=\"https://example.org/a\">"), std::string::npos) << html;
}

TEST(AtomFeed, EntryIdsDependOnItemAndWatchOnly) {
  Alert first = match("Title", "https://example.org/a");
  Alert again = match("Edited title", "https://example.org/a");
  again.id = 99;
  again.created_at += 3600;
  again.delivery_id = "another";
  EXPECT_EQ(feed_entry_id(first), feed_entry_id(again));
  EXPECT_NE(feed_entry_id(first), feed_entry_id(match("Title", "https://example.org/b")));
  EXPECT_NE(feed_entry_id(first), feed_entry_id(match("Title", "https://example.org/a", "other")));
}

TEST(AtomFeed, EveryWatchFeed_NamesTheWatchInEachTitle_AndAnEmptyFeedIsValid) {
  AtomFeedInfo all = info("");
  all.id = feed_id("");
  AtomXml xml(atom_feed(all, {match("Title", "https://example.org/a", "plenum")}));
  ASSERT_TRUE(xml.ok());
  EXPECT_EQ(xml.one("/a:feed/a:id"), "urn:newswatch:feed:all");
  EXPECT_EQ(xml.one("/a:feed/a:entry/a:title"), "[plenum] Title");
  AtomXml empty(atom_feed(info(), {}));
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(empty.one("/a:feed/a:updated"), "2025-08-13T00:53:20Z");
  EXPECT_TRUE(empty.all("/a:feed/a:entry").empty());
}

TEST(AtomFeed, PublishedFallsBackToTheMatchTime_ForADateOnlyOrUnreadableDate) {
  Alert date_only = match("T", "https://example.org/a");
  date_only.item.published = "2025-08-12";
  Alert odd = match("T", "https://example.org/b");
  odd.item.published = "last Tuesday";
  AtomXml xml(atom_feed(info(), {date_only, odd}));
  ASSERT_TRUE(xml.ok());
  EXPECT_EQ(xml.all("/a:feed/a:entry/a:published"),
            (std::vector<std::string>{"2025-08-12T00:00:00Z", "2025-08-13T00:52:40Z"}));
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch
