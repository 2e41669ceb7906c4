#include "msgs/extensions.h"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "msgs_test_util.h"

namespace tlspp::msgs {
namespace {

using testing::concat;
using testing::encoded;
using testing::hex;

TEST(Extensions, DecodesEntriesInWireOrderAndKeepsUnknownTypes) {
  // server_name (empty), an unknown type 0x1234 with body 0xAB, a GREASE type with no body.
  const ByteVector block = hex("000d  0000 0000  1234 0001 ab  2a2a 0000");
  codec::Reader r(block, "test");
  auto ext = Extensions::read(r, "test");
  ASSERT_TRUE(ext.ok()) << ext.error().to_string();
  EXPECT_TRUE(r.empty());
  ASSERT_EQ(ext->entries.size(), 3u);
  EXPECT_EQ(ext->entries[0], (Extension{ExtensionType::server_name, {}}));
  EXPECT_EQ(ext->entries[1], (Extension{static_cast<ExtensionType>(0x1234), {0xab}}));
  EXPECT_EQ(ext->entries[2].type, static_cast<ExtensionType>(0x2a2a));
  EXPECT_EQ(encoded(*ext), block);
  ASSERT_NE(ext->find(static_cast<ExtensionType>(0x1234)), nullptr);
  EXPECT_EQ(ext->find(ExtensionType::key_share), nullptr);
}

// RFC 8446 §4.2: "There MUST NOT be more than one extension of the same type in a given extension
// block."
TEST(Extensions, DuplicateTypeIsIllegalParameter) {
  EXPECT_FAILS_WITH(Extensions::decode_entries(hex("0017 0000  000a 0002 001d  0017 0000"), "test"),
                    ErrorCode::duplicate_extension, AlertDescription::illegal_parameter);
  // Unknown types are duplicates too.
  EXPECT_FAILS_WITH(Extensions::decode_entries(hex("fe01 0000 fe01 0001 00"), "test"),
                    ErrorCode::duplicate_extension, AlertDescription::illegal_parameter);
}

// A peer may send tens of thousands of (empty) extensions; duplicate detection must not be
// quadratic. 16383 distinct types plus one duplicate at the end.
TEST(Extensions, ManyExtensionsAreCheckedForDuplicatesQuickly) {
  codec::Writer w;
  for (std::uint16_t t = 0; t < 16383; ++t) {
    w.u16(static_cast<std::uint16_t>(t * 4 + 1));
    w.u16(0);
  }
  auto distinct = std::move(w).finish();
  ASSERT_TRUE(distinct.ok());
  auto ok = Extensions::decode_entries(*distinct, "test");
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->entries.size(), 16383u);
  const ByteVector with_dup = concat(*distinct, hex("0001 0000"));
  EXPECT_FAILS_WITH(Extensions::decode_entries(with_dup, "test"), ErrorCode::duplicate_extension,
                    AlertDescription::illegal_parameter);
}

TEST(Extensions, MalformedBlocksAreDecodeErrors) {
  // A body length past the block.
  EXPECT_FAILS_WITH(Extensions::decode_entries(hex("0000 0003 0000"), "test"), ErrorCode::truncated,
                    AlertDescription::decode_error);
  // A lone byte where a type should be.
  EXPECT_FAILS_WITH(Extensions::decode_entries(hex("0000 0000 00"), "test"), ErrorCode::truncated,
                    AlertDescription::decode_error);
  // The block's own length past the input.
  const ByteVector block = hex("0005 0000 0000");  // outlives the Reader that views it
  codec::Reader r(block, "test");
  EXPECT_FAILS_WITH(Extensions::read(r, "test"), ErrorCode::truncated,
                    AlertDescription::decode_error);
}

TEST(Extensions, ForbiddenExtensionNamesTheMessage) {
  Extensions ext;
  ext.entries.push_back(Extension{ExtensionType::key_share, hex("001d")});
  auto status = ext.check_tls13_context(ExtensionContext::encrypted_extensions, "EncryptedExt");
  EXPECT_FAILS_WITH(status, ErrorCode::forbidden_extension, AlertDescription::illegal_parameter);
  EXPECT_NE(status.error().reason.find("key_share"), std::string::npos);
  EXPECT_NE(status.error().reason.find("EE"), std::string::npos);
  EXPECT_TRUE(ext.check_tls13_context(ExtensionContext::hello_retry_request, "HRR").ok());
}

// RFC 8446 §4.2 applies to extensions an implementation recognizes; others pass.
TEST(Extensions, UnknownTypesArePermittedEverywhere) {
  for (auto c : {ExtensionContext::client_hello, ExtensionContext::server_hello,
                 ExtensionContext::encrypted_extensions, ExtensionContext::certificate,
                 ExtensionContext::certificate_request, ExtensionContext::new_session_ticket,
                 ExtensionContext::hello_retry_request}) {
    EXPECT_TRUE(tls13_permitted(static_cast<ExtensionType>(0xFE00), c));
    EXPECT_TRUE(tls13_permitted(static_cast<ExtensionType>(0x0A0A), c));
  }
}

TEST(Extensions, Tls12OnlyExtensionsAreClientHelloOnlyInTls13) {
  for (auto t : {ExtensionType::extended_master_secret, ExtensionType::renegotiation_info,
                 ExtensionType::ec_point_formats, ExtensionType::session_ticket,
                 ExtensionType::encrypt_then_mac}) {
    EXPECT_EQ(tls13_contexts_of(t), detail::CH) << name_of(t);
  }
}

// The table must say what RFC 8446 §4.2's printed table says, row by row: read the table out of
// the RFC text at test time and compare.
TEST(Extensions, TableMatchesRfc8446Section4_2) {
  std::ifstream in(std::string(TLSPP_SHARED_DIR) + "/specs/rfc8446.txt");
  ASSERT_TRUE(in) << "cannot read rfc8446.txt";
  std::stringstream text;
  text << in.rdbuf();
  const std::map<std::string, ContextSet> codes = {
      {"CH", detail::CH}, {"SH", detail::SH},   {"EE", detail::EE},  {"CT", detail::CT},
      {"CR", detail::CR}, {"NST", detail::NST}, {"HRR", detail::HRR}};

  std::map<std::string, ContextSet> rfc;
  std::string line;
  bool in_table = false;
  while (std::getline(text, line)) {
    if (line.find("| Extension ") != std::string::npos &&
        line.find("TLS 1.3") != std::string::npos) {
      in_table = true;
      continue;
    }
    if (!in_table) continue;
    if (line.find("signature_algorithms_cert") != std::string::npos) in_table = false;
    const std::size_t bar1 = line.find('|');
    const std::size_t bar2 = line.find('|', bar1 + 1);
    const std::size_t bar3 = line.find('|', bar2 + 1);
    if (bar1 == std::string::npos || bar3 == std::string::npos) continue;
    std::istringstream name_field(line.substr(bar1 + 1, bar2 - bar1 - 1));
    std::string name;
    name_field >> name;
    if (name.empty()) continue;
    ContextSet set = 0;
    std::istringstream contexts(line.substr(bar2 + 1, bar3 - bar2 - 1));
    std::string code;
    while (contexts >> code) {
      if (code.back() == ',') code.pop_back();
      ASSERT_TRUE(codes.count(code)) << code;
      set |= codes.at(code);
    }
    rfc[name] = set;
  }
  ASSERT_EQ(rfc.size(), 22u);

  for (const auto& [name, contexts] : rfc) {
    bool found = false;
    for (const ExtensionPermission& p : kTls13ExtensionTable) {
      if (name_of(p.type) == name) {
        found = true;
        EXPECT_EQ(p.contexts, contexts) << name;
      }
    }
    EXPECT_TRUE(found) << name << " is missing from kTls13ExtensionTable";
  }
}

TEST(Extensions, TableHasOneRowPerType) {
  for (std::size_t i = 0; i < kTls13ExtensionTable.size(); ++i) {
    for (std::size_t j = i + 1; j < kTls13ExtensionTable.size(); ++j) {
      EXPECT_NE(kTls13ExtensionTable[i].type, kTls13ExtensionTable[j].type)
          << name_of(kTls13ExtensionTable[i].type);
    }
  }
  static_assert(tls13_permitted(ExtensionType::cookie, ExtensionContext::hello_retry_request));
  static_assert(!tls13_permitted(ExtensionType::cookie, ExtensionContext::server_hello));
}

}  // namespace
}  // namespace tlspp::msgs
