"""Smoke test of the test infrastructure: a real PostgreSQL server is reachable."""

from __future__ import annotations

import pytest
import sqlalchemy

pytestmark = pytest.mark.postgres


def test_postgres_server_answers(postgres_url: str) -> None:
    engine = sqlalchemy.create_engine(postgres_url)
    try:
        with engine.connect() as conn:
            version = conn.execute(sqlalchemy.text("select version()")).scalar_one()
            database = conn.execute(sqlalchemy.text("select current_database()")).scalar_one()
    finally:
        engine.dispose()

    assert engine.dialect.driver == "psycopg"
    assert version.startswith("PostgreSQL "), version
    assert database == "habiflow_test"
