// Connection's application data buffers: read_view()/consume_read() lend the decrypted bytes
// without a copy, release_buffers() frees what an idle connection holds, and info() follows the
// handshake once asked for.
#include <gtest/gtest.h>

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

Status send(Connection& c, std::string_view text) {
  return c.write({reinterpret_cast<const std::uint8_t*>(text.data()), text.size()});
}

std::string text_of(std::span<const std::uint8_t> bytes) {
  return std::string(bytes.begin(), bytes.end());
}

test::Pair connected() {
  auto pair = connect_pair(test::test_client_config(), test::test_server_config());
  EXPECT_TRUE(pair.ok()) << pair.error().to_string();
  return std::move(pair).value();
}

TEST(ReadView, LendsTheUnreadBytesAndConsumeReadAdvances) {
  auto p = connected();
  EXPECT_TRUE(p.server->read_view().empty());
  ASSERT_TRUE(send(*p.client, "hello world").ok());
  ASSERT_TRUE(pump(*p.client, *p.server).ok());
  EXPECT_EQ(text_of(p.server->read_view()), "hello world");
  EXPECT_EQ(p.server->readable(), 11u);
  p.server->consume_read(6);
  EXPECT_EQ(text_of(p.server->read_view()), "world");
  EXPECT_EQ(p.server->readable(), 5u);
  std::uint8_t buf[3];
  EXPECT_EQ(p.server->read(buf), 3u);
  EXPECT_EQ(std::string(buf, buf + 3), "wor");
  EXPECT_EQ(text_of(p.server->read_view()), "ld");
  p.server->consume_read(100);  // more than readable(): consumes what there is
  EXPECT_TRUE(p.server->read_view().empty());
  EXPECT_EQ(p.server->readable(), 0u);
}

TEST(ReadView, RecordsReceivedBeforeReadingAreContiguous) {
  auto p = connected();
  // Three records arrive before the application reads: the first is delivered in its receive
  // buffer, the next two are appended after it.
  ASSERT_TRUE(send(*p.client, "one ").ok());
  ASSERT_TRUE(send(*p.client, "two ").ok());
  ASSERT_TRUE(send(*p.client, "three").ok());
  ASSERT_TRUE(pump(*p.client, *p.server).ok());
  EXPECT_EQ(text_of(p.server->read_view()), "one two three");
  p.server->consume_read(4);
  ASSERT_TRUE(send(*p.client, " four").ok());
  ASSERT_TRUE(pump(*p.client, *p.server).ok());
  EXPECT_EQ(read_all(*p.server), "two three four");
}

TEST(ReadView, FullSizeRecordsAlternatingWithReadsArriveIntact) {
  auto p = connected();
  std::vector<std::uint8_t> data(3 * 16384 + 100);
  for (std::size_t i = 0; i < data.size(); ++i) data[i] = static_cast<std::uint8_t>(i * 7 + 3);
  for (int round = 0; round < 4; ++round) {
    SCOPED_TRACE(round);
    ASSERT_TRUE(p.client->write(data).ok());
    ASSERT_TRUE(pump(*p.client, *p.server).ok());
    std::vector<std::uint8_t> got;
    while (!p.server->read_view().empty()) {
      auto view = p.server->read_view();
      got.insert(got.end(), view.begin(), view.end());
      p.server->consume_read(view.size());
    }
    EXPECT_EQ(got, data);
  }
}

TEST(ReleaseBuffers, IdleConnectionKeepsWorkingAfterRelease) {
  auto p = connected();
  ASSERT_TRUE(send(*p.client, "before").ok());
  ASSERT_TRUE(pump(*p.client, *p.server).ok());
  EXPECT_EQ(read_all(*p.server), "before");
  p.client->release_buffers();
  p.server->release_buffers();
  ASSERT_TRUE(send(*p.client, "after").ok());
  ASSERT_TRUE(send(*p.server, "reply").ok());
  ASSERT_TRUE(pump(*p.client, *p.server).ok());
  EXPECT_EQ(read_all(*p.server), "after");
  EXPECT_EQ(read_all(*p.client), "reply");
}

TEST(ReleaseBuffers, KeepsUnreadDataAndUnsentOutput) {
  auto p = connected();
  ASSERT_TRUE(send(*p.client, "unread").ok());
  ASSERT_TRUE(pump(*p.client, *p.server).ok());
  ASSERT_TRUE(send(*p.server, "unsent").ok());
  const std::size_t pending = p.server->pending_output().size();
  ASSERT_GT(pending, 0u);
  p.server->release_buffers();
  EXPECT_EQ(p.server->pending_output().size(), pending);
  EXPECT_EQ(read_all(*p.server), "unread");
  ASSERT_TRUE(pump(*p.client, *p.server).ok());
  EXPECT_EQ(read_all(*p.client), "unsent");
}

TEST(ReleaseBuffers, PartlyReceivedRecordIsKept) {
  auto p = connected();
  ASSERT_TRUE(send(*p.client, "split record").ok());
  const auto out = p.client->pending_output();
  const std::vector<std::uint8_t> bytes(out.begin(), out.end());
  p.client->consume_output(bytes.size());
  auto first = p.server->receive(std::span<const std::uint8_t>(bytes).first(7));
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(*first, 7u);
  p.server->release_buffers();
  auto rest = p.server->receive(std::span<const std::uint8_t>(bytes).subspan(7));
  ASSERT_TRUE(rest.ok()) << rest.error().to_string();
  EXPECT_EQ(read_all(*p.server), "split record");
}

TEST(Info, ReferenceTakenBeforeTheHandshakeFollowsIt) {
  auto client = Connection::client(test::test_client_config(), "localhost");
  ASSERT_TRUE(client.ok());
  auto server = Connection::server(test::test_server_config());
  ASSERT_TRUE(server.ok());
  const SessionInfo& info = (*client)->info();
  EXPECT_EQ(info.peer_chain.size(), 0u);
  ASSERT_TRUE(pump(**client, **server).ok());
  ASSERT_TRUE((*client)->handshake_done());
  EXPECT_EQ(info.version, ProtocolVersion::tls1_3);
  EXPECT_EQ(info.peer_chain.size(), 2u);
  EXPECT_EQ(&info, &(*client)->info());
}

}  // namespace
}  // namespace tlspp
