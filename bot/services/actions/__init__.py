"""Use cases behind Slack buttons, modals and `/cs`: authorisation, Coupang writes, records.

`service.ActionService` holds the shared steps, and `build_action_service(deps)` wires it
from the process's shared objects. `runner.run_write` runs a Coupang write. Nothing here
contains Slack wording, because `handlers` turns results into sentences.
"""
