"""The `townsquare` command: Django's management commands under our name.

    townsquare demo [--port N] [--data-dir DIR]   set up and serve the demo organisation
    townsquare demo --with-sso [--sso-port N]      the same, with single sign-on through a test provider
    townsquare seed [--people N] [--seed S]        generate an organisation
    townsquare import-people FILE.csv              import people and managers
    townsquare export-org DIR                      the whole organisation (tables and files) into DIR
    townsquare import-org DIR                      load an export-org DIR into a new, empty instance
    townsquare break-glass-login EMAIL             a one-time sign-in link for an org admin (SSO_ONLY)
    townsquare bench feed --people N --json OUT    the feed benchmark (code under bench/)
    townsquare bench coach --people N --json OUT   the coach benchmark
    townsquare bench soak --seconds 600 --json OUT a steady 20 req/s: memory and latency over time
    townsquare <any Django command>                e.g. migrate, createsuperuser
"""

import os
import sys


def main() -> None:
    argv = sys.argv[1:]
    # --data-dir must be known before settings load: it decides where the database lives.
    # It is taken out here, so every command accepts it.
    rest = []
    args = iter(argv)
    for arg in args:
        if arg == "--data-dir":
            value = next(args, None)
            if value is None:
                sys.exit("townsquare: --data-dir needs a directory")
            os.environ["TOWNSQUARE_DATA_DIR"] = os.path.abspath(value)
        elif arg.startswith("--data-dir="):
            os.environ["TOWNSQUARE_DATA_DIR"] = os.path.abspath(arg.split("=", 1)[1])
        else:
            rest.append(arg)
    argv = rest
    if argv and argv[0] == "bench":
        # Benchmarks use their own database file, cheap password hashing and the peer's tables.
        os.environ.setdefault("TOWNSQUARE_SQLITE_NAME", "bench.sqlite3")
        os.environ.setdefault("TOWNSQUARE_FAST_PASSWORD_HASHER", "1")
        os.environ.setdefault("TOWNSQUARE_BENCH_ACTSTREAM", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "townsquare.settings")
    from django.core.management import execute_from_command_line

    aliases = {"import-people": "import_people", "break-glass-login": "break_glass_login"}
    aliases.update({"export-org": "export_org", "import-org": "import_org"})
    if argv and argv[0] in aliases:
        argv[0] = aliases[argv[0]]
    if not argv:
        print(__doc__)
        return
    execute_from_command_line(["townsquare", *argv])


if __name__ == "__main__":
    main()
