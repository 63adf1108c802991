"""Storage: one async engine, ORM tables, migrations and repository functions.

Repository functions take an `AsyncSession` and never commit, so that a caller can group an
item change, its outbox entries and its access record into one transaction.
"""

from bot.storage.access import (
    SYSTEM_USER,
    AccessEntry,
    StoredAccessRecord,
    append_access_record,
    export_access_records,
)
from bot.storage.attempts import (
    AttemptRecord,
    AttemptStart,
    attempt_key,
    finish_attempt,
    get_attempt,
    list_attempts,
    list_unfinished_attempts,
    record_attempt,
)
from bot.storage.crypto import DataCipher, DataKeyError, DecryptionError, load_data_cipher
from bot.storage.engine import READ_ONLY, create_engine, create_sessionmaker
from bot.storage.items import (
    ChangeOutcome,
    ItemChange,
    ItemSnapshot,
    StoredItem,
    claim_item,
    find_item,
    get_item,
    mark_item_answered,
    record_posted_state,
    release_item,
    upsert_item,
)
from bot.storage.migrate import current_revision, head_revision, migrate
from bot.storage.outbox import (
    ClaimedEntry,
    ReconcileResult,
    append_outbox,
    claim_outbox_batch,
    mark_outbox_failed,
    mark_outbox_retry,
    mark_outbox_sent,
    reconcile_outbox,
)
from bot.storage.products import get_product_name, put_product_name
from bot.storage.purge import PurgeResult, purge_expired
from bot.storage.tables import AttemptState, ItemKind, OutboxKind, OutboxState
from bot.storage.types import NaiveDatetimeError
from bot.storage.vendors import (
    VendorStatus,
    acquire_vendor_lease,
    claim_alert,
    get_vendor_state,
    pause_vendor,
    record_poll_success,
    release_vendor_lease,
    resume_vendor,
)

__all__ = [
    "READ_ONLY",
    "SYSTEM_USER",
    "AccessEntry",
    "AttemptRecord",
    "AttemptStart",
    "AttemptState",
    "ChangeOutcome",
    "ClaimedEntry",
    "DataCipher",
    "DataKeyError",
    "DecryptionError",
    "ItemChange",
    "ItemKind",
    "ItemSnapshot",
    "NaiveDatetimeError",
    "OutboxKind",
    "OutboxState",
    "PurgeResult",
    "ReconcileResult",
    "StoredAccessRecord",
    "StoredItem",
    "VendorStatus",
    "acquire_vendor_lease",
    "append_access_record",
    "append_outbox",
    "attempt_key",
    "claim_alert",
    "claim_item",
    "claim_outbox_batch",
    "create_engine",
    "create_sessionmaker",
    "current_revision",
    "export_access_records",
    "find_item",
    "finish_attempt",
    "get_attempt",
    "get_item",
    "get_product_name",
    "get_vendor_state",
    "head_revision",
    "list_attempts",
    "list_unfinished_attempts",
    "load_data_cipher",
    "mark_item_answered",
    "mark_outbox_failed",
    "mark_outbox_retry",
    "mark_outbox_sent",
    "migrate",
    "pause_vendor",
    "purge_expired",
    "put_product_name",
    "reconcile_outbox",
    "record_attempt",
    "record_poll_success",
    "record_posted_state",
    "release_item",
    "release_vendor_lease",
    "resume_vendor",
    "upsert_item",
]
