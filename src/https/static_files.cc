#include "https/static_files.h"

#include <sys/stat.h>

#include <array>
#include <cctype>
#include <climits>
#include <cstdlib>
#include <optional>
#include <utility>

namespace tlspp::https {
namespace {

Error refused(std::string reason) { return Error(ErrorCode::http_path_refused, std::move(reason)); }

// realpath(3): the canonical absolute path, every symlink resolved; nullopt when it fails.
std::optional<std::string> canonical(const std::string& path) {
  char* resolved = ::realpath(path.c_str(), nullptr);
  if (resolved == nullptr) return std::nullopt;
  std::string out(resolved);
  std::free(resolved);
  return out;
}

// True when every component of `path` after its first `root_size` characters (a canonical
// directory) is a directory that is not a symlink, and the last one a regular file that is not a
// symlink: then `path` is canonical. One lstat(2) per component below the root.
bool plain_file_below(std::size_t root_size, const std::string& path) {
  std::string prefix = path.substr(0, root_size);
  std::string_view rest = std::string_view(path).substr(root_size);
  while (!rest.empty()) {
    rest.remove_prefix(1);  // the '/'
    const std::size_t slash = rest.find('/');
    const std::string_view segment = rest.substr(0, slash);
    if (segment.empty()) return false;  // "//": leave it to realpath
    prefix += '/';
    prefix += segment;
    rest.remove_prefix(segment.size());
    struct stat st {};
    if (::lstat(prefix.c_str(), &st) != 0) return false;
    if (rest.empty() ? !S_ISREG(st.st_mode) : !S_ISDIR(st.st_mode)) return false;
  }
  return true;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  const char l = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (l >= 'a' && l <= 'f') return l - 'a' + 10;
  return -1;
}

}  // namespace

Result<std::string> percent_decode(std::string_view text) {
  std::string out;
  while (!text.empty()) {
    const char c = text.front();
    if (c != '%') {
      out.push_back(c);
      text.remove_prefix(1);
      continue;
    }
    if (text.size() < 3 || hex_value(text[1]) < 0 || hex_value(text[2]) < 0) {
      return Error(ErrorCode::http_malformed, "a bad percent-escape in the path");
    }
    out.push_back(static_cast<char>(hex_value(text[1]) * 16 + hex_value(text[2])));
    text.remove_prefix(3);
  }
  return out;
}

Result<StaticRoot> StaticRoot::open(const std::string& dir) {
  auto root = canonical(dir);
  struct stat st {};
  if (!root || ::stat(root->c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    return refused(dir + " is not a directory");
  }
  if (root->size() > 1 && root->back() == '/') root->pop_back();
  return StaticRoot(std::move(*root));
}

Result<std::string> StaticRoot::resolve(std::string_view path) const {
  TLSPP_ASSIGN_OR_RETURN(std::string decoded, percent_decode(path));
  if (decoded.empty() || decoded.front() != '/') return refused("the path is not absolute");
  if (decoded.find('\0') != std::string::npos || decoded.find('\\') != std::string::npos) {
    return refused("the path holds a NUL or a backslash");
  }
  // No "." or ".." segments at all: nothing legitimate needs them, and refusing them before
  // touching the file system means no traversal can even be attempted.
  std::string_view rest(decoded);
  while (!rest.empty()) {
    rest.remove_prefix(1);  // the '/'
    const std::string_view segment = rest.substr(0, rest.find('/'));
    if (segment == "." || segment == "..") return refused("the path has a dot segment");
    rest.remove_prefix(segment.size());
  }
  std::string candidate = root_ + decoded;
  if (candidate.back() == '/') candidate += "index.html";
  // The common case without realpath(3) (one readlink per component of the whole path): every
  // component below the canonical root is a real directory or, last, a regular file — no symlink
  // — so the candidate is already canonical and under the root. Anything else (a symlink, a
  // missing component) takes the general path below.
  if (plain_file_below(root_.size(), candidate)) return candidate;
  auto resolved = canonical(candidate);
  if (!resolved) return refused("no such file");
  // A symlink inside the root may point anywhere: the resolved file must still be under it.
  const std::string prefix = root_ == "/" ? root_ : root_ + "/";
  if (resolved->compare(0, prefix.size(), prefix) != 0) {
    return refused("the path resolves outside the served directory");
  }
  struct stat st {};
  if (::stat(resolved->c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
    return refused("not a regular file");
  }
  return std::move(*resolved);
}

std::string_view content_type_for(std::string_view file_name) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 16> kTypes{{
      {".html", "text/html; charset=utf-8"},
      {".htm", "text/html; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".json", "application/json"},
      {".txt", "text/plain; charset=utf-8"},
      {".md", "text/markdown; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".gif", "image/gif"},
      {".webp", "image/webp"},
      {".ico", "image/x-icon"},
      {".pdf", "application/pdf"},
      {".wasm", "application/wasm"},
  }};
  const std::size_t slash = file_name.rfind('/');
  const std::string_view base =
      slash == std::string_view::npos ? file_name : file_name.substr(slash + 1);
  const std::size_t dot = base.rfind('.');
  if (dot != std::string_view::npos) {
    std::string ext(base.substr(dot));
    for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (const auto& [e, type] : kTypes) {
      if (e == ext) return type;
    }
  }
  return "application/octet-stream";
}

}  // namespace tlspp::https
