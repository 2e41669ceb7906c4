// A strict DER reader (ITU-T X.690 §10 on top of BER §8) built on codec::Reader. It accepts only
// the distinguished encoding: definite lengths in the fewest octets (short form below 128), tag
// numbers in the short form below 31 and minimally in the long form above, minimal INTEGERs,
// BOOLEANs of 0x00/0xFF, BIT STRINGs with zeroed unused bits. Every violation is
// ErrorCode::bad_encoding with a reason naming the structure; running out of bytes is
// ErrorCode::truncated (from Reader::take, the one length check).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "codec/reader.h"
#include "tlspp/result.h"

namespace tlspp::x509::der {

using codec::Bytes;

// An identifier octet's class and constructed bits (the top three bits of its first octet) and the
// tag number.
struct Tag {
  std::uint8_t class_and_form = 0;  // 0x00 universal, 0x40 application, 0x80 context, 0xC0 private;
                                    // | 0x20 when constructed
  std::uint32_t number = 0;
  friend constexpr bool operator==(const Tag&, const Tag&) = default;
};

inline constexpr std::uint8_t kConstructed = 0x20;
inline constexpr std::uint8_t kContextClass = 0x80;

inline constexpr Tag kBoolean{0x00, 1};
inline constexpr Tag kInteger{0x00, 2};
inline constexpr Tag kBitString{0x00, 3};
inline constexpr Tag kOctetString{0x00, 4};
inline constexpr Tag kNull{0x00, 5};
inline constexpr Tag kOid{0x00, 6};
inline constexpr Tag kEnumerated{0x00, 10};
inline constexpr Tag kUtf8String{0x00, 12};
inline constexpr Tag kPrintableString{0x00, 19};
inline constexpr Tag kTeletexString{0x00, 20};
inline constexpr Tag kIa5String{0x00, 22};
inline constexpr Tag kUtcTime{0x00, 23};
inline constexpr Tag kGeneralizedTime{0x00, 24};
inline constexpr Tag kVisibleString{0x00, 26};
inline constexpr Tag kUniversalString{0x00, 28};
inline constexpr Tag kBmpString{0x00, 30};
inline constexpr Tag kSequence{kConstructed, 16};
inline constexpr Tag kSet{kConstructed, 17};

// [n] IMPLICIT primitive and [n] constructed (EXPLICIT or IMPLICIT SEQUENCE) context tags.
constexpr Tag context(std::uint32_t n) { return Tag{kContextClass, n}; }
constexpr Tag context_constructed(std::uint32_t n) {
  return Tag{static_cast<std::uint8_t>(kContextClass | kConstructed), n};
}

// "SEQUENCE", "[3] constructed", "INTEGER", ... for error reasons.
std::string describe(Tag tag);

// One TLV: its tag, its contents octets and its whole encoding (identifier + length + contents).
// Both spans alias the parsed input.
struct Element {
  Tag tag;
  Bytes contents;
  Bytes encoding;
};

// A cursor over a sequence of DER elements (the contents of a SEQUENCE, SET or a whole buffer).
// Copyable and cheap: copies read independently. `what` names the structure for error reasons and
// must outlive the Parser (use string literals).
class Parser {
 public:
  explicit Parser(Bytes data, std::string_view what = "DER") : reader_(data, what) {}

  // The next element, whatever its tag.
  Result<Element> next();
  // The contents of the next element, which must have tag `tag` (bad_encoding otherwise).
  Result<Bytes> read(Tag tag);
  // The next element, which must have tag `tag`.
  Result<Element> read_element(Tag tag);
  // A Parser over the contents of the next element (which must have `tag`, normally constructed).
  // The caller finishes it with expect_empty().
  Result<Parser> read_constructed(Tag tag, std::string_view what);
  Result<Parser> read_sequence(std::string_view what) { return read_constructed(kSequence, what); }
  // The contents of the next element when it has tag `tag`; nullopt (consuming nothing) when the
  // input is empty or the next element has another tag.
  Result<std::optional<Bytes>> read_optional(Tag tag);
  Result<std::optional<Element>> read_optional_element(Tag tag);
  // Whether the next element has tag `tag` (false when empty or malformed).
  bool next_is(Tag tag) const;

  // ErrorCode::trailing_data unless every element was read.
  Status expect_empty() const { return reader_.expect_empty(); }
  bool empty() const { return reader_.empty(); }
  std::string_view what() const { return reader_.what(); }

 private:
  Result<Tag> read_tag();
  Result<std::size_t> read_length();

  codec::Reader reader_;
};

// Decoders for primitive contents (X.690 §8 with the DER restrictions of §10/§11).

// BOOLEAN: exactly one octet, 0x00 or 0xFF (X.690 §11.1).
Result<bool> parse_boolean(Bytes contents);
// INTEGER: at least one octet, no redundant leading 0x00/0xFF octet (X.690 §8.3.2).
Status check_integer(Bytes contents);
// A non-negative INTEGER that fits in 64 bits.
Result<std::uint64_t> parse_uint64(Bytes contents);
// True when a (valid) INTEGER's contents encode a negative number.
bool integer_is_negative(Bytes contents);
// NULL: empty contents.
Status check_null(Bytes contents);

// BIT STRING contents: the unused-bit count (0..7, 0 when empty) and the bit octets. DER requires
// the unused bits to be zero (X.690 §11.2.1).
struct BitString {
  Bytes bytes;
  std::uint8_t unused_bits = 0;
  // Bit i counting from the most significant bit of the first octet (named-bit lists, RFC 5280
  // KeyUsage bit 0 = digitalSignature). False beyond the end.
  bool bit(std::size_t i) const;
};
Result<BitString> parse_bit_string(Bytes contents);
// A BIT STRING that must have no unused bits (keys, signatures): its octets.
Result<Bytes> parse_octet_aligned_bit_string(Bytes contents);

// OBJECT IDENTIFIER contents: non-empty, every subidentifier minimal (no leading 0x80 octet), the
// last octet without the continuation bit (X.690 §8.19).
Status check_oid(Bytes contents);
// Dotted form ("1.2.840.113549.1.1.11") of valid OID contents.
std::string oid_to_string(Bytes contents);

}  // namespace tlspp::x509::der
