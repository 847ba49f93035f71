"""What a channel offers now: the files of its folder, or the document at its URL.

Reads are capped (``formats.MAX_FILE_BYTES``) and URLs time out: one stuck or huge
source cannot hold up the other channels of a run. Folders must lie under
``NEWSROOM_WIRE_ROOT`` (default var/wire/) and URLs be http(s): whoever may set up a
channel in the admin must not be able to make the ingest read the server's own files.
"""

import http.client
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings

from wire.formats import MAX_FILE_BYTES

ALLOWED_SCHEMES = {"http", "https"}


class FetchError(Exception):
    """The channel, or one of its files, could not be read; the message says why."""


def wire_root():
    return Path(getattr(settings, "NEWSROOM_WIRE_ROOT", Path(settings.BASE_DIR) / "var" / "wire"))


def folder_problem(folder):
    """Why the ingest may not read this folder ("" when it may)."""
    root = wire_root().resolve()
    if not Path(folder).resolve().is_relative_to(root):
        return f"the folder must be inside {root}"
    return ""


def documents(channel):
    """(origin, bytes or FetchError) for each document; FetchError if there is none to read."""
    if channel.folder:
        yield from _folder(Path(channel.folder))
    elif channel.url:
        yield channel.url, _url(channel.url)
    else:
        raise FetchError("the channel has neither a URL nor a folder")


def read_file(path):
    path = Path(path)
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return FetchError(f"larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
        with path.open("rb") as file:
            return file.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        return FetchError(f"cannot be read ({error.strerror or error})")


def _folder(folder):
    problem = folder_problem(folder)
    if problem:
        raise FetchError(problem)
    if not folder.is_dir():
        raise FetchError(f"the folder {folder} does not exist")
    for path in sorted(folder.iterdir()):
        # Hidden files are the agency's uploads in progress (".name.part" and the like).
        # Symbolic links could lead out of the wire folder.
        if path.is_file() and not path.is_symlink() and not path.name.startswith("."):
            yield path.name, read_file(path)


def _url(url):
    if urlsplit(url).scheme not in ALLOWED_SCHEMES:
        raise FetchError(f"{url}: only http, https and file addresses are read")
    timeout = getattr(settings, "WIRE_FETCH_TIMEOUT", 20)
    request = urllib.request.Request(url, headers={"User-Agent": "Newsroom wire ingest"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            data = response.read(MAX_FILE_BYTES + 1)
    except (OSError, ValueError, http.client.HTTPException) as error:
        raise FetchError(f"{url} could not be read: {getattr(error, 'reason', error)}") from None
    if len(data) > MAX_FILE_BYTES:
        return FetchError(f"{url}: larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
    return data
