// A minimal JSON reader (RFC 8259) for test data such as the x509-limbo corpus. Header-only; test
// code only, so it reports malformed input by throwing std::runtime_error.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace tlspp::test {

class Json {
 public:
  using Array = std::vector<Json>;
  using Object = std::map<std::string, Json>;

  Json() = default;  // null
  static Json parse(std::string_view text) {
    Parser p{text};
    Json v = p.value();
    p.skip_space();
    if (p.pos != text.size()) p.fail("trailing characters");
    return v;
  }

  bool is_null() const { return std::holds_alternative<std::monostate>(v_); }
  bool is_string() const { return std::holds_alternative<std::string>(v_); }
  bool is_array() const { return std::holds_alternative<std::shared_ptr<Array>>(v_); }
  bool is_object() const { return std::holds_alternative<std::shared_ptr<Object>>(v_); }
  bool is_number() const { return std::holds_alternative<double>(v_); }

  const std::string& str() const { return std::get<std::string>(v_); }
  double number() const { return std::get<double>(v_); }
  bool boolean() const { return std::get<bool>(v_); }
  const Array& array() const { return *std::get<std::shared_ptr<Array>>(v_); }
  const Object& object() const { return *std::get<std::shared_ptr<Object>>(v_); }
  // Member `key` of an object; a null Json when absent.
  const Json& operator[](const std::string& key) const {
    static const Json kNull;
    const auto& o = object();
    auto it = o.find(key);
    return it == o.end() ? kNull : it->second;
  }

 private:
  std::variant<std::monostate, bool, double, std::string, std::shared_ptr<Array>,
               std::shared_ptr<Object>>
      v_;

  struct Parser {
    std::string_view s;
    std::size_t pos = 0;

    [[noreturn]] void fail(const std::string& why) const {
      throw std::runtime_error("JSON: " + why + " at offset " + std::to_string(pos));
    }
    void skip_space() {
      while (pos < s.size() &&
             (s[pos] == ' ' || s[pos] == '\t' || s[pos] == '\n' || s[pos] == '\r')) {
        ++pos;
      }
    }
    char peek() {
      skip_space();
      if (pos >= s.size()) fail("unexpected end");
      return s[pos];
    }
    void expect(std::string_view word) {
      if (s.substr(pos, word.size()) != word) fail("expected " + std::string(word));
      pos += word.size();
    }
    static void put_utf8(std::string& out, std::uint32_t cp) {
      if (cp < 0x80) {
        out += static_cast<char>(cp);
      } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
      } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
      } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
      }
    }
    std::uint32_t hex4() {
      if (pos + 4 > s.size()) fail("short \\u escape");
      std::uint32_t v = 0;
      for (int i = 0; i < 4; ++i) {
        const char c = s[pos++];
        v <<= 4;
        if (c >= '0' && c <= '9')
          v |= c - '0';
        else if (c >= 'a' && c <= 'f')
          v |= c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
          v |= c - 'A' + 10;
        else
          fail("bad \\u escape");
      }
      return v;
    }
    std::string string() {
      if (peek() != '"') fail("expected string");
      ++pos;
      std::string out;
      for (;;) {
        if (pos >= s.size()) fail("unterminated string");
        const char c = s[pos++];
        if (c == '"') return out;
        if (c != '\\') {
          out += c;
          continue;
        }
        if (pos >= s.size()) fail("unterminated escape");
        const char e = s[pos++];
        switch (e) {
          case '"': out += '"'; break;
          case '\\': out += '\\'; break;
          case '/': out += '/'; break;
          case 'b': out += '\b'; break;
          case 'f': out += '\f'; break;
          case 'n': out += '\n'; break;
          case 'r': out += '\r'; break;
          case 't': out += '\t'; break;
          case 'u': {
            std::uint32_t cp = hex4();
            if (cp >= 0xD800 && cp < 0xDC00 && s.substr(pos, 2) == "\\u") {
              pos += 2;
              const std::uint32_t low = hex4();
              cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            }
            put_utf8(out, cp);
            break;
          }
          default: fail("bad escape");
        }
      }
    }
    Json value() {
      Json j;
      const char c = peek();
      if (c == '{') {
        ++pos;
        auto obj = std::make_shared<Object>();
        if (peek() == '}') {
          ++pos;
        } else {
          for (;;) {
            std::string key = string();
            if (peek() != ':') fail("expected ':'");
            ++pos;
            (*obj)[key] = value();
            const char d = peek();
            ++pos;
            if (d == '}') break;
            if (d != ',') fail("expected ',' or '}'");
          }
        }
        j.v_ = obj;
      } else if (c == '[') {
        ++pos;
        auto arr = std::make_shared<Array>();
        if (peek() == ']') {
          ++pos;
        } else {
          for (;;) {
            arr->push_back(value());
            const char d = peek();
            ++pos;
            if (d == ']') break;
            if (d != ',') fail("expected ',' or ']'");
          }
        }
        j.v_ = arr;
      } else if (c == '"') {
        j.v_ = string();
      } else if (c == 't') {
        expect("true");
        j.v_ = true;
      } else if (c == 'f') {
        expect("false");
        j.v_ = false;
      } else if (c == 'n') {
        expect("null");
      } else {
        const std::size_t start = pos;
        while (pos < s.size() &&
               std::string_view("+-0123456789.eE").find(s[pos]) != std::string_view::npos)
          ++pos;
        if (start == pos) fail("unexpected character");
        j.v_ = std::stod(std::string(s.substr(start, pos - start)));
      }
      return j;
    }
  };
};

}  // namespace tlspp::test
