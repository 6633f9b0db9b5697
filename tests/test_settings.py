"""The production settings: refuse to start half-configured, pass Django's deploy checks."""

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "clinic_site.settings.production",
    "SECRET_KEY": "a-long-random-production-secret-key-with-enough-entropy-0123456789",
    "ALLOWED_HOSTS": "clinic.example.com",
}


def manage(*args, env):
    # Drop what the test run itself set (the browser tests relax async safety).
    ignored = {*PRODUCTION_ENV, "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean_env = {k: v for k, v in os.environ.items() if k not in ignored}
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=REPO_ROOT,
        env={**clean_env, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_check_deploy_at_warning_level():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_secret_key():
    env = {**PRODUCTION_ENV, "SECRET_KEY": ""}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "Set the SECRET_KEY environment variable" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    env = {**PRODUCTION_ENV, "ALLOWED_HOSTS": ""}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "Set the ALLOWED_HOSTS environment variable" in result.stderr


def variables_read_by(source):
    """Names of the environment variables a settings module reads by name."""
    names = set()
    for node in ast.walk(ast.parse(source)):
        key = None
        if isinstance(node, ast.Subscript) and ast.unparse(node.value) == "os.environ":
            key = node.slice
        elif isinstance(node, ast.Call):
            function = ast.unparse(node.func)
            if function == "dj_database_url.config":
                names.add("DATABASE_URL")  # the variable it reads by default
            elif node.args and (
                function in {"os.environ.get", "os.getenv"} or function.startswith("env_")
            ):
                key = node.args[0]
        if isinstance(key, ast.Constant) and isinstance(key.value, str):
            names.add(key.value)
    return names


def test_env_example_lists_every_variable_the_settings_read():
    listed = set(
        re.findall(r"^#? ?([A-Z][A-Z0-9_]*)=", (REPO_ROOT / ".env.example").read_text(), re.M)
    )
    read = set()
    for module in sorted((REPO_ROOT / "site" / "settings").glob("*.py")):
        read |= variables_read_by(module.read_text())

    assert {"SECRET_KEY", "DATABASE_URL", "TASKS_BACKEND", "SECURE_SSL_REDIRECT"} <= read
    assert read - listed == set(), "add these to .env.example"


def test_production_lists_no_benchmark_or_load_test_commands():
    result = manage("help", "--commands", env=PRODUCTION_ENV)
    commands = set(result.stdout.split())
    assert result.returncode == 0, result.stderr
    assert {"seed_demo", "send_pending_enquiry_emails", "prerender_images"} <= commands
    assert not {"bench_pages", "bench_http", "enquiry_load_test"} & commands


def test_a_sqlite_database_uses_write_ahead_logging_with_every_commit_synced(tmp_path):
    database = tmp_path / "clinic.sqlite3"
    script = (
        "from django.db import connection\n"
        "with connection.cursor() as cursor:\n"
        "    cursor.execute('PRAGMA journal_mode'); print(cursor.fetchone()[0])\n"
        "    cursor.execute('PRAGMA synchronous'); print(cursor.fetchone()[0])\n"
    )
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        script,
        env={
            "DJANGO_SETTINGS_MODULE": "clinic_site.settings.dev",
            "DATABASE_URL": f"sqlite:///{database}",
        },
    )
    assert result.returncode == 0, result.stderr
    # Readers need not wait for a writer; 2 is FULL: a stored enquiry survives a power cut.
    assert result.stdout.split() == ["wal", "2"]
