#!/usr/bin/env python3
"""Draws LayerLab's application icon with the standard library only (zlib + struct) and writes it as
layerlab.png (256 px, Linux), layerlab.ico (Windows: 16-256 px, PNG-compressed entries) and layerlab.icns
(macOS: 16-1024 px PNG entries), and the window icons the app sets itself (ui/src/main/resources/layerlab/ui/
icon-32.png, icon-64.png, icon-256.png). Run from anywhere: python3 installer/icon/make_icon.py

The picture: a small 3-4-2 network (nodes joined by edges) on a rounded blue square, the way LayerLab draws
a model as a graph of layers.
"""
import math
import os
import struct
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))

TOP = (0x2B, 0x5C, 0x9E)      # background gradient, top
BOTTOM = (0x1D, 0x8F, 0xA8)   # background gradient, bottom
EDGE = (0xFF, 0xFF, 0xFF)
NODE_FILL = (0xFF, 0xFF, 0xFF)
NODE_RING = (0xF5, 0xA6, 0x23)  # orange ring: the "lit up" activations


def draw(size):
    """Returns rows of RGBA bytes for a size x size icon."""
    s = size / 256.0  # every coordinate below is on a 256 grid
    px = [[0.0, 0.0, 0.0, 0.0] for _ in range(size * size)]  # premultiplied RGBA, 0..1

    def blend(x, y, rgb, a):
        if a <= 0.0 or not (0 <= x < size and 0 <= y < size):
            return
        p = px[y * size + x]
        k = 1.0 - a
        p[0] = rgb[0] / 255.0 * a + p[0] * k
        p[1] = rgb[1] / 255.0 * a + p[1] * k
        p[2] = rgb[2] / 255.0 * a + p[2] * k
        p[3] = a + p[3] * k

    def cover(d):
        """Coverage of a pixel whose centre is at signed distance d (pixels, negative inside)."""
        return max(0.0, min(1.0, 0.5 - d))

    # Rounded-square background with a vertical gradient.
    m, r = 8 * s, 44 * s
    lo, hi = m, size - m
    for y in range(size):
        t = y / (size - 1)
        rgb = tuple(TOP[i] + (BOTTOM[i] - TOP[i]) * t for i in range(3))
        cy = y + 0.5
        for x in range(size):
            cx = x + 0.5
            qx = max(lo + r - cx, 0.0, cx - (hi - r))
            qy = max(lo + r - cy, 0.0, cy - (hi - r))
            if qx > 0 and qy > 0:
                d = math.hypot(qx, qy) - r
            else:
                d = max(lo - cx, cx - hi, lo - cy, cy - hi)
            blend(x, y, rgb, cover(d))

    layers = [[72, 128, 184], [52, 104, 152, 204], [100, 156]]
    xs = [56, 128, 200]
    nodes = [[(xs[i] * s, y * s) for y in ys] for i, ys in enumerate(layers)]

    def segment(a, b, width, rgb, alpha):
        (x1, y1), (x2, y2) = a, b
        h = width / 2
        x0, x3 = int(min(x1, x2) - h - 1), int(max(x1, x2) + h + 2)
        y0, y3 = int(min(y1, y2) - h - 1), int(max(y1, y2) + h + 2)
        dx, dy = x2 - x1, y2 - y1
        ll = dx * dx + dy * dy
        for y in range(max(y0, 0), min(y3, size)):
            for x in range(max(x0, 0), min(x3, size)):
                cx, cy = x + 0.5, y + 0.5
                t = max(0.0, min(1.0, ((cx - x1) * dx + (cy - y1) * dy) / ll))
                d = math.hypot(cx - (x1 + t * dx), cy - (y1 + t * dy)) - h
                blend(x, y, rgb, alpha * cover(d))

    def disc(c, radius, rgb, alpha=1.0):
        x1, y1 = c
        for y in range(max(int(y1 - radius - 1), 0), min(int(y1 + radius + 2), size)):
            for x in range(max(int(x1 - radius - 1), 0), min(int(x1 + radius + 2), size)):
                d = math.hypot(x + 0.5 - x1, y + 0.5 - y1) - radius
                blend(x, y, rgb, alpha * cover(d))

    for left, right in zip(nodes, nodes[1:]):
        for a in left:
            for b in right:
                segment(a, b, max(1.0, 5 * s), EDGE, 0.55)
    for layer in nodes:
        for c in layer:
            disc(c, 19 * s, NODE_RING)
            disc(c, 12.5 * s, NODE_FILL)

    rows = []
    for y in range(size):
        row = bytearray()
        for x in range(size):
            r_, g, b, a = px[y * size + x]
            if a > 0:
                row += bytes((round(r_ / a * 255), round(g / a * 255), round(b / a * 255), round(a * 255)))
            else:
                row += b"\0\0\0\0"
        rows.append(bytes(row))
    return rows


def png(rows):
    size = len(rows)

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"".join(b"\0" + row for row in rows)  # filter type 0 on every row
    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9))
            + chunk(b"IEND", b""))


def ico(pngs):
    """An ICO file whose entries are PNGs (Windows Vista and later read these)."""
    header = struct.pack("<HHH", 0, 1, len(pngs))
    offset = 6 + 16 * len(pngs)
    entries, data = b"", b""
    for size, blob in pngs:
        entries += struct.pack("<BBBBHHII", size % 256, size % 256, 0, 0, 1, 32, len(blob), offset + len(data))
        data += blob
    return header + entries + data


def icns(pngs):
    """An ICNS file with PNG entries (types by pixel size, as macOS 10.7+ reads them)."""
    types = {16: b"icp4", 32: b"icp5", 64: b"icp6", 128: b"ic07", 256: b"ic08", 512: b"ic09", 1024: b"ic10"}
    body = b"".join(types[size] + struct.pack(">I", 8 + len(blob)) + blob for size, blob in pngs)
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def main():
    sizes = [16, 32, 48, 64, 128, 256, 512, 1024]
    pngs = {size: png(draw(size)) for size in sizes}
    with open(os.path.join(HERE, "layerlab.png"), "wb") as f:
        f.write(pngs[256])
    ui = os.path.join(HERE, "..", "..", "ui", "src", "main", "resources", "layerlab", "ui")
    for size in (32, 64, 256):
        with open(os.path.join(ui, "icon-%d.png" % size), "wb") as f:
            f.write(pngs[size])
    with open(os.path.join(HERE, "layerlab.ico"), "wb") as f:
        f.write(ico([(size, pngs[size]) for size in (16, 32, 48, 64, 128, 256)]))
    with open(os.path.join(HERE, "layerlab.icns"), "wb") as f:
        f.write(icns([(size, pngs[size]) for size in (16, 32, 64, 128, 256, 512, 1024)]))


if __name__ == "__main__":
    main()
