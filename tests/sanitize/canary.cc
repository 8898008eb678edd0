// A program with the faults the sanitizer tree must catch (canary_test.sh):
// `heap-overflow` reads past an allocation, `undefined` overflows a signed int.
#include <cstdio>
#include <cstring>
#include <memory>

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  // Sizes come from argv so the compiler cannot see the fault coming.
  const int n = static_cast<int>(std::strlen(argv[1]));
  if (std::strcmp(argv[1], "heap-overflow") == 0) {
    auto bytes = std::make_unique<char[]>(static_cast<size_t>(n));
    std::printf("%d\n", bytes[static_cast<size_t>(n)]);
    return 0;
  }
  if (std::strcmp(argv[1], "undefined") == 0) {
    int big = 2147483647 - 8 + n;  // n is 9: past INT_MAX
    std::printf("%d\n", big + 1);
    return 0;
  }
  return 2;
}
