#include "msgs/extensions.h"

#include <algorithm>
#include <string>

namespace tlspp::msgs {

std::string_view name_of(ExtensionContext context) {
  switch (context) {
    case ExtensionContext::client_hello: return "CH";
    case ExtensionContext::server_hello: return "SH";
    case ExtensionContext::encrypted_extensions: return "EE";
    case ExtensionContext::certificate: return "CT";
    case ExtensionContext::certificate_request: return "CR";
    case ExtensionContext::new_session_ticket: return "NST";
    case ExtensionContext::hello_retry_request: return "HRR";
    default: return "";
  }
}

namespace {

std::string describe(ExtensionType type) {
  const std::string_view name = name_of(type);
  const std::string number = std::to_string(static_cast<unsigned>(type));
  return name.empty() ? "extension " + number : std::string(name) + " (" + number + ")";
}

// RFC 8446 §4.2: "There MUST NOT be more than one extension of the same type in a given extension
// block." Sorting a copy of the types keeps this O(n log n) for a peer-chosen n.
Status check_no_duplicates(const std::vector<Extension>& entries, std::string_view what) {
  std::vector<std::uint16_t> types;
  types.reserve(entries.size());
  for (const Extension& e : entries) types.push_back(static_cast<std::uint16_t>(e.type));
  std::sort(types.begin(), types.end());
  const auto dup = std::adjacent_find(types.begin(), types.end());
  if (dup != types.end()) {
    return Error(ErrorCode::duplicate_extension, std::string(what) + ": " +
                                                     describe(static_cast<ExtensionType>(*dup)) +
                                                     " appears more than once");
  }
  return {};
}

}  // namespace

Result<Extensions> Extensions::decode_entries(Bytes entries, std::string_view what) {
  codec::Reader r(entries, what);
  Extensions out;
  while (!r.empty()) {
    TLSPP_ASSIGN_OR_RETURN(std::uint16_t type, r.u16());
    TLSPP_ASSIGN_OR_RETURN(Bytes body, r.bytes16());
    out.entries.push_back(
        Extension{static_cast<ExtensionType>(type), ByteVector(body.begin(), body.end())});
  }
  TLSPP_TRY(check_no_duplicates(out.entries, what));
  return out;
}

Result<Extensions> Extensions::read(codec::Reader& r, std::string_view what) {
  TLSPP_ASSIGN_OR_RETURN(Bytes entries, r.bytes16());
  return decode_entries(entries, what);
}

void Extensions::encode(codec::Writer& w) const {
  w.prefixed(codec::Prefix::u16, [&](codec::Writer& b) {
    for (const Extension& e : entries) {
      b.u16(static_cast<std::uint16_t>(e.type));
      write_opaque16(b, e.body);
    }
  });
}

Status Extensions::check_tls13_context(ExtensionContext context, std::string_view what) const {
  for (const Extension& e : entries) {
    // RFC 8446 §4.2: "If an implementation receives an extension which it recognizes and which is
    // not specified for the message in which it appears, it MUST abort the handshake with an
    // "illegal_parameter" alert."
    if (!tls13_permitted(e.type, context)) {
      return Error(ErrorCode::forbidden_extension, std::string(what) + ": " + describe(e.type) +
                                                       " is not allowed in " +
                                                       std::string(name_of(context)));
    }
  }
  return {};
}

const Extension* Extensions::find(ExtensionType type) const {
  for (const Extension& e : entries) {
    if (e.type == type) return &e;
  }
  return nullptr;
}

}  // namespace tlspp::msgs
