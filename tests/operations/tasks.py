from django_tasks import task


@task()
def record_run() -> str:
    return "ran"


@task()
def greet(name: str) -> str:
    import logging

    logging.getLogger("nas.test").info("inside the job")
    return name
