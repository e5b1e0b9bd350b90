#!/usr/bin/python3
"""A scripted misbehaving WebSocket server: each path produces one violation of RFC 6455,
RFC 7692 or the opening handshake, and records what the client answered on the wire.

Prints "READY <port>" once listening on 127.0.0.1 (port 0 picks a free one).
Paths:
  /violation/NAME?id=ID   a valid 101, then NAME's bytes (see VIOLATIONS); records the Close
                          code the client sent and whether it then closed TCP
  /handshake/NAME?id=ID   a bad opening handshake (see HANDSHAKES); records whether the client
                          sent any frame afterwards (it must not)
  /report/ID              a valid 101, then one text frame: the JSON record of ID (null after
                          5 s), then Close 1000
  /passive/NAME?ms=M      a server that is slow or rude around its closing handshake or its
                          opening one (see PASSIVE)
"""
import argparse
import asyncio
import base64
import hashlib
import json
import sys
import urllib.parse
import zlib

GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
REPORTS = {}


def frame(opcode, payload=b"", fin=True, rsv=0, length=None):
    """An unmasked server frame; `length` overrides the announced length."""
    n = len(payload) if length is None else length
    head = bytes([(0x80 if fin else 0) | rsv | opcode])
    if n < 126:
        head += bytes([n])
    elif n < 65536:
        head += bytes([126]) + n.to_bytes(2, "big")
    else:
        head += bytes([127]) + n.to_bytes(8, "big")
    return head + payload


def deflated(data):
    c = zlib.compressobj(wbits=-15)
    out = c.compress(data) + c.flush(zlib.Z_SYNC_FLUSH)
    return out[:-4]  # RFC 7692 §7.2.1: without the 00 00 FF FF tail


# name -> (accept permessage-deflate?, bytes sent after the 101)
VIOLATIONS = {
    "masked-frame": (False, bytes([0x81, 0x82, 1, 2, 3, 4, 0x60, 0x60])),
    "reserved-opcode": (False, frame(0x3)),
    "reserved-control-opcode": (False, frame(0xB)),
    "rsv-bit": (False, frame(0x1, b"x", rsv=0x40)),
    "fragmented-ping": (False, frame(0x9, fin=False)),
    "long-ping": (False, frame(0x9, b"p" * 126)),
    "continuation-first": (False, frame(0x0, b"x")),
    "new-message-inside": (False, frame(0x1, b"a", fin=False) + frame(0x1, b"b")),
    "top-bit-length": (False, bytes([0x82, 127, 0x80, 0, 0, 0, 0, 0, 0, 1])),
    "invalid-utf8": (False, frame(0x1, b"\xff")),
    "split-invalid-utf8": (False, frame(0x1, b"\xe2\x82", fin=False) + frame(0x0, b"\x41")),
    "truncated-utf8": (False, frame(0x1, b"ok\xe2\x82")),
    "close-one-byte": (False, frame(0x8, b"\x03")),
    "close-code-1005": (False, frame(0x8, (1005).to_bytes(2, "big"))),
    "close-code-999": (False, frame(0x8, (999).to_bytes(2, "big"))),
    "close-code-5000": (False, frame(0x8, (5000).to_bytes(2, "big"))),
    "close-invalid-reason": (False, frame(0x8, (1000).to_bytes(2, "big") + b"\xff")),
    "deflate-corrupt": (True, frame(0x1, b"\xff\xff\xff", rsv=0x40)),
    "deflate-rsv1-continuation": (True, frame(0x1, deflated(b"Hel"), fin=False, rsv=0x40) +
                                  frame(0x0, deflated(b"lo"), rsv=0x40)),
    "deflate-rsv1-ping": (True, frame(0x9, b"", rsv=0x40)),
    "deflate-invalid-utf8": (True, frame(0x1, deflated(b"\xff\xfe"), rsv=0x40)),
    # RFC 7692 §7.2.2: a message must end on a DEFLATE block boundary once the tail is
    # appended; an empty payload (the tail alone opens a stored block) and one cut inside a
    # block do not, and would corrupt the next message if accepted.
    "deflate-empty-payload": (True, frame(0x1, b"", rsv=0x40)),
    "deflate-cut-block": (True, frame(0x1, deflated(b"Hello, Hello")[:3], rsv=0x40)),
}

_OK = ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
       "Sec-WebSocket-Accept: {accept}\r\n")

# name -> the response head (the key's accept value is filled in)
HANDSHAKES = {
    "status-200": "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n",
    "redirect": "HTTP/1.1 302 Found\r\nLocation: /elsewhere\r\n",
    "no-upgrade": "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\n"
                  "Sec-WebSocket-Accept: {accept}\r\n",
    "bad-accept": "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                  "Connection: Upgrade\r\nSec-WebSocket-Accept: AAAAAAAAAAAAAAAAAAAAAAAAAAA=\r\n",
    "unrequested-protocol": "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                            "Connection: Upgrade\r\nSec-WebSocket-Accept: {accept}\r\n"
                            "Sec-WebSocket-Protocol: chat\r\n",
    "unoffered-extension": "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                           "Connection: Upgrade\r\nSec-WebSocket-Accept: {accept}\r\n"
                           "Sec-WebSocket-Extensions: x-webkit-deflate-frame\r\n",
    "bad-deflate-parameter": "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                             "Connection: Upgrade\r\nSec-WebSocket-Accept: {accept}\r\n"
                             "Sec-WebSocket-Extensions: permessage-deflate; "
                             "server_max_window_bits=7\r\n",
    # RFC 7230 §3.2: a header name is a token; a value and the reason phrase are VCHAR,
    # obs-text, SP and HTAB only.
    "nul-in-header-name": _OK + "X-A\0b: 1\r\n",
    "space-before-colon": _OK + "X-Y : 1\r\n",
    "nul-in-header-value": _OK + "X-Y: a\0b\r\n",
    "bare-cr-in-value": _OK + "X-Y: a\rb\r\n",
    "bare-lf-in-value": _OK + "X-Y: a\nb\r\n",
    "control-in-reason": _OK.replace("Switching Protocols", "Switching\x01Protocols"),
    "huge-headers": "HTTP/1.1 101 Switching Protocols\r\n" +
                    "".join(f"X-Filler-{i}: {'x' * 1000}\r\n" for i in range(80)),
}


async def read_frame(reader, unmask=True):
    """(opcode, payload) of one masked client frame, or None at EOF; with unmask=False the
    payload is left masked (only its length matters)."""
    try:
        head = await reader.readexactly(2)
        n = head[1] & 0x7F
        if n == 126:
            n = int.from_bytes(await reader.readexactly(2), "big")
        elif n == 127:
            n = int.from_bytes(await reader.readexactly(8), "big")
        key = await reader.readexactly(4) if head[1] & 0x80 else b"\0\0\0\0"
        data = await reader.readexactly(n)
        if not unmask or not n:
            return head[0] & 0x0F, data
        mask = (key * (n // 4 + 1))[:n]
        return head[0] & 0x0F, (int.from_bytes(data, "big") ^ int.from_bytes(mask, "big")).to_bytes(n, "big")
    except (asyncio.IncompleteReadError, ConnectionError):
        return None


async def wait_eof(reader, seconds=5):
    try:
        return await asyncio.wait_for(reader.read(), seconds) == b""
    except (asyncio.TimeoutError, ConnectionError):
        return False


async def passive(name, ms, reader, writer, ok_head):
    """PASSIVE: 'delayed-close' answers the client's Close M ms late (default 1000);
    'close-abort' answers a Close by closing TCP without one; 'slow-handshake' sends the 101
    after M ms (default 2000), then echoes text; 'slow-reader' reads nothing for M ms, then
    answers each message with its size; 'goodbye' answers the first message with Close 1000
    and reads nothing more for M ms, then reads on until the client's Close."""
    if name == "slow-handshake":
        await asyncio.sleep(ms / 1000 if ms else 2)
    writer.write((ok_head + "\r\n").encode())
    await writer.drain()
    if name == "slow-reader":
        await asyncio.sleep(ms / 1000)
        while True:
            got = await read_frame(reader, unmask=False)
            if got is None or got[0] == 0x8:
                if got:
                    writer.write(frame(0x8, b""))
                    await writer.drain()
                return
            writer.write(frame(0x1, str(len(got[1])).encode()))
            await writer.drain()
    if name == "goodbye":
        await read_frame(reader)
        writer.write(frame(0x8, (1000).to_bytes(2, "big")))
        await writer.drain()
        await asyncio.sleep(ms / 1000)
        while True:
            got = await read_frame(reader, unmask=False)
            if got is None or got[0] == 0x8:
                return
    while True:
        got = await read_frame(reader)
        if got is None:
            return
        opcode, payload = got
        if opcode == 0x8:
            if name == "delayed-close":
                await asyncio.sleep(ms / 1000 if ms else 1)
                writer.write(frame(0x8, payload))
                await writer.drain()
                await wait_eof(reader)
            return  # close-abort: TCP closes with no Close frame
        if opcode == 0x1:
            writer.write(frame(0x1, payload))
            await writer.drain()


async def handle(reader, writer):
    try:
        request = await reader.readuntil(b"\r\n\r\n")
    except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
        writer.close()
        return
    lines = request.decode("latin-1").split("\r\n")
    url = urllib.parse.urlsplit(lines[0].split(" ")[1])
    query = urllib.parse.parse_qs(url.query)
    ident = query.get("id", [""])[0]
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    key = headers.get("sec-websocket-key", "").encode()
    accept = base64.b64encode(hashlib.sha1(key + GUID).digest()).decode()
    parts = [p for p in url.path.split("/") if p]
    ok_head = ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
               f"Connection: Upgrade\r\nSec-WebSocket-Accept: {accept}\r\n")
    try:
        if len(parts) == 2 and parts[0] == "violation" and parts[1] in VIOLATIONS:
            deflate, payload = VIOLATIONS[parts[1]]
            head = ok_head + ("Sec-WebSocket-Extensions: permessage-deflate\r\n" if deflate else "")
            writer.write((head + "\r\n").encode() + payload)
            await writer.drain()
            got = await read_frame(reader)
            code = None
            if got and got[0] == 0x8:
                code = int.from_bytes(got[1][:2], "big") if len(got[1]) >= 2 else 1005
            REPORTS[ident] = {"close_code": code, "tcp_closed": await wait_eof(reader)}
        elif len(parts) == 2 and parts[0] == "handshake" and parts[1] in HANDSHAKES:
            writer.write((HANDSHAKES[parts[1]].format(accept=accept) + "\r\n").encode())
            await writer.drain()
            got = await read_frame(reader)
            REPORTS[ident] = {"client_sent_a_frame": got is not None}
        elif len(parts) == 2 and parts[0] == "passive" and parts[1] in (
                "delayed-close", "close-abort", "slow-handshake", "slow-reader", "goodbye"):
            await passive(parts[1], int(query.get("ms", ["0"])[0]), reader, writer, ok_head)
        elif len(parts) == 2 and parts[0] == "report":
            for _ in range(100):
                if parts[1] in REPORTS:
                    break
                await asyncio.sleep(0.05)
            body = json.dumps(REPORTS.get(parts[1])).encode()
            writer.write((ok_head + "\r\n").encode() + frame(0x1, body) +
                         frame(0x8, (1000).to_bytes(2, "big")))
            await writer.drain()
            await read_frame(reader)
            await wait_eof(reader)
        else:
            writer.write(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")
            await writer.drain()
    except ConnectionError:
        pass
    finally:
        writer.close()


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--lifetime", type=float, default=3600.0)
    args = parser.parse_args()
    server = await asyncio.start_server(handle, "127.0.0.1", args.port)
    print(f"READY {server.sockets[0].getsockname()[1]}", flush=True)
    async with server:
        await asyncio.sleep(args.lifetime)


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        sys.exit(0)
