// The opening handshake of RFC 6455 §4.1: the client's request, and the validation of the
// server's response as RFC 6455 and the WHATWG "establish a WebSocket connection" require.
#ifndef V8WS_NET_PROTOCOL_HANDSHAKE_H_
#define V8WS_NET_PROTOCOL_HANDSHAKE_H_

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "net/protocol/permessage_deflate.h"
#include "net/protocol/random_source.h"

namespace v8ws::net {

struct HandshakeRequest {
  std::string host_header;  // host, with ":port" unless it is the scheme's default
  std::string resource;     // path and query, e.g. "/chat?room=1"
  std::string origin;       // the serialized origin of the client
  std::vector<std::string> protocols;
  std::vector<std::pair<std::string, std::string>> extra_headers;
  // Offer permessage-deflate (RFC 7692), as browsers do by default.
  bool offer_deflate = true;
};

// Builds the request bytes; `key` is the base64 of 16 random bytes.
std::string BuildHandshakeRequest(const HandshakeRequest& request, const std::string& key);
// base64(SHA-1(key + the RFC 6455 GUID)).
std::string ComputeAcceptKey(const std::string& key);
// base64 of 16 bytes from `random` (by default the CSPRNG).
std::string GenerateHandshakeKey(const RandomSource& random = RandomBytes);
std::string Base64Encode(const std::string& bytes);

struct HandshakeResult {
  bool ok = false;
  std::string error;                     // why it failed, for logs and tests
  std::string protocol;                  // the subprotocol the server selected ("" when none)
  std::string extensions;                // the extensions in use ("" when none)
  std::optional<DeflateParams> deflate;  // when the server accepted permessage-deflate
};

// Validates a complete response head (status line and headers, without the empty line).
HandshakeResult ValidateHandshakeResponse(const std::string& head,
                                          const std::string& key,
                                          const std::vector<std::string>& offered_protocols,
                                          bool offered_deflate = false);

// The default bound on a response head (WebSocketEngine::set_max_handshake_response_size):
// longer ones fail the connection instead of growing without bound.
constexpr size_t kMaxHandshakeResponseSize = 64 * 1024;

}  // namespace v8ws::net

#endif  // V8WS_NET_PROTOCOL_HANDSHAKE_H_
