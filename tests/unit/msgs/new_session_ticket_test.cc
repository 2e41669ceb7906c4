#include "msgs/new_session_ticket.h"

#include <gtest/gtest.h>

#include "msgs/ext_pre_shared_key.h"
#include "msgs_test_util.h"

namespace tlspp::msgs {
namespace {

using testing::body_of;
using testing::encoded;
using testing::hex;
using testing::rfc8448_message;

// RFC 8448 §3: a ticket for 30 seconds that allows 0-RTT (max_early_data_size 0x400).
TEST(NewSessionTicket, DecodesRfc8448Ticket) {
  const ByteVector message = rfc8448_message("3", "", "NewSessionTicket");
  ASSERT_EQ(message.size(), 205u);
  auto ticket = NewSessionTicketTls13::decode(body_of(message));
  ASSERT_TRUE(ticket.ok()) << ticket.error().to_string();
  EXPECT_EQ(ticket->ticket_lifetime, 30u);
  EXPECT_EQ(ticket->ticket_age_add, 0x933d0932u);
  EXPECT_EQ(ticket->ticket_nonce, hex("0000"));
  EXPECT_EQ(ticket->ticket.size(), 0xb2u);
  auto early = ticket->max_early_data_size();
  ASSERT_TRUE(early.ok());
  EXPECT_EQ(*early, std::optional<std::uint32_t>(0x400));
  auto again = encode_handshake(*ticket);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, message);
}

TEST(NewSessionTicket, WithoutEarlyDataHasNoMaxSize) {
  NewSessionTicketTls13 ticket{7200, 1, hex("01"), hex("aabbcc"), {}};
  EXPECT_TRUE(testing::round_trips(ticket));
  auto early = ticket.max_early_data_size();
  ASSERT_TRUE(early.ok());
  EXPECT_FALSE(early->has_value());
  ticket.extensions.entries.push_back(Extension{ExtensionType::early_data, hex("0000")});
  EXPECT_FAILS_WITH(ticket.max_early_data_size(), ErrorCode::truncated,
                    AlertDescription::decode_error);
}

// RFC 8446 §4.6.1: ticket<1..2^16-1>.
TEST(NewSessionTicket, EmptyTicketIsDecodeError) {
  EXPECT_FAILS_WITH(NewSessionTicketTls13::decode(hex("00000001 00000002 00 0000 0000")),
                    ErrorCode::empty_list, AlertDescription::decode_error);
}

// RFC 8446 §4.2: NewSessionTicket may carry only early_data among the recognized extensions.
TEST(NewSessionTicket, ForbiddenExtensionIsIllegalParameter) {
  NewSessionTicketTls13 ticket{60, 2, {}, hex("01"), {}};
  ticket.extensions.entries.push_back(*make_extension(EarlyDataNewSessionTicket{100}));
  ticket.extensions.entries.push_back(Extension{ExtensionType::server_name, {}});
  EXPECT_FAILS_WITH(NewSessionTicketTls13::decode(encoded(ticket)), ErrorCode::forbidden_extension,
                    AlertDescription::illegal_parameter);
}

// RFC 5077 §3.3.
TEST(NewSessionTicketTls12, RoundTripsAndAllowsEmptyTicket) {
  EXPECT_TRUE(testing::round_trips(NewSessionTicketTls12{100800, ByteVector(160, 0x5E)}));
  EXPECT_TRUE(testing::round_trips(NewSessionTicketTls12{0, {}}));
  EXPECT_FAILS_WITH(NewSessionTicketTls12::decode(hex("00000001 0002 aa")), ErrorCode::truncated,
                    AlertDescription::decode_error);
}

}  // namespace
}  // namespace tlspp::msgs
