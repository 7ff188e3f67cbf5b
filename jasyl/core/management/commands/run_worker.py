import os
import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand
from django.db import OperationalError
from django_tasks_db.management.commands.db_worker import Worker

from jasyl.core.jobs import enqueue_daily
from jasyl.core.processes import this_host


class Command(BaseCommand):
    help = (
        "Run the background jobs (django-tasks' database worker) and, once a day at "
        "JASYL_REMINDERS_AT, enqueue the daily jobs (reminders, sweeps). Run one or more beside "
        "the web server; the daily jobs are enqueued once whatever their number. SIGTERM lets "
        "the job at hand finish."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--interval",
            type=float,
            default=1.0,
            help="seconds between looks at the queue when it is empty (default: 1)",
        )
        parser.add_argument(
            "--once",
            action="store_true",
            help="enqueue the daily jobs if due, run every queued job, then exit",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # django-tasks-db's own worker, in batch mode: it runs what is queued and returns, and
        # this loop looks at the clock in between.
        worker = Worker(
            queue_names=["*"],
            excluded_queue_names=[],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=f"{this_host()}:{os.getpid()}"[:64],
        )
        worker.configure_signals()
        self.stdout.write(f"Worker {worker.worker_id} started.")
        while worker.running:
            try:
                if enqueue_daily():
                    self.stdout.write("The daily jobs were enqueued.")
            except OperationalError as error:
                # SQLite's write lock held past the busy timeout: the next round tries again.
                self.stderr.write(f"The daily jobs could not be enqueued now: {error}")
            worker.run()
            if options["once"]:
                break
            time.sleep(options["interval"])
