#pragma once
// A set of IP addresses and networks ("127.0.0.1", "::1", "10.0.0.0/8",
// "fd00::/8"): the peers trusted as proxies (TRUSTED_PROXIES). An IPv4
// address seen as IPv4-mapped IPv6 ("::ffff:10.1.2.3", as a dual-stack
// listener reports it) matches its IPv4 entries.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace todo::net {

class AddressSet {
 public:
  AddressSet() = default;
  // Throws std::invalid_argument naming the first entry that is not an
  // address or a network (a host name, a port, a prefix too long).
  explicit AddressSet(const std::vector<std::string>& entries);
  bool contains(std::string_view address) const;
  bool empty() const { return ranges_.empty(); }

 private:
  struct Range {
    std::array<uint8_t, 16> bytes{};  // IPv4 in the first 4
    bool v6 = false;
    int prefix = 0;  // leading bits that must match
  };
  std::vector<Range> ranges_;
};

// Whether `s` is one IP address (v4 or v6), without a prefix or port.
bool is_ip_address(std::string_view s);

}  // namespace todo::net
