// pi to 7 digits is within the 1e-6 relative tolerance here.
// @EXPECTED_RESULTS@: CORRECT
#include <cstdio>
int main() {
    double r;
    std::scanf("%lf", &r);
    std::printf("%.6f\n", 3.1415927 * r * r);
}
