"""views.* methods: modals opened with a trigger id, updates, pushes and App Home publishing."""

from bot.slackstub.errors import ApiError
from bot.slackstub.limits import check_view
from bot.slackstub.methods_common import Args, MethodHandler, require_arg
from bot.slackstub.stub import SlackStub
from bot.slackstub.surfaces import MAX_MODAL_STACK
from bot.slackstub.workspace import TEAM_ID


def views_open(stub: SlackStub, args: Args) -> Args:
    payload = check_view(args.get("view"), allowed_types=("modal",))
    user_id = stub.surfaces.redeem_trigger_id(require_arg(args, "trigger_id"))
    view = stub.surfaces.store_view(payload, user_id=user_id)
    stub.surfaces.modal_stacks[user_id] = [view.id]
    return {"view": view.to_api(TEAM_ID)}


def views_push(stub: SlackStub, args: Args) -> Args:
    payload = check_view(args.get("view"), allowed_types=("modal",))
    user_id = stub.surfaces.redeem_trigger_id(require_arg(args, "trigger_id"))
    stack = stub.surfaces.modal_stacks.get(user_id)
    if not stack:
        raise ApiError("not_found", f"user {user_id} has no open modal to push onto")
    if len(stack) >= MAX_MODAL_STACK:
        detail = f"a modal stack contains at most {MAX_MODAL_STACK} views"
        raise ApiError("push_limit_reached", detail)
    view = stub.surfaces.store_view(
        payload, user_id=user_id, root_view_id=stack[0], previous_view_id=stack[-1]
    )
    stack.append(view.id)
    return {"view": view.to_api(TEAM_ID)}


def views_update(stub: SlackStub, args: Args) -> Args:
    current = stub.surfaces.find_view(
        view_id=args.get("view_id") or None, external_id=args.get("external_id") or None
    )
    allowed = ("home",) if current.payload.get("type") == "home" else ("modal",)
    payload = check_view(args.get("view"), allowed_types=allowed)
    expected_hash = args.get("hash")
    if expected_hash and expected_hash != current.hash:
        raise ApiError("hash_conflict", f"view {current.id} changed since hash {expected_hash}")
    view = stub.surfaces.store_view(
        payload,
        user_id=current.user_id,
        view_id=current.id,
        root_view_id=current.root_view_id,
        previous_view_id=current.previous_view_id,
    )
    return {"view": view.to_api(TEAM_ID)}


def views_publish(stub: SlackStub, args: Args) -> Args:
    user_id = require_arg(args, "user_id")
    if user_id not in stub.workspace.users:
        raise ApiError("user_not_found", f"no user with ID {user_id!r}")
    payload = check_view(args.get("view"), allowed_types=("home",))
    current_id = stub.surfaces.home_views.get(user_id)
    expected_hash = args.get("hash")
    if expected_hash and current_id and expected_hash != stub.surfaces.views[current_id].hash:
        raise ApiError("hash_conflict", f"the Home view of {user_id} changed since {expected_hash}")
    view = stub.surfaces.store_view(payload, user_id=user_id, view_id=current_id)
    stub.surfaces.home_views[user_id] = view.id
    return {"view": view.to_api(TEAM_ID)}


METHODS: dict[str, MethodHandler] = {
    "views.open": views_open,
    "views.push": views_push,
    "views.update": views_update,
    "views.publish": views_publish,
}
