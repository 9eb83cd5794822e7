"""Inline inputs of the georiviere Python tests: tiny GeoJSON files in
Lambert-93 (EPSG:2154) written from local coordinates."""

import json

# Offsets that put the inline coordinates inside France in Lambert-93.
X0 = 800000.0
Y0 = 6500000.0

LAMBERT_93 = {
    "type": "name",
    "properties": {"name": "urn:ogc:def:crs:EPSG::2154"},
}

# A Y: lines 0 (141.42 m) and 1 (70.71 m) join at (100, 100), then line 2
# (100 m) flows south to the outlet at (100, 0).
Y_LINES = [
    [(0.0, 200.0), (100.0, 100.0)],
    [(150.0, 150.0), (100.0, 100.0)],
    [(100.0, 100.0), (100.0, 0.0)],
]


def shifted(line):
    """Return the vertices moved by (X0, Y0)."""
    return [[X0 + x, Y0 + y] for x, y in line]


def write_geojson(path, geometries, crs=True, properties=None):
    """Write one feature per geometry to a GeoJSON file and return its path.

    Each geometry is a GeoJSON geometry dict. With ``crs`` True, the file
    declares EPSG:2154.
    """
    features = []
    for i, geometry in enumerate(geometries):
        features.append(
            {
                "type": "Feature",
                "id": i,
                "properties": (properties[i] if properties else {"n": i}),
                "geometry": geometry,
            }
        )
    collection = {"type": "FeatureCollection", "features": features}
    if crs:
        collection["crs"] = LAMBERT_93
    path.write_text(json.dumps(collection))
    return path


def line_strings(lines):
    """GeoJSON LineString dicts of lines given in local coordinates."""
    return [{"type": "LineString", "coordinates": shifted(l)} for l in lines]
