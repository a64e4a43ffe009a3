#pragma once
// Random bytes from the kernel's CSPRNG (getrandom), buffered per thread so
// an id costs no system call most of the time. Ids, request ids and trace ids
// come from here: an id handed to one user must not let anyone predict the
// next one.
#include <cstddef>
#include <cstdint>
#include <string>

namespace todo::core {

void random_bytes(uint8_t* out, size_t n);
// `n` random lowercase hex digits.
std::string random_hex(size_t n);

}  // namespace todo::core
