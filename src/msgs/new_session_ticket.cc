#include "msgs/new_session_ticket.h"

#include "msgs/ext_pre_shared_key.h"

namespace tlspp::msgs {

Result<std::optional<std::uint32_t>> NewSessionTicketTls13::max_early_data_size() const {
  const Extension* early_data = extensions.find(ExtensionType::early_data);
  if (early_data == nullptr) return std::optional<std::uint32_t>();
  TLSPP_ASSIGN_OR_RETURN(EarlyDataNewSessionTicket body,
                         EarlyDataNewSessionTicket::decode(early_data->body));
  return std::optional<std::uint32_t>(body.max_early_data_size);
}

Result<NewSessionTicketTls13> NewSessionTicketTls13::decode(Bytes body) {
  codec::Reader r(body, "NewSessionTicket");
  NewSessionTicketTls13 out;
  TLSPP_ASSIGN_OR_RETURN(out.ticket_lifetime, r.u32());
  TLSPP_ASSIGN_OR_RETURN(out.ticket_age_add, r.u32());
  TLSPP_ASSIGN_OR_RETURN(out.ticket_nonce,
                         read_opaque8(r, {0, 255}, "NewSessionTicket.ticket_nonce"));
  TLSPP_ASSIGN_OR_RETURN(out.ticket, read_opaque16(r, {1, 0xFFFF}, "NewSessionTicket.ticket"));
  TLSPP_ASSIGN_OR_RETURN(Bytes extensions, r.bytes16());
  TLSPP_TRY(r.expect_empty());
  TLSPP_TRY(check_length(extensions.size(), {0, 0xFFFE}, "NewSessionTicket.extensions"));
  TLSPP_ASSIGN_OR_RETURN(out.extensions,
                         Extensions::decode_entries(extensions, "NewSessionTicket.extensions"));
  TLSPP_TRY(
      out.extensions.check_tls13_context(ExtensionContext::new_session_ticket, "NewSessionTicket"));
  return out;
}

void NewSessionTicketTls13::encode(codec::Writer& w) const {
  w.u32(ticket_lifetime);
  w.u32(ticket_age_add);
  write_opaque8(w, ticket_nonce);
  write_opaque16(w, ticket);
  extensions.encode(w);
}

Result<NewSessionTicketTls12> NewSessionTicketTls12::decode(Bytes body) {
  codec::Reader r(body, "NewSessionTicket");
  NewSessionTicketTls12 out;
  TLSPP_ASSIGN_OR_RETURN(out.ticket_lifetime_hint, r.u32());
  TLSPP_ASSIGN_OR_RETURN(out.ticket, read_opaque16(r, {0, 0xFFFF}, "NewSessionTicket.ticket"));
  TLSPP_TRY(r.expect_empty());
  return out;
}

void NewSessionTicketTls12::encode(codec::Writer& w) const {
  w.u32(ticket_lifetime_hint);
  write_opaque16(w, ticket);
}

}  // namespace tlspp::msgs
