#include "msgs/hello_request.h"

namespace tlspp::msgs {

Result<HelloRequest> HelloRequest::decode(Bytes body) {
  TLSPP_TRY(expect_empty_body(body, "HelloRequest"));
  return HelloRequest{};
}

}  // namespace tlspp::msgs
