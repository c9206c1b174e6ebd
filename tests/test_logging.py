"""The server's log (dashboard/logs.py): what a replica writes when something happens, and what it never writes."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from dashboard import logs, store


class Lines(logging.Handler):
    """Collects the formatted lines of one logger tree, whatever its propagate setting."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []
        self.setFormatter(logging.Formatter(logs.FORMAT))

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@pytest.fixture
def dashboard_log():
    logger, handler = logging.getLogger("dashboard"), Lines()
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    yield handler.lines
    logger.removeHandler(handler)
    logger.setLevel(level)


def test_a_damaged_briefing_store_set_aside_is_logged_without_briefing_ids(tmp_path: Path, dashboard_log) -> None:
    path = tmp_path / "briefings.sqlite"
    good = store.Store(path)
    from dashboard import briefing as model
    record = good.create(model.Briefing(title="Debat 11 september", items=[]))
    path.write_bytes(b"this is not an SQLite file" * 100)

    fresh = store.Store(path)

    assert fresh.recovered is not None
    warning = [line for line in dashboard_log if "WARNING dashboard.store" in line]
    assert len(warning) == 1 and fresh.recovered.name in warning[0] and "[pid " in warning[0]
    assert record.id not in "\n".join(dashboard_log)
    assert "Debat" not in "\n".join(dashboard_log)


def test_configure_is_idempotent_and_keeps_one_line_per_event(capsys) -> None:
    logger = logging.getLogger("dashboard")
    before, propagate = list(logger.handlers), logger.propagate
    for handler in before:   # an AppTest run of app.py earlier in this process configured it already
        logger.removeHandler(handler)
    try:
        logs.configure("INFO")
        logs.configure("INFO")   # every Streamlit rerun runs app.py again
        ours = [h for h in logger.handlers if getattr(h, logs._CONFIGURED, False)]
        assert len(ours) == 1
        logging.getLogger("dashboard.db").info("database opened: x")
        assert capsys.readouterr().err.count("database opened: x") == 1
    finally:
        for handler in list(logger.handlers):
            logger.removeHandler(handler)
        for handler in before:
            logger.addHandler(handler)
        logger.propagate = propagate


def test_a_database_reload_is_logged_once_per_file_version(fixture_db: Path, monkeypatch, dashboard_log) -> None:
    monkeypatch.setenv("MENSENHANDEL_DB", str(fixture_db))
    from dashboard import db
    db._connect.cache_clear()
    db.build_info()
    db.build_info()
    opened = [line for line in dashboard_log if "database opened" in line]
    assert len(opened) == 1 and str(fixture_db) in opened[0]
