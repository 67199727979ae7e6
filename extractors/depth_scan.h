#pragma once
// A cheap pre-parse bound on how deep Gumbo will nest a page. Gumbo's cost
// grows with the square of nesting depth and its gumbo_destroy_output()
// recurses once per level, so a page must be judged before it is parsed.

#include <cstddef>
#include <string_view>

namespace newswatch {

/// An upper estimate of the element depth Gumbo builds for `html`: one linear
/// pass that models the open-element stack (void elements, implied end tags,
/// raw text, comments, foreign content, implied table rows) and counts every
/// unclosed formatting element a second time, since Gumbo may reopen (clone)
/// it under any later element. Above `exact_up_to` the estimate may grow
/// further (walks of the model are capped there), which keeps the scan linear
/// at O(size x exact_up_to) on a page of any depth.
std::size_t markup_depth_bound(std::string_view html, std::size_t exact_up_to = 1024);

}  // namespace newswatch
