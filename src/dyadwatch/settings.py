"""Every setting, declared once (name, default, environment variable, help).

The CLI, the docs and the tests read this table; nothing else reads environment variables directly.

A value comes from, in this order: the command-line option (where there is one), the environment variable,
the TOML config file, the default. The config file is ``$DYADWATCH_CONFIG`` or ``config.toml`` in the
user config directory (``~/.config/dyadwatch/config.toml`` on Linux); its keys are the setting names:

    store = "~/dyadwatch/ukr-blr.duckdb"
    engine = "duckdb"
    log_level = "info"

An unknown key or a malformed file is an input error naming the file (and the line).
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Setting:
    name: str
    env: str
    default: str | None
    help: str

    def get(self) -> str | None:
        value = os.environ.get(self.env)
        if value not in (None, ""):
            return value
        if self.name != "config":
            value = config_values().get(self.name)
            if value not in (None, ""):
                return os.path.expanduser(str(value)) if self.name in PATH_SETTINGS else str(value)
        return self.default


def _default_store() -> str:
    from platformdirs import user_data_dir
    return str(Path(user_data_dir("dyadwatch", appauthor=False)) / "dyadwatch.duckdb")


SETTINGS: dict[str, Setting] = {s.name: s for s in [
    Setting("store", "DYADWATCH_STORE", None,
            "Path of the DuckDB store file (default: dyadwatch.duckdb in the user data directory)."),
    Setting("engine", "DYADWATCH_ENGINE", "duckdb", "Compute engine for indicators: duckdb or spark."),
    Setting("comtrade_url", "DYADWATCH_COMTRADE_URL", "https://comtradeapi.un.org",
            "Base URL of the UN Comtrade+ API (a local mirror or test server may stand in)."),
    Setting("comtrade_key", "COMTRADE_API_KEY", None,
            "Comtrade subscription key; sent only in the Ocp-Apim-Subscription-Key header, never logged."),
    Setting("gdelt_url", "DYADWATCH_GDELT_URL", "http://data.gdeltproject.org",
            "Base URL of GDELT's file server (masterfilelist.txt, events, normfiles)."),
    Setting("sanctions_url", "DYADWATCH_SANCTIONS_URL", "https://data.opensanctions.org",
            "Base URL for OpenSanctions dataset downloads."),
    Setting("memory_limit", "DYADWATCH_MEMORY_LIMIT", "768MB",
            "DuckDB memory limit while ingesting bulk files (beyond it DuckDB spills to disk); empty: DuckDB's own."),
    Setting("lock_wait", "DYADWATCH_LOCK_WAIT", "30",
            "Seconds a command waits for another dyadwatch process to release the store before giving up."),
    Setting("cache_dir", "DYADWATCH_CACHE", None,
            "Directory for raw downloads and cached responses (default: the user cache directory)."),
    Setting("shared_dir", "DYADWATCH_SHARED", None,
            "Folder with the shared sample data used by tests (default: ../shared beside the checkout)."),
    Setting("log_level", "DYADWATCH_LOG_LEVEL", "warning",
            "How much the CLI logs to stderr: debug, info, warning or error (-v, -vv and -q override it)."),
    Setting("config", "DYADWATCH_CONFIG", None,
            "Path of the TOML config file (default: config.toml in the user config directory)."),
]}
PATH_SETTINGS = {"store", "cache_dir", "shared_dir"}


def config_path() -> Path:
    value = os.environ.get("DYADWATCH_CONFIG")
    if value:
        return Path(value).expanduser()
    from platformdirs import user_config_dir
    return Path(user_config_dir("dyadwatch", appauthor=False)) / "config.toml"


def config_values() -> dict:
    """The config file's settings ({} when there is no file)."""
    import tomllib

    from dyadwatch.errors import InputError

    path = config_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        if os.environ.get("DYADWATCH_CONFIG"):
            raise InputError(f"config file {path} (DYADWATCH_CONFIG) does not exist") from None
        return {}
    except OSError as exc:
        raise InputError(f"config file {path}: {exc}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"config file {path}: {exc}", hint="the file is TOML: key = \"value\" lines") from None
    unknown = sorted(set(data) - (set(SETTINGS) - {"config"}))
    if unknown:
        raise InputError(f"config file {path}: unknown setting(s) {', '.join(unknown)}",
                         hint="known: " + ", ".join(k for k in SETTINGS if k != "config"))
    return data


def get(name: str) -> str | None:
    return SETTINGS[name].get()


def store_path(explicit: str | os.PathLike | None = None) -> Path:
    """Where the store lives: an explicit path, else DYADWATCH_STORE, else the user data dir."""
    if explicit:
        return Path(explicit)
    return Path(get("store") or _default_store())


def cache_dir() -> Path:
    value = get("cache_dir")
    if value:
        return Path(value)
    from platformdirs import user_cache_dir
    return Path(user_cache_dir("dyadwatch", appauthor=False))
