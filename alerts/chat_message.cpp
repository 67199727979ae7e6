// Composing a chat message within a length limit. The fixed parts (link,
// context line, note, flood list) are each capped first; the snippet or
// summary then gets whatever room is left, so a long article snippet is what
// gets cut, never the link. Every part is escaped after it is cut and the cut
// is redone smaller if escaping grew it past its cap, so no cut lands inside
// an entity or a tag.

#include "alerts/chat_message.h"

#include <fmt/format.h>

#include "alerts/delivery.h"
#include "alerts/message_text.h"
#include "alerts/normalize.h"
#include "alerts/operator_alert.h"

namespace newswatch {
namespace {

constexpr std::size_t k_title_cap = 512;
constexpr std::size_t k_context_cap = 512;
constexpr std::size_t k_url_cap = 2048;
constexpr std::size_t k_also_title_cap = 150;
constexpr std::size_t k_also_cap = 1200;

std::size_t measure(const TextMarkup& markup, std::string_view text) {
  return markup.measure ? markup.measure(text) : text.size();
}

std::string context_line(const Alert& alert) {
  std::vector<std::string> parts;
  if (!alert.item.site.empty()) parts.push_back(alert.item.site);
  parts.push_back((alert.also_watches.empty() ? "watch " : "watches ") + watch_names(alert));
  if (!alert.matched.empty()) parts.push_back("matched: " + join(alert.matched, ", "));
  if (alert.item.published) parts.push_back(*alert.item.published);
  return one_line(join(parts, " · "));
}

/// The flood summary's lines ("…and 25 more new items matched ..." and one per other item), or "".
std::string also_lines(const Alert& alert, const TextMarkup& markup, bool html) {
  if (alert.also_count <= 0) return "";
  std::string out =
      fit_text(fmt::format("…and {} more new items matched this watch in one crawl of {}:", alert.also_count,
                           alert.item.site.empty() ? std::string("the site") : alert.item.site),
               300, markup);
  for (const AlsoMatched& other : alert.also) {
    std::string title = fit_text(one_line(other.title), k_also_title_cap, markup);
    std::string line = "\n• " + title;
    if (html && !other.url.empty() && other.url.size() <= k_url_cap)
      line = "\n• <a href=\"" + html_escape(other.url) + "\">" + title + "</a>";
    else if (!other.url.empty() && other.url.size() <= k_url_cap)
      line += " " + other.url;
    if (measure(markup, out) + measure(markup, line) > k_also_cap) break;
    out += line;
  }
  return out;
}

/// The body below the title: match text, flood list, link (plain only) and context, within `limit`.
std::string compose(const Alert& alert, const TextMarkup& markup, bool html, std::size_t limit) {
  std::vector<std::string> tail;  // the fixed parts, in order
  std::string also = also_lines(alert, markup, html);
  if (!also.empty()) tail.push_back(std::move(also));
  if (!html && !alert.item.url.empty() && alert.item.url.size() <= k_url_cap) tail.push_back(alert.item.url);
  std::string context = fit_text(context_line(alert), k_context_cap, markup);
  tail.push_back(std::string(markup.italic_open) + context + std::string(markup.italic_close));
  std::string fixed = join(tail, "\n");
  const std::size_t fixed_length = measure(markup, fixed) + 2;  // the blank line before it
  std::string match = match_text(alert, markup, limit > fixed_length ? limit - fixed_length : 0);
  std::string out = match.empty() ? fixed : match + "\n\n" + fixed;
  return measure(markup, out) <= limit ? out : match_text(alert, markup, limit);
}

}  // namespace

// truncate_text counts UTF-16 units, never more than bytes; escaping may grow the text: shrink until it fits.
std::string fit_text(std::string_view raw, std::size_t limit, const TextMarkup& markup) {
  std::size_t budget = limit;
  for (;;) {
    std::string cut = truncate_text(raw, budget);
    std::string out = markup.escape ? markup.escape(cut) : cut;
    const std::size_t length = measure(markup, out);
    if (length <= limit) return out;
    if (budget == 0) return {};
    const std::size_t scaled = budget * limit / length;
    budget = scaled < budget ? scaled : budget - 1;
  }
}

std::string match_text(const Alert& alert, const TextMarkup& markup, std::size_t limit) {
  std::string note;
  if (alert.body_unavailable) {
    note = std::string(markup.italic_open) + std::string(k_body_unavailable_note) + std::string(markup.italic_close);
  }
  const std::size_t note_room = note.empty() ? 0 : measure(markup, note) + 1;
  if (note_room > limit) note.clear();
  const std::size_t left = note.empty() ? limit : limit - note_room;
  std::string text = !alert.snippet.text.empty() ? render_snippet(alert.snippet, markup, left)
                                                 : fit_text(alert.item.summary, left, markup);
  if (note.empty()) return text;
  return text.empty() ? note : text + "\n" + note;
}

std::string alert_tag(const Alert& alert) {
  return (alert.test ? "[newswatch test] " : "") + std::string("[") + watch_names(alert) + "]";
}

std::string notification_title(const Alert& alert, std::size_t limit) {
  if (alert.health) return truncate_text(one_line(operator_subject(alert)), limit);
  const Item& item = alert.item;
  return truncate_text(one_line(alert_tag(alert) + " " + (item.title.empty() ? item.url : item.title)), limit);
}

std::string plain_message(const Alert& alert, std::size_t limit_bytes) {
  const TextMarkup markup = plain_markup();
  if (alert.health) return fit_text(operator_mail_text(alert), limit_bytes, markup);
  return compose(alert, markup, false, limit_bytes);
}

std::string html_message(const Alert& alert, std::size_t limit_units) {
  const TextMarkup markup = html_markup();
  if (alert.health) return fit_text(operator_mail_text(alert), limit_units, markup);
  const Item& item = alert.item;
  std::string title = fit_text(one_line(item.title.empty() ? item.url : item.title), k_title_cap, markup);
  if (!item.url.empty() && item.url.size() <= k_url_cap)
    title = "<a href=\"" + html_escape(item.url) + "\">" + title + "</a>";
  std::string head = html_escape(alert_tag(alert)) + " <b>" + title + "</b>";
  const std::size_t head_length = utf16_length(head) + 1;
  if (head_length >= limit_units) return fit_text(notification_title(alert, limit_units), limit_units, markup);
  return head + "\n" + compose(alert, markup, true, limit_units - head_length);
}

}  // namespace newswatch
