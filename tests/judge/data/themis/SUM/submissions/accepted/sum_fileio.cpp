// Reads SUM.INP and writes SUM.OUT, as Themis tasks ask.
#include <cstdio>
int main() {
    freopen("SUM.INP", "r", stdin);
    freopen("SUM.OUT", "w", stdout);
    long long a, b;
    scanf("%lld %lld", &a, &b);
    printf("%lld\n", a + b);
}
