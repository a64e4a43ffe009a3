// Random ids from the kernel's CSPRNG: the right shape, no repeats, every
// byte value reachable, across the per-thread buffer's refills.
#include "core/random.h"

#include <gtest/gtest.h>

#include <array>
#include <set>
#include <thread>
#include <vector>

#include "core/uuid.h"

namespace todo::core {
namespace {

TEST(Random, UuidsAreVersion4AndNeverRepeat) {
  std::set<std::string> seen;
  for (int i = 0; i < 20000; ++i) {  // many refills of the 512-byte buffer
    const auto id = new_uuid();
    ASSERT_TRUE(is_uuid(id)) << id;
    ASSERT_EQ(id[14], '4') << id;
    ASSERT_NE(std::string("89ab").find(id[19]), std::string::npos) << id;
    ASSERT_TRUE(seen.insert(id).second) << "repeated: " << id;
  }
}

TEST(Random, ThreadsDrawDifferentBytes) {
  std::vector<std::string> ids(4);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < ids.size(); ++i) threads.emplace_back([&ids, i] { ids[i] = new_uuid(); });
  for (auto& t : threads) t.join();
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), ids.size());
}

TEST(Random, BytesCoverEveryValueAndLargeRequestsWork) {
  std::array<int, 256> count{};
  std::vector<uint8_t> big(100000);  // larger than the buffer: straight from the kernel
  random_bytes(big.data(), big.size());
  for (auto b : big) ++count[b];
  for (int v = 0; v < 256; ++v) EXPECT_GT(count[static_cast<size_t>(v)], 0) << v;
}

TEST(Random, HexHasTheAskedLength) {
  for (size_t n : {0u, 1u, 16u, 32u, 127u, 128u, 129u, 300u}) {
    const auto h = random_hex(n);
    ASSERT_EQ(h.size(), n);
    for (char c : h) ASSERT_NE(std::string("0123456789abcdef").find(c), std::string::npos) << h;
  }
  EXPECT_NE(random_hex(32), random_hex(32));
}

}  // namespace
}  // namespace todo::core
