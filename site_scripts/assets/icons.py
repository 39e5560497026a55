"""The web app's icons, made at build time from the site's logo (mkdocs.yml `theme.icon.logo`, a Material Design
icon shipped with mkdocs-material as a 24 × 24 SVG path): the logo in white on the header's indigo, as an SVG and as
PNGs of the sizes phones ask for.

The PNGs are drawn here with the standard library only (zlib and struct): the logo is one SVG path of straight lines
and cubic curves, filled with the non-zero rule, which a few dozen lines rasterise exactly enough for an icon
(4 × 4 samples a pixel). A rasteriser from PyPI would need a native library or a binary wheel for one job the build
does once; this needs nothing.
"""

from __future__ import annotations

import itertools
import re
import struct
import zlib
from pathlib import Path

import material

BACKGROUND = (0x3F, 0x51, 0xB5)  # Material's "indigo", the palette's primary colour in mkdocs.yml
FOREGROUND = (0xFF, 0xFF, 0xFF)
VIEWBOX = 24.0
SAFE_ZONE = 0.6  # the glyph's share of the icon's width: inside a maskable icon's safe circle (80 %)
SAMPLES = 4  # per pixel, in each direction

_TOKEN = re.compile(r"[MmLlHhVvCcSsZz]|-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


def logo_svg(logo: str) -> str:
    """The SVG file of a `theme.icon.logo` value such as "material/calculator-variant"."""
    path = Path(material.__file__).parent / "templates" / ".icons" / f"{logo}.svg"
    return path.read_text("utf-8")


def logo_path(svg: str) -> str:
    found = re.findall(r'<path d="([^"]+)"', svg)
    if len(found) != 1:
        raise ValueError(f"the logo should be one SVG path; found {len(found)}")
    return found[0]


def icon_svg(path_data: str) -> str:
    """The icon as SVG: the glyph centred on a square of the background colour."""
    scale = SAFE_ZONE
    offset = VIEWBOX * (1 - scale) / 2
    colour = "#{:02x}{:02x}{:02x}".format(*BACKGROUND)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><rect width="24" height="24" fill="{colour}"/>'
        f'<path transform="translate({offset:g} {offset:g}) scale({scale:g})" fill="#fff" d="{path_data}"/></svg>\n'
    )


def _polygons(path_data: str) -> list[list[tuple[float, float]]]:
    """The path as closed polygons (curves flattened), in the SVG's own units."""
    tokens = _TOKEN.findall(path_data)
    polygons: list[list[tuple[float, float]]] = []
    current: list[tuple[float, float]] = []
    x = y = start_x = start_y = 0.0
    last_control: tuple[float, float] | None = None
    command = ""
    i = 0

    def numbers(count: int) -> list[float]:
        nonlocal i
        values = [float(t) for t in tokens[i:i + count]]
        if len(values) != count:
            raise ValueError("the logo's path ends in the middle of a command")
        i += count
        return values

    def curve(x1: float, y1: float, x2: float, y2: float, x3: float, y3: float) -> None:
        nonlocal x, y
        for step in range(1, 17):
            t = step / 16
            u = 1 - t
            current.append((u ** 3 * x + 3 * u * u * t * x1 + 3 * u * t * t * x2 + t ** 3 * x3,
                            u ** 3 * y + 3 * u * u * t * y1 + 3 * u * t * t * y2 + t ** 3 * y3))
        x, y = x3, y3

    while i < len(tokens):
        if tokens[i].isalpha():
            command = tokens[i]
            i += 1
        relative = command.islower()
        base_x, base_y = (x, y) if relative else (0.0, 0.0)
        kind = command.upper()
        if kind == "Z":
            if current:
                polygons.append(current)
            current = []
            x, y = start_x, start_y
            last_control = None
            continue
        if kind == "M":
            if current:
                polygons.append(current)
            dx, dy = numbers(2)
            x, y = base_x + dx, base_y + dy
            start_x, start_y = x, y
            current = [(x, y)]
            command = "l" if relative else "L"  # further pairs are lines
            last_control = None
        elif kind == "L":
            dx, dy = numbers(2)
            x, y = base_x + dx, base_y + dy
            current.append((x, y))
            last_control = None
        elif kind == "H":
            (dx,) = numbers(1)
            x = base_x + dx
            current.append((x, y))
            last_control = None
        elif kind == "V":
            (dy,) = numbers(1)
            y = base_y + dy
            current.append((x, y))
            last_control = None
        elif kind == "C":
            x1, y1, x2, y2, x3, y3 = numbers(6)
            last_control = (base_x + x2, base_y + y2)
            curve(base_x + x1, base_y + y1, base_x + x2, base_y + y2, base_x + x3, base_y + y3)
        elif kind == "S":
            x2, y2, x3, y3 = numbers(4)
            x1, y1 = (2 * x - last_control[0], 2 * y - last_control[1]) if last_control else (x, y)
            last_control = (base_x + x2, base_y + y2)
            curve(x1, y1, base_x + x2, base_y + y2, base_x + x3, base_y + y3)
        else:
            raise ValueError(f"the logo's path uses {command!r}, which this rasteriser does not draw")
    if current:
        polygons.append(current)
    return polygons


def rasterise(path_data: str, size: int) -> bytes:
    """RGBA pixels of the icon, `size` × `size`: the glyph filled by the non-zero rule, antialiased."""
    scale = size * SAFE_ZONE / VIEWBOX
    offset = size * (1 - SAFE_ZONE) / 2
    edges = []  # (x0, y0, x1, y1, winding) in sample units
    grid = size * SAMPLES
    for polygon in _polygons(path_data):
        points = [((px * scale + offset) * SAMPLES, (py * scale + offset) * SAMPLES) for px, py in polygon]
        for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1], strict=True):
            if y0 != y1:
                edges.append((x0, y0, x1, y1, 1) if y0 < y1 else (x1, y1, x0, y0, -1))
    coverage = [0] * (size * size)
    for row in range(grid):
        sample_y = row + 0.5
        crossings = sorted(
            (x0 + (sample_y - y0) * (x1 - x0) / (y1 - y0), winding)
            for x0, y0, x1, y1, winding in edges if y0 <= sample_y < y1
        )
        winding_number = 0
        pixel_row = (row // SAMPLES) * size
        for (x_from, winding), (x_to, _) in itertools.pairwise(crossings):
            winding_number += winding
            if winding_number == 0:
                continue
            first, last = max(0, round(x_from)), min(grid, round(x_to))
            for sample_x in range(first, last):
                coverage[pixel_row + sample_x // SAMPLES] += 1
    full = SAMPLES * SAMPLES
    pixels = bytearray()
    for value in coverage:
        share = min(value, full) / full
        pixels += bytes(round(b + (f - b) * share) for b, f in zip(BACKGROUND, FOREGROUND, strict=True)) + b"\xff"
    return bytes(pixels)


def png(rgba: bytes, size: int) -> bytes:
    """A PNG file of `size` × `size` RGBA pixels."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    stride = size * 4
    raw = b"".join(b"\x00" + rgba[row * stride:(row + 1) * stride] for row in range(size))
    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA, no interlace
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")
