// Static files for `tlspp serve DIR`: mapping a request path to a file under the served root
// without ever leaving it, and the Content-Type for a file name.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "tlspp/result.h"

namespace tlspp::https {

// The served root, resolved once (symlinks in the root's own path are allowed).
class StaticRoot {
 public:
  // ErrorCode::http_path_refused when `dir` is not an existing directory.
  static Result<StaticRoot> open(const std::string& dir);

  // The regular file that URL path `path` names under the root: percent-decoded, "/" mapped to
  // "index.html", and every symlink resolved. ErrorCode::http_path_refused (answer 404) when the
  // decoded path holds a NUL, a backslash, a "." or ".." segment, when the resolved file lies
  // outside the root (a symlink escape), or when it is not a regular file; a directory path
  // without index.html is refused too. Readability is left to the open that follows (the caller
  // answers 404 when it fails): checking it here as well costs an access(2) per request.
  Result<std::string> resolve(std::string_view path) const;
  const std::string& path() const { return root_; }

 private:
  explicit StaticRoot(std::string root) : root_(std::move(root)) {}
  std::string root_;  // canonical, without trailing slash
};

// RFC 3986 §2.1 percent-decoding. ErrorCode::http_malformed for a bad escape.
Result<std::string> percent_decode(std::string_view text);

// "text/html; charset=utf-8", "image/png", ... by extension; "application/octet-stream" otherwise.
std::string_view content_type_for(std::string_view file_name);

}  // namespace tlspp::https
