#!/usr/bin/env python3
"""PyTorch reference results for an LSTM with proj_size (torch 1.13): h is projected to proj_size by weight_hr.

Run from the repository root with Debian's torch:  /usr/bin/python3 engine/src/test/python/make_lstm_proj_fixtures.py

Writes engine/src/test/resources/fixtures/seq/lstm_proj_<case>.json and seq/lstm_proj_index.json ({"cases": [names]}).
Each case holds what make_seq_fixtures.py's recurrent cases hold (mode "lstm"; args with proj_size; repr; params, the
state_dict in its order, weight_hr_l{k}[_reverse] [proj_size, hidden_size] last in each layer-direction; x; h0
[L·D, B, proj_size] and c0 [L·D, B, hidden_size] when the case has them; lengths when it packs its batch; output
[.., D·proj_size], hN, cN; gout, ghN, gcN the upstream gradients; grads of x, h0, c0 and every parameter), and
"seed": the state_dict in "params" is what nn.LSTM(...) draws right after torch.manual_seed(seed).
"""
import json
import os

import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "fixtures", "seq")


def t(x):
    x = x.detach()
    if x.dtype == torch.int64:
        return {"shape": list(x.shape), "data": x.flatten().tolist(), "dtype": "int64"}
    return {"shape": list(x.shape), "data": x.double().flatten().tolist()}


def case(name, seed, layers=1, bidir=False, batch_first=False, init=False, lengths=None, bias=True, unbatched=False,
         I=3, H=5, P=2, T=5, B=3):
    torch.manual_seed(seed)
    m = nn.LSTM(I, H, num_layers=layers, bias=bias, batch_first=batch_first, bidirectional=bidir, proj_size=P)
    D = 2 if bidir else 1
    x = torch.randn(*((T, I) if unbatched else ((B, T, I) if batch_first else (T, B, I)))).requires_grad_(True)
    hshape = (layers * D, P) if unbatched else (layers * D, B, P)
    cshape = (layers * D, H) if unbatched else (layers * D, B, H)
    h0 = torch.randn(*hshape, requires_grad=True) if init else None
    c0 = torch.randn(*cshape, requires_grad=True) if init else None
    hx = (h0, c0) if init else None
    if lengths is not None:
        lt = torch.tensor(lengths, dtype=torch.int64)
        out_p, (hN, cN) = m(pack_padded_sequence(x, lt, batch_first=batch_first, enforce_sorted=False), hx)
        out, _ = pad_packed_sequence(out_p, batch_first=batch_first, total_length=T)
    else:
        out, (hN, cN) = m(x, hx)
    gout, ghN, gcN = torch.randn_like(out), torch.randn_like(hN), torch.randn_like(cN)
    ((out * gout).sum() + (hN * ghN).sum() + (cN * gcN).sum()).backward()
    c = {
        "mode": "lstm", "seed": seed,
        "args": {"input_size": I, "hidden_size": H, "num_layers": layers, "bias": bias, "batch_first": batch_first,
                 "bidirectional": bidir, "proj_size": P},
        "repr": repr(m),
        "params": {k: t(v) for k, v in m.state_dict().items()},
        "x": t(x), "output": t(out), "hN": t(hN), "cN": t(cN), "gout": t(gout), "ghN": t(ghN), "gcN": t(gcN),
        "grads": {"x": t(x.grad)},
    }
    for k, p in m.named_parameters():
        c["grads"][k] = t(p.grad)
    if init:
        c["h0"], c["c0"] = t(h0), t(c0)
        c["grads"]["h0"], c["grads"]["c0"] = t(h0.grad), t(c0.grad)
    if lengths is not None:
        c["lengths"] = t(torch.tensor(lengths, dtype=torch.int64))
    name = "lstm_proj_" + name
    with open(os.path.join(OUT, name + ".json"), "w") as f:
        json.dump(c, f, separators=(",", ":"))
    return name


def main():
    os.makedirs(OUT, exist_ok=True)
    cases = [
        case("l1", 301),
        case("l1_bf_init", 302, batch_first=True, init=True),
        case("l1_bi_init_len", 303, bidir=True, init=True, lengths=[5, 2, 4]),
        case("l2", 304, layers=2, P=3),
        case("l2_bi_bf", 305, layers=2, bidir=True, batch_first=True),
        case("l2_bi_bf_init_len", 306, layers=2, bidir=True, batch_first=True, init=True, lengths=[4, 5, 2]),
        case("l2_nobias_init", 307, layers=2, bias=False, init=True, P=4),
        case("l1_unbatched_init", 308, unbatched=True, init=True),
        case("h19_bi_p7", 309, bidir=True, I=4, H=19, P=7, T=4, B=2),
    ]
    with open(os.path.join(OUT, "lstm_proj_index.json"), "w") as f:
        json.dump({"cases": cases}, f, indent=1)


if __name__ == "__main__":
    main()
