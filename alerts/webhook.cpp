// Webhook requests in three formats. The generic "json" body is the contract
// of DESIGN.md ("Webhook delivery"), plus the snippet with its marks as byte
// offsets (README "Webhook payload"); "slack" and "discord" are what those
// services' incoming webhooks accept, kept inside their length limits
// (Slack: 3000 characters per section text; Discord: content 2000, embed
// title 256, description 4096, field value 1024) by cutting on code point
// boundaries with an ellipsis. Lengths are counted in UTF-16 units, the
// stricter of the two ways those services count.

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "alerts/chat_message.h"
#include "alerts/delivery.h"
#include "alerts/message_text.h"
#include "alerts/normalize.h"
#include "alerts/operator_alert.h"
#include "alerts/snippet_text.h"

namespace newswatch {
namespace {

using Json = nlohmann::ordered_json;

constexpr std::size_t k_slack_section = 3000;
constexpr std::size_t k_slack_title = 1000;  // leaves most of the section for the summary
constexpr std::size_t k_slack_also = 1400;   // a flood summary's list of other matches
constexpr std::size_t k_discord_content = 2000;
constexpr std::size_t k_discord_title = 256;
constexpr std::size_t k_discord_description = 4096;
constexpr std::size_t k_discord_field = 1024;

std::string dump(const Json& body) {
  return body.dump(-1, ' ', false, Json::error_handler_t::replace);
}

/// {"text", "marks": [[begin, end], ...] (byte offsets into text's UTF-8), "from": "body"|"title"|"summary"}.
Json snippet_json(const Alert& alert) {
  Json marks = Json::array();
  for (const Snippet::Mark& mark : alert.snippet.marks) marks.push_back(Json::array({mark.begin, mark.end}));
  return Json{{"text", alert.snippet.text}, {"marks", std::move(marks)}, {"from", snippet_source(alert)}};
}

Json generic_body(const Alert& alert) {
  Json body;
  body["event"] = "item.matched";
  body["delivery"] = alert.delivery_id;
  body["watch"] = alert.watch;  // the first watch: DESIGN.md's body is unchanged for a one-watch alert
  if (!alert.also_watches.empty()) body["watches"] = alert_watches(alert);  // every watch, when several matched
  if (alert.test) body["test"] = true;
  body["matched"] = alert.matched;
  body["item"] = to_json(alert.item);
  body["story"] = Json{{"id", alert.story_id}, {"sources", alert.story_sources}};
  if (!alert.snippet.text.empty()) body["snippet"] = snippet_json(alert);
  if (alert.body_unavailable) body["body_unavailable"] = true;
  if (alert.also_count > 0) {  // a flood summary: this item and also_count more from the same crawl
    Json items = Json::array();
    for (const AlsoMatched& other : alert.also) items.push_back({{"title", other.title}, {"url", other.url}});
    body["also"] = Json{{"count", alert.also_count}, {"items", std::move(items)}};
  }
  return body;
}

/// Slack's bold is *…*: marked words in a snippet.
TextMarkup slack_markup() {
  return TextMarkup{"*", "*", &slack_escape, &utf16_length, "_", "_"};
}

/// Discord's bold is **…**; the snippet's own markdown characters are escaped so only the marks are bold.
std::string discord_escape(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\\' || c == '*' || c == '_' || c == '~' || c == '`' || c == '|') out += '\\';
    out += c;
  }
  return out;
}

TextMarkup discord_markup() {
  return TextMarkup{"**", "**", &discord_escape, &utf16_length, "*", "*"};
}

/// A URL inside <url|text> must not contain the delimiters.
std::string slack_url(std::string_view url) {
  std::string out;
  for (char c : url) {
    switch (c) {
      case '|': out += "%7C"; break;
      case '<': out += "%3C"; break;
      case '>': out += "%3E"; break;
      default: out += c;
    }
  }
  return out;
}

/// `raw` escaped for Slack and cut so that the escaped text fits `limit`.
std::string slack_fit(std::string_view raw, std::size_t limit) {
  std::size_t budget = limit;
  std::string out = slack_escape(truncate_text(raw, budget));
  while (utf16_length(out) > limit && budget > 0) {  // escapes grew it: shrink the raw budget in proportion
    std::size_t scaled = budget * limit / utf16_length(out);
    budget = scaled < budget ? scaled : budget - 1;
    out = slack_escape(truncate_text(raw, budget));
  }
  return out;
}

/// "…and 25 more new items matched this watch in one crawl of SITE", or "" for an ordinary alert.
std::string also_line(const Alert& alert) {
  if (alert.also_count <= 0) return "";
  return fmt::format("…and {} more new items matched this watch in one crawl of {}", alert.also_count,
                     alert.item.site.empty() ? std::string("the site") : alert.item.site);
}

std::string context_line(const Alert& alert) {
  std::vector<std::string> parts;
  if (!alert.item.site.empty()) parts.push_back(alert.item.site);
  parts.push_back((alert.also_watches.empty() ? "watch " : "watches ") + watch_names(alert));
  if (!alert.matched.empty()) parts.push_back("matched: " + join(alert.matched, ", "));
  if (alert.item.published) parts.push_back(*alert.item.published);
  return join(parts, " · ");
}

Json slack_body(const Alert& alert) {
  const Item& item = alert.item;
  std::string title = item.title.empty() ? item.url : item.title;
  std::string link = item.url.empty() ? slack_fit(title, k_slack_title)
                                      : "<" + slack_url(item.url) + "|" + slack_fit(title, k_slack_title) + ">";
  std::string headline = "*" + link + "*";
  std::string section = headline;
  std::size_t used = utf16_length(headline) + 1;
  // A flood summary keeps room for its list of other matches.
  const std::size_t budget = alert.also_count > 0 ? k_slack_section - k_slack_also : k_slack_section;
  if (used < budget) {
    std::string text = match_text(alert, slack_markup(), budget - used);
    if (!text.empty()) section += "\n" + text;
  }
  if (alert.also_count > 0) {
    std::string also = "\n" + slack_escape(also_line(alert)) + ":";
    for (const AlsoMatched& other : alert.also) {
      std::string title = slack_fit(other.title, 150);
      std::string line = "\n• " + (other.url.empty() ? title : "<" + slack_url(other.url) + "|" + title + ">");
      if (utf16_length(also) + utf16_length(line) > k_slack_also) break;
      also += line;
    }
    section += also;
  }
  Json body;
  body["text"] = slack_fit(alert_tag(alert) + " " + title + (item.url.empty() ? "" : " " + item.url), k_slack_section);
  Json section_block = {{"type", "section"}, {"text", {{"type", "mrkdwn"}, {"text", section}}}};
  Json context_block = {
      {"type", "context"},
      {"elements", Json::array({{{"type", "mrkdwn"}, {"text", slack_fit(context_line(alert), k_slack_section)}}})}};
  body["blocks"] = Json::array({section_block, context_block});
  return body;
}

Json discord_field(std::string name, const std::string& value) {
  return {{"name", std::move(name)}, {"value", truncate_text(value, k_discord_field)}, {"inline", true}};
}

Json discord_body(const Alert& alert) {
  const Item& item = alert.item;
  std::string title = item.title.empty() ? item.url : item.title;
  Json embed;
  embed["title"] = truncate_text(title, k_discord_title);
  if (!item.url.empty()) embed["url"] = item.url;
  std::string description = match_text(alert, discord_markup(), k_discord_description);
  if (!description.empty()) embed["description"] = std::move(description);
  Json fields = Json::array();  // Discord rejects empty field values: only what is known
  if (!item.site.empty()) fields.push_back(discord_field("Site", item.site));
  if (!alert.matched.empty()) fields.push_back(discord_field("Matched", join(alert.matched, ", ")));
  if (item.published) fields.push_back(discord_field("Published", *item.published));
  if (alert.also_count > 0) {
    std::string also;
    for (const AlsoMatched& other : alert.also) also += "• " + other.title + "\n";
    fields.push_back({{"name", truncate_text(also_line(alert), 256)},
                      {"value", truncate_text(also.empty() ? "…" : also, k_discord_field)},
                      {"inline", false}});
  }
  embed["fields"] = std::move(fields);
  embed["footer"] = {{"text", truncate_text("newswatch · " + watch_names(alert), 256)}};
  // Discord's timestamp must be a full date-time; a bare date stays a field.
  if (item.published && item.published->find('T') != std::string::npos) embed["timestamp"] = *item.published;
  Json body;
  body["content"] = truncate_text(alert_tag(alert) + " " + title, k_discord_content);
  body["embeds"] = Json::array({std::move(embed)});
  return body;
}

}  // namespace

std::vector<std::string> alert_watches(const Alert& alert) {
  std::vector<std::string> watches{alert.watch};
  watches.insert(watches.end(), alert.also_watches.begin(), alert.also_watches.end());
  return watches;
}

std::string watch_names(const Alert& alert) {
  return join(alert_watches(alert), ", ");
}

std::string hmac_sha256_hex(std::string_view key, std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
       data.size(), digest, &length);
  static constexpr char k_hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(length * 2);
  for (unsigned int i = 0; i < length; ++i) {
    out += k_hex[digest[i] >> 4];
    out += k_hex[digest[i] & 0x0F];
  }
  return out;
}

WebhookRequest build_webhook(const NotifierConfig& notifier, const Alert& alert, std::string_view version) {
  Json body;
  switch (alert.health ? WebhookFormat::json : notifier.format) {
    case WebhookFormat::json:
      body = alert.health ? operator_webhook_body(alert, notifier.format) : generic_body(alert);
      break;
    case WebhookFormat::slack: body = slack_body(alert); break;
    case WebhookFormat::discord: body = discord_body(alert); break;
  }
  WebhookRequest request{notifier.url, dump(body), {}};
  request.headers = {
      "Content-Type: application/json",
      "User-Agent: newswatch/" + std::string(version),
      std::string("X-Newswatch-Event: ") + (alert.health ? k_health_event_name : "item.matched"),
      "X-Newswatch-Delivery: " + alert.delivery_id,
  };
  if (!notifier.secret.empty()) {
    request.headers.push_back("X-Newswatch-Signature: sha256=" + hmac_sha256_hex(notifier.secret, request.body));
  }
  return request;
}

}  // namespace newswatch
