#include "https/file_cache.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "support/process.h"

namespace tlspp::https {
namespace {

// The tests' files are written just before they are looked up: settle_ms 0 lets them be cached
// (the settle rule has its own test).
FileCacheLimits test_limits() {
  FileCacheLimits limits;
  limits.settle_ms = 0;
  limits.revalidate_ms = 1000;
  return limits;
}

class FileCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directories(dir.file("root/sub"));
    ASSERT_TRUE(test::write_file(dir.file("root/index.html"), "<p>hi</p>"));
    ASSERT_TRUE(test::write_file(dir.file("root/a.txt"), "aaaa"));
    ASSERT_TRUE(test::write_file(dir.file("root/b.txt"), "bbbb"));
    ASSERT_TRUE(test::write_file(dir.file("root/c.txt"), "cccc"));
    ASSERT_TRUE(test::write_file(dir.file("secret.txt"), "secret"));
    ASSERT_EQ(::symlink(dir.file("secret.txt").c_str(), dir.file("root/escape").c_str()), 0);
    root = StaticRoot::open(dir.file("root")).value();
  }
  std::string content(FileCache& cache, std::string_view path, std::int64_t now) {
    auto file = cache.get(path, now);
    if (!file.ok()) return "error: " + file.error().reason;
    if (!(*file)->content) return "(not cached: " + std::to_string((*file)->size) + " bytes)";
    return *(*file)->content;
  }
  test::TempDir dir;
  std::optional<StaticRoot> root;
};

TEST_F(FileCacheTest, ALookupWithinTheIntervalIsAnsweredWithoutTheFileSystem) {
  FileCache cache(*root, test_limits());
  auto first = cache.get("/", 5000);
  ASSERT_TRUE(first.ok()) << first.error().reason;
  EXPECT_EQ((*first)->path, root->path() + "/index.html");
  EXPECT_EQ((*first)->content_type, "text/html; charset=utf-8");
  EXPECT_EQ((*first)->size, 9u);
  EXPECT_EQ(*(*first)->content, "<p>hi</p>");
  EXPECT_EQ(cache.entries(), 1u);
  EXPECT_EQ(cache.bytes(), 9u);
  // Gone from the disk, still served until the interval ends: the hit made no file-system call.
  ASSERT_EQ(::unlink(dir.file("root/index.html").c_str()), 0);
  auto second = cache.get("/", 5999);
  ASSERT_TRUE(second.ok()) << second.error().reason;
  EXPECT_EQ(second->get(), first->get());
  EXPECT_EQ(cache.stats().hits, 1u);
  EXPECT_EQ(cache.stats().loads, 1u);
  // After the interval the path is resolved again: the file is missing, the entry dropped.
  auto third = cache.get("/", 6000);
  ASSERT_FALSE(third.ok());
  EXPECT_EQ(third.error().code, ErrorCode::http_path_refused);
  EXPECT_EQ(cache.entries(), 0u);
  EXPECT_EQ(cache.bytes(), 0u);
}

TEST_F(FileCacheTest, AfterTheIntervalTheSameFileIsKeptAndAChangedOneReadAgain) {
  FileCache cache(*root, test_limits());
  auto first = cache.get("/a.txt", 0);
  ASSERT_TRUE(first.ok()) << first.error().reason;
  auto same = cache.get("/a.txt", 1000);
  ASSERT_TRUE(same.ok()) << same.error().reason;
  EXPECT_EQ(same->get(), first->get());
  EXPECT_EQ(cache.stats().revalidated, 1u);
  EXPECT_EQ(cache.stats().loads, 1u);

  ASSERT_TRUE(test::write_file(dir.file("root/a.txt"), "a changed file"));
  EXPECT_EQ(content(cache, "/a.txt", 1999), "aaaa");  // trusted until the interval ends
  EXPECT_EQ(content(cache, "/a.txt", 2000), "a changed file");
  EXPECT_EQ(cache.stats().loads, 2u);
  EXPECT_EQ(cache.entries(), 1u);
  EXPECT_EQ(cache.bytes(), 14u);
}

TEST_F(FileCacheTest, RefusalsAreNotCachedAndKeepStaticRootsChecks) {
  // A FIFO is not a regular file: refused, and looking it up does not block.
  ASSERT_EQ(::mkfifo(dir.file("root/pipe").c_str(), 0644), 0);
  FileCache cache(*root, test_limits());
  for (const char* path :
       {"/missing", "/escape", "/../secret.txt", "/%2e%2e/secret.txt", "/sub", "/pipe"}) {
    auto r = cache.get(path, 0);
    ASSERT_FALSE(r.ok()) << path;
    EXPECT_EQ(r.error().code, ErrorCode::http_path_refused) << path;
  }
  auto malformed = cache.get("/%zz", 0);
  ASSERT_FALSE(malformed.ok());
  EXPECT_EQ(malformed.error().code, ErrorCode::http_malformed);
  EXPECT_EQ(cache.entries(), 0u);
  // A file created after a refusal is found at once: the refusal was not remembered.
  ASSERT_TRUE(test::write_file(dir.file("root/missing"), "here now"));
  EXPECT_EQ(content(cache, "/missing", 1), "here now");
}

TEST_F(FileCacheTest, AFileReplacedByAnEscapingSymlinkIsRefusedAtRevalidation) {
  FileCache cache(*root, test_limits());
  EXPECT_EQ(content(cache, "/b.txt", 0), "bbbb");
  ASSERT_EQ(::unlink(dir.file("root/b.txt").c_str()), 0);
  ASSERT_EQ(::symlink(dir.file("secret.txt").c_str(), dir.file("root/b.txt").c_str()), 0);
  auto r = cache.get("/b.txt", 1000);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::http_path_refused);
  EXPECT_EQ(r.error().reason, "the path resolves outside the served directory");
  EXPECT_EQ(cache.entries(), 0u);
}

TEST_F(FileCacheTest, EntriesAreBoundedLeastRecentlyUsedFirst) {
  FileCacheLimits limits = test_limits();
  limits.max_entries = 2;
  FileCache cache(*root, limits);
  EXPECT_EQ(content(cache, "/a.txt", 0), "aaaa");
  EXPECT_EQ(content(cache, "/b.txt", 0), "bbbb");
  EXPECT_EQ(content(cache, "/a.txt", 0), "aaaa");  // a is now the most recently used
  EXPECT_EQ(content(cache, "/c.txt", 0), "cccc");  // evicts b
  EXPECT_EQ(cache.entries(), 2u);
  EXPECT_EQ(cache.stats().evictions, 1u);
  EXPECT_EQ(cache.stats().loads, 3u);
  EXPECT_EQ(content(cache, "/a.txt", 0), "aaaa");
  EXPECT_EQ(cache.stats().loads, 3u);  // a stayed
  EXPECT_EQ(content(cache, "/b.txt", 0), "bbbb");
  EXPECT_EQ(cache.stats().loads, 4u);  // b was read again
}

TEST_F(FileCacheTest, CachedBytesAreBounded) {
  FileCacheLimits limits = test_limits();
  limits.max_bytes = 10;  // room for two 4-byte files, not three
  FileCache cache(*root, limits);
  EXPECT_EQ(content(cache, "/a.txt", 0), "aaaa");
  EXPECT_EQ(content(cache, "/b.txt", 0), "bbbb");
  EXPECT_EQ(cache.bytes(), 8u);
  EXPECT_EQ(content(cache, "/c.txt", 0), "cccc");
  EXPECT_EQ(cache.entries(), 2u);
  EXPECT_EQ(cache.bytes(), 8u);
  EXPECT_EQ(cache.stats().evictions, 1u);
}

TEST_F(FileCacheTest, LargerFilesAreFoundButNotHeld) {
  FileCacheLimits limits = test_limits();
  limits.max_file_bytes = 5;
  FileCache cache(*root, limits);
  auto big = cache.get("/", 0);
  ASSERT_TRUE(big.ok()) << big.error().reason;
  EXPECT_EQ((*big)->content, nullptr);
  EXPECT_EQ((*big)->size, 9u);
  EXPECT_EQ((*big)->path, root->path() + "/index.html");
  EXPECT_EQ(cache.entries(), 1u);  // the lookup is remembered, its bytes are not
  EXPECT_EQ(cache.bytes(), 0u);
  EXPECT_EQ(content(cache, "/a.txt", 0), "aaaa");
  EXPECT_EQ(cache.bytes(), 4u);
}

TEST_F(FileCacheTest, AFileChangedWithinTheSettleTimeIsServedButNotCached) {
  FileCacheLimits limits = test_limits();
  limits.settle_ms = 3'600'000;  // every file here changed within the last hour
  FileCache cache(*root, limits);
  EXPECT_EQ(content(cache, "/a.txt", 0), "aaaa");
  EXPECT_EQ(cache.entries(), 0u);
  EXPECT_EQ(content(cache, "/a.txt", 0), "aaaa");
  EXPECT_EQ(cache.stats().loads, 2u);
  EXPECT_EQ(cache.stats().hits, 0u);
}

TEST_F(FileCacheTest, NoEntriesMeansNoCaching) {
  FileCacheLimits limits = test_limits();
  limits.max_entries = 0;
  FileCache cache(*root, limits);
  EXPECT_EQ(content(cache, "/a.txt", 0), "aaaa");
  EXPECT_EQ(content(cache, "/a.txt", 0), "aaaa");
  EXPECT_EQ(cache.entries(), 0u);
  EXPECT_EQ(cache.stats().loads, 2u);
}

}  // namespace
}  // namespace tlspp::https
