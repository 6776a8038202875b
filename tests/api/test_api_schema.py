"""Property-based: schemathesis drives every documented operation in-process; no answer is a 5xx.

Examples per operation are bounded (and derandomised) so the whole run stays well under a
minute on the example corpus. Only server errors fail the run here: status codes and response
shapes are what the hand-written tests pin down. The operations are walked by hand rather than
through schemathesis' pytest plugin, which needs its schema at import time (ours needs the
analysed corpus from a session fixture).
"""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from tidings.api import create_app
from tidings.store import Store

EXAMPLES = 8


def test_no_operation_answers_with_a_server_error(example_store: Store) -> None:
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", create_app(example_store))
    labels = []
    calls: list[int] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        labels.append(operation.label)

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def run(case: schemathesis.Case) -> None:
            response = case.call_and_validate(checks=[not_a_server_error])
            calls.append(response.status_code)

        run()
    assert len(labels) >= 18, labels
    assert len(calls) >= 3 * len(labels), "schemathesis made too few requests to mean much"
    assert all(code < 500 for code in calls)
