// The snippet in the webhook formats and mail: the JSON payload carries its
// text, byte-offset marks and source; Slack bolds with *, Discord with **,
// mail with ** (it is plain text); and an alert whose article could not be
// fetched says so in every one of them.

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "alerts/delivery.h"

namespace newswatch {
namespace {
namespace NEWSWATCH_FILE_ID {

using Json = nlohmann::ordered_json;

const std::string k_note = "(article text unavailable; matched on title and summary)";

Alert snippet_alert() {
  Alert alert;
  alert.delivery_id = "0b7c6f1e-5d2a-4c3b-9e8f-1a2b3c4d5e6f";
  alert.watch = "nk";
  alert.matched = {"North Korea"};
  alert.item.site = "joongang-nk";
  alert.item.url = "https://example.org/a";
  alert.item.title = "Title";
  alert.item.summary = "Summary.";
  alert.snippet.text = "북한은 on Monday said *nothing*.";  // an asterisk of its own
  alert.snippet.marks = {{0, 6}};                           // "북한": two 3-byte characters
  alert.snippet.from_body = true;
  return alert;
}

NotifierConfig mail_notifier() {
  NotifierConfig mail;
  mail.name = "mail";
  mail.type = NotifierType::email;
  mail.from = "nw@example.org";
  mail.to = {"a@example.org"};
  return mail;
}

NotifierConfig hook(WebhookFormat format) {
  NotifierConfig n;
  n.name = "hook";
  n.url = "https://hooks.example.org/x";
  n.format = format;
  return n;
}

TEST(SnippetFormats, JsonPayload_CarriesTextByteOffsetMarksAndSource) {
  Json body = Json::parse(build_webhook(hook(WebhookFormat::json), snippet_alert(), "0.1.0").body);
  EXPECT_EQ(body["snippet"], (Json{{"text", "북한은 on Monday said *nothing*."},
                                   {"marks", Json::array({Json::array({0, 6})})},
                                   {"from", "body"}}));
  EXPECT_FALSE(body.contains("body_unavailable"));
}

TEST(SnippetFormats, JsonPayload_WithoutSnippet_HasNoSnippetKey_AndSaysWhenTheBodyWasUnavailable) {
  Alert alert = snippet_alert();
  alert.snippet = {};
  alert.body_unavailable = true;
  Json body = Json::parse(build_webhook(hook(WebhookFormat::json), alert, "0.1.0").body);
  EXPECT_FALSE(body.contains("snippet"));
  EXPECT_EQ(body["body_unavailable"], true);
}

TEST(SnippetFormats, Slack_BoldsMarksWithOneAsterisk_InsteadOfTheSummary) {
  Json body = Json::parse(build_webhook(hook(WebhookFormat::slack), snippet_alert(), "0.1.0").body);
  EXPECT_EQ(body["blocks"][0]["text"]["text"], "*<https://example.org/a|Title>*\n*북한*은 on Monday said *nothing*.");
}

TEST(SnippetFormats, Discord_BoldsMarksWithTwoAsterisks_EscapingTheSnippetsOwn) {
  Json body = Json::parse(build_webhook(hook(WebhookFormat::discord), snippet_alert(), "0.1.0").body);
  EXPECT_EQ(body["embeds"][0]["description"], "**북한**은 on Monday said \\*nothing\\*.");
}

TEST(SnippetFormats, BodyUnavailable_SlackAndDiscordSaySo) {
  Alert alert = snippet_alert();
  alert.snippet = {};
  alert.body_unavailable = true;
  Json slack = Json::parse(build_webhook(hook(WebhookFormat::slack), alert, "0.1.0").body);
  EXPECT_EQ(slack["blocks"][0]["text"]["text"], "*<https://example.org/a|Title>*\nSummary.\n_" + k_note + "_");
  Json discord = Json::parse(build_webhook(hook(WebhookFormat::discord), alert, "0.1.0").body);
  EXPECT_EQ(discord["embeds"][0]["description"], "Summary.\n*" + k_note + "*");
}

TEST(SnippetFormats, Mail_ShowsTheMatchWithDoubleAsterisks_AndTheNote) {
  const NotifierConfig mail = mail_notifier();
  Alert alert = snippet_alert();
  alert.snippet.text = "Kim said so.";
  alert.snippet.marks = {{0, 3}};
  alert.body_unavailable = true;  // (both at once cannot happen; each line is checked on its own)
  const std::string message = build_email(mail, {alert}, 1'700'000'000);
  EXPECT_NE(message.find("\r\nMatch: **Kim** said so.\r\n"), std::string::npos) << message;
  EXPECT_NE(message.find("\r\n" + k_note + "\r\n"), std::string::npos) << message;
}

TEST(SnippetFormats, Mail_WithASnippet_HasAnHtmlPartWithTheMatchInBold_AndEscapesThePage) {
  const NotifierConfig mail = mail_notifier();
  Alert alert = snippet_alert();
  alert.snippet.text = "Kim said so.";
  alert.snippet.marks = {{0, 3}};
  alert.item.title = "<script>alert(1)</script> & more";
  alert.item.url = "javascript:alert(1)";
  const std::string message = build_email(mail, {alert}, 1'700'000'000);
  EXPECT_NE(message.find("Content-Type: multipart/alternative; boundary=\"=_newswatch_alternative\""),
            std::string::npos)
      << message;
  const std::size_t html = message.find("Content-Type: text/html; charset=UTF-8");
  ASSERT_NE(html, std::string::npos) << message;
  EXPECT_LT(message.find("Content-Type: text/plain; charset=UTF-8"), html) << "plain first: the fallback";
  EXPECT_NE(message.find("<blockquote><b>Kim</b> said so.</blockquote>", html), std::string::npos) << message;
  EXPECT_NE(message.find("&lt;script&gt;", html), std::string::npos) << message;
  EXPECT_EQ(message.find("<script>", html), std::string::npos) << message;
  EXPECT_EQ(message.find("href=3D\"javascript", html), std::string::npos) << "only http(s) links are clickable";
  EXPECT_TRUE(message.ends_with("--=_newswatch_alternative--\r\n")) << message;
}

TEST(SnippetFormats, Mail_WithoutASnippet_StaysOnePlainTextPart) {
  const NotifierConfig mail = mail_notifier();
  Alert alert = snippet_alert();
  alert.snippet = {};
  const std::string message = build_email(mail, {alert}, 1'700'000'000);
  EXPECT_NE(message.find("Content-Type: text/plain; charset=UTF-8\r\n"), std::string::npos) << message;
  EXPECT_EQ(message.find("multipart"), std::string::npos) << message;
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch
