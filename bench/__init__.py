"""Benchmarks of Mesas Intersectoriales (issue 7, point 11): `make bench` runs `bench.correr`.

Not part of the test suite and not run in CI: it creates its own PostgreSQL databases, loads the
national demo, measures the main pages in-process, builds reports, drives a locust load against
gunicorn and writes docs/benchmarks.md. See bench/README.md.
"""
