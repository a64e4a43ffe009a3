#include "core/random.h"

#include <sys/random.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace todo::core {
namespace {

void fill_from_kernel(uint8_t* out, size_t n) {
  while (n > 0) {
    const auto got = ::getrandom(out, n, 0);
    if (got < 0) {
      if (errno == EINTR) continue;
      throw std::runtime_error(std::string("getrandom failed: ") + std::strerror(errno));
    }
    out += got;
    n -= static_cast<size_t>(got);
  }
}

}  // namespace

void random_bytes(uint8_t* out, size_t n) {
  thread_local std::array<uint8_t, 512> buffer{};
  thread_local size_t used = buffer.size();
  if (n > buffer.size()) return fill_from_kernel(out, n);
  if (buffer.size() - used < n) {
    fill_from_kernel(buffer.data(), buffer.size());
    used = 0;
  }
  std::memcpy(out, buffer.data() + used, n);
  // Bytes handed out are wiped: they never remain to be read twice.
  std::memset(buffer.data() + used, 0, n);
  used += n;
}

std::string random_hex(size_t n) {
  static constexpr char hex[] = "0123456789abcdef";
  std::string s(n, '0');
  uint8_t bytes[64];
  for (size_t i = 0; i < n; i += 2 * sizeof bytes) {
    random_bytes(bytes, sizeof bytes);
    for (size_t j = 0; j < 2 * sizeof bytes && i + j < n; ++j) s[i + j] = hex[(bytes[j / 2] >> ((j % 2) * 4)) & 0xf];
  }
  return s;
}

}  // namespace todo::core
