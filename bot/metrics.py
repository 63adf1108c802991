"""Prometheus metrics of the bot, kept in one registry per process (or per test)."""

from prometheus_client import CollectorRegistry, Counter, Gauge, generate_latest


class Metrics:
    """Counters and gauges for polling, Coupang calls, Slack calls and the outbox."""

    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        self.registry = registry if registry is not None else CollectorRegistry()
        self.polls = Counter(
            "cs_bot_polls",
            "Poll cycles by vendor, kind and outcome (ok, error, paused).",
            ["vendor", "kind", "outcome"],
            registry=self.registry,
        )
        self.items_seen = Counter(
            "cs_bot_items_seen",
            "Items read from Coupang by vendor, kind and change (new, changed, unchanged).",
            ["vendor", "kind", "change"],
            registry=self.registry,
        )
        self.items_posted = Counter(
            "cs_bot_items_posted",
            "Items posted to Slack for the first time, by kind.",
            ["kind"],
            registry=self.registry,
        )
        self.coupang_calls = Counter(
            "cs_bot_coupang_calls",
            "Coupang API calls by vendor and operation.",
            ["vendor", "operation"],
            registry=self.registry,
        )
        self.coupang_errors = Counter(
            "cs_bot_coupang_errors",
            "Failed Coupang API calls by vendor and error class.",
            ["vendor", "error_class"],
            registry=self.registry,
        )
        self.coupang_records_skipped = Counter(
            "cs_bot_coupang_records_skipped",
            "List records from Coupang that failed validation and were skipped, by vendor and "
            "operation.",
            ["vendor", "operation"],
            registry=self.registry,
        )
        self.slack_calls = Counter(
            "cs_bot_slack_calls",
            "Slack Web API calls by method and outcome (ok, rate_limited, error).",
            ["method", "outcome"],
            registry=self.registry,
        )
        self.outbox_depth = Gauge(
            "cs_bot_outbox_depth",
            "Outbox entries waiting to be sent to Slack.",
            registry=self.registry,
        )
        self.last_successful_poll = Gauge(
            "cs_bot_last_successful_poll_timestamp_seconds",
            "Unix time of the last poll cycle that succeeded, by vendor.",
            ["vendor"],
            registry=self.registry,
        )
        self.vendor_paused = Gauge(
            "cs_bot_vendor_paused",
            "1 while a vendor's polling is paused after a 401 or 403 from Coupang.",
            ["vendor"],
            registry=self.registry,
        )

    def render(self) -> bytes:
        """Return the registry in the Prometheus text exposition format."""
        return generate_latest(self.registry)
