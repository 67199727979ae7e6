#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "alerts/delivery.h"
#include "alerts/normalize.h"

namespace newswatch {
namespace {
namespace NEWSWATCH_FILE_ID {

using Json = nlohmann::ordered_json;

Alert sample_alert() {
  Alert alert;
  alert.id = 42;
  alert.delivery_id = "0b7c6f1e-5d2a-4c3b-9e8f-1a2b3c4d5e6f";
  alert.watch = "russia-military";
  alert.notifier = "ops-webhook";
  alert.matched = {"North Korea", "Kursk"};
  alert.item.site = "nknews";
  alert.item.url = "https://www.nknews.org/2025/08/russia-praises/";
  alert.item.title = "Russia Praises North Korea for Role in Kursk";
  alert.item.summary = "Gerasimov\u2019s thanks";
  alert.item.authors = {"Colin Zwirko"};
  alert.item.published = "2025-08-13T14:42:00+09:00";
  alert.item.tags = {"NK PRO"};
  alert.story_id = "story-9";
  alert.story_sources = {"nknews", "nkjournal"};
  return alert;
}

NotifierConfig notifier(WebhookFormat format, std::string secret = "") {
  NotifierConfig n;
  n.name = "ops-webhook";
  n.url = "https://hooks.example.org/newswatch";
  n.format = format;
  n.secret = std::move(secret);
  return n;
}

std::vector<std::string> keys(const Json& object) {
  std::vector<std::string> out;
  for (const auto& [key, value] : object.items()) out.push_back(key);
  return out;
}

struct HmacCase {
  const char* name;
  std::string key;
  std::string data;
  const char* hex;
};

// Test names carry the row name; this keeps ctest's listing readable too.
void PrintTo(const HmacCase& c, std::ostream* os) {
  *os << c.name;
}

const HmacCase k_hmac_cases[] = {
    {"rfc4231_case1", std::string(20, '\x0b'), "Hi There",
     "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"},
    {"rfc4231_case2", "Jefe", "what do ya want for nothing?",
     "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"},
};

class HmacTest : public testing::TestWithParam<HmacCase> {};

TEST_P(HmacTest, MatchesRfc4231Vector) {
  EXPECT_EQ(hmac_sha256_hex(GetParam().key, GetParam().data), GetParam().hex);
}

INSTANTIATE_TEST_SUITE_P(Webhook, HmacTest, testing::ValuesIn(k_hmac_cases),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(Webhook, JsonFormat_BodyIsTheContractExactly) {
  auto request = build_webhook(notifier(WebhookFormat::json), sample_alert(), "0.1.0");
  EXPECT_EQ(request.url, "https://hooks.example.org/newswatch");
  EXPECT_EQ(
      request.body,
      "{\"event\":\"item.matched\",\"delivery\":\"0b7c6f1e-5d2a-4c3b-9e8f-1a2b3c4d5e6f\",\"watch\":\"russia-military\","
      "\"matched\":[\"North Korea\",\"Kursk\"],"
      "\"item\":{\"site\":\"nknews\",\"url\":\"https://www.nknews.org/2025/08/russia-praises/\","
      "\"title\":\"Russia Praises North Korea for Role in Kursk\",\"summary\":\"Gerasimov\u2019s thanks\","
      "\"authors\":[\"Colin Zwirko\"],\"published\":\"2025-08-13T14:42:00+09:00\",\"tags\":[\"NK PRO\"]},"
      "\"story\":{\"id\":\"story-9\",\"sources\":[\"nknews\",\"nkjournal\"]}}");
}

TEST(Webhook, WithSecret_HeadersIncludeSignatureOfTheBody) {
  auto request = build_webhook(notifier(WebhookFormat::json, "topsecret"), sample_alert(), "0.1.0");
  // Computed independently: python3 hmac.new(b"topsecret", body, sha256).
  EXPECT_EQ(request.headers,
            (std::vector<std::string>{
                "Content-Type: application/json", "User-Agent: newswatch/0.1.0", "X-Newswatch-Event: item.matched",
                "X-Newswatch-Delivery: 0b7c6f1e-5d2a-4c3b-9e8f-1a2b3c4d5e6f",
                "X-Newswatch-Signature: sha256=6be26daa75236743c173023a01cd00116504b7e30b1adb6f2bc37c60e096ce22"}));
}

TEST(Webhook, WithoutSecret_NoSignatureHeader) {
  auto request = build_webhook(notifier(WebhookFormat::json), sample_alert(), "0.1.0");
  EXPECT_EQ(request.headers, (std::vector<std::string>{"Content-Type: application/json", "User-Agent: newswatch/0.1.0",
                                                       "X-Newswatch-Event: item.matched",
                                                       "X-Newswatch-Delivery: 0b7c6f1e-5d2a-4c3b-9e8f-1a2b3c4d5e6f"}));
}

TEST(Webhook, EveryFormat_SignsItsOwnBody) {
  for (auto format : {WebhookFormat::slack, WebhookFormat::discord}) {
    auto request = build_webhook(notifier(format, "k"), sample_alert(), "0.1.0");
    ASSERT_EQ(request.headers.size(), 5u);
    EXPECT_EQ(request.headers[4], "X-Newswatch-Signature: sha256=" + hmac_sha256_hex("k", request.body));
  }
}

TEST(Webhook, NullPublished_IsJsonNull) {
  Alert alert = sample_alert();
  alert.item.published.reset();
  auto body = Json::parse(build_webhook(notifier(WebhookFormat::json), alert, "0.1.0").body);
  EXPECT_TRUE(body["item"]["published"].is_null());
}

TEST(Webhook, SlackFormat_TextAndBlocksWithEscapedLink) {
  Alert alert = sample_alert();
  alert.item.title = "Russia & North Korea <sign> pact";
  auto body = Json::parse(build_webhook(notifier(WebhookFormat::slack), alert, "0.1.0").body);
  EXPECT_EQ(keys(body), (std::vector<std::string>{"text", "blocks"}));
  EXPECT_EQ(body["text"],
            "[russia-military] Russia &amp; North Korea &lt;sign&gt; pact "
            "https://www.nknews.org/2025/08/russia-praises/");
  ASSERT_EQ(body["blocks"].size(), 2u);
  EXPECT_EQ(body["blocks"][0]["type"], "section");
  EXPECT_EQ(body["blocks"][0]["text"]["type"], "mrkdwn");
  EXPECT_EQ(body["blocks"][0]["text"]["text"],
            "*<https://www.nknews.org/2025/08/russia-praises/|Russia &amp; North Korea &lt;sign&gt; pact>*\n"
            "Gerasimov\u2019s thanks");
  EXPECT_EQ(body["blocks"][1]["type"], "context");
  EXPECT_EQ(body["blocks"][1]["elements"][0]["type"], "mrkdwn");
  EXPECT_EQ(body["blocks"][1]["elements"][0]["text"],
            "nknews \u00b7 watch russia-military \u00b7 matched: North Korea, Kursk \u00b7 2025-08-13T14:42:00+09:00");
}

TEST(Webhook, SlackFormat_LongSummaryCutToSectionLimit) {
  Alert alert = sample_alert();
  alert.item.summary = std::string(4000, '&');  // escapes grow it five-fold
  auto body = Json::parse(build_webhook(notifier(WebhookFormat::slack), alert, "0.1.0").body);
  std::string section = body["blocks"][0]["text"]["text"];
  EXPECT_LE(utf16_length(section), 3000u);
  EXPECT_TRUE(section.ends_with("&amp;\u2026")) << section.substr(section.size() - 20);
}

TEST(Webhook, DiscordFormat_ContentAndEmbed) {
  auto body = Json::parse(build_webhook(notifier(WebhookFormat::discord), sample_alert(), "0.1.0").body);
  EXPECT_EQ(keys(body), (std::vector<std::string>{"content", "embeds"}));
  EXPECT_EQ(body["content"], "[russia-military] Russia Praises North Korea for Role in Kursk");
  ASSERT_EQ(body["embeds"].size(), 1u);
  const Json& embed = body["embeds"][0];
  EXPECT_EQ(keys(embed), (std::vector<std::string>{"title", "url", "description", "fields", "footer", "timestamp"}));
  EXPECT_EQ(embed["url"], "https://www.nknews.org/2025/08/russia-praises/");
  EXPECT_EQ(embed["description"], "Gerasimov\u2019s thanks");
  EXPECT_EQ(embed["timestamp"], "2025-08-13T14:42:00+09:00");
  EXPECT_EQ(embed["fields"][0], (Json{{"name", "Site"}, {"value", "nknews"}, {"inline", true}}));
  EXPECT_EQ(embed["fields"][1], (Json{{"name", "Matched"}, {"value", "North Korea, Kursk"}, {"inline", true}}));
  EXPECT_EQ(embed["footer"]["text"], "newswatch \u00b7 russia-military");
}

TEST(Webhook, DiscordFormat_DateOnlyIsAFieldNotATimestamp) {
  Alert alert = sample_alert();
  alert.item.published = "2021-06-18";
  alert.item.site = "";
  auto body = Json::parse(build_webhook(notifier(WebhookFormat::discord), alert, "0.1.0").body);
  const Json& embed = body["embeds"][0];
  EXPECT_FALSE(embed.contains("timestamp"));
  ASSERT_EQ(embed["fields"].size(), 2u);  // no empty Site field: Discord rejects empty values
  EXPECT_EQ(embed["fields"][0]["name"], "Matched");
  EXPECT_EQ(embed["fields"][1], (Json{{"name", "Published"}, {"value", "2021-06-18"}, {"inline", true}}));
}

TEST(Webhook, DiscordFormat_TextsCutToDiscordLimits) {
  Alert alert = sample_alert();
  std::string hangul;
  for (int i = 0; i < 2500; ++i) hangul += "\ubd81";
  alert.item.title = hangul;
  alert.item.summary = hangul + hangul;
  auto body = Json::parse(build_webhook(notifier(WebhookFormat::discord), alert, "0.1.0").body);
  std::string content = body["content"], title = body["embeds"][0]["title"],
              description = body["embeds"][0]["description"];
  EXPECT_EQ(utf16_length(content), 2000u);
  EXPECT_EQ(utf16_length(title), 256u);
  EXPECT_EQ(utf16_length(description), 4096u);
  for (const auto& text : {content, title, description}) EXPECT_TRUE(text.ends_with("\ubd81\u2026"));
}

Alert flood_alert() {
  Alert alert = sample_alert();
  alert.also_count = 24;
  alert.also = {{"Second Kursk story", "https://www.nknews.org/2025/08/second/"},
                {"Third Kursk story", "https://www.nknews.org/2025/08/third/"}};
  return alert;
}

TEST(WebhookFlood, JsonSummary_CarriesTheCountAndTheOtherItems) {
  auto body = Json::parse(build_webhook(notifier(WebhookFormat::json), flood_alert(), "0.1.0").body);
  EXPECT_EQ(body["also"]["count"], 24);
  ASSERT_EQ(body["also"]["items"].size(), 2u);
  EXPECT_EQ(body["also"]["items"][1]["url"], "https://www.nknews.org/2025/08/third/");
  auto plain = Json::parse(build_webhook(notifier(WebhookFormat::json), sample_alert(), "0.1.0").body);
  EXPECT_FALSE(plain.contains("also")) << "an ordinary alert has no summary part";
}

TEST(WebhookFlood, SlackAndDiscordSummaries_SayHowManyMoreMatched) {
  auto slack = build_webhook(notifier(WebhookFormat::slack), flood_alert(), "0.1.0").body;
  EXPECT_NE(slack.find("and 24 more new items matched this watch in one crawl of nknews"), std::string::npos) << slack;
  EXPECT_NE(slack.find("<https://www.nknews.org/2025/08/second/|Second Kursk story>"), std::string::npos) << slack;
  auto discord = build_webhook(notifier(WebhookFormat::discord), flood_alert(), "0.1.0").body;
  EXPECT_NE(discord.find("and 24 more new items"), std::string::npos) << discord;
  EXPECT_NE(discord.find("Third Kursk story"), std::string::npos) << discord;
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch
