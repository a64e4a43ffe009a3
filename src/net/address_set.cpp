#include "net/address_set.h"

#include <arpa/inet.h>

#include <algorithm>
#include <charconv>
#include <optional>
#include <stdexcept>

namespace todo::net {
namespace {

struct Parsed {
  std::array<uint8_t, 16> bytes{};
  bool v6 = false;
};

std::optional<Parsed> parse_address(std::string_view s) {
  if (s.empty() || s.size() > 45) return std::nullopt;
  const std::string text(s);  // inet_pton wants a terminated string
  Parsed p;
  if (::inet_pton(AF_INET, text.c_str(), p.bytes.data()) == 1) return p;
  if (::inet_pton(AF_INET6, text.c_str(), p.bytes.data()) != 1) return std::nullopt;
  p.v6 = true;
  // ::ffff:a.b.c.d is the IPv4 address a.b.c.d.
  static constexpr std::array<uint8_t, 12> kMapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  if (std::equal(kMapped.begin(), kMapped.end(), p.bytes.begin())) {
    std::array<uint8_t, 16> v4{};
    std::copy(p.bytes.begin() + 12, p.bytes.end(), v4.begin());
    p.bytes = v4;
    p.v6 = false;
  }
  return p;
}

}  // namespace

bool is_ip_address(std::string_view s) { return parse_address(s).has_value(); }

AddressSet::AddressSet(const std::vector<std::string>& entries) {
  for (const auto& entry : entries) {
    const auto slash = entry.find('/');
    const auto address = parse_address(std::string_view(entry).substr(0, slash));
    if (!address) throw std::invalid_argument("\"" + entry.substr(0, 60) + "\" is not an IP address or network");
    Range r{address->bytes, address->v6, address->v6 ? 128 : 32};
    if (slash != std::string::npos) {
      const auto digits = std::string_view(entry).substr(slash + 1);
      int prefix = -1;
      const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), prefix);
      if (ec != std::errc{} || end != digits.data() + digits.size() || digits.empty() || prefix < 0 ||
          prefix > r.prefix)
        throw std::invalid_argument("\"" + entry.substr(0, 60) + "\" has no valid prefix length");
      r.prefix = prefix;
    }
    ranges_.push_back(r);
  }
}

bool AddressSet::contains(std::string_view address) const {
  const auto a = parse_address(address);
  if (!a) return false;
  for (const auto& r : ranges_) {
    if (r.v6 != a->v6) continue;
    int bits = r.prefix;
    size_t i = 0;
    for (; bits >= 8; bits -= 8, ++i)
      if (r.bytes[i] != a->bytes[i]) break;
    if (bits >= 8) continue;  // a whole byte differed
    const auto mask = static_cast<uint8_t>(0xff << (8 - bits));
    if (bits == 0 || (r.bytes[i] & mask) == (a->bytes[i] & mask)) return true;
  }
  return false;
}

}  // namespace todo::net
