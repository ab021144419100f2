#!/usr/bin/env python3
"""Draws the app icon (a house with a child's figure in its door, on the
council-teal square) and writes icon-256.png, for the window, and
placement-planner.ico (256, 48, 32 and 16 pixels, PNG inside), for the
Windows exe and its shortcuts. Standard library only; run it again after
changing the drawing: python3 assets/icon/make_icon.py"""
import os
import struct
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
TEAL = (27, 111, 115)
WHITE = (250, 250, 247)
ORANGE = (236, 138, 44)


def inside(x, y):
    """Colour at (x, y) in a unit square, or None for transparent."""
    # Rounded square background, corner radius 0.18.
    r = 0.18
    cx = min(max(x, r), 1 - r)
    cy = min(max(y, r), 1 - r)
    if (x - cx) ** 2 + (y - cy) ** 2 > r * r:
        return None
    # The house: roof triangle from (0.16, 0.50) up to (0.5, 0.18) to (0.84, 0.50),
    # body from 0.26 to 0.74 wide, 0.48 to 0.82 high.
    in_roof = 0.18 <= y <= 0.50 and abs(x - 0.5) <= (y - 0.18) / 0.32 * 0.34
    in_body = 0.26 <= x <= 0.74 and 0.48 <= y <= 0.82
    if in_roof or in_body:
        # A child in the doorway: a head and a body.
        if (x - 0.5) ** 2 + (y - 0.57) ** 2 <= 0.055 ** 2:
            return ORANGE
        if abs(x - 0.5) <= 0.075 and 0.64 <= y <= 0.82:
            if y < 0.67 and abs(x - 0.5) > 0.075 - (0.67 - y):
                return WHITE
            return ORANGE
        return WHITE
    return TEAL


def render(size, ss=4):
    rows = []
    for j in range(size):
        row = bytearray([0])  # PNG filter: none
        for i in range(size):
            acc = [0, 0, 0, 0]
            for sj in range(ss):
                for si in range(ss):
                    c = inside((i + (si + 0.5) / ss) / size, (j + (sj + 0.5) / ss) / size)
                    if c is not None:
                        acc[0] += c[0]
                        acc[1] += c[1]
                        acc[2] += c[2]
                        acc[3] += 1
            n = acc[3]
            if n:
                row += bytes([acc[0] // n, acc[1] // n, acc[2] // n, 255 * n // (ss * ss)])
            else:
                row += bytes(4)
        rows.append(bytes(row))
    return rows


def png(size):
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"".join(render(size))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def main():
    sizes = [256, 48, 32, 16]
    images = {s: png(s) for s in sizes}
    with open(os.path.join(HERE, "icon-256.png"), "wb") as f:
        f.write(images[256])
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = 6 + 16 * len(sizes)
    entries = b""
    for s in sizes:
        data = images[s]
        entries += struct.pack("<BBBBHHII", s % 256, s % 256, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
    with open(os.path.join(HERE, "placement-planner.ico"), "wb") as f:
        f.write(header + entries + b"".join(images[s] for s in sizes))


if __name__ == "__main__":
    main()
