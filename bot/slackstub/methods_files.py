"""The external file upload flow that `files_upload_v2` uses.

files.getUploadURLExternal reserves a file and returns an upload URL on the stand-in, the
client POSTs the bytes there, and files.completeUploadExternal shares the files in a channel.
"""

from typing import Any

from bot.slackstub.errors import ApiError
from bot.slackstub.limits import decode_json_argument
from bot.slackstub.methods_common import Args, MethodHandler, channel_for_bot, require_arg
from bot.slackstub.stub import SlackStub
from bot.slackstub.surfaces import UploadedFile
from bot.slackstub.workspace import BOT_USER_ID, Message

UPLOAD_PATH_PREFIX = "/upload/v1/"


def get_upload_url(stub: SlackStub, args: Args) -> Args:
    filename = require_arg(args, "filename")
    try:
        length = int(require_arg(args, "length"))
    except ValueError as exc:
        raise ApiError("invalid_arguments", "`length` must be an integer") from exc
    if length < 1:
        raise ApiError("invalid_arguments", "`length` must be at least 1 byte")
    file_id = stub.surfaces.next_id("F")
    stub.surfaces.files[file_id] = UploadedFile(id=file_id, filename=filename, length=length)
    return {"upload_url": f"{stub.base_url}{UPLOAD_PATH_PREFIX}{file_id}", "file_id": file_id}


def receive_upload(stub: SlackStub, file_id: str, content: bytes) -> None:
    """Store the bytes POSTed to an upload URL; raise `file_not_found` for an unknown id."""
    uploaded = stub.surfaces.files.get(file_id)
    if uploaded is None:
        raise ApiError("file_not_found", f"no reserved file {file_id!r}", status=404)
    uploaded.content = content


def complete_upload(stub: SlackStub, args: Args) -> Args:
    entries = _parse_file_entries(args.get("files"))
    files = [_uploaded_file(stub, entry) for entry in entries]

    channel_ref = args.get("channel_id") or args.get("channels")
    if channel_ref:
        channel = channel_for_bot(stub, str(channel_ref).split(",")[0])
        thread_ts = args.get("thread_ts") or None
        root = channel.find_thread_root(str(thread_ts)) if thread_ts else None
        if thread_ts and root is None:
            raise ApiError("thread_not_found", f"no message {thread_ts} in {channel.id}")
        message = Message(
            ts=stub.workspace.next_ts(),
            user=BOT_USER_ID,
            text=str(args.get("initial_comment") or ""),
            blocks=[],
            thread_ts=root.ts if root else None,
            files=[f.id for f in files],
        )
        if root is None:
            channel.messages.append(message)
        else:
            root.replies.append(message)
        for uploaded in files:
            uploaded.channels.append(channel.id)

    return {"files": [_file_to_api(f) for f in files]}


def _parse_file_entries(raw: Any) -> list[dict[str, Any]]:
    entries = decode_json_argument(raw, name="files")
    if not isinstance(entries, list) or not entries:
        raise ApiError("invalid_arguments", "`files` must be a non-empty JSON array")
    return [entry for entry in entries if isinstance(entry, dict)]


def _uploaded_file(stub: SlackStub, entry: dict[str, Any]) -> UploadedFile:
    file_id = str(entry.get("id", ""))
    uploaded = stub.surfaces.files.get(file_id)
    if uploaded is None or uploaded.content is None:
        raise ApiError("file_not_found", f"file {file_id!r} was not uploaded")
    if len(uploaded.content) != uploaded.length:
        # NOTE: this error code is the stand-in's own; Slack's response to a size mismatch is not
        # documented.
        raise ApiError(
            "file_upload_size_mismatch",
            f"file {file_id} has {len(uploaded.content)} bytes, announced {uploaded.length}",
        )
    uploaded.title = str(entry.get("title") or uploaded.filename)
    return uploaded


def _file_to_api(uploaded: UploadedFile) -> dict[str, Any]:
    return {
        "id": uploaded.id,
        "name": uploaded.filename,
        "title": uploaded.title,
        "size": uploaded.length,
        "channels": list(uploaded.channels),
        "user": BOT_USER_ID,
    }


METHODS: dict[str, MethodHandler] = {
    "files.getUploadURLExternal": get_upload_url,
    "files.completeUploadExternal": complete_upload,
}
