#include "alerts/email_html.h"

#include "alerts/delivery.h"
#include "alerts/message_text.h"
#include "alerts/operator_alert.h"
#include "alerts/snippet_text.h"

namespace newswatch {
namespace {

constexpr std::size_t k_html_snippet_bytes = 4000;

/// A link only for http(s) addresses: a page-supplied "javascript:" URL must not become clickable.
std::string link(const std::string& url, const std::string& text) {
  if (!url.starts_with("http://") && !url.starts_with("https://")) return html_escape(text);
  return "<a href=\"" + html_escape(url) + "\">" + html_escape(text) + "</a>";
}

void append_alert(std::string& html, const Alert& alert) {
  if (alert.health) {  // an operator alert: a health change, no item
    html += "<h3>" + html_escape(operator_subject(alert)) + "</h3>\n<pre>" + html_escape(operator_mail_text(alert)) +
            "</pre>\n";
    return;
  }
  const Item& item = alert.item;
  html += "<h3>" + link(item.url, item.title.empty() ? item.url : item.title) + "</h3>\n";
  std::vector<std::string> facts;
  if (!item.site.empty()) facts.push_back("Site: " + item.site);
  if (item.published) facts.push_back("Published: " + *item.published);
  facts.push_back((alert.also_watches.empty() ? "Watch: " : "Watches: ") + watch_names(alert));
  if (!alert.matched.empty()) facts.push_back("Matched: " + join(alert.matched, ", "));
  if (alert.story_sources.size() > 1) facts.push_back("Also in: " + join(alert.story_sources, ", "));
  html += "<p style=\"color:#555\">" + html_escape(join(facts, " · ")) + "</p>\n";
  if (!alert.snippet.text.empty())
    html += "<blockquote>" + render_snippet(alert.snippet, html_markup(), k_html_snippet_bytes) + "</blockquote>\n";
  else if (!item.summary.empty())
    html += "<p>" + html_escape(item.summary) + "</p>\n";
  if (alert.body_unavailable) html += "<p><i>" + html_escape(k_body_unavailable_note) + "</i></p>\n";
  if (alert.also_count > 0) {
    html += "<p>…and " + std::to_string(alert.also_count) + " more new items matched this watch in the same crawl of " +
            html_escape(item.site) + ", among them:</p>\n<ul>\n";
    for (const AlsoMatched& other : alert.also) html += "<li>" + link(other.url, other.title) + "</li>\n";
    html += "</ul>\n";
  }
}

}  // namespace

bool email_wants_html(const std::vector<Alert>& alerts) {
  for (const Alert& alert : alerts)
    if (!alert.snippet.text.empty()) return true;
  return false;
}

std::string email_html(const std::vector<Alert>& alerts) {
  std::string html = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"></head><body>\n";
  if (alerts.size() > 1) html += "<h2>" + std::to_string(alerts.size()) + " new matches</h2>\n";
  for (const Alert& alert : alerts) append_alert(html, alert);
  return html + "<p style=\"color:#888\">newswatch</p>\n</body></html>\n";
}

}  // namespace newswatch
