#include "https/static_files.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "support/process.h"

namespace tlspp::https {
namespace {

class StaticFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directories(dir.file("root/sub"));
    ASSERT_TRUE(test::write_file(dir.file("root/index.html"), "<p>hi</p>"));
    ASSERT_TRUE(test::write_file(dir.file("root/sub/a b.txt"), "a"));
    ASSERT_TRUE(test::write_file(dir.file("secret.txt"), "secret"));
    ASSERT_EQ(::symlink(dir.file("secret.txt").c_str(), dir.file("root/escape").c_str()), 0);
    ASSERT_EQ(::symlink("sub/a b.txt", dir.file("root/inside").c_str()), 0);
    ASSERT_EQ(::symlink(dir.file("").c_str(), dir.file("root/outdir").c_str()), 0);
    ASSERT_EQ(::symlink("sub", dir.file("root/subdir").c_str()), 0);
    root = StaticRoot::open(dir.file("root")).value();
  }
  test::TempDir dir;
  std::optional<StaticRoot> root;
};

TEST_F(StaticFiles, ResolvesFilesIndexAndPercentEscapes) {
  auto index = root->resolve("/");
  ASSERT_TRUE(index.ok()) << index.error().reason;
  EXPECT_EQ(*index, root->path() + "/index.html");
  auto spaced = root->resolve("/sub/a%20b.txt");
  ASSERT_TRUE(spaced.ok()) << spaced.error().reason;
  EXPECT_EQ(*spaced, root->path() + "/sub/a b.txt");
  // A symlink that stays inside the root is followed.
  auto inside = root->resolve("/inside");
  ASSERT_TRUE(inside.ok()) << inside.error().reason;
  EXPECT_EQ(*inside, root->path() + "/sub/a b.txt");
  // So is a directory symlink that stays inside: the result is the canonical path.
  auto via_dir = root->resolve("/subdir/a%20b.txt");
  ASSERT_TRUE(via_dir.ok()) << via_dir.error().reason;
  EXPECT_EQ(*via_dir, root->path() + "/sub/a b.txt");
}

TEST_F(StaticFiles, TraversalAndEscapesAreRefused) {
  for (const char* path : {"/../secret.txt", "/sub/../../secret.txt", "/%2e%2e/secret.txt",
                           "/sub/%2E%2E/%2e%2e/secret.txt", "/./index.html", "/escape",
                           "/sub/..%5c..%5csecret.txt", "/index.html%00.txt", "/sub", "/missing",
                           "relative", "/outdir/secret.txt", "/sub//a%20b.txt/", "/index.html/"}) {
    auto r = root->resolve(path);
    ASSERT_FALSE(r.ok()) << path << " resolved to " << *r;
    EXPECT_EQ(r.error().code, ErrorCode::http_path_refused) << path;
  }
  auto bad_escape = root->resolve("/%zz");
  ASSERT_FALSE(bad_escape.ok());
  EXPECT_EQ(bad_escape.error().code, ErrorCode::http_malformed);
}

TEST_F(StaticFiles, OpenRefusesWhatIsNotADirectory) {
  auto r = StaticRoot::open(dir.file("secret.txt"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::http_path_refused);
}

TEST(ContentType, ByExtensionCaseInsensitively) {
  EXPECT_EQ(content_type_for("/x/index.HTML"), "text/html; charset=utf-8");
  EXPECT_EQ(content_type_for("a.png"), "image/png");
  EXPECT_EQ(content_type_for("a.json"), "application/json");
  EXPECT_EQ(content_type_for("dir.d/noext"), "application/octet-stream");
}

}  // namespace
}  // namespace tlspp::https
