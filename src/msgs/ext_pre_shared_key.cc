#include "msgs/ext_pre_shared_key.h"

#include <string>

namespace tlspp::msgs {

namespace {
void write_binders(codec::Writer& w, const std::vector<ByteVector>& binders) {
  w.prefixed(codec::Prefix::u16, [&](codec::Writer& list) {
    for (const ByteVector& b : binders) write_opaque8(list, b);
  });
}
}  // namespace

Result<std::size_t> OfferedPsks::binders_encoded_size() const {
  TLSPP_ASSIGN_OR_RETURN(ByteVector encoded,
                         encode_with([&](codec::Writer& w) { write_binders(w, binders); }));
  return encoded.size();
}

Result<OfferedPsks> OfferedPsks::decode(Bytes body) {
  codec::Reader r(body, "pre_shared_key");
  OfferedPsks out;
  TLSPP_ASSIGN_OR_RETURN(codec::Reader identities, r.sub16("pre_shared_key.identities"));
  TLSPP_TRY(check_length(identities.remaining(), {7, 0xFFFF}, identities.what()));
  while (!identities.empty()) {
    TLSPP_ASSIGN_OR_RETURN(ByteVector identity,
                           read_opaque16(identities, {1, 0xFFFF}, "PskIdentity.identity"));
    TLSPP_ASSIGN_OR_RETURN(std::uint32_t age, identities.u32());
    out.identities.push_back(PskIdentity{std::move(identity), age});
  }
  TLSPP_ASSIGN_OR_RETURN(codec::Reader binders, r.sub16("pre_shared_key.binders"));
  TLSPP_TRY(check_length(binders.remaining(), {33, 0xFFFF}, binders.what()));
  while (!binders.empty()) {
    TLSPP_ASSIGN_OR_RETURN(ByteVector binder, read_opaque8(binders, {32, 255}, "PskBinderEntry"));
    out.binders.push_back(std::move(binder));
  }
  TLSPP_TRY(r.expect_empty());
  if (out.identities.size() != out.binders.size()) {
    return Error(ErrorCode::bad_value, "pre_shared_key: " + std::to_string(out.identities.size()) +
                                           " identities but " + std::to_string(out.binders.size()) +
                                           " binders");
  }
  return out;
}

void OfferedPsks::encode(codec::Writer& w) const {
  w.prefixed(codec::Prefix::u16, [&](codec::Writer& list) {
    for (const PskIdentity& id : identities) {
      write_opaque16(list, id.identity);
      list.u32(id.obfuscated_ticket_age);
    }
  });
  write_binders(w, binders);
}

Result<Bytes> truncate_client_hello(Bytes encoded_client_hello, const OfferedPsks& psks) {
  TLSPP_ASSIGN_OR_RETURN(std::size_t binders_size, psks.binders_encoded_size());
  if (binders_size > encoded_client_hello.size()) {
    return Error(ErrorCode::invalid_argument,
                 "truncate_client_hello: the binders are longer than the ClientHello");
  }
  return encoded_client_hello.first(encoded_client_hello.size() - binders_size);
}

Result<PreSharedKeyServerHello> PreSharedKeyServerHello::decode(Bytes body) {
  codec::Reader r(body, "pre_shared_key");
  TLSPP_ASSIGN_OR_RETURN(std::uint16_t selected, r.u16());
  TLSPP_TRY(r.expect_empty());
  return PreSharedKeyServerHello{selected};
}

void PreSharedKeyServerHello::encode(codec::Writer& w) const { w.u16(selected_identity); }

Result<EarlyDataNewSessionTicket> EarlyDataNewSessionTicket::decode(Bytes body) {
  codec::Reader r(body, "early_data");
  TLSPP_ASSIGN_OR_RETURN(std::uint32_t max_size, r.u32());
  TLSPP_TRY(r.expect_empty());
  return EarlyDataNewSessionTicket{max_size};
}

void EarlyDataNewSessionTicket::encode(codec::Writer& w) const { w.u32(max_early_data_size); }

}  // namespace tlspp::msgs
