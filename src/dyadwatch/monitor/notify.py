"""Deliver alerts: ``--notify URL`` POSTs them as one JSON array to a webhook; ``--notify file:PATH.atom`` keeps
an Atom feed (RFC 4287) of the dyad's alerts.

Every alert of a run gets a delivery row per target (``monitor_deliveries``). A delivery that fails stays
``failed`` and is sent again, with the next run's alerts, by the next update; a failed notification is reported
but never fails the update. Each alert reaches each target once.
"""
from __future__ import annotations

import os
from pathlib import Path

from dyadwatch.errors import FetchError, InputError

FEED_SIZE = 100


def check_target(target: str) -> str:
    """A --notify value: http(s)://… or file:PATH.atom."""
    t = (target or "").strip()
    if t.startswith(("http://", "https://")):
        return t
    if t.startswith("file:") and t.endswith(".atom") and len(t) > len("file:.atom"):
        return t
    raise InputError(f"--notify {target!r}: not a webhook URL (http://…, https://…) or an Atom file (file:PATH.atom)",
                     hint="e.g. --notify https://hooks.example.org/dyadwatch or --notify file:alerts.atom")


def post_json(url: str, payload, *, timeout: float = 10.0) -> int:
    """POST `payload` as JSON to `url` through the one HTTP layer; returns the HTTP status or raises FetchError.
    (The one place the monitor talks HTTP itself.)"""
    from dyadwatch.sources import http

    resp = http.request("POST", url, json=payload, timeout=timeout, retries=1, backoff=0.5,
                        headers={"User-Agent": "dyadwatch-monitor"})
    return resp.status


def _pending(store, d, target: str) -> list[dict]:
    from dyadwatch.monitor.state import list_alerts

    ids = {r["alert_id"] for r in store.query(
        "SELECT alert_id FROM monitor_deliveries WHERE target = ? AND status <> 'sent'", [target])}
    return [a for a in list_alerts(store, d) if a["id"] in ids]


def _mark(store, target: str, ids: list[str], ok: bool, error: str | None) -> None:
    from dyadwatch.monitor.runs import now

    if not ids:
        return
    with store.transaction() as tx:
        tx.execute(f"UPDATE monitor_deliveries SET status = ?, attempts = attempts + 1, last_error = ?, sent_at = ? "
                   f"WHERE target = ? AND alert_id IN ({', '.join('?' for _ in ids)})",
                   ["sent" if ok else "failed", error, now(tx) if ok else None, target, *ids])


def _atom(store, d, path: Path, pending: list[dict]) -> None:
    import xml.etree.ElementTree as ET

    from dyadwatch.monitor.state import list_alerts

    sent = {r["alert_id"] for r in store.query(
        "SELECT alert_id FROM monitor_deliveries WHERE target = ? AND status = 'sent'", [f"file:{path}"])}
    now_ids = {a["id"] for a in pending}
    items = [a for a in list_alerts(store, d) if a["id"] in sent or a["id"] in now_ids][-FEED_SIZE:]
    ns = "http://www.w3.org/2005/Atom"
    ET.register_namespace("", ns)
    feed = ET.Element(f"{{{ns}}}feed")
    ET.SubElement(feed, f"{{{ns}}}id").text = f"urn:dyadwatch:alerts:{d.key}"
    ET.SubElement(feed, f"{{{ns}}}title").text = f"dyadwatch alerts: {d.a.name} – {d.b.name}"
    ET.SubElement(feed, f"{{{ns}}}updated").text = items[-1]["at"] if items else "1970-01-01T00:00:00Z"
    author = ET.SubElement(feed, f"{{{ns}}}author")
    ET.SubElement(author, f"{{{ns}}}name").text = "dyadwatch"
    for a in reversed(items):          # newest first
        e = ET.SubElement(feed, f"{{{ns}}}entry")
        ET.SubElement(e, f"{{{ns}}}id").text = f"urn:dyadwatch:alert:{a['id']}"
        ET.SubElement(e, f"{{{ns}}}title").text = a["title"]
        ET.SubElement(e, f"{{{ns}}}updated").text = a["at"]
        ET.SubElement(e, f"{{{ns}}}category", term=a["kind"], label=a["severity"])
        ET.SubElement(e, f"{{{ns}}}summary").text = a["message"]
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    ET.ElementTree(feed).write(tmp, encoding="utf-8", xml_declaration=True)
    os.replace(tmp, path)   # readers never see a half-written feed


def deliver(store, d, run_id: str, alerts: list[dict], targets: list[str]) -> list[dict]:
    """Queue this run's alerts for every target, then send each target everything still pending."""
    report = []
    for raw in targets:
        target = check_target(raw)
        if target.startswith("file:"):
            target = f"file:{Path(target[5:]).expanduser().resolve()}"
        with store.transaction() as tx:
            for a in alerts:
                tx.execute("INSERT INTO monitor_deliveries (alert_id, target, status) VALUES (?, ?, 'pending') "
                           "ON CONFLICT DO NOTHING", [a["id"], target])
        pending = _pending(store, d, target)
        ids = [a["id"] for a in pending]
        entry = {"target": target, "alerts": len(ids), "resent": len(set(ids) - {a["id"] for a in alerts}),
                 "status": "nothing to send" if not ids else "sent", "error": None}
        if ids:
            try:
                if target.startswith("file:"):
                    _atom(store, d, Path(target[5:]), pending)
                else:
                    post_json(target, pending)
                _mark(store, target, ids, True, None)
            except (FetchError, OSError) as exc:
                entry.update(status="failed", error=str(exc))
                _mark(store, target, ids, False, str(exc))
        report.append(entry)
    return report
