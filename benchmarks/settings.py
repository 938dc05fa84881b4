"""Production settings plus a benchmark-only URLconf, for benchmarks/eligibility.py.

That script sets the environment (DEBUG off, SECRET_KEY, ALLOWED_HOSTS, the database and the
cache) before these settings are read, in its own process and in gunicorn's."""

import os
from pathlib import Path

from config.settings import *  # noqa: F403
from config.settings import CACHES, STATIC_ROOT, env

# The product's URLs and /bench/trivial/, a fixed JSON body through the same middleware.
ROOT_URLCONF = "benchmarks.urls"

# A prefix of the run's own, so that a shared Redis keeps no stale answers between runs and
# the script can remove exactly the keys it made.
CACHES["default"]["KEY_PREFIX"] = os.environ.get("BENCH_CACHE_KEY_PREFIX", "bench")

# To measure what caching token lookups in a per-process cache would give (the default
# caches them only in a shared cache: see onboarding.api.authentication.cache_seconds).
if "API_TOKEN_CACHE_SECONDS" in os.environ:
    API_TOKEN_CACHE_SECONDS = env.int("API_TOKEN_CACHE_SECONDS")

# WhiteNoise warns in every worker when the static root is missing; nothing is served from it.
Path(STATIC_ROOT).mkdir(parents=True, exist_ok=True)
