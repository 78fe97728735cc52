#!/usr/bin/env python3
"""Writes the seed inputs of the fuzz targets into fuzz/corpus/<target>/ (standard library only).

Run from the repository root with the real data under $PARITY_DATA_DIR (default ../shared/data):
a few rows of each data set seed the schema CSV target. Inputs that crashed a target are added
to its corpus by hand (as crash-<what>), never by this script.
"""
import gzip
import os
import struct
from pathlib import Path

ROOT = Path(__file__).resolve().parent / "corpus"
DATA = Path(os.environ.get("PARITY_DATA_DIR", Path(__file__).resolve().parents[2] / "shared" / "data"))


def put(target, name, data):
    folder = ROOT / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data if isinstance(data, bytes) else data.encode())


def head(relative, lines):
    with open(DATA / relative, "rb") as f:
        return b"".join(f.readline() for _ in range(lines))


def npy(descr, shape, payload, fortran=False, version=1):
    header = "{'descr': '%s', 'fortran_order': %s, 'shape': (%s), }" % (
        descr, "True" if fortran else "False", "".join(f"{s}," for s in shape))
    prefix = 10 if version == 1 else 12
    header += " " * ((-(prefix + len(header) + 1)) % 64) + "\n"
    length = struct.pack("<H", len(header)) if version == 1 else struct.pack("<I", len(header))
    return b"\x93NUMPY" + bytes([version, 0]) + length + header.encode() + payload


def f8(values, order="<"):
    return struct.pack(order + "%dd" % len(values), *values)


# Schema CSV: the first byte picks Adult (0), LSAT (1), COMPAS (2) or German credit (3).
put("schema_csv", "adult", b"\x00" + head("adult/adult.data", 12))
put("schema_csv", "lsat", b"\x01" + head("lsat/bar_pass_prediction.csv", 12))
put("schema_csv", "compas", b"\x02" + head("compas/compas-scores-two-years.csv", 12))
put("schema_csv", "german", b"\x03" + head("german/german.data", 12))
put("schema_csv", "quoted", b"\x01lsat,ugpa,race1,pass_bar,gender\n\"44\",3.5,white,1,female\n30,\"2,9\",black,0,male\n")

# Predictions of `parity metrics`.
put("predictions_csv", "two_groups", "y_true,y_pred,group\n0,0,a\n1,1,a\n0,1,b\n1,0,b\n1,1,b\n")
put("predictions_csv", "scores", "group,y_score,y_pred,y_true\n0, 0.25, 0, 0\n0, 0.75, 1, 1\n2, 0.5, 1, 0\n2, 1, 1, 1\n")
put("predictions_csv", "quoted_labels", 'y_true,y_pred,group\n0,0,"x, y"\n1,1,"z"\n0,0,"z"\n')

# .npy: every dtype the reader takes, both byte orders, Fortran order, 0-d to 3-d, version 2.0.
put("npy", "f8_2d", npy("<f8", (2, 3), f8([1, 2, 3, 4, 5, 6])))
put("npy", "f8_fortran", npy("<f8", (2, 3), f8([1, 4, 2, 5, 3, 6]), fortran=True))
put("npy", "f8_big", npy(">f8", (3,), f8([1, -2, 3.5], ">")))
put("npy", "f4_3d", npy("<f4", (2, 1, 2), struct.pack("<4f", 1, 2, 3, 4)))
put("npy", "f4_big", npy(">f4", (2,), struct.pack(">2f", 1, 2)))
put("npy", "i8", npy("<i8", (2,), struct.pack("<2q", -1, 7)))
put("npy", "i4_big", npy(">i4", (2,), struct.pack(">2i", 3, -4)))
put("npy", "u1", npy("|u1", (4,), bytes([0, 1, 128, 255])))
put("npy", "b1", npy("|b1", (2, 2), bytes([0, 1, 1, 0])))
put("npy", "scalar", npy("<f8", (), f8([3.25])))
put("npy", "empty", npy("<f8", (0, 4), b""))
put("npy", "version2", npy("<f8", (2,), f8([1, 2]), version=2))

# IDX: the first byte picks images (even) or labels (odd); plain and gzip-compressed.
images = struct.pack(">IIII", 0x803, 2, 2, 3) + bytes(range(12))
labels = struct.pack(">II", 0x801, 3) + bytes([0, 9, 4])
put("idx", "images", b"\x00" + images)
put("idx", "labels", b"\x01" + labels)
put("idx", "images_gz", b"\x00" + gzip.compress(images, mtime=0))
put("idx", "labels_gz", b"\x01" + gzip.compress(labels, mtime=0))

# Model folders: model.json, then each file after a line "@@@" (fuzz/model_fuzz.cpp).
SEP = b"\n@@@\n"
mlp = b"""{"format": "parity-model", "version": 1, "layers": [
 {"type": "Linear", "bias": true, "in_features": 2, "out_features": 3}, {"type": "Tanh"},
 {"type": "Linear", "bias": true, "in_features": 3, "out_features": 1}], "masks": ["0.weight"]}"""
put("model", "mlp", SEP.join([mlp, npy("<f8", (3, 2), f8([0.1, -0.2, 0.3, 0.4, -0.5, 0.6])),
                              npy("<f8", (3,), f8([0, 0.1, 0.2])), npy("<f8", (1, 3), f8([1, -1, 0.5])),
                              npy("<f8", (1,), f8([0.25])), b"", npy("<f8", (3, 2), f8([1, 0, 1, 1, 0, 1]))]))
gated = b"""{"format": "parity-model", "version": 1, "layers": [
 {"type": "Linear", "bias": false, "in_features": 2, "out_features": 2},
 {"type": "GatedReLU", "shape": "[2]", "trainable": false}]}"""
put("model", "gated", SEP.join([gated, npy("<f8", (2, 2), f8([1, 2, 3, 4])), b"", b"", b"",
                                npy("<f8", (2,), f8([1, 0]))]))
nested = b"""{"format": "parity-model", "version": 1, "layers": [
 {"type": "Sequential", "layers": [{"type": "Flatten"}, {"type": "ReLU"}]},
 {"type": "Conv2d", "in_channels": 1, "out_channels": 1, "kernel_size": 2, "stride": 1, "padding": 0, "bias": true}]}"""
put("model", "nested", SEP.join([nested, b"", b"", b"", b"", b"", b"", npy("<f8", (1, 1, 2, 2), f8([1, 2, 3, 4])),
                                 npy("<f8", (1,), f8([0]))]))
