#!/usr/bin/python3
"""The bundled WebSocket test server: an independent implementation (Python `websockets`,
Debian's python3-websockets) that v8ws talks to in the example and the web tests.

Prints "READY <port>" on stdout once listening on 127.0.0.1 (port 0 picks a free one).
With --tls-cert/--tls-key it serves wss: instead of ws:. It accepts permessage-deflate
(RFC 7692) unless started with --no-deflate.
Paths:
  /echo                  echoes every message with its type
  /echo?protocols=a,b    as /echo, selecting the first of the client's subprotocols in the list
  /echo?deflate=SPEC     as /echo, with permessage-deflate configured for this connection:
                         comma-separated smwb=N (server_max_window_bits, 9-15: Python's zlib
                         has no raw 8-bit window), cmwb=N (client_max_window_bits), snct
                         (server_no_context_takeover), cnct (client_no_context_takeover);
                         "off" declines it
  /close/CODE[/REASON]   sends Close with CODE and REASON as soon as the connection opens
  /send-then-close       sends "hello" and b"\\x00\\x01", then closes with 1000
  /count                 replies with the number of messages received so far, on each message
  /headers               sends the request's headers as one JSON text message, then closes
  /chat/ROOM             a chat room: every text message goes to every member, sender included
  /track/ID[?close=MS]   echoes, and remembers the code and reason the client closed with;
                         with close=MS, the server closes (1000, "bye") after MS milliseconds
  /closed/ID             sends {"code": ..., "reason": ...} for /track/ID once it has closed
                         (null after 5 s), then closes
  /flood?size=N&ms=M     sends binary messages of N bytes for M ms, as fast as the client lets
                         it (each send waits for the transport's buffer to drain), then one
                         text message {"bytes": B, "messages": K}: what it managed to send
  /soak?fate=F&after=N&code=C&stall=MS
                         for the soak test: echoes (the echo is the acknowledgement), and
                         after N echoes meets its fate F: "close" (Close with C), "drop"
                         (TCP closed, no Close frame), "reset" (TCP reset), "stall" (stops
                         reading for MS ms, then echoes on) or "none" (echoes on)
"""
import argparse
import asyncio
import json
import resource
import socket
import ssl
import struct
import sys
import urllib.parse

import websockets
from websockets.extensions.permessage_deflate import ServerPerMessageDeflateFactory


ROOMS = {}  # chat room name -> the connections in it
CLOSES = {}  # /track/ID -> the close code and reason the client sent


async def handler(ws, path=None):
    path = path if path is not None else ws.path
    url = urllib.parse.urlsplit(path)
    parts = [urllib.parse.unquote(p) for p in url.path.split("/") if p]
    try:
        if not parts or parts[0] == "echo":
            async for message in ws:
                await ws.send(message)
        elif parts[0] == "close":
            code = int(parts[1]) if len(parts) > 1 else 1000
            reason = parts[2] if len(parts) > 2 else ""
            await ws.close(code, reason)
        elif parts[0] == "send-then-close":
            await ws.send("hello")
            await ws.send(b"\x00\x01")
            await ws.close(1000, "done")
        elif parts[0] == "headers":
            await ws.send(json.dumps({k.lower(): v for k, v in ws.request_headers.raw_items()}))
            await ws.close(1000)
        elif parts[0] == "chat":
            room = ROOMS.setdefault(parts[1] if len(parts) > 1 else "", set())
            room.add(ws)
            try:
                async for message in ws:
                    if isinstance(message, str):
                        websockets.broadcast(room, message)
            finally:
                room.discard(ws)
        elif parts[0] == "track":
            # Echoes; remembers how the client closed, for /closed/ID to report.
            delay = urllib.parse.parse_qs(url.query).get("close")
            if delay:
                async def close_later():
                    await asyncio.sleep(int(delay[0]) / 1000)
                    await ws.close(1000, "bye")
                asyncio.ensure_future(close_later())
            try:
                async for message in ws:
                    await ws.send(message)
            finally:
                CLOSES[parts[1]] = {"code": ws.close_code, "reason": ws.close_reason}
        elif parts[0] == "closed":
            for _ in range(100):  # up to 5 s for the tracked connection to close
                if parts[1] in CLOSES:
                    break
                await asyncio.sleep(0.05)
            await ws.send(json.dumps(CLOSES.get(parts[1])))
            await ws.close(1000)
        elif parts[0] == "flood":
            query = urllib.parse.parse_qs(url.query)
            size = int(query.get("size", ["65536"])[0])
            seconds = int(query.get("ms", ["1000"])[0]) / 1000
            payload = bytes(size)
            sent = 0
            loop = asyncio.get_running_loop()
            deadline = loop.time() + seconds
            while loop.time() < deadline:
                try:
                    await asyncio.wait_for(ws.send(payload), max(deadline - loop.time(), 0.001))
                except asyncio.TimeoutError:
                    break  # blocked: the client stopped reading
                sent += 1
            # A send cut off by the timeout may have queued part of a frame: the connection
            # is only good for closing then.
            await ws.send(json.dumps({"bytes": sent * size, "messages": sent}))
            async for message in ws:
                await ws.send(message)
        elif parts[0] == "soak":
            await soak(ws, urllib.parse.parse_qs(url.query))
        elif parts[0] == "count":
            n = 0
            async for _ in ws:
                n += 1
                await ws.send(str(n))
    except websockets.exceptions.ConnectionClosed:
        pass




async def soak(ws, query):
    fate = query.get("fate", ["none"])[0]
    after = int(query.get("after", ["0"])[0])
    echoed = 0
    async for message in ws:
        await ws.send(message)
        echoed += 1
        if echoed != after:
            continue
        if fate == "close":
            await ws.close(int(query["code"][0]), "soak")
            return
        if fate == "drop":
            ws.transport.close()  # FIN after what is buffered: the echoes so far arrive
            return
        if fate == "reset":
            sock = ws.transport.get_extra_info("socket")
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            ws.transport.abort()
            return
        if fate == "stall":
            ws.transport.pause_reading()
            await asyncio.sleep(int(query.get("stall", ["500"])[0]) / 1000)
            ws.transport.resume_reading()


async def main():
    # Thousands of test connections need more than the usual 1024 descriptors.
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--lifetime", type=float, default=3600.0,
                        help="exit after this many seconds (a bound on stray servers)")
    parser.add_argument("--tls-cert", help="serve wss: with this certificate (PEM)")
    parser.add_argument("--tls-key", help="and this key")
    parser.add_argument("--no-deflate", action="store_true",
                        help="decline permessage-deflate (it is accepted by default)")
    args = parser.parse_args()
    ssl_context = None
    if args.tls_cert:
        ssl_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ssl_context.load_cert_chain(args.tls_cert, args.tls_key)


    def deflate_factory(spec):
        """The permessage-deflate a ?deflate=SPEC connection accepts (see the docstring)."""
        if spec == "off":
            return []
        options = {}
        for part in spec.split(","):
            key, _, value = part.partition("=")
            if key == "smwb":
                options["server_max_window_bits"] = int(value)
            elif key == "cmwb":
                options["client_max_window_bits"] = int(value)
            elif key == "snct":
                options["server_no_context_takeover"] = True
            elif key == "cnct":
                options["client_no_context_takeover"] = True
            else:
                raise ValueError("unknown deflate option " + part)
        return [ServerPerMessageDeflateFactory(**options)]

    class Protocol(websockets.WebSocketServerProtocol):
        def process_extensions(self, headers, available_extensions):
            spec = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query).get("deflate")
            if spec:
                available_extensions = deflate_factory(spec[0])
            return super().process_extensions(headers, available_extensions)

        # The subprotocols this server accepts come from the request's ?protocols=, so
        # each test decides; the first the client offered among them is selected.
        def process_subprotocol(self, headers, available_subprotocols):
            query = urllib.parse.urlsplit(self.path).query
            wanted = urllib.parse.parse_qs(query).get("protocols", [""])[0].split(",")
            offered = []
            for value in headers.get_all("Sec-WebSocket-Protocol"):
                offered += [p.strip() for p in value.split(",") if p.strip()]
            for p in offered:
                if p in wanted:
                    return p
            return None

    compression = None if args.no_deflate else "deflate"
    async with websockets.serve(handler, "127.0.0.1", args.port, compression=compression,
                                create_protocol=Protocol, max_size=None, ssl=ssl_context) as server:
        port = server.sockets[0].getsockname()[1]
        print(f"READY {port}", flush=True)
        await asyncio.sleep(args.lifetime)


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        sys.exit(0)
