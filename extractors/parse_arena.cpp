#include "extractors/parse_arena.h"

#include <algorithm>
#include <cstdlib>

namespace newswatch {
namespace {

constexpr std::size_t k_align = alignof(std::max_align_t);
constexpr std::size_t k_min_chunk = 64 * 1024;
constexpr std::size_t k_max_chunk = 16 * 1024 * 1024;  // past this, chunks stop doubling

std::size_t aligned(std::size_t size) noexcept {
  return (size + k_align - 1) & ~(k_align - 1);
}

void* arena_allocate(void* userdata, std::size_t size) {
  return static_cast<ParseArena*>(userdata)->allocate(size);
}

void arena_release(void* userdata, void* p) {
  static_cast<ParseArena*>(userdata)->release(p);
}

}  // namespace

void ParseArena::FreeChunk::operator()(std::byte* p) const noexcept {
  std::free(p);
}

ParseArena::ParseArena(std::size_t page_bytes)
    : m_next_chunk(std::clamp(aligned(page_bytes * 8), k_min_chunk, k_max_chunk)) {}

void* ParseArena::allocate(std::size_t size) {
  size = aligned(std::max<std::size_t>(size, 1));
  if (static_cast<std::size_t>(m_end - m_next) < size) {
    std::size_t chunk = std::max(m_next_chunk, size);
    auto* memory = static_cast<std::byte*>(std::malloc(chunk));
    if (!memory) std::abort();
    m_chunks.emplace_back(memory);
    m_next = memory;
    m_end = memory + chunk;
    m_reserved += chunk;
    m_next_chunk = std::min(m_next_chunk * 2, k_max_chunk);
  }
  m_last = m_next;
  m_next += size;
  return m_last;
}

void ParseArena::release(void* p) noexcept {
  if (p && p == m_last) {
    m_next = m_last;
    m_last = nullptr;
  }
}

GumboOptions ParseArena::options(const GumboOptions& base) noexcept {
  GumboOptions o = base;
  o.allocator = arena_allocate;
  o.deallocator = arena_release;
  o.userdata = this;
  return o;
}

}  // namespace newswatch
