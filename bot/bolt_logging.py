"""A log filter that keeps request bodies out of Bolt's signature-failure message.

slack_bolt's request verification (1.x) logs `Invalid request signature detected
(signature: …, timestamp: …, body: …)` at INFO when a signature check fails. The body of a
forged or replayed request can contain customer text, so the filter replaces the message
with one that names neither the body nor the signature.
"""

import logging

# Logger names that `slack_bolt.logger.get_bolt_logger` gives the verification middleware.
VERIFICATION_LOGGERS = ("slack_bolt.AsyncRequestVerification", "slack_bolt.RequestVerification")
SIGNATURE_FAILURE_PREFIX = "Invalid request signature detected"
SAFE_MESSAGE = "slack.request.invalid_signature (body and signature not logged)"


class SignatureFailureFilter(logging.Filter):
    """Rewrite Bolt's signature-failure record so that it carries no request data."""

    def filter(self, record: logging.LogRecord) -> bool:
        if str(record.msg).startswith(SIGNATURE_FAILURE_PREFIX):
            record.msg = SAFE_MESSAGE
            record.args = ()
        return True


def install_signature_failure_filter() -> None:
    """Add the filter to Bolt's verification loggers once."""
    for name in VERIFICATION_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, SignatureFailureFilter) for f in logger.filters):
            logger.addFilter(SignatureFailureFilter())
