from trinno_portal.tasks import health_check


def test_it_gets_a_result_back_from_a_real_worker(celery_worker_process):
    # The task runs in the worker process, which reaches the same PostgreSQL database.
    result = health_check.delay()
    value = result.get(timeout=60)
    assert value == {"database": "postgresql", "ok": True}
    assert celery_worker_process.poll() is None  # the worker is still alive
