"""Kattis output validator: the team must print two positive integers adding up to n."""

import sys


def reject(message: str) -> None:
    with open(sys.argv[3] + "/judgemessage.txt", "w") as feedback:
        feedback.write(message + "\n")
    sys.exit(43)


with open(sys.argv[1]) as judge_input:
    n = int(judge_input.read())
tokens = sys.stdin.read().split()
try:
    a, b = (int(t) for t in tokens)
except ValueError:
    reject("expected exactly two integers")
if a <= 0 or b <= 0 or a + b != n:
    reject(f"{a} + {b} is not a split of {n}")
sys.exit(42)
