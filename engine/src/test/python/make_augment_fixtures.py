"""Fixtures for layerlab.data.Augmentation: what torchvision's functional transforms make of a few images, for the
random transforms' deterministic parts (the flip, the padding and crop at a given place, the affine warp and rotation
by given amounts, the erased rectangle, the resized crop, the colour adjustments of ColorJitter in a given order).

LayerLab draws its own random amounts (its generator is not torch's), then applies them as these functions do: the
tensor forms of torchvision.transforms.functional (hflip, vflip, pad + crop as RandomCrop does, affine and rotate with
their inverse matrix, affine grid and grid_sample, and the mask that blends in the fill; erase).

Run: /usr/bin/python3 engine/src/test/python/make_augment_fixtures.py  (Debian's python3-torch 1.13 and
python3-torchvision 0.14; deterministic)
Writes engine/src/test/resources/fixtures/data/augment.json: the images ([C, H, W], flat), and per case the image, the
operation with its arguments and the result, flat.
"""
import json
import os

import torch
import torchvision.transforms.functional as F
from torchvision.transforms import InterpolationMode

OUT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "fixtures", "data"))


def main():
    g = torch.Generator().manual_seed(7)
    images = {
        # Not square, three channels: a height/width or channel mix-up shows.
        "rgb": torch.rand(3, 7, 9, generator=g),
        "gray": torch.rand(1, 6, 6, generator=g),
        "digit": torch.zeros(1, 12, 10),
    }
    images["digit"][0, 2:10, 4:6] = 1.0  # a bar, so a rotation moves whole pixels
    images["digit"][0, 2, 3:8] = 0.5
    cases = []

    def add(image, op, args, result):
        cases.append({"image": image, "op": op, "args": args, "out": result.flatten().tolist()})

    for name in images:
        img = images[name]
        add(name, "hflip", {}, F.hflip(img))
        add(name, "vflip", {}, F.vflip(img))
    for name, padding, mode, fill, top, left in [
        ("rgb", 2, "constant", 0.0, 1, 3), ("rgb", 3, "constant", 0.25, 6, 0), ("gray", 2, "edge", 0.0, 4, 1),
        ("gray", 2, "reflect", 0.0, 0, 4), ("rgb", 1, "reflect", 0.0, 2, 2), ("digit", 4, "constant", 0.0, 8, 0),
        ("gray", 3, "symmetric", 0.0, 5, 1),
    ]:
        img = images[name]
        padded = F.pad(img, padding, fill=fill, padding_mode=mode)
        out = F.crop(padded, top, left, img.shape[1], img.shape[2])
        add(name, "crop", {"padding": padding, "padding_mode": mode, "fill": fill, "top": top, "left": left}, out)
    for name, angle, translate, scale, interp, fill in [
        ("rgb", 30.0, [1, -2], 1.1, "nearest", [0.0, 0.0, 0.0]),
        ("rgb", 30.0, [1, -2], 1.1, "bilinear", [0.0, 0.0, 0.0]),
        ("rgb", -17.5, [0, 0], 0.8, "bilinear", [0.25, -1.0, 0.5]),
        ("gray", 12.0, [-1, 1], 1.0, "nearest", [0.5]),
        ("digit", 90.0, [0, 0], 1.0, "nearest", [0.0]),
        ("digit", 45.0, [2, 0], 0.9, "bilinear", [0.0]),
        ("digit", 0.0, [3, -1], 1.0, "nearest", [0.0]),
    ]:
        mode = InterpolationMode.NEAREST if interp == "nearest" else InterpolationMode.BILINEAR
        out = F.affine(images[name], angle=angle, translate=translate, scale=scale, shear=[0.0, 0.0], interpolation=mode, fill=fill)
        add(name, "affine", {"angle": angle, "translate": translate, "scale": scale, "interpolation": interp, "fill": fill}, out)
    for name, angle, interp, fill in [
        ("digit", 25.0, "nearest", [0.0]), ("rgb", -40.0, "bilinear", [0.1, 0.2, 0.3]), ("gray", 180.0, "nearest", [0.0]),
    ]:
        mode = InterpolationMode.NEAREST if interp == "nearest" else InterpolationMode.BILINEAR
        out = F.rotate(images[name], angle, interpolation=mode, fill=fill)
        add(name, "rotate", {"angle": angle, "interpolation": interp, "fill": fill}, out)
    for name, top, left, h, w, value in [("rgb", 1, 2, 4, 3, [0.0, -1.5, 2.0]), ("digit", 0, 5, 12, 5, [0.0])]:
        img = images[name]
        v = torch.tensor(value)[:, None, None].expand(img.shape[0], h, w)
        add(name, "erase", {"top": top, "left": left, "h": h, "w": w, "value": value}, F.erase(img, top, left, h, w, v))
    # RandomResizedCrop's deterministic part: the crop (top, left, h, w) stretched back to the image's own size.
    for name, top, left, h, w, interp in [("rgb", 1, 2, 4, 5, "bilinear"), ("digit", 2, 3, 8, 4, "bilinear"), ("gray", 0, 0, 6, 6, "bilinear"),
                                          ("rgb", 3, 0, 2, 9, "nearest"), ("digit", 1, 1, 5, 7, "nearest")]:
        img = images[name]
        mode = InterpolationMode.NEAREST if interp == "nearest" else InterpolationMode.BILINEAR
        out = F.resized_crop(img, top, left, h, w, [img.shape[1], img.shape[2]], interpolation=mode)
        add(name, "resized_crop", {"top": top, "left": left, "h": h, "w": w, "interpolation": interp}, out)
    # ColorJitter's deterministic part: each adjustment by a factor, and four in a given order (its random permutation).
    # The images are brightened first so that clamping at 1 shows.
    for name in ("rgb", "gray"):
        img = images[name]
        for op, factor in [("brightness", 1.6), ("brightness", 0.3), ("contrast", 1.8), ("contrast", 0.25), ("saturation", 2.5),
                           ("saturation", 0.0), ("hue", 0.3), ("hue", -0.45), ("hue", 0.0)]:
            fn = {"brightness": F.adjust_brightness, "contrast": F.adjust_contrast, "saturation": F.adjust_saturation, "hue": F.adjust_hue}[op]
            add(name, op, {"factor": factor}, fn(img, factor))
        for order, factors in [([3, 0, 2, 1], [1.3, 0.7, 1.5, 0.2]), ([1, 2, 0, 3], [0.8, 1.4, 0.5, -0.1])]:
            out = img
            for k in order:
                out = [F.adjust_brightness, F.adjust_contrast, F.adjust_saturation, F.adjust_hue][k](out, factors[k])
            add(name, "jitter", {"order": order, "factors": factors}, out)
    data = {
        "images": {k: {"shape": list(v.shape), "data": v.flatten().tolist()} for k, v in images.items()},
        "cases": cases,
    }
    path = os.path.join(OUT, "augment.json")
    with open(path, "w") as f:
        json.dump(data, f)
        f.write("\n")
    print("wrote", path, len(cases), "cases")


if __name__ == "__main__":
    main()
