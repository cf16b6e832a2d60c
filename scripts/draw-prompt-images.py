#!/usr/bin/env python3
"""Draws the example prompt image sequences/xpo/images/seat-module.png (Python 3 standard library only).

A side view of the XPO fixture: the module (blue, its serial label white and on top) goes down into the socket
(green arrow), and the blind-mate coolant plug (orange) latches into its port on the right. Flat colours only, so
that the panel's render test finds the image's pixels unchanged on screen. Run from the repository's root:
    python3 scripts/draw-prompt-images.py
"""
import struct
import zlib
from pathlib import Path

WIDTH, HEIGHT = 480, 240
BACKGROUND = (0xE8, 0xEE, 0xF4)
FIXTURE = (0x4A, 0x50, 0x58)
SOCKET = (0x2B, 0x2F, 0x35)
MODULE = (0x2F, 0x6F, 0xB8)
LABEL = (0xFF, 0xFF, 0xFF)
ARROW = (0x2E, 0x9D, 0x4A)
PLUG = (0xF0, 0x8A, 0x24)
HOSE = (0x8C, 0x52, 0x1C)


def draw():
    pixels = [[BACKGROUND] * WIDTH for _ in range(HEIGHT)]

    def rect(x0, y0, x1, y1, colour):
        for y in range(max(0, y0), min(HEIGHT, y1)):
            row = pixels[y]
            for x in range(max(0, x0), min(WIDTH, x1)):
                row[x] = colour

    rect(40, 190, 440, 220, FIXTURE)  # the fixture's base
    rect(120, 170, 300, 190, SOCKET)  # the socket the module seats in
    rect(130, 80, 290, 150, MODULE)  # the module, above its socket
    rect(150, 90, 230, 104, LABEL)  # the serial label, up
    rect(206, 40, 214, 66, ARROW)  # the arrow's shaft, above the module
    for i in range(12):  # its head, pointing down onto the module
        rect(198 + i, 66 + i, 222 - i, 67 + i, ARROW)
    rect(330, 110, 380, 140, PLUG)  # the coolant plug
    rect(380, 120, 440, 130, HOSE)  # its hose
    rect(300, 118, 330, 132, FIXTURE)  # the port it latches into, on the module's side
    return pixels


def png(pixels):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + bytes(c for p in row for c in p) for row in pixels)
    header = struct.pack(">IIBBBBB", WIDTH, HEIGHT, 8, 2, 0, 0, 0)  # 8-bit RGB
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


if __name__ == "__main__":
    out = Path(__file__).resolve().parent.parent / "sequences" / "xpo" / "images" / "seat-module.png"
    out.write_bytes(png(draw()))
    print(out, out.stat().st_size, "bytes")
