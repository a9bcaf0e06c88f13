"""What one child record page costs in-process: time, queries, time in SQL, in templates and
in compiling SQL (issue #12: the page's throughput must reach 10% of /healthz's).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/safeguard_bench \
        .venv/bin/python bench/child_record.py [--repeat 5] [--profile out.html] [--queries]

Uses the demo authority already in that database (read it, do not regenerate it). Signs the
demo social worker (sw.demo) in on Django's test client as the two-factor flow would (the
session is the only thing written besides what the page itself writes: its audit entry), then
opens the record of every child allocated to them, --repeat times round, after one warm-up
round. Each request goes through the whole middleware stack, as in production.

Prints name=value lines, medians per request over every request measured: child_record_ms
(wall), child_record_cpu_ms (this process's CPU: on a busy shared machine the steadier
figure), child_record_queries, child_record_sql_ms (waiting on the database),
child_record_template_ms (rendering, SQL run from templates excluded) and
child_record_compile_ms (Django turning querysets into SQL).

--profile FILE writes a pyinstrument profile of the measured rounds (HTML if FILE ends .html,
else text); --queries prints each query of one request (the child with the most visits) with
its time, to see what the page asks.
"""

import argparse
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from _django import setup

SOCIAL_WORKER = "sw.demo"


class Meter:
    """Time spent in SQL, in rendering templates (SQL run from a template excluded) and in
    compiling SQL, and the queries run, while `on`."""

    def __init__(self) -> None:
        self.sql_ms = 0.0
        self.template_ms = 0.0
        self.compile_ms = 0.0
        self.queries: list[tuple[float, str]] = []
        self._template_depth = 0
        self._compile_depth = 0

    def reset(self) -> None:
        self.sql_ms = self.template_ms = self.compile_ms = 0.0
        self.queries = []

    def execute(
        self, execute: Callable[..., Any], sql: str, params: Any, many: bool, ctx: Any
    ) -> Any:
        start = time.perf_counter()
        try:
            return execute(sql, params, many, ctx)
        finally:
            spent = (time.perf_counter() - start) * 1000
            self.sql_ms += spent
            self.queries.append((spent, sql))

    def wrap_render(self, render: Callable[..., Any]) -> Callable[..., Any]:
        meter = self

        def timed_render(template: Any, *args: Any, **kwargs: Any) -> Any:
            if meter._template_depth:
                return render(template, *args, **kwargs)
            meter._template_depth += 1
            sql_before, start = meter.sql_ms, time.perf_counter()
            try:
                return render(template, *args, **kwargs)
            finally:
                meter._template_depth -= 1
                spent = (time.perf_counter() - start) * 1000
                meter.template_ms += spent - (meter.sql_ms - sql_before)

        return timed_render

    def wrap_as_sql(self, as_sql: Callable[..., Any]) -> Callable[..., Any]:
        meter = self

        def timed_as_sql(compiler: Any, *args: Any, **kwargs: Any) -> Any:
            if meter._compile_depth:
                return as_sql(compiler, *args, **kwargs)
            meter._compile_depth += 1
            start = time.perf_counter()
            try:
                return as_sql(compiler, *args, **kwargs)
            finally:
                meter._compile_depth -= 1
                meter.compile_ms += (time.perf_counter() - start) * 1000

        return timed_as_sql

    @contextmanager
    def on(self) -> Iterator[None]:
        from django.db import connection
        from django.db.models.sql import compiler
        from django.template.backends.django import Template

        patched: list[tuple[Any, str, Any]] = [(Template, "render", Template.render)]
        Template.render = self.wrap_render(Template.render)
        for name in dir(compiler):
            cls = getattr(compiler, name)
            is_compiler = isinstance(cls, type) and issubclass(cls, compiler.SQLCompiler)
            if is_compiler and "as_sql" in vars(cls):
                patched.append((cls, "as_sql", vars(cls)["as_sql"]))
                cls.as_sql = self.wrap_as_sql(vars(cls)["as_sql"])
        try:
            with connection.execute_wrapper(self.execute):
                yield
        finally:
            for cls, name, original in patched:
                setattr(cls, name, original)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--profile", default="")
    parser.add_argument("--queries", action="store_true")
    args = parser.parse_args()

    setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from safeguard.cases.models import Allocation

    user = get_user_model().objects.get(username=SOCIAL_WORKER)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        raise SystemExit(f"{SOCIAL_WORKER} has no two-factor device: generate a demo first")
    children = list(
        Allocation.objects.filter(worker__user=user, end_date__isnull=True)
        .annotate(visits=Count("child__visits"))
        .order_by("child_id")
        .values_list("child_id", "visits")
    )
    if not children:
        raise SystemExit(f"no children allocated to {SOCIAL_WORKER}: generate a demo first")
    largest = max(children, key=lambda c: c[1])[0]

    client = Client(HTTP_HOST="localhost")
    client.force_login(user, backend="safeguard.accounts.backends.AccountBackend")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()

    def get(child_id: int) -> None:
        response = client.get(f"/children/{child_id}")
        if response.status_code != 200:
            raise SystemExit(f"/children/{child_id} answered {response.status_code}")

    for child_id, _ in children:  # warm: templates, plans, the session's idle stamp
        get(child_id)

    meter = Meter()
    samples: dict[str, list[float]] = {
        "ms": [],
        "cpu": [],
        "queries": [],
        "sql": [],
        "tpl": [],
        "cmp": [],
    }
    profiler = None
    if args.profile:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.001)
        profiler.start()
    with meter.on():
        for _ in range(args.repeat):
            for child_id, _ in children:
                meter.reset()
                start, cpu = time.perf_counter(), time.process_time()
                get(child_id)
                samples["ms"].append((time.perf_counter() - start) * 1000)
                samples["cpu"].append((time.process_time() - cpu) * 1000)
                samples["queries"].append(len(meter.queries))
                samples["sql"].append(meter.sql_ms)
                samples["tpl"].append(meter.template_ms)
                samples["cmp"].append(meter.compile_ms)
    if profiler is not None:
        profiler.stop()
        with open(args.profile, "w") as out:
            html = args.profile.endswith(".html")
            out.write(profiler.output_html() if html else profiler.output_text(show_all=False))

    print(f"database={connection.vendor}")
    print(f"children={len(children)}")
    print(f"requests={len(samples['ms'])}")
    print(f"child_record_ms={statistics.median(samples['ms']):.1f}")
    print(f"child_record_cpu_ms={statistics.median(samples['cpu']):.1f}")
    print(f"child_record_queries={int(statistics.median(samples['queries']))}")
    print(f"child_record_queries_max={int(max(samples['queries']))}")
    print(f"child_record_sql_ms={statistics.median(samples['sql']):.1f}")
    print(f"child_record_template_ms={statistics.median(samples['tpl']):.1f}")
    print(f"child_record_compile_ms={statistics.median(samples['cmp']):.1f}")

    if args.queries:
        with meter.on():
            meter.reset()
            get(largest)
        for spent, sql in meter.queries:
            print(f"query_ms={spent:.2f} {sql[:160]}")


if __name__ == "__main__":
    main()
