#!/usr/bin/python3
"""Write testdata/sample/rivers.geojson, the sample network of the README.

A hand-designed network of 21 river lines in Lambert-93 (EPSG:2154) near
the Haut-Jura, with Z values, and with one of each defect that georiviere
reports: a 0.3 m gap that snapping closes, a T-junction, an exact duplicate,
a reversed line, a braid (diffluence), a 3 m gap left open, an unsplit
crossing and a disconnected piece. Run it again to regenerate the file; the
output is deterministic.
"""

import json
import math
from pathlib import Path

ORIGIN_X = 925000.0
ORIGIN_Y = 6580000.0


def elevation(x, y):
    """Terrain elevation in metres, rising away from the outlet at (0, 0)."""
    return round(400.0 + y / 20.0 + abs(x) / 15.0, 2)


def line(*corners, step=500.0, meander=0.0):
    """Vertices through the corners, densified every `step` metres.

    `meander` bends the densified vertices sideways by up to that many
    metres, so lines are not straight; corners stay where they are.
    """
    vertices = []
    for (x0, y0), (x1, y1) in zip(corners, corners[1:]):
        length = math.hypot(x1 - x0, y1 - y0)
        count = max(1, int(length // step))
        for i in range(count):
            t = i / count
            bend = meander * math.sin(math.pi * t) if i else 0.0
            nx, ny = (-(y1 - y0) / length, (x1 - x0) / length)
            vertices.append((x0 + t * (x1 - x0) + bend * nx,
                             y0 + t * (y1 - y0) + bend * ny))
    vertices.append(corners[-1])
    return [[ORIGIN_X + x, ORIGIN_Y + y, elevation(x, y)] for x, y in vertices]


MAIN = "La Valserine"


def near_segment_middle(vertices, index, offset):
    """Return the point `offset` metres east of the middle of segment `index`."""
    (x0, y0, _), (x1, y1, _) = vertices[index], vertices[index + 1]
    return ((x0 + x1) / 2 - ORIGIN_X + offset, (y0 + y1) / 2 - ORIGIN_Y)


MAIN_2 = line((0, 7500), (0, 5000), meander=30)
T_JUNCTION = near_segment_middle(MAIN_2, 2, 0.2)
LINES = [
    # id, name, regime, vertices (digitised downstream unless noted)
    (1, MAIN, "Permanent", line((0, 10000), (0, 7500), meander=40)),
    (2, MAIN, "Permanent", MAIN_2),
    (3, MAIN, "Permanent", line((0, 5000), (0, 2500), meander=30)),
    (4, MAIN, "Permanent", line((0, 2500), (0, 1500))),
    # A braid: the river splits at (0, 1500) and rejoins at (0, 800).
    (5, MAIN, "Permanent", line((0, 1500), (100, 1150), (0, 800))),
    (6, "Bras mort", "Intermittent", line((0, 1500), (-150, 1150), (0, 800))),
    (7, MAIN, "Permanent", line((0, 800), (0, 0))),
    # Two headwaters meet, then join the main river at (0, 7500).
    (8, "Ruisseau des Combes", "Intermittent", line((-4500, 10500), (-3000, 9000))),
    (9, "Ruisseau des Combes", "Permanent", line((-3500, 11000), (-3000, 9000))),
    (10, "Ruisseau des Combes", "Permanent", line((-3000, 9000), (0, 7500), meander=60)),
    # Ends 0.3 m short of the main river node at (0, 5000): snapping joins it.
    (11, "Bief de la Chaille", "Permanent", line((2500, 6500), (0.3, 5000))),
    # Ends 0.2 m from the middle of a segment of line 2: a T-junction.
    (12, "Ruisseau du Bois", "Intermittent", line((1500, 6800), T_JUNCTION)),
    # Line 13 is digitised against the flow: it starts where line 14 starts.
    (13, "Ruisseau de la Pesse", "Intermittent", line((-2000, 3500), (-4000, 4500))),
    (14, "Ruisseau de la Pesse", "Permanent", line((-2000, 3500), (0, 2500))),
    # An exact duplicate of line 14.
    (15, "Ruisseau de la Pesse", "Permanent", line((-2000, 3500), (0, 2500))),
    # Ends 3 m from the main river: a gap that a 1 m tolerance leaves open.
    (16, "Ruisseau des Prés", "Intermittent", line((1800, 1700), (3, 400))),
    # Crosses the main river at (0, 4000) without a shared vertex.
    (17, "Canal du Moulin", "Permanent", line((-1000, 4000), (1000, 4000), step=2000)),
    # A piece connected to nothing.
    (18, "Source de la Doye", "Intermittent", line((5000, 5000), (5500, 4000))),
    (19, "Ruisseau des Combes", "Permanent", line((-5200, 12000), (-4500, 10500))),
    (20, "Bief de la Chaille", "Permanent", line((3500, 8000), (2500, 6500))),
    (21, "Bief de la Chaille", "Intermittent", line((4200, 7000), (2500, 6500))),
]


def main():
    features = [
        {
            "type": "Feature",
            "properties": {"id": fid, "nom": name, "regime": regime},
            "geometry": {"type": "LineString", "coordinates": coordinates},
        }
        for fid, name, regime, coordinates in LINES
    ]
    collection = {
        "type": "FeatureCollection",
        "name": "rivers",
        "crs": {"type": "name",
                "properties": {"name": "urn:ogc:def:crs:EPSG::2154"}},
        "features": features,
    }
    path = Path(__file__).resolve().parent / "sample" / "rivers.geojson"
    path.write_text(json.dumps(collection, indent=1) + "\n")
    print(f"wrote {path} ({len(features)} lines)")


if __name__ == "__main__":
    main()
