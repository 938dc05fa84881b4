"""Several things at the same moment, for the tests of what happens when people act at once."""

import threading
from collections.abc import Callable

from django.db import connection


def at_once(calls: list[Callable[[], object]], *, timeout: float = 60) -> list[object]:
    """Run each call in its own thread, all released together at a barrier; what each
    returned, or the exception it raised, in the order given. Each thread closes its own
    database connection (Django opens one per thread)."""
    barrier = threading.Barrier(len(calls))
    results: list[object] = [None] * len(calls)

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            results[index] = calls[index]()
        except Exception as error:  # noqa: BLE001 - the test looks at what each one got
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    assert not any(thread.is_alive() for thread in threads), "one of them never returned"
    return results
