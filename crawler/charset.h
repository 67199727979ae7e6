#pragma once
// Every page becomes UTF-8 before an extractor sees it, and no page is dropped
// for a bad byte.
//
// Which encoding (the WHATWG order, with detection where a page says nothing
// or says it wrongly):
//   1. a byte-order mark (UTF-8, UTF-16LE, UTF-16BE) wins over everything;
//   2. the charset= parameter of the Content-Type header;
//   3. <meta charset=...> or <meta http-equiv=Content-Type content="...; charset=...">
//      in the first 1024 bytes (a meta naming UTF-16 means UTF-8, as in browsers);
//   4. no label: UTF-8 when the first 64 KB are well-formed UTF-8 (pure ASCII
//      included), else ICU's detector (charset_detect.h), else windows-1252.
// A label from 2 or 3 is checked against the bytes (charset_detect.h's census of
// the first 64 KB), because real sites get it wrong: a legacy label (euc-kr,
// shift_jis, windows-1252, ...) on a body that is well-formed UTF-8 with non-ASCII
// text in it is read as UTF-8 (Korean sites moved to UTF-8 and kept the old
// meta); a UTF-8 label on a body where half the non-ASCII bytes are ill-formed is
// detected (a CP949 page behind a server that says utf-8). Each override logs one
// line with the page's URL.
// Labels map to iconv names the way browsers read them: ISO-8859-1 and ASCII
// are windows-1252, EUC-KR is its superset CP949, Shift_JIS is CP932, GB2312 and
// GBK are GB18030. An unknown label is tried on iconv as is, else UTF-8.
//
// Conversion uses glibc iconv; a byte sequence the source encoding rejects
// becomes U+FFFD and conversion carries on. UTF-8 input is validated and each
// ill-formed subsequence replaced by one U+FFFD (Unicode's "maximal subpart"
// practice). A leading BOM is removed from the result.

#include <string>
#include <string_view>

#include "config/error.h"

namespace newswatch {

/// The lower-cased charset parameter of a Content-Type value ("text/html; charset=EUC-KR" -> "euc-kr"), or "".
std::string charset_from_content_type(std::string_view content_type);

/// The lower-cased charset a <meta> tag declares in the first 1024 bytes of `body`, or "".
std::string sniff_meta_charset(std::string_view body);

/// The iconv name for a charset label ("euc-kr" -> "CP949"); "" for a label this table does not know.
std::string_view iconv_name_for(std::string_view label);

/// The iconv name of the encoding `body` is in (see the file comment); `url` names the page in the log line of
/// a declaration the bytes contradict ("" when there is none, as for a saved file).
std::string detect_charset(std::string_view body, std::string_view content_type, std::string_view url = {});

/// `body` decoded to UTF-8: never fails; undecodable bytes become U+FFFD, a leading BOM is removed.
std::string to_utf8(std::string_view body, std::string_view content_type, std::string_view url = {});

/// `text` with every ill-formed UTF-8 subsequence replaced by U+FFFD.
std::string repair_utf8(std::string_view text);

/// True for text/html and application/xhtml+xml, and for a missing Content-Type when the body starts like HTML.
bool looks_like_html(std::string_view content_type, std::string_view body);

/// Success when looks_like_html(); otherwise a parse Error naming the content type (e.g. "application/pdf").
Result<void> require_html(std::string_view content_type, std::string_view body);

}  // namespace newswatch
