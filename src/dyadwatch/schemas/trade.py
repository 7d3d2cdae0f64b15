"""Schema component 'trade': its tables and migrations (append; never edit a released migration).

trade_fetches   one row per HTTP response of a Comtrade fetch: the request (never the key), where the raw
                answer is cached on disk, when it was retrieved, how many records it held, and which
                `sources` row (one per fetch = one vintage) its observations belong to.
"""
from __future__ import annotations

from dyadwatch.store.schema import register_component

MIGRATIONS: list = [
    # 1: the Comtrade fetch cache index
    """
    CREATE TABLE trade_fetches (
        source_id VARCHAR NOT NULL, request_key VARCHAR NOT NULL, url VARCHAR NOT NULL,
        endpoint VARCHAR NOT NULL, reporter VARCHAR, partner VARCHAR, freq VARCHAR, periods VARCHAR,
        status INTEGER, records BIGINT, cache_path VARCHAR, sha256 VARCHAR, retrieved_at VARCHAR,
        loaded_at TIMESTAMP DEFAULT current_timestamp
    );
    """,
]

register_component("trade", MIGRATIONS)
