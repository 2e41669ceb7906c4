#include "msgs/encrypted_extensions.h"

namespace tlspp::msgs {

Result<EncryptedExtensions> EncryptedExtensions::decode(Bytes body) {
  codec::Reader r(body, "EncryptedExtensions");
  TLSPP_ASSIGN_OR_RETURN(Extensions extensions,
                         Extensions::read(r, "EncryptedExtensions.extensions"));
  TLSPP_TRY(r.expect_empty());
  TLSPP_TRY(extensions.check_tls13_context(ExtensionContext::encrypted_extensions,
                                           "EncryptedExtensions"));
  return EncryptedExtensions{std::move(extensions)};
}

}  // namespace tlspp::msgs
