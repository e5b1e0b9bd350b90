#!/usr/bin/python3
"""Writes the seed corpora in tests/fuzz/corpus/<target>/ (committed; run again after a change
to the input formats the targets' headers describe). Deterministic: the same files every run."""
import os
import struct
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))


def frame(opcode, payload=b"", fin=True, rsv1=False):
    b0 = (0x80 if fin else 0) | (0x40 if rsv1 else 0) | opcode
    n = len(payload)
    if n < 126:
        head = bytes([b0, n])
    elif n <= 0xFFFF:
        head = bytes([b0, 126]) + struct.pack(">H", n)
    else:
        head = bytes([b0, 127]) + struct.pack(">Q", n)
    return head + payload


def deflate_stream(wbits=15):
    z = zlib.compressobj(wbits=-wbits)
    def compress(data):
        out = z.compress(data) + z.flush(zlib.Z_SYNC_FLUSH)
        return out[:-4] if out.endswith(b"\x00\x00\xff\xff") else out
    return compress


def write(target, name, data):
    folder = os.path.join(HERE, "corpus", target)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data)


def engine_seeds():
    # byte 0: bit 0 deflate, bits 3-5 the limit (6 = 1 MiB); byte 1: split seed.
    plain, deflate = bytes([6 << 3, 1]), bytes([1 | (6 << 3), 2])
    write("engine_fuzzer", "text", plain + frame(1, b"Hello"))
    write("engine_fuzzer", "binary", plain + frame(2, bytes(range(256)) * 4))
    write("engine_fuzzer", "fragments_and_ping",
          plain + frame(1, b"Hel", fin=False) + frame(9, b"ping") + frame(0, b"lo"))
    write("engine_fuzzer", "close_with_reason", plain + frame(8, b"\x03\xe8bye"))
    write("engine_fuzzer", "close_empty", plain + frame(8))
    write("engine_fuzzer", "utf8_across_fragments",
          plain + frame(1, "é€".encode()[:3], fin=False) + frame(0, "é€".encode()[3:]))
    write("engine_fuzzer", "invalid_utf8", plain + frame(1, b"\xff"))
    write("engine_fuzzer", "too_big_for_limit", bytes([2 << 3, 3]) + frame(2, b"x" * 200))
    write("engine_fuzzer", "length_64", plain + frame(2, b"y" * 70000))
    c = deflate_stream()
    write("engine_fuzzer", "deflate_messages",
          deflate + frame(1, c(b"Hello"), rsv1=True) + frame(1, c(b""), rsv1=True) +
          frame(2, c(b"Hello" * 50), rsv1=True) + frame(1, b"plain"))
    c = deflate_stream()
    payload = c("texte répété, répété".encode())
    write("engine_fuzzer", "deflate_fragmented",
          deflate + frame(1, payload[:4], fin=False, rsv1=True) + frame(9) +
          frame(0, payload[4:]) + frame(8, b"\x0f\xa0"))
    # RFC 7692 §7.2.3.4: a block with BFINAL set, then a new stream.
    write("engine_fuzzer", "deflate_bfinal",
          deflate + frame(1, bytes([0xF3, 0x48, 0xCD, 0xC9, 0xC9, 0x07, 0x00, 0x00]), rsv1=True))
    write("engine_fuzzer", "deflate_bomb",
          bytes([1 | (3 << 3), 4]) + frame(2, deflate_stream()(bytes(100000)), rsv1=True))


def handshake_seeds():
    base = ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            "Sec-WebSocket-Accept: {ACCEPT}\r\nSec-WebSocket-Protocol: chat\r\n")
    write("handshake_fuzzer", "valid", (base + "\r\n").encode())
    write("handshake_fuzzer", "deflate",
          (base + "Sec-WebSocket-Extensions: permessage-deflate; server_no_context_takeover; "
           "client_max_window_bits=10\r\n\r\n").encode())
    write("handshake_fuzzer", "folded", (base + "X-Folded: a,\r\n b\r\n\r\n").encode())
    write("handshake_fuzzer", "frames_after", (base + "\r\n").encode() + frame(1, b"hi"))
    write("handshake_fuzzer", "redirect",
          b"HTTP/1.1 302 Found\r\nLocation: ws://elsewhere/\r\n\r\n")
    write("handshake_fuzzer", "lowercase",
          b"HTTP/1.1 101 ok\r\nupgrade: WEBSOCKET\r\nconnection: keep-alive, upgrade\r\n"
          b"sec-websocket-accept: {ACCEPT}\r\nsec-websocket-protocol: superchat\r\n\r\n")


def deflate_seeds():
    def messages(*ms):
        return b"".join(struct.pack(">H", len(m)) + m for m in ms)
    write("deflate_fuzzer", "empty_after_plain",
          bytes([7 << 2 | 7 << 5]) + messages(b"plain", b"", b"plain", b"", b""))
    write("deflate_fuzzer", "no_context_takeover",
          bytes([3 | 2 << 2 | 1 << 5]) + messages(b"abcabcabc" * 20, b"abcabcabc" * 20))
    write("deflate_fuzzer", "window_8", bytes([0]) + messages(bytes(range(256)) * 8, b""))
    c = deflate_stream()
    write("deflate_fuzzer", "raw_deflate_payloads",
          bytes([7 << 2 | 7 << 5]) + messages(c(b"Hello"), c(b""), c(b"Hello, Hello")))


def url_seeds():
    for i, url in enumerate([
            "ws://example.com/chat?room=1", "wss://user:pw@[::1]:443/", "http://EXAMPLE.com/./a/../b",
            "https://xn--nxasmq6b.example/", "file:///C:/dir/file", "sc:opaque path?q#f",
            "web+demo:/.//not-a-host/", "http://192.168.0.257/", "http://0x7f.1/", "  http://a b/ ",
            "//host/path", "?query", "#fragment", "../up", "http://ex%41mple.com/%zz",
            "non-spec:/a/../../b", "http://[1:0::]/", "blob:https://a/b", "data:,hello",
            "javascript:alert(1)", "mailto:a@b", "http://münchen.de/straße"]):
        write("url_fuzzer", f"url{i:02d}", bytes([0]) + url.encode())
        write("url_fuzzer", f"relative{i:02d}", bytes([1 + (i % 2) * 2]) + url.encode())


def utf8_seeds():
    for i, s in enumerate([
            "plain ascii".encode(), "é€😀".encode(), b"\xc0\x80", b"\xed\xa0\x80", b"\xf4\x90\x80\x80",
            b"\xe0\x9f\xbf", b"\xf0\x8f\xbf\xbf", b"\xef\xbf\xbd", b"\xe2\x82", b"\x80", b"\xff"]):
        write("utf8_fuzzer", f"s{i:02d}", s)


if __name__ == "__main__":
    engine_seeds()
    handshake_seeds()
    deflate_seeds()
    url_seeds()
    utf8_seeds()
