"""`python3 -m calc estimate [FILE]`: a request as JSON (from FILE or standard input) to an estimate.

Exit status: 0 an estimate was printed; 2 the request is invalid (the error document is printed, also for a
request over 1 MB, which is never read whole); 1 anything else; 130 interrupted (Ctrl-C); 141 the reader of
standard output went away (a closed pipe, as with `| head -c0`). The last two exit quietly, as other Unix tools.
`python3 -m calc schema` prints the input schema that the site's forms are built from.
"""

from __future__ import annotations

import os
import sys

from calc import estimate_json, input_schema, json_text
from calc.engine import MAX_REQUEST_BYTES, request_too_large

USAGE = "usage: python3 -m calc estimate [FILE]   |   python3 -m calc schema"
INTERRUPTED = 130  # 128 + SIGINT
BROKEN_PIPE = 141  # 128 + SIGPIPE


def main(argv: list[str]) -> int:
    if argv[:1] == ["schema"] and len(argv) == 1:
        _write(json_text.dumps(input_schema(), indent=2) + "\n")
        return 0
    if not argv or argv[0] != "estimate" or len(argv) > 2:
        print(USAGE, file=sys.stderr)
        return 1
    try:
        if len(argv) == 2:
            with open(argv[1], "rb") as handle:
                raw = handle.read(MAX_REQUEST_BYTES + 1)
        else:
            raw = sys.stdin.buffer.read(MAX_REQUEST_BYTES + 1)
    except OSError as error:
        print(f"calc: cannot read {error.filename or 'standard input'}: {error.strerror}", file=sys.stderr)
        return 1
    if len(raw) > MAX_REQUEST_BYTES:
        status, output = request_too_large()  # the rest of the input is never read
    else:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = "\x00"  # not UTF-8: answered as a request that is not JSON
        status, output = estimate_json(text)
    _write(output)
    return status


def _write(text: str) -> None:
    sys.stdout.buffer.write(text.encode("utf-8"))
    sys.stdout.flush()  # here, not at exit, so that a closed pipe is caught below


def _quiet_exit(status: int) -> None:
    """Exit with `status` without Python complaining at shutdown that standard output cannot be flushed."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    sys.exit(status)


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except KeyboardInterrupt:
        _quiet_exit(INTERRUPTED)
    except BrokenPipeError:
        _quiet_exit(BROKEN_PIPE)
    except Exception as error:  # noqa: BLE001 - the CLI promises no traceback, whatever happens
        print(f"calc: internal error: {type(error).__name__}: {error}", file=sys.stderr)
        sys.exit(1)
