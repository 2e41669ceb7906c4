#include "https/file_cache.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <ctime>
#include <utility>

namespace tlspp::https {
namespace {

Error not_readable() { return Error(ErrorCode::http_path_refused, "not a readable regular file"); }

std::int64_t nanoseconds(const timespec& t) {
  return static_cast<std::int64_t>(t.tv_sec) * 1'000'000'000 + t.tv_nsec;
}

// Closes a descriptor when it goes out of scope.
struct FdCloser {
  int fd;
  ~FdCloser() { ::close(fd); }
};

}  // namespace

FileCache::FileCache(const StaticRoot& root, FileCacheLimits limits)
    : root_(root), limits_(limits) {}

Result<std::shared_ptr<const StaticFile>> FileCache::get(std::string_view url_path,
                                                         std::int64_t now_ms) {
  if (auto found = index_.find(url_path); found != index_.end()) {
    const Lru::iterator it = found->second;
    const std::int64_t age = now_ms - it->checked_at;
    if (age >= 0 && age < limits_.revalidate_ms) {
      ++stats_.hits;
      lru_.splice(lru_.begin(), lru_, it);
      return it->file;
    }
    // Look again: the same checks as a first lookup, and the same file as was read.
    auto path = root_.resolve(url_path);
    if (!path.ok()) {
      erase(it);
      return std::move(path).error();
    }
    struct stat st {};
    if (*path == it->file->path && ::stat(path->c_str(), &st) == 0 && S_ISREG(st.st_mode) &&
        Identity{st.st_ino, st.st_dev, static_cast<std::uint64_t>(st.st_size),
                 nanoseconds(st.st_mtim), nanoseconds(st.st_ctim)} == it->identity) {
      ++stats_.revalidated;
      it->checked_at = now_ms;
      lru_.splice(lru_.begin(), lru_, it);
      return it->file;
    }
    erase(it);
  }
  Identity identity;
  bool cacheable = true;
  TLSPP_ASSIGN_OR_RETURN(std::shared_ptr<const StaticFile> file,
                         load(url_path, identity, cacheable));
  ++stats_.loads;
  const std::size_t bytes = file->content ? file->content->size() : 0;
  if (cacheable && limits_.max_entries > 0 && bytes <= limits_.max_bytes) {
    make_room(bytes);
    lru_.push_front(Entry{std::string(url_path), file, identity, now_ms});
    index_.emplace(lru_.front().key, lru_.begin());
    bytes_ += bytes;
  }
  return file;
}

Result<std::shared_ptr<const StaticFile>> FileCache::load(std::string_view url_path,
                                                          Identity& identity,
                                                          bool& cacheable) const {
  TLSPP_ASSIGN_OR_RETURN(std::string path, root_.resolve(url_path));
  // Opening is the readability check (StaticRoot::resolve leaves it to the open). O_NONBLOCK: a
  // FIFO swapped in after resolve's check must not block the event loop in open(2); fstat then
  // refuses it. Reads of a regular file ignore the flag.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (fd < 0) return not_readable();
  const FdCloser closer{fd};
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) return not_readable();
  identity = Identity{st.st_ino, st.st_dev, static_cast<std::uint64_t>(st.st_size),
                      nanoseconds(st.st_mtim), nanoseconds(st.st_ctim)};
  auto file = std::make_shared<StaticFile>();
  file->content_type = content_type_for(path);
  file->path = std::move(path);
  file->size = identity.size;
  if (identity.size <= limits_.max_file_bytes) {
    std::string bytes(identity.size, '\0');
    for (std::size_t got = 0; got < bytes.size();) {
      const ssize_t n = ::read(fd, bytes.data() + got, bytes.size() - got);
      if (n <= 0) return Error(ErrorCode::http_path_refused, "the file changed while it was read");
      got += static_cast<std::size_t>(n);
    }
    // Changed while it was read: serve these bytes once, keep nothing.
    struct stat after {};
    if (::fstat(fd, &after) != 0 || nanoseconds(after.st_mtim) != identity.mtime_ns ||
        nanoseconds(after.st_ctim) != identity.ctime_ns ||
        static_cast<std::uint64_t>(after.st_size) != identity.size) {
      cacheable = false;
    }
    file->content = std::make_shared<const std::string>(std::move(bytes));
  }
  timespec wall{};
  if (::clock_gettime(CLOCK_REALTIME, &wall) != 0 ||
      identity.ctime_ns > nanoseconds(wall) - limits_.settle_ms * 1'000'000) {
    cacheable = false;
  }
  return std::shared_ptr<const StaticFile>(std::move(file));
}

void FileCache::erase(Lru::iterator it) {
  if (it->file->content) bytes_ -= it->file->content->size();
  index_.erase(it->key);
  lru_.erase(it);
}

void FileCache::make_room(std::size_t bytes) {
  while (!lru_.empty() &&
         (lru_.size() >= limits_.max_entries || bytes_ + bytes > limits_.max_bytes)) {
    erase(std::prev(lru_.end()));
    ++stats_.evictions;
  }
}

}  // namespace tlspp::https
