"""Create or drop a scratch PostgreSQL database for CI; exit 3 when no server answers."""

import sys

import psycopg

ADMIN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres connect_timeout=5"


def main(action: str, name: str) -> int:
    if not name.replace("_", "").isalnum():
        raise SystemExit(f"bad database name {name!r}")
    try:
        connection = psycopg.connect(ADMIN, autocommit=True)
    except psycopg.OperationalError as error:
        print(f"PostgreSQL not reachable: {error}".strip(), file=sys.stderr)
        return 3
    with connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if action == "create":
            connection.execute(f'CREATE DATABASE "{name}"')
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
