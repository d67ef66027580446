// Reads n into an int: right for small n only (group 1), so it scores 40.
// @EXPECTED_RESULTS@: WRONG-ANSWER
#include <cstdio>
int main() {
    int n;
    std::scanf("%d", &n);
    std::printf("%d %d\n", 1, n - 1);
}
