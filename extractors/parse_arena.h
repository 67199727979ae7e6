#pragma once
// The memory of one parsed page. Gumbo allocates every node, attribute,
// string and vector of its tree separately and frees them one by one in
// gumbo_destroy_output: on a news page that malloc/free traffic cost about as
// much as a fifth of the parse. A document is built once, read, and dropped
// whole, so its memory comes from a bump arena instead: an allocation is a
// pointer increment, a free does nothing (except give back the most recent
// allocation, which Gumbo's growing buffers often are), and the document's
// end releases a few large chunks. What Gumbo frees while parsing stays
// allocated until then, so an arena holds at most a small multiple of what
// the tree itself needs; it is bounded by the page, which max_body_size bounds.

#include <gumbo.h>

#include <cstddef>
#include <memory>
#include <vector>

namespace newswatch {

class ParseArena {
 public:
  /// An arena whose first chunk suits a page of `page_bytes` (the tree takes several times the bytes).
  explicit ParseArena(std::size_t page_bytes);
  ParseArena(const ParseArena&) = delete;
  ParseArena& operator=(const ParseArena&) = delete;

  /// `size` bytes aligned for any type; never null (a failed chunk allocation ends the process, as malloc's
  /// null would end it inside Gumbo).
  void* allocate(std::size_t size);
  /// Gives the memory back only when `p` is the most recent allocation; otherwise it waits for the arena's end.
  void release(void* p) noexcept;
  /// Bytes taken from the system, for tests and benchmarks.
  std::size_t reserved() const noexcept { return m_reserved; }

  /// Gumbo options whose allocator is this arena (otherwise `base`); valid while the arena lives.
  GumboOptions options(const GumboOptions& base) noexcept;

 private:
  struct FreeChunk {
    void operator()(std::byte* p) const noexcept;
  };
  std::vector<std::unique_ptr<std::byte, FreeChunk>> m_chunks;
  std::byte* m_next = nullptr;  ///< the free space of the current chunk
  std::byte* m_end = nullptr;
  std::byte* m_last = nullptr;  ///< the most recent allocation, which release() can take back
  std::size_t m_next_chunk;
  std::size_t m_reserved = 0;
};

}  // namespace newswatch
