"""Logging for the CLI: -v/-vv/-q over the log_level setting (environment or config file)."""
from __future__ import annotations

import logging

LEVELS = {"debug": logging.DEBUG, "info": logging.INFO, "warning": logging.WARNING, "error": logging.ERROR}


def setup(verbose: int = 0, quiet: bool = False) -> int:
    """Configure the 'dyadwatch' logger to write to stderr; returns the level chosen."""
    from dyadwatch.errors import InputError
    from dyadwatch.settings import get

    if quiet:
        level = logging.ERROR
    elif verbose:
        level = logging.INFO if verbose == 1 else logging.DEBUG
    else:
        name = (get("log_level") or "warning").lower()
        if name not in LEVELS:
            raise InputError(f"log level {name!r} is not one of {', '.join(LEVELS)}",
                             hint="set DYADWATCH_LOG_LEVEL or log_level in the config file")
        level = LEVELS[name]
    logger = logging.getLogger("dyadwatch")
    for h in [h for h in logger.handlers if getattr(h, "_dyadwatch", False)]:
        logger.removeHandler(h)
    handler = logging.StreamHandler()
    handler._dyadwatch = True  # type: ignore[attr-defined]
    handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(level)
    return level
