// The chat and push services' requests, built from one alert and checked
// against what each API documents: method, URL, headers, JSON fields; the
// length limits (Telegram's 4096), escaping of hostile titles, and the waits
// a service asks for in its answer's body.

#include "alerts/notify_channels.h"

#include <openssl/evp.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "alerts/normalize.h"
#include "alerts/send_request.h"

namespace newswatch {
namespace {
namespace NEWSWATCH_FILE_ID {

using Json = nlohmann::json;

Alert sample_alert() {
  Alert alert;
  alert.delivery_id = "0b7c6f1e-5d2a-4c3b-9e8f-1a2b3c4d5e6f";
  alert.watch = "leadership";
  alert.matched = {"Kim Yo Jong"};
  alert.item.site = "nknews";
  alert.item.url = "https://www.nknews.org/2025/08/kim-yo-jong/";
  alert.item.title = "Kim Yo Jong warns Seoul";
  alert.item.summary = "A statement on Tuesday.";
  alert.item.published = "2025-08-13T14:42:00+09:00";
  alert.snippet.text = "In the fourth paragraph, Kim Yo Jong said the drills must stop.";
  const std::size_t kim = alert.snippet.text.find("Kim Yo Jong");
  alert.snippet.marks = {{kim, kim + 11}};
  alert.snippet.from_body = true;
  return alert;
}

NotifierConfig notifier(NotifierType type) {
  NotifierConfig n;
  n.name = "chan";
  n.type = type;
  return n;
}

std::string header(const WebhookRequest& request, std::string_view name) {
  for (const std::string& line : request.headers)
    if (line.size() > name.size() + 1 && line.compare(0, name.size(), name) == 0 && line[name.size()] == ':')
      return line.substr(name.size() + 2);
  return "<absent>";
}

std::string base64_decode(std::string_view text) {
  std::string out(text.size(), '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(text.size()));
  out.resize(static_cast<std::size_t>(n));
  while (!text.empty() && text.back() == '=') out.pop_back(), text.remove_suffix(1);
  return out;
}

/// Decodes a header of RFC 2047 encoded-words ("=?UTF-8?B?...?= =?UTF-8?B?...?=").
std::string decode_words(std::string_view value) {
  std::string out;
  for (std::size_t at = value.find("=?UTF-8?B?"); at != std::string_view::npos; at = value.find("=?UTF-8?B?", at + 1)) {
    const std::size_t start = at + 10, end = value.find("?=", start);
    out += base64_decode(value.substr(start, end - start));
  }
  return out;
}

TEST(Ntfy, PostsThePlainMessageToTheTopic_WithTitleTagsClickPriority) {
  NotifierConfig n = notifier(NotifierType::ntfy);
  n.url = "https://ntfy.example.org/nk-alerts";
  n.token = "tk_abc";
  WebhookRequest request = build_ntfy(n, sample_alert());
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.url, "https://ntfy.example.org/nk-alerts");
  EXPECT_EQ(header(request, "Title"), "[leadership] Kim Yo Jong warns Seoul");
  EXPECT_EQ(header(request, "Tags"), "newspaper,leadership");
  EXPECT_EQ(header(request, "Click"), "https://www.nknews.org/2025/08/kim-yo-jong/");
  EXPECT_EQ(header(request, "Priority"), "3");
  EXPECT_EQ(header(request, "Markdown"), "yes");
  EXPECT_EQ(header(request, "Authorization"), "Bearer tk_abc");
  EXPECT_EQ(request.body,
            "In the fourth paragraph, **Kim Yo Jong** said the drills must stop.\n\n"
            "https://www.nknews.org/2025/08/kim-yo-jong/\n"
            "nknews · watch leadership · matched: Kim Yo Jong · 2025-08-13T14:42:00+09:00");
}

TEST(Ntfy, BasicAuth_AndKoreanTitleAsEncodedWords_NeverANewline) {
  NotifierConfig n = notifier(NotifierType::ntfy);
  n.url = "https://ntfy.example.org/nk";
  n.username = "analyst";
  n.password = "pw";
  Alert alert = sample_alert();
  alert.item.title = "북한, 미사일 발사\r\nX-Injected: yes";
  WebhookRequest request = build_ntfy(n, alert);
  EXPECT_EQ(header(request, "Authorization"), "Basic " + std::string("YW5hbHlzdDpwdw=="));  // analyst:pw
  const std::string title = header(request, "Title");
  EXPECT_TRUE(title.starts_with("=?UTF-8?B?")) << title;
  EXPECT_EQ(decode_words(title), "[leadership] 북한, 미사일 발사  X-Injected: yes");
  for (const std::string& line : request.headers) EXPECT_EQ(line.find_first_of("\r\n"), std::string::npos) << line;
  EXPECT_EQ(header(request, "X-Injected"), "<absent>");
}

TEST(Ntfy, LongMessage_CutTo4096Bytes_OnACharacterBoundary) {
  NotifierConfig n = notifier(NotifierType::ntfy);
  n.url = "https://ntfy.example.org/nk";
  Alert alert = sample_alert();
  alert.snippet = {};
  for (int i = 0; i < 3000; ++i) alert.item.summary += "북";
  WebhookRequest request = build_ntfy(n, alert);
  EXPECT_LE(request.body.size(), 4096u);
  EXPECT_NE(request.body.find("북…"), std::string::npos);
  EXPECT_TRUE(request.body.ends_with("2025-08-13T14:42:00+09:00")) << "the link and context survive the cut";
}

TEST(Telegram, SendMessageWithHtmlParseModeChatIdAndThread) {
  NotifierConfig n = notifier(NotifierType::telegram);
  n.token = "123456:ABC-DEF";
  n.chat_id = "-1001234567890";
  n.api_url = "https://api.telegram.org";
  n.thread_id = 42;
  WebhookRequest request = build_telegram(n, sample_alert());
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.url, "https://api.telegram.org/bot123456:ABC-DEF/sendMessage");
  EXPECT_EQ(header(request, "Content-Type"), "application/json");
  Json body = Json::parse(request.body);
  EXPECT_EQ(body["chat_id"], -1001234567890) << "a numeric chat id is a JSON number";
  EXPECT_EQ(body["message_thread_id"], 42);
  EXPECT_EQ(body["parse_mode"], "HTML");
  EXPECT_EQ(body["text"],
            "[leadership] <b><a href=\"https://www.nknews.org/2025/08/kim-yo-jong/\">Kim Yo Jong warns Seoul</a></b>\n"
            "In the fourth paragraph, <b>Kim Yo Jong</b> said the drills must stop.\n\n"
            "<i>nknews · watch leadership · matched: Kim Yo Jong · 2025-08-13T14:42:00+09:00</i>");
  n.chat_id = "@nkwatch";
  n.thread_id.reset();
  body = Json::parse(build_telegram(n, sample_alert()).body);
  EXPECT_EQ(body["chat_id"], "@nkwatch");
  EXPECT_FALSE(body.contains("message_thread_id"));
}

TEST(Telegram, HostileTitleAndHugeSnippet_EscapedAndWithin4096Units) {
  NotifierConfig n = notifier(NotifierType::telegram);
  n.token = "t";
  n.chat_id = "1";
  n.api_url = "https://api.telegram.org";
  Alert alert = sample_alert();
  alert.item.title = "<script>alert('x')</script> & <b>bold</b> 🚀";
  alert.snippet.text.clear();
  for (int i = 0; i < 3000; ++i) alert.snippet.text += "<&🚀";  // escapes grow it, emoji sit at every cut
  alert.snippet.marks = {{0, 1}};
  const std::string text = Json::parse(build_telegram(n, alert).body)["text"];
  EXPECT_LE(utf16_length(text), 4096u);
  EXPECT_EQ(text.find("<script>"), std::string::npos);
  EXPECT_NE(text.find("&lt;script&gt;alert('x')&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt; 🚀"), std::string::npos);
  EXPECT_TRUE(text.starts_with("[leadership] <b><a href=")) << text.substr(0, 80);
  EXPECT_NE(text.find("<b>&lt;</b>&amp;🚀&lt;&amp;🚀"), std::string::npos) << "the mark, then the text escaped";
  EXPECT_NE(text.find("…\n\n<i>nknews"), std::string::npos) << "the snippet was cut, the context kept";
  // Nothing cut inside an entity: every '&' starts a whole one.
  for (std::size_t at = text.find('&'); at != std::string::npos; at = text.find('&', at + 1)) {
    const std::string_view rest = std::string_view(text).substr(at);
    EXPECT_TRUE(rest.starts_with("&lt;") || rest.starts_with("&gt;") || rest.starts_with("&amp;") ||
                rest.starts_with("&quot;"))
        << rest.substr(0, 8);
  }
}

TEST(Matrix, PutsToTheRoomWithTheDeliveryIdAsTransaction) {
  NotifierConfig n = notifier(NotifierType::matrix);
  n.homeserver = "https://matrix.example.org";
  n.room = "!abcDEF:example.org";
  n.token = "syt_secret";
  WebhookRequest request = build_matrix(n, sample_alert());
  EXPECT_EQ(request.method, "PUT");
  EXPECT_EQ(request.url,
            "https://matrix.example.org/_matrix/client/v3/rooms/%21abcDEF%3Aexample.org/send/m.room.message/"
            "0b7c6f1e-5d2a-4c3b-9e8f-1a2b3c4d5e6f");
  EXPECT_EQ(header(request, "Authorization"), "Bearer syt_secret");
  Json body = Json::parse(request.body);
  EXPECT_EQ(body["msgtype"], "m.text");
  EXPECT_EQ(body["format"], "org.matrix.custom.html");
  EXPECT_EQ(body["body"],
            "[leadership] Kim Yo Jong warns Seoul\n"
            "In the fourth paragraph, **Kim Yo Jong** said the drills must stop.\n\n"
            "https://www.nknews.org/2025/08/kim-yo-jong/\n"
            "nknews · watch leadership · matched: Kim Yo Jong · 2025-08-13T14:42:00+09:00");
  EXPECT_NE(body["formatted_body"].get<std::string>().find("<b>Kim Yo Jong</b> said"), std::string::npos);
  EXPECT_EQ(build_matrix(n, sample_alert()).url, request.url) << "the same alert is the same transaction";
}

TEST(Gotify, PostsMessageWithAppTokenHeaderMarkdownAndClickUrl) {
  NotifierConfig n = notifier(NotifierType::gotify);
  n.url = "https://gotify.example.org";
  n.token = "AbCdEf";
  WebhookRequest request = build_gotify(n, sample_alert());
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.url, "https://gotify.example.org/message");
  EXPECT_EQ(header(request, "X-Gotify-Key"), "AbCdEf");
  EXPECT_EQ(request.url.find("AbCdEf"), std::string::npos) << "the token never goes in the URL";
  Json body = Json::parse(request.body);
  EXPECT_EQ(body["title"], "[leadership] Kim Yo Jong warns Seoul");
  EXPECT_TRUE(body["message"].get<std::string>().starts_with("In the fourth paragraph, **Kim Yo Jong** said"));
  EXPECT_EQ(body["priority"], 5);
  EXPECT_EQ(body["extras"]["client::display"]["contentType"], "text/markdown");
  EXPECT_EQ(body["extras"]["client::notification"]["click"]["url"], "https://www.nknews.org/2025/08/kim-yo-jong/");
}

TEST(Apprise, PostsUrlsTitleBodyTypeFormat) {
  NotifierConfig n = notifier(NotifierType::apprise);
  n.url = "http://apprise.local:8000/notify";
  n.targets = {"tgram://bottoken/12345", "mailto://user:pass@example.org"};
  WebhookRequest request = build_apprise(n, sample_alert());
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.url, "http://apprise.local:8000/notify");
  Json body = Json::parse(request.body);
  EXPECT_EQ(body["urls"], "tgram://bottoken/12345, mailto://user:pass@example.org");
  EXPECT_EQ(body["title"], "[leadership] Kim Yo Jong warns Seoul");
  EXPECT_TRUE(body["body"].get<std::string>().starts_with("In the fourth paragraph, **Kim Yo Jong**"));
  EXPECT_EQ(body["type"], "info");
  EXPECT_EQ(body["format"], "markdown");
}

TEST(Channels, BodyUnavailable_EveryChannelSaysSo) {
  Alert alert = sample_alert();
  alert.snippet = {};
  alert.body_unavailable = true;
  NotifierConfig n = notifier(NotifierType::ntfy);
  n.url = "https://x.example/t";
  n.api_url = "https://x.example";
  n.homeserver = "https://x.example";
  n.room = "!r:x";
  n.chat_id = "1";
  const std::string note = "(article text unavailable; matched on title and summary)";
  EXPECT_NE(build_ntfy(n, alert).body.find("A statement on Tuesday.\n" + note), std::string::npos);
  EXPECT_NE(Json::parse(build_telegram(n, alert).body)["text"].get<std::string>().find("<i>" + note + "</i>"),
            std::string::npos);
  Json matrix = Json::parse(build_matrix(n, alert).body);
  EXPECT_NE(matrix["body"].get<std::string>().find(note), std::string::npos);
  EXPECT_NE(matrix["formatted_body"].get<std::string>().find(note), std::string::npos);
  EXPECT_NE(Json::parse(build_gotify(n, alert).body)["message"].get<std::string>().find(note), std::string::npos);
  EXPECT_NE(Json::parse(build_apprise(n, alert).body)["body"].get<std::string>().find(note), std::string::npos);
}

TEST(Channels, TestAlertIsMarkedInTheTitle) {
  Alert alert = sample_alert();
  alert.test = true;
  NotifierConfig n = notifier(NotifierType::gotify);
  EXPECT_EQ(Json::parse(build_gotify(n, alert).body)["title"], "[newswatch test] [leadership] Kim Yo Jong warns Seoul");
}

TEST(Channels, RetryAfterInTheAnswersBody_TelegramAndMatrix) {
  EXPECT_EQ(
      retry_after_in_body(NotifierType::telegram, R"({"ok":false,"error_code":429,"parameters":{"retry_after":17}})"),
      std::chrono::seconds(17));
  EXPECT_EQ(retry_after_in_body(NotifierType::matrix, R"({"errcode":"M_LIMIT_EXCEEDED","retry_after_ms":2001})"),
            std::chrono::seconds(3));
  EXPECT_EQ(retry_after_in_body(NotifierType::telegram, "not json"), std::nullopt);
  EXPECT_EQ(retry_after_in_body(NotifierType::telegram, R"({"parameters":{"retry_after":"soon"}})"), std::nullopt);
  EXPECT_EQ(retry_after_in_body(NotifierType::webhook, R"({"retry_after_ms":5000})"), std::nullopt);
}

TEST(Channels, TransportError_NeverShowsTheTelegramToken) {
  NotifierConfig n = notifier(NotifierType::telegram);
  n.token = "123456:SECRET-TOKEN";
  const std::string url = "http://127.0.0.1:9/bot123456:SECRET-TOKEN/sendMessage";
  Result<HttpResponse> failed =
      fail(ErrorKind::network, "Couldn't connect to server for " + url + " (token 123456:SECRET-TOKEN)");
  AttemptOutcome outcome = notifier_outcome(n, failed, url);
  EXPECT_EQ(outcome.error.find("SECRET"), std::string::npos) << outcome.error;
  EXPECT_NE(outcome.error.find("127.0.0.1:9"), std::string::npos) << outcome.error;
}

TEST(Channels, EncodePathSegment_KeepsOnlyUnreserved) {
  EXPECT_EQ(encode_path_segment("!room/../x:y z"), "%21room%2F..%2Fx%3Ay%20z");
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch
