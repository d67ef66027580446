"""The contestants of the contest-start benchmark, as Locust users (``bench/contest_start.py`` runs Locust on this
file; it is not meant to be run alone).

Each user is one contestant, ``ts<n>``, following the plan that ``HOITHI_BENCH_PLAN`` (JSON) gives:

- logs in (the login page, then the form) at a moment spread evenly over the login window before the start;
- at a moment of the first minute after the start, opens the problem list, then problem A;
- if it is one of the ``rate * duration`` submitters, sends a program at its slot (submitter k at start + k / rate,
  so that submissions arrive at ``rate`` a second), follows the redirect to its submission's page and polls the
  submission's live status as ``app/static/contest.js`` does (after the delay each answer gives, ``next_poll_ms``:
  3 to 30 s while queued, by the queue's length and the judges' pace; 5 s at the least after a minute) for
  ``watch`` seconds. No grader runs, so a submission stays queued and only the watch ends the polling.

Every request is named by its kind (the table's rows); a wrong answer (a status, a missing redirect, a login
refused) is a failure.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import time
from typing import Any
from urllib.parse import urlsplit

from locust import FastHttpUser, task
from locust.exception import StopUser

from bench.csrf import token as _token

PLAN: dict[str, Any] = json.loads(os.environ.get("HOITHI_BENCH_PLAN", "{}"))
SOURCE = "a, b = map(int, input().split())\nprint(a + b)\n# {mark:016x}\n"
_numbers = itertools.count()  # contestant numbers, in the order Locust starts its users (one Locust process)


def _submit_slots(contestants: int, submissions: int, seed: int) -> dict[int, int]:
    """Contestant number -> its submission slot, for ``submissions`` contestants drawn at random (so that the
    submitters' logins spread over the whole window)."""
    drawn = random.Random(seed).sample(range(contestants), submissions)
    return {n: slot for slot, n in enumerate(drawn)}


SLOTS = _submit_slots(PLAN["contestants"], PLAN["rate"] * PLAN["duration"], PLAN["seed"]) if PLAN else {}


def _next_poll_ms(answer: str | None) -> int:
    """The delay before the next poll, as contest.js takes it: the answer's ``next_poll_ms``, else 3 s (queued)."""
    hinted = json.loads(answer).get("next_poll_ms") if answer else None
    return hinted if isinstance(hinted, int) else 3000


def _sleep_until(moment: float) -> None:
    time.sleep(max(0.0, moment - time.time()))  # gevent's sleep under Locust: other users run meanwhile


class Contestant(FastHttpUser):
    """One contestant's contest start (see the module's docstring)."""

    # One connection kept open a contestant, as a browser keeps it (the front closes it when idle past its
    # keep-alive timeout, and the next request opens another); or, with "keep_alive" false in the plan, a
    # connection a request, which costs the front and the kernel more than real contestants do.
    default_headers = {"Accept-Language": "vi"} | ({} if PLAN.get("keep_alive", True) else {"Connection": "close"})

    @task
    def contest_start(self) -> None:
        n = next(_numbers)
        rng = random.Random(PLAN["seed"] * 100_003 + n)
        start, window = PLAN["start"], PLAN["window"]
        contest = f"/contests/{PLAN['contest']}"
        slot = SLOTS.get(n)
        submit_at = None if slot is None else start + slot / PLAN["rate"]

        _sleep_until(start - window + window * (n + rng.random()) / PLAN["contestants"])
        if not self._log_in(f"ts{n}"):
            raise StopUser()

        read_by = 60.0 if submit_at is None else min(60.0, submit_at - start)
        _sleep_until(start + rng.uniform(0, read_by))
        self._get(f"{contest}/problems", "problem list")
        page = self._get(f"{contest}/problems/A", "problem")
        if submit_at is None or page is None:
            raise StopUser()

        _sleep_until(submit_at)
        status_url = self._submit(f"{contest}/problems/A/submit", _token(page), rng)
        if status_url is None:
            raise StopUser()
        self._get(status_url.removesuffix(".json"), "submission page")
        watched_from, delay_ms = time.time(), 0
        while time.time() - watched_from < PLAN["watch"]:
            delay_ms = max(delay_ms, 5000) if time.time() - watched_from >= 60 else delay_ms
            time.sleep(delay_ms / 1000)
            delay_ms = _next_poll_ms(self._get(status_url, "status (poll)"))
        raise StopUser()

    def _get(self, path: str, name: str) -> str | None:
        """The page's text, or None (a failure recorded) when it does not answer 200."""
        with self.client.get(path, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
                return None
            response.success()
            return str(response.text)

    def _log_in(self, username: str) -> bool:
        page = self._get("/login", "login page")
        token = page and _token(page)
        if token is None:
            return False
        form = {"csrf_token": token, "username": username, "password": PLAN["password"]}
        with self.client.post("/login", data=form, name="login", allow_redirects=False, catch_response=True) as r:
            if r.status_code != 302:
                r.failure(f"login refused: HTTP {r.status_code}")
                return False
            r.success()
            return True

    def _submit(self, path: str, token: str | None, rng: random.Random) -> str | None:
        """The submission's live-status address, or None (a failure recorded) when it is refused."""
        form = {"csrf_token": token or "", "language": "python", "source": SOURCE.format(mark=rng.getrandbits(64))}
        with self.client.post(path, data=form, name="submit", allow_redirects=False, catch_response=True) as r:
            location = r.headers.get("Location", "") if r.headers else ""
            if r.status_code != 302 or "/submissions/" not in location:
                r.failure(f"submit refused: HTTP {r.status_code}")
                return None
            r.success()
            return urlsplit(location).path + ".json"
