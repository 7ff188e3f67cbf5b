"""Which machine and process this is, and whether a process of this machine still runs."""

import os
import socket


def this_host() -> str:
    """The machine's name, as a log row records where it was written."""
    return socket.gethostname()[:255]


def process_alive(pid: int | None) -> bool:
    """Whether a process with this id runs on this machine (signal 0 checks, sends nothing)."""
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        # It exists, under another user.
        return True
    return True
