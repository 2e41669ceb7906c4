// Connection::receive_space() / commit_received(): bytes read straight into the record layer's
// buffer (exact space sizes per record piece, partial and zero-length commits, interleaving with
// receive(), misuse, close and backpressure), and connections whose AEADs release_buffers() freed.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "support/tls_pair.h"
#include "tlspp/connection.h"

namespace tlspp {
namespace {

using test::connect_pair;
using test::pump;
using test::read_all;
using ByteVec = std::vector<std::uint8_t>;

// Header + content + type byte + AES-128-GCM tag of one TLS 1.3 record.
constexpr std::size_t record_size(std::size_t content) { return 5 + content + 1 + 16; }

Status send(Connection& c, std::string_view text) {
  return c.write({reinterpret_cast<const std::uint8_t*>(text.data()), text.size()});
}

test::Pair connected() {
  auto pair = connect_pair(test::test_client_config(), test::test_server_config());
  EXPECT_TRUE(pair.ok()) << pair.error().to_string();
  return std::move(pair).value();
}

// Takes everything `c` has to send.
ByteVec take_output(Connection& c) {
  const auto out = c.pending_output();
  ByteVec bytes(out.begin(), out.end());
  c.consume_output(bytes.size());
  return bytes;
}

// Copies up to `n` bytes of `from` (from `*at`) into `to`'s receive_space() and commits them.
// Returns the space's size.
std::size_t give(Connection& to, const ByteVec& from, std::size_t* at, std::size_t n) {
  const auto space = to.receive_space();
  const std::size_t k = std::min({n, space.size(), from.size() - *at});
  std::memcpy(space.data(), from.data() + *at, k);
  *at += k;
  EXPECT_TRUE(to.commit_received(k).ok());
  return space.size();
}

TEST(ReceiveSpace, OffersTheHeaderThenTheRestOfTheRecord) {
  auto p = connected();
  ASSERT_TRUE(send(*p.client, "hello").ok());
  const ByteVec wire = take_output(*p.client);
  ASSERT_EQ(wire.size(), record_size(5));
  std::size_t at = 0;
  EXPECT_EQ(give(*p.server, wire, &at, SIZE_MAX), 5u);
  EXPECT_EQ(p.server->readable(), 0u);
  EXPECT_EQ(give(*p.server, wire, &at, SIZE_MAX), record_size(5) - 5);
  EXPECT_EQ(read_all(*p.server), "hello");
  EXPECT_EQ(p.server->receive_space().size(), 5u);  // the next record's header
}

TEST(ReceiveSpace, PartialCommitsShrinkTheSpaceByteByByte) {
  auto p = connected();
  ASSERT_TRUE(send(*p.client, "abc").ok());
  const ByteVec wire = take_output(*p.client);
  std::vector<std::size_t> sizes;
  std::size_t at = 0;
  while (at < wire.size()) sizes.push_back(give(*p.server, wire, &at, 1));
  std::vector<std::size_t> expected;
  for (std::size_t k = 5; k > 0; --k) expected.push_back(k);
  for (std::size_t k = record_size(3) - 5; k > 0; --k) expected.push_back(k);
  EXPECT_EQ(sizes, expected);
  EXPECT_EQ(read_all(*p.server), "abc");
}

TEST(ReceiveSpace, ZeroLengthCommitDoesNothing) {
  auto p = connected();
  EXPECT_TRUE(p.server->commit_received(0).ok());  // also without a space asked for
  EXPECT_EQ(p.server->receive_space().size(), 5u);
  EXPECT_TRUE(p.server->commit_received(0).ok());
  EXPECT_EQ(p.server->receive_space().size(), 5u);
  EXPECT_FALSE(p.server->error().has_value());
}

TEST(ReceiveSpace, CommitBeyondTheSpaceIsInvalidArgumentAndEndsTheConnection) {
  auto p = connected();
  ASSERT_EQ(p.server->receive_space().size(), 5u);
  auto s = p.server->commit_received(6);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::invalid_argument);
  EXPECT_EQ(s.error().alert, AlertDescription::internal_error);
  ASSERT_TRUE(p.server->error().has_value());
  EXPECT_EQ(p.server->error()->code, ErrorCode::invalid_argument);
  EXPECT_TRUE(p.server->closed());
  EXPECT_TRUE(p.server->receive_space().empty());
  // The internal_error alert is queued, protected: a 2-byte alert record.
  EXPECT_EQ(p.server->pending_output().size(), record_size(2));
  EXPECT_EQ(p.server->commit_received(0).error().code, ErrorCode::invalid_argument);
}

TEST(ReceiveSpace, CommitWithoutASpaceIsInvalidArgument) {
  auto p = connected();
  auto s = p.server->commit_received(1);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::invalid_argument);
}

TEST(ReceiveSpace, ReceiveInvalidatesTheSpace) {
  auto p = connected();
  ASSERT_TRUE(send(*p.client, "xy").ok());
  const ByteVec wire = take_output(*p.client);
  ASSERT_EQ(p.server->receive_space().size(), 5u);
  auto used = p.server->receive(std::span<const std::uint8_t>(wire).first(3));
  ASSERT_TRUE(used.ok());
  EXPECT_EQ(*used, 3u);
  auto s = p.server->commit_received(2);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::invalid_argument);
}

TEST(ReceiveSpace, MixesWithReceiveMidRecord) {
  auto p = connected();
  ASSERT_TRUE(send(*p.client, "first").ok());
  ASSERT_TRUE(send(*p.client, "second").ok());
  const ByteVec wire = take_output(*p.client);
  ASSERT_EQ(wire.size(), record_size(5) + record_size(6));
  // First record: 3 header bytes through receive(), then the space holds the rest of it.
  auto used = p.server->receive(std::span<const std::uint8_t>(wire).first(3));
  ASSERT_TRUE(used.ok());
  std::size_t at = 3;
  EXPECT_EQ(give(*p.server, wire, &at, SIZE_MAX), 2u);
  EXPECT_EQ(give(*p.server, wire, &at, 10), record_size(5) - 5);
  // Half the body through the space, the rest (and the whole second record) through receive().
  used = p.server->receive(std::span<const std::uint8_t>(wire).subspan(at));
  ASSERT_TRUE(used.ok());
  EXPECT_EQ(*used, wire.size() - at);
  EXPECT_EQ(read_all(*p.server), "firstsecond");
}

TEST(ReceiveSpace, EmptyAfterTheCloseNotify) {
  auto p = connected();
  ASSERT_TRUE(p.client->close().ok());
  const ByteVec wire = take_output(*p.client);
  std::size_t at = 0;
  while (at < wire.size()) give(*p.server, wire, &at, SIZE_MAX);
  EXPECT_TRUE(p.server->peer_closed());
  EXPECT_TRUE(p.server->receive_space().empty());
}

TEST(ReceiveSpace, EmptyWhileMoreThan64KiBWaitToBeRead) {
  auto p = connected();
  const ByteVec data(100 * 1024, 0x61);
  ASSERT_TRUE(p.client->write(data).ok());
  const ByteVec wire = take_output(*p.client);
  std::size_t at = 0;
  // Five 16 KiB records (80 KiB) are taken before the space closes: after four, 64 KiB wait,
  // which is not over the limit.
  while (at < wire.size() && !p.server->receive_space().empty()) {
    give(*p.server, wire, &at, SIZE_MAX);
  }
  EXPECT_EQ(p.server->readable(), 5u * 16384);
  EXPECT_EQ(at, 5 * record_size(16384));
  ByteVec got(data.size());
  std::size_t n = p.server->read(got);
  EXPECT_EQ(n, 5u * 16384);
  while (at < wire.size()) give(*p.server, wire, &at, SIZE_MAX);
  EXPECT_EQ(p.server->readable(), data.size() - 5u * 16384);
  n += p.server->read(std::span<std::uint8_t>(got).subspan(n));
  EXPECT_EQ(n, data.size());
  EXPECT_EQ(got, data);
}

TEST(ReceiveSpace, TamperedRecordFailsAsThroughReceive) {
  auto p = connected();
  ASSERT_TRUE(send(*p.client, "secret").ok());
  ByteVec wire = take_output(*p.client);
  wire[7] ^= 1;
  const auto header = p.server->receive_space();
  std::memcpy(header.data(), wire.data(), 5);
  ASSERT_TRUE(p.server->commit_received(5).ok());
  const auto body = p.server->receive_space();
  ASSERT_EQ(body.size(), wire.size() - 5);
  std::memcpy(body.data(), wire.data() + 5, body.size());
  auto s = p.server->commit_received(body.size());
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::bad_record_mac);
  EXPECT_TRUE(p.server->receive_space().empty());
}

// RFC 5246 §6.2.3 / RFC 8446 §5.2: a record longer than any state accepts (2^14 + 2048 bytes) is
// refused with record_overflow as soon as its header is in, through receive_space() as through
// receive(): no space is lent for its body.
TEST(ReceiveSpace, OversizedRecordHeaderIsRecordOverflow) {
  auto p = connected();
  const ByteVec header = {23, 3, 3, 0x48, 0x01};  // application_data, 2^14 + 2049 bytes
  const auto space = p.server->receive_space();
  ASSERT_EQ(space.size(), 5u);
  std::memcpy(space.data(), header.data(), header.size());
  auto s = p.server->commit_received(header.size());
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().alert, AlertDescription::record_overflow) << s.error().to_string();
  EXPECT_TRUE(p.server->receive_space().empty());
}

// RFC 8446 §5.2: a TLS 1.3 protected record over 2^14 + 256 bytes (but within what the header
// check lets in) is record_overflow once its body is in, not a decryption failure.
TEST(ReceiveSpace, Tls13RecordOverTheLimitIsRecordOverflow) {
  auto p = connected();
  const ByteVec header = {23, 3, 3, 0x41, 0x01};  // application_data, 2^14 + 257 bytes
  auto space = p.server->receive_space();
  std::memcpy(space.data(), header.data(), header.size());
  ASSERT_TRUE(p.server->commit_received(header.size()).ok());
  space = p.server->receive_space();
  ASSERT_EQ(space.size(), 0x4101u);
  std::fill(space.begin(), space.end(), std::uint8_t{0x5a});
  auto s = p.server->commit_received(space.size());
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().alert, AlertDescription::record_overflow) << s.error().to_string();
}

// release_buffers() also frees both AEADs; they are re-keyed on the next record each way, and a
// KeyUpdate (both directions) after a release still works.
TEST(ReleaseAead, ReleasedConnectionExchangesDataAndUpdatesKeys) {
  auto p = connected();
  for (int round = 0; round < 3; ++round) {
    SCOPED_TRACE(round);
    p.client->release_buffers();
    p.server->release_buffers();
    ASSERT_TRUE(send(*p.client, "ping " + std::to_string(round)).ok());
    ASSERT_TRUE(send(*p.server, "pong " + std::to_string(round)).ok());
    ASSERT_TRUE(pump(*p.client, *p.server).ok());
    EXPECT_EQ(read_all(*p.server), "ping " + std::to_string(round));
    EXPECT_EQ(read_all(*p.client), "pong " + std::to_string(round));
  }
  p.client->release_buffers();
  p.server->release_buffers();
  ASSERT_TRUE(p.client->key_update(true).ok());
  ASSERT_TRUE(pump(*p.client, *p.server).ok());
  p.client->release_buffers();
  p.server->release_buffers();
  ASSERT_TRUE(p.server->key_update(true).ok());
  ASSERT_TRUE(pump(*p.client, *p.server).ok());
  p.client->release_buffers();
  p.server->release_buffers();
  ASSERT_TRUE(send(*p.client, "after updates").ok());
  ASSERT_TRUE(send(*p.server, "both ways").ok());
  ASSERT_TRUE(pump(*p.client, *p.server).ok());
  EXPECT_EQ(read_all(*p.server), "after updates");
  EXPECT_EQ(read_all(*p.client), "both ways");
  EXPECT_FALSE(p.client->error().has_value());
  EXPECT_FALSE(p.server->error().has_value());
}

}  // namespace
}  // namespace tlspp
