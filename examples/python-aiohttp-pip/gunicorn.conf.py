# gunicorn reads this file from the working directory by itself.
import multiprocessing
import os

bind = "0.0.0.0:8080"
workers = int(os.environ.get("WEB_CONCURRENCY", min(multiprocessing.cpu_count(), 4)))
worker_class = "aiohttp.GunicornWebWorker"
accesslog = "-"
