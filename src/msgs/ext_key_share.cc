#include "msgs/ext_key_share.h"

#include <algorithm>
#include <string>

namespace tlspp::msgs {

Result<KeyShareEntry> KeyShareEntry::read(codec::Reader& r) {
  TLSPP_ASSIGN_OR_RETURN(std::uint16_t group, r.u16());
  TLSPP_ASSIGN_OR_RETURN(ByteVector key_exchange,
                         read_opaque16(r, {1, 0xFFFF}, "KeyShareEntry.key_exchange"));
  return KeyShareEntry{static_cast<NamedGroup>(group), std::move(key_exchange)};
}

void KeyShareEntry::encode(codec::Writer& w) const {
  w.u16(static_cast<std::uint16_t>(group));
  write_opaque16(w, key_exchange);
}

const KeyShareEntry* KeyShareClientHello::find(NamedGroup group) const {
  for (const KeyShareEntry& e : client_shares) {
    if (e.group == group) return &e;
  }
  return nullptr;
}

Result<KeyShareClientHello> KeyShareClientHello::decode(Bytes body) {
  codec::Reader r(body, "key_share");
  TLSPP_ASSIGN_OR_RETURN(codec::Reader list, r.sub16("key_share.client_shares"));
  TLSPP_TRY(r.expect_empty());
  KeyShareClientHello out;
  std::vector<std::uint16_t> groups;
  while (!list.empty()) {
    TLSPP_ASSIGN_OR_RETURN(KeyShareEntry entry, KeyShareEntry::read(list));
    groups.push_back(static_cast<std::uint16_t>(entry.group));
    out.client_shares.push_back(std::move(entry));
  }
  // RFC 8446 §4.2.8: "Clients MUST NOT offer multiple KeyShareEntry values for the same group."
  std::sort(groups.begin(), groups.end());
  const auto dup = std::adjacent_find(groups.begin(), groups.end());
  if (dup != groups.end()) {
    return Error(ErrorCode::bad_value, "key_share: two shares for group " + std::to_string(*dup));
  }
  return out;
}

void KeyShareClientHello::encode(codec::Writer& w) const {
  w.prefixed(codec::Prefix::u16, [&](codec::Writer& list) {
    for (const KeyShareEntry& e : client_shares) e.encode(list);
  });
}

Result<KeyShareServerHello> KeyShareServerHello::decode(Bytes body) {
  codec::Reader r(body, "key_share");
  TLSPP_ASSIGN_OR_RETURN(KeyShareEntry entry, KeyShareEntry::read(r));
  TLSPP_TRY(r.expect_empty());
  return KeyShareServerHello{std::move(entry)};
}

void KeyShareServerHello::encode(codec::Writer& w) const { server_share.encode(w); }

Result<KeyShareHelloRetryRequest> KeyShareHelloRetryRequest::decode(Bytes body) {
  codec::Reader r(body, "key_share");
  TLSPP_ASSIGN_OR_RETURN(std::uint16_t group, r.u16());
  TLSPP_TRY(r.expect_empty());
  return KeyShareHelloRetryRequest{static_cast<NamedGroup>(group)};
}

void KeyShareHelloRetryRequest::encode(codec::Writer& w) const {
  w.u16(static_cast<std::uint16_t>(selected_group));
}

}  // namespace tlspp::msgs
