// FileCache: a bounded cache of what `tlspp serve DIR` looked up and read, so that a request for a
// small file that was served a moment ago costs no file-system calls at all.
//
// Like nginx's open_file_cache (which nginx leaves off by default): an entry maps a request path
// to the file StaticRoot::resolve found for it (its canonical path, Content-Type and identity)
// and, for a file of at most max_file_bytes, its bytes. An entry is trusted for revalidate_ms of
// the caller's clock; the first lookup after that resolves the path again (every StaticRoot
// check: no dot segments, no symlink escape, a regular file) and compares (device, inode, size,
// modification and status-change times) with what was read: the same file is trusted for another
// interval, another one is read again, a refused one is dropped and the refusal returned. A change
// to a served file therefore shows within revalidate_ms. Refusals are never cached. A file changed
// within the last second (wall clock) is served but not cached, so that a second write within the
// file system's timestamp granularity cannot leave stale bytes behind with an unchanged identity.
//
// Bounds: at most max_entries entries and max_bytes of cached content; the least recently used
// entries go first. Not thread-safe (one per event-loop thread).
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "https/static_files.h"
#include "tlspp/result.h"

namespace tlspp::https {

struct FileCacheLimits {
  std::size_t max_entries = 1024;
  std::size_t max_bytes = 16 * 1024 * 1024;  // cached content, all entries together
  std::size_t max_file_bytes = 256 * 1024;   // larger files: path cached, bytes streamed
  std::int64_t revalidate_ms = 1000;         // how long an entry is trusted without a look
  // A file whose status changed less than this long ago (wall clock) is served, not cached.
  std::int64_t settle_ms = 1000;
};

// A file as served: shared by the cache and the requests that use it.
struct StaticFile {
  std::string path;               // canonical, under the root
  std::string_view content_type;  // content_type_for(path)
  std::uint64_t size = 0;         // when it was looked at
  // The file's bytes; null when the file is larger than max_file_bytes (open `path` to stream
  // it, and use the size found then).
  std::shared_ptr<const std::string> content;
};

struct FileCacheStats {
  std::size_t hits = 0;         // answered from an entry without any file-system call
  std::size_t revalidated = 0;  // an entry looked at again and still the same file
  std::size_t loads = 0;        // files resolved and read (misses and changed files)
  std::size_t evictions = 0;    // entries dropped to stay within the limits
};

class FileCache {
 public:
  // `root` must outlive the cache.
  explicit FileCache(const StaticRoot& root, FileCacheLimits limits = {});

  // The file that request path `url_path` names, at `now_ms` on the caller's monotonic clock
  // (milliseconds). Errors as StaticRoot::resolve (http_path_refused, http_malformed), and
  // http_path_refused when the file cannot be opened or read ("not a readable regular file").
  Result<std::shared_ptr<const StaticFile>> get(std::string_view url_path, std::int64_t now_ms);

  std::size_t entries() const { return lru_.size(); }
  std::size_t bytes() const { return bytes_; }
  const FileCacheStats& stats() const { return stats_; }

 private:
  struct Identity {
    ino_t inode = 0;
    dev_t device = 0;
    std::uint64_t size = 0;
    std::int64_t mtime_ns = 0;
    std::int64_t ctime_ns = 0;  // status change: also moves on chmod, rename, link
    bool operator==(const Identity&) const = default;
  };
  struct Entry {
    std::string key;  // the request path
    std::shared_ptr<const StaticFile> file;
    Identity identity;
    std::int64_t checked_at = 0;  // caller's clock
  };
  // Transparent hashing: lookups by string_view without building a std::string.
  struct KeyHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  using Lru = std::list<Entry>;  // most recently used first

  // Resolves and reads the file; `cacheable` is set false when it must not be kept.
  Result<std::shared_ptr<const StaticFile>> load(std::string_view url_path, Identity& identity,
                                                 bool& cacheable) const;
  void erase(Lru::iterator it);
  void make_room(std::size_t bytes);

  const StaticRoot& root_;
  FileCacheLimits limits_;
  Lru lru_;
  std::unordered_map<std::string, Lru::iterator, KeyHash, std::equal_to<>> index_;
  std::size_t bytes_ = 0;
  FileCacheStats stats_;
};

}  // namespace tlspp::https
