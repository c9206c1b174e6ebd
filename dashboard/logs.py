"""The server's log: the standard library's `logging`, configured here and nowhere else.

Modules log through `logging.getLogger(__name__)`; `configure()` gives the `dashboard` and `etl` loggers one handler
on stderr, where a replica's process manager (systemd, a container runtime, `scripts/serve.sh`'s log files) collects
it. Each line names the process, so the log of several replicas behind nginx can be told apart.

What is logged: database reloads and builds, a damaged briefing store set aside, export failures and bad links. What
is never logged: briefing ids, query strings and parameter values (a link can carry a briefing id; a value can carry
whatever a reader pasted), so the log can be shared with an operator as it is.

The level comes from `MENSENHANDEL_LOG_LEVEL` (default INFO).
"""

from __future__ import annotations

import logging
import os
import sys

FORMAT = "%(asctime)s %(levelname)s %(name)s [pid %(process)d] %(message)s"
_CONFIGURED = "_mensenhandel_handler"


def configure(level: str | None = None) -> None:
    """Attach one stderr handler to the project's loggers; calling it again (every Streamlit rerun) changes nothing."""
    level = (level or os.environ.get("MENSENHANDEL_LOG_LEVEL") or "INFO").upper()
    for name in ("dashboard", "etl"):
        logger = logging.getLogger(name)
        logger.setLevel(level)
        if not any(getattr(h, _CONFIGURED, False) for h in logger.handlers):
            handler = logging.StreamHandler(sys.stderr)
            handler.setFormatter(logging.Formatter(FORMAT))
            setattr(handler, _CONFIGURED, True)
            logger.addHandler(handler)
        logger.propagate = False   # Streamlit configures the root logger too: one line per event, not two
