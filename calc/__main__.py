"""`python3 -m calc estimate [FILE]`: a request as JSON (from FILE or standard input) to an estimate.

Exit status: 0 an estimate was printed; 2 the request is invalid (the error document is printed); 1 anything else.
`python3 -m calc schema` prints the input schema that the site's forms are built from.
"""

from __future__ import annotations

import json
import sys

from calc import estimate_json, input_schema

USAGE = "usage: python3 -m calc estimate [FILE]   |   python3 -m calc schema"


def main(argv: list[str]) -> int:
    if argv[:1] == ["schema"] and len(argv) == 1:
        print(json.dumps(input_schema(), ensure_ascii=False, indent=2))
        return 0
    if not argv or argv[0] != "estimate" or len(argv) > 2:
        print(USAGE, file=sys.stderr)
        return 1
    try:
        if len(argv) == 2:
            with open(argv[1], "rb") as handle:
                raw = handle.read()
        else:
            raw = sys.stdin.buffer.read()
    except OSError as error:
        print(f"calc: cannot read {error.filename}: {error.strerror}", file=sys.stderr)
        return 1
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = "\x00"  # not UTF-8: answered as a request that is not JSON
    status, output = estimate_json(text)
    sys.stdout.buffer.write(output.encode("utf-8"))
    return status


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except Exception as error:  # noqa: BLE001 - the CLI promises no traceback, whatever happens
        print(f"calc: internal error: {type(error).__name__}: {error}", file=sys.stderr)
        sys.exit(1)
