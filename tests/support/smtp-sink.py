#!/usr/bin/python3
"""A real SMTP server on loopback for the tests (Debian's python3-aiosmtpd).

    smtp-sink.py --port 0 --dir DIR

Binds 127.0.0.1 (port 0: any free port), prints "listening on PORT" once it accepts connections,
and writes each message it accepts into DIR: NAME.eml holds the message bytes as received (after
the SMTP dot-unstuffing), NAME.json the envelope {"mail_from": ..., "rcpt_tos": [...]}. The .json
is written first and the .eml renamed into place, so a reader that sees NAME.eml sees both whole.
Stops on SIGTERM or SIGINT.
"""

import argparse
import asyncio
import itertools
import json
import os
import signal
import sys
import time

from aiosmtpd.smtp import SMTP


class Sink:
    def __init__(self, directory):
        self.directory = directory
        self.counter = itertools.count(1)

    async def handle_DATA(self, server, session, envelope):
        # Unique and ordered across restarts of the sink on the same directory.
        name = "%020d-%d-%06d" % (time.time_ns(), os.getpid(), next(self.counter))
        base = os.path.join(self.directory, name)
        with open(base + ".json", "w", encoding="utf-8") as f:
            json.dump({"mail_from": envelope.mail_from, "rcpt_tos": list(envelope.rcpt_tos)}, f)
        raw = envelope.original_content if envelope.original_content is not None else envelope.content
        if isinstance(raw, str):
            raw = raw.encode("utf-8", "surrogateescape")
        with open(base + ".eml.tmp", "wb") as f:
            f.write(raw)
        os.rename(base + ".eml.tmp", base + ".eml")
        return "250 OK: queued as " + name


async def serve(port, directory):
    loop = asyncio.get_running_loop()
    sink = Sink(directory)
    server = await loop.create_server(
        lambda: SMTP(sink, hostname="smtp-sink.test", decode_data=False, enable_SMTPUTF8=True),
        host="127.0.0.1", port=port, reuse_address=True)
    bound = server.sockets[0].getsockname()[1]
    print("listening on %d" % bound, flush=True)
    stopping = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stopping.set)
    await stopping.wait()
    server.close()
    await server.wait_closed()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--dir", required=True)
    args = parser.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    asyncio.run(serve(args.port, args.dir))
    return 0


if __name__ == "__main__":
    sys.exit(main())
