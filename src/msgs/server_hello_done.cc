#include "msgs/server_hello_done.h"

namespace tlspp::msgs {

Result<ServerHelloDone> ServerHelloDone::decode(Bytes body) {
  TLSPP_TRY(expect_empty_body(body, "ServerHelloDone"));
  return ServerHelloDone{};
}

}  // namespace tlspp::msgs
