"""Resizing fixtures for layerlab.data.Images, written by PyTorch itself.

Run: /usr/bin/python3 engine/src/test/python/make_image_fixtures.py  (torch 1.13; deterministic)
Writes engine/src/test/resources/fixtures/data/resize_*.npy: a small RGB image of random bytes (uint8,
[H, W, 3]) and what torch.nn.functional.interpolate(mode="bilinear", align_corners=False, antialias=True)
makes of it as floats in [0, 1] ([3, h, w]) for a shrink, a stretch and a mixed resize. ImagesTest reads
them back: the image loader, `layerlab predict` and the Results pad resize images exactly this way (and so
does torchvision's Resize, whose antialias is on by default).

Also frame_<resize>_<h>x<w>.npy: torchvision's evaluation framing of the same picture,
transforms.Compose([Resize(resize, antialias=True), CenterCrop((h, w))]) on its float tensor, for a crop inside
the scaled picture (both offsets rounded), one at an odd offset, and one larger than it (CenterCrop pads with zeros).
"""
import os

import numpy as np
import torch
import torch.nn.functional as F
from torchvision import transforms

OUT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "fixtures", "data"))


def main():
    rng = np.random.default_rng(7)
    img = rng.integers(0, 256, size=(13, 17, 3), dtype=np.uint8)
    np.save(os.path.join(OUT, "resize_src.npy"), img)
    x = torch.from_numpy(img.astype(np.float32) / 255).permute(2, 0, 1).unsqueeze(0)
    for name, (h, w) in {"shrink": (4, 5), "stretch": (20, 30), "mixed": (6, 40)}.items():
        y = F.interpolate(x, size=(h, w), mode="bilinear", align_corners=False, antialias=True)[0]
        np.save(os.path.join(OUT, "resize_" + name + ".npy"), y.numpy().astype(np.float32))
        print(name, tuple(y.shape))
    for resize, (h, w) in [(16, (12, 12)), (16, (13, 15)), (10, (12, 11)), (26, (20, 9))]:
        t = transforms.Compose([transforms.Resize(resize, antialias=True), transforms.CenterCrop((h, w))])
        y = t(x[0])
        np.save(os.path.join(OUT, "frame_%d_%dx%d.npy" % (resize, h, w)), y.numpy().astype(np.float32))
        print("frame", resize, (h, w), tuple(y.shape))


if __name__ == "__main__":
    main()
