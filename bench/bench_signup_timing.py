"""Sign-up timing: does the answer's time tell whether an address already has an account?

    .venv/bin/python bench/bench_signup_timing.py
Signs up 25 new addresses and 25 addresses that have accounts, interleaved, each from its own
client address, with the production password hasher (Argon2), and prints each median. Target:
the medians within 20% of each other (before the taken path hashed too: 8-13 ms against
124-156 ms).
"""

import statistics
import sys
import time

from _django import throwaway_database
from django.conf import settings
from django.test import Client

from cpd import settings as production

ROUNDS = 25
TARGET_RATIO = 1.2


def sign_up_ms(n: int, email: str) -> float:
    client = Client(REMOTE_ADDR=f"10.1.{n // 250}.{n % 250}")
    data = {
        "email": email,
        "display_name": "Bench",
        "role": "social_worker",
        "registration_number": "",
        "password1": "a long and unusual passphrase 9",
        "password2": "a long and unusual passphrase 9",
    }
    started = time.perf_counter()
    response = client.post("/accounts/signup/", data)
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 302, response.status_code
    return elapsed


def main() -> int:
    from tests.factories import make_user

    with throwaway_database():
        settings.PASSWORD_HASHERS = production.PASSWORD_HASHERS
        for n in range(ROUNDS):
            make_user(f"taken{n}", email=f"taken{n}@example.org", password="x")
        sign_up_ms(999, "warm-up@example.org")
        new, taken = [], []
        for n in range(ROUNDS):
            new.append(sign_up_ms(2 * n, f"new{n}@example.org"))
            taken.append(sign_up_ms(2 * n + 1, f"taken{n}@example.org"))
        new_ms, taken_ms = statistics.median(new), statistics.median(taken)
        ratio = max(new_ms, taken_ms) / min(new_ms, taken_ms)
        print(f"sign-up, median of {ROUNDS}: new address {new_ms:.1f} ms, taken {taken_ms:.1f} ms")
        print(f"ratio {ratio:.2f} (target < {TARGET_RATIO})")
        return 0 if ratio < TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
