// One RFC 5322 message for one alert or a digest of several. Lines end in
// CRLF. Headers are folded at spaces to stay near 78 characters (never over
// 998); a Subject with non-ASCII text becomes RFC 2047 encoded-words
// (=?UTF-8?B?...?=), each under 75 characters and holding whole characters.
// The body is UTF-8 text/plain sent quoted-printable, so any line of any
// length and any byte survives a 7-bit relay. Dot-stuffing is left to curl,
// which does it while sending. CR and LF inside values are replaced by
// spaces: a title can never inject a header.

#include <ctime>

#include "alerts/delivery.h"
#include "alerts/email_html.h"
#include "alerts/message_text.h"
#include "alerts/normalize.h"
#include "alerts/operator_alert.h"
#include "alerts/snippet_text.h"

namespace newswatch {
namespace {

constexpr std::size_t k_fold_width = 78;
constexpr std::size_t k_qp_width = 76;
constexpr std::size_t k_subject_chunk = 39;    // bytes per encoded-word: 52 base64 characters
constexpr std::size_t k_snippet_bytes = 2000;  // bytes -> 52 base64 chars -> 64-char encoded-word

/// "Name: value" folded before spaces so lines stay within 78 where a break exists.
std::string fold_header(std::string_view name, std::string_view value) {
  std::string out = std::string(name) + ":";
  std::size_t line_length = out.size();
  bool line_has_word = false;
  std::size_t pos = 0;
  while (pos < value.size()) {
    std::size_t end = std::min(value.find(' ', pos), value.size());
    std::string_view word = value.substr(pos, end - pos);
    pos = end + 1;
    if (word.empty()) continue;
    if (line_has_word && line_length + 1 + word.size() > k_fold_width) {
      out += "\r\n";  // the space that follows is the folding white space
      line_length = 0;
    }
    out += ' ';
    out += word;
    line_length += 1 + word.size();
    line_has_word = true;
  }
  return out + "\r\n";
}

/// The Subject header: plain when ASCII, else encoded-words split on character boundaries.
std::string subject_header(std::string_view subject) {
  if (is_ascii(subject)) return fold_header("Subject", subject);
  std::string out = "Subject:";
  for (const std::string& word : encoded_words(subject, k_subject_chunk))
    out += (out.size() == 8 ? " " : "\r\n ") + word;  // each further word on a folded line
  return out + "\r\n";
}

std::string rfc5322_date(std::int64_t now) {
  std::time_t t = static_cast<std::time_t>(now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  static constexpr const char* k_days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* k_months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                             "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%s, %02d %s %04d %02d:%02d:%02d +0000", k_days[tm.tm_wday], tm.tm_mday,
                k_months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buffer;
}

/// Unique per mail: the first delivery id names a single alert's mail; a digest adds how many it carries
/// (the same rows resent as one digest keep one Message-ID, which mail clients thread on).
std::string message_id(const std::vector<Alert>& alerts) {
  std::string id = alerts.empty() ? std::string("empty") : alerts.front().delivery_id;
  if (alerts.size() > 1) id += "-n" + std::to_string(alerts.size());
  return "<newswatch-" + id + "@newswatch>";
}

/// Quoted-printable (RFC 2045): hard line breaks as CRLF, soft breaks keep lines <= 76.
std::string quoted_printable(std::string_view text) {
  static constexpr char k_hex[] = "0123456789ABCDEF";
  std::string out;
  std::size_t line_length = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      out += "\r\n";
      line_length = 0;
      continue;
    }
    if (c == '\r') continue;
    bool line_end = i + 1 == text.size() || text[i + 1] == '\n' || text[i + 1] == '\r';
    bool literal = (c >= 33 && c <= 126 && c != '=') || ((c == ' ' || c == '\t') && !line_end);
    std::string piece =
        literal ? std::string(1, static_cast<char>(c)) : std::string{'=', k_hex[c >> 4], k_hex[c & 0x0F]};
    if (line_length + piece.size() > k_qp_width - 1) {  // room for the soft break's "="
      out += "=\r\n";
      line_length = 0;
    }
    out += piece;
    line_length += piece.size();
  }
  return out;
}

void append_alert(std::string& body, const Alert& alert, std::string_view indent) {
  if (alert.health) {  // an operator alert: a health change, no item
    body += std::string(indent) + one_line(operator_subject(alert)) + "\n";
    if (!indent.empty()) return;
    body += "\n" + operator_mail_text(alert);
    return;
  }
  const Item& item = alert.item;
  body += one_line(item.title.empty() ? item.url : item.title) + "\n";
  body += std::string(indent) + item.url + "\n";
  std::vector<std::string> facts;
  if (!item.site.empty()) facts.push_back("Site: " + item.site);
  if (item.published) facts.push_back("Published: " + *item.published);
  facts.push_back((alert.also_watches.empty() ? "Watch: " : "Watches: ") + watch_names(alert));
  body += std::string(indent) + join(facts, " | ") + "\n";
  if (!alert.matched.empty()) body += std::string(indent) + "Matched: " + join(alert.matched, ", ") + "\n";
  if (alert.story_sources.size() > 1)
    body += std::string(indent) + "Also in: " + join(alert.story_sources, ", ") + "\n";
  if (!item.summary.empty()) body += "\n" + std::string(indent) + one_line(item.summary) + "\n";
  if (!alert.snippet.text.empty())  // the sentence around the match, marked words in **: the mail is plain text
    body += "\n" + std::string(indent) +
            "Match: " + one_line(render_snippet(alert.snippet, plain_markup(), k_snippet_bytes)) + "\n";
  if (alert.body_unavailable) body += std::string(indent) + std::string(k_body_unavailable_note) + "\n";
  if (alert.also_count > 0) {  // a flood summary: the other matches of the same crawl
    body += "\n" + std::string(indent) + "...and " + std::to_string(alert.also_count) +
            " more new items matched this watch in the same crawl of " + item.site + ", among them:\n";
    for (const AlsoMatched& other : alert.also)
      body += std::string(indent) + "- " + one_line(other.title) + "\n" + std::string(indent) + "  " + other.url + "\n";
  }
}

std::string body_text(const std::vector<Alert>& alerts) {
  std::string body;
  if (alerts.size() == 1) {
    append_alert(body, alerts.front(), "");
  } else {
    body += std::to_string(alerts.size()) + " new matches\n";
    for (std::size_t i = 0; i < alerts.size(); ++i) {
      body += "\n" + std::to_string(i + 1) + ". ";
      append_alert(body, alerts[i], "   ");
    }
  }
  return body + "\n-- \nnewswatch\n";
}

}  // namespace

std::string build_email(const NotifierConfig& notifier, const std::vector<Alert>& alerts, std::int64_t now) {
  const bool test = alerts.size() == 1 && alerts.front().test;
  std::string subject = alerts.size() == 1 ? "[newswatch" + std::string(test ? " test" : "") + "] " +
                                                 watch_names(alerts.front()) + ": " + alerts.front().item.title
                                           : "[newswatch] " + std::to_string(alerts.size()) + " new matches";
  if (alerts.size() == 1 && alerts.front().health) subject = operator_subject(alerts.front());
  std::vector<std::string> ids;
  for (const auto& alert : alerts) ids.push_back(alert.delivery_id);

  std::string message;
  message += fold_header("From", one_line(notifier.from));
  message += fold_header("To", one_line(join(notifier.to, ", ")));
  message += subject_header(one_line(subject));
  message += "Date: " + rfc5322_date(now) + "\r\n";
  message += "Message-ID: " + message_id(alerts) + "\r\n";
  message += "MIME-Version: 1.0\r\n";
  message += fold_header("X-Newswatch-Delivery", join(ids, ", "));
  if (!email_wants_html(alerts)) {
    message += "Content-Type: text/plain; charset=UTF-8\r\n";
    message += "Content-Transfer-Encoding: quoted-printable\r\n\r\n";
    return message + quoted_printable(body_text(alerts));
  }
  // A snippet's matched words are bold in the HTML part, `**` in the plain one. The boundary starts
  // with "=_", which quoted-printable output can never contain ('=' is always followed by hex or CRLF).
  constexpr std::string_view k_boundary = "=_newswatch_alternative";
  message += "Content-Type: multipart/alternative; boundary=\"" + std::string(k_boundary) + "\"\r\n\r\n";
  const auto part = [&](std::string_view type, const std::string& text) {
    message += "--" + std::string(k_boundary) + "\r\n";
    message += "Content-Type: " + std::string(type) + "; charset=UTF-8\r\n";
    message += "Content-Transfer-Encoding: quoted-printable\r\n\r\n";
    message += quoted_printable(text) + "\r\n";
  };
  part("text/plain", body_text(alerts));
  part("text/html", email_html(alerts));
  return message + "--" + std::string(k_boundary) + "--\r\n";
}

}  // namespace newswatch
