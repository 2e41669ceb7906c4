// Implementation of the public Error type (include/tlspp/error.h).
#include "tlspp/error.h"

#include <string>

namespace tlspp {

std::string Error::to_string() const {
  std::string out(name_of(code));
  if (!reason.empty()) {
    out += ": ";
    out += reason;
  }
  return out;
}

}  // namespace tlspp
