// Charset detection: pages that declare nothing, or declare wrongly, read right. The pages are the hand-made
// ones of tests/fixtures/charset (real Korean and English headline text, see its README.md); the short
// inline strings are hand-made too.
#include "crawler/charset_detect.h"

#include <gtest/gtest.h>

#include "crawler/charset.h"
#include "tests/support/files.h"

namespace newswatch {
namespace {
namespace NEWSWATCH_FILE_ID {

using test::fixture_path;
using test::read_file;

std::string page(const std::string& name) {
  return read_file(fixture_path("charset/" + name));
}

struct DetectCase {
  const char* what;
  std::string body;
  std::string content_type;
  std::string charset;
};

TEST(Charset_Detect, WhatTheBytesSayWhenTheLabelsDoNot) {
  const std::string euc_kr = page("euc-kr-no-meta.html");
  const std::string utf8_says_euc_kr = page("euc-kr-declared-utf8.html");
  const std::string cp1252 = page("windows-1252-undeclared.html");
  const DetectCase cases[] = {
      {"EUC-KR, no label anywhere: detected", euc_kr, "", "CP949"},
      {"EUC-KR, served as text/html without charset: detected", euc_kr, "text/html", "CP949"},
      {"EUC-KR behind a server that says utf-8: detected", euc_kr, "text/html; charset=utf-8", "CP949"},
      {"EUC-KR declared by HTTP: as declared", euc_kr, "text/html; charset=euc-kr", "CP949"},
      {"UTF-8 whose meta says euc-kr: UTF-8", utf8_says_euc_kr, "text/html", "UTF-8"},
      {"UTF-8 whose HTTP header says euc-kr: UTF-8", utf8_says_euc_kr, "text/html; charset=EUC-KR", "UTF-8"},
      {"windows-1252, no label anywhere: windows-1252", cp1252, "", "CP1252"},
      {"windows-1252 labelled latin1: as declared", cp1252, "text/html; charset=iso-8859-1", "CP1252"},
      {"ASCII, no label: UTF-8", "<p>plain</p>", "", "UTF-8"},
      {"UTF-8, no label: UTF-8", "<p>\xEB\xB6\x81\xED\x95\x9C</p>", "", "UTF-8"},
      {"UTF-8 with one broken byte keeps its UTF-8 label", "<p>a\xFF\xEB\xB6\x81</p>", "text/html; charset=utf-8",
       "UTF-8"},
      {"one UTF-8 sequence is too little to overrule a label", "<p>\xC3\xA9</p>", "text/html; charset=windows-1252",
       "CP1252"},
      {"a few stray bytes, no label: windows-1252", "caf\xE9 cr\xE8me", "", "CP1252"},
  };
  for (const DetectCase& c : cases) EXPECT_EQ(detect_charset(c.body, c.content_type), c.charset) << c.what;
}

TEST(Charset_Detect, EucKrPageWithoutMeta_DecodesToItsKoreanHeadlines) {
  const std::string text = to_utf8(page("euc-kr-no-meta.html"), "");
  EXPECT_NE(text.find("북한, 동해상으로 탄도미사일 발사…올해 처음"), std::string::npos) << text;
  EXPECT_NE(text.find("김정은 4차 방중 시진핑 만남"), std::string::npos);
  EXPECT_EQ(text.find("\xEF\xBF\xBD"), std::string::npos) << "no U+FFFD";
}

TEST(Charset_Detect, EucKrDeclaredUtf8Page_DecodesUnchanged) {
  const std::string bytes = page("euc-kr-declared-utf8.html");
  EXPECT_EQ(to_utf8(bytes, "text/html"), bytes);
}

TEST(Charset_Detect, Windows1252PageWithoutDeclaration_KeepsItsQuotesAndAccents) {
  const std::string text = to_utf8(page("windows-1252-undeclared.html"), "text/html");
  EXPECT_NE(text.find("Kim Jong Un’s absolute power on display"), std::string::npos) << text;
  EXPECT_NE(text.find("North Korea’s “Bureau 11”"), std::string::npos);
  EXPECT_NE(text.find("café"), std::string::npos);
}

TEST(Charset_Detect, OnlyTheFirst64KbAreCounted_AndACutSequenceIsNotIllFormed) {
  // 64 KB of ASCII, then a Korean syllable cut by the bound, then bytes that are not UTF-8 at all.
  std::string body(k_detect_bytes - 1, 'a');
  body += "\xEB\xB6\x81";
  body += std::string(1000, '\xFF');
  const Utf8Census census = utf8_census(body);
  EXPECT_TRUE(census.valid());
  EXPECT_EQ(census.non_ascii, 0u);
  EXPECT_EQ(detect_charset(body, ""), "UTF-8");  // the page says nothing and its first 64 KB read as UTF-8
}

TEST(Charset_Detect, Census_CountsWellFormedAndIllFormedBytes) {
  const Utf8Census census = utf8_census("a\xEB\xB6\x81\xC3\xA9\xFF\xB1\xE8");
  EXPECT_EQ(census.multibyte, 2u);
  EXPECT_EQ(census.invalid, 3u);
  EXPECT_EQ(census.non_ascii, 8u);
  EXPECT_FALSE(census.clearly_not_utf8());  // fewer than 8 ill-formed bytes
}

TEST(Charset_Detect, HostileBytes_NeverCrashAndAlwaysNameAnEncoding) {
  std::string noise;
  for (int i = 0; i < 200000; ++i) noise += static_cast<char>((i * 7919) % 256);
  EXPECT_FALSE(detect_charset(noise, "").empty());
  EXPECT_FALSE(detect_charset(noise, "text/html; charset=utf-8").empty());
  EXPECT_FALSE(to_utf8(noise, "").empty());
  EXPECT_EQ(detect_legacy_charset(""), "");
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch
