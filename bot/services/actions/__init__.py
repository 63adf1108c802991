"""Use cases behind Slack buttons, modals and `/cs`: authorisation, Coupang writes, records.

`service.ActionService` runs them; `build_action_service(deps)` wires it from the process's
shared objects. Nothing here contains Slack wording; `handlers` turns results into sentences.
"""
