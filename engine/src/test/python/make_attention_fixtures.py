#!/usr/bin/env python3
"""PyTorch reference results for LayerLab's MultiheadAttention.

Run from the repository root with Debian's torch:  /usr/bin/python3 engine/src/test/python/make_attention_fixtures.py

Writes engine/src/test/resources/fixtures/attention/<case>.json, one file per case, and index.json listing them
("cases"; "positional": the Transformer tutorial's PositionalEncoding, batch first, its table "pe", a forward of
"input" to "output" with dropout 0 and the gradient "grad" for the upstream "gout"). A case runs torch.nn.MultiheadAttention(embed_dim, num_heads, bias=..., batch_first=True) with
need_weights=True (its weights averaged over the heads), in training mode with dropout 0 (so every path PyTorch takes
with weights is the one LayerLab follows), and holds:

    args       embed_dim, num_heads, bias, causal, and which of key and value are the query itself
               ("self": query is key is value; "kv": key is value; "cross": all three differ)
    params     the module's state_dict (in_proj_weight, in_proj_bias, out_proj.weight, out_proj.bias)
    query, key, value   the inputs [N, L, E], [N, S, E], [N, S, E] (key and value repeat the query where args say so)
    lengths    int64 [N] valid key positions (key_padding_mask = arange(S) >= lengths[:, None]), or absent
    out, weights        the two results
    gout, gweights      fixed random upstream gradients; the backward pass is of (out·gout).sum() + (weights·gweights).sum()
    grads      the gradients of query, key, value (those that are separate tensors) and of every parameter

Tensors are {"shape": [...], "data": [...]} holding float32 values exactly (written as doubles), "dtype": "int64"
for lengths.
"""
import json
import math
import os
import sys

import torch
import torch.nn as nn

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "fixtures", "attention")
CASES, POSITIONAL = [], []


class PositionalEncoding(nn.Module):
    """PyTorch's Transformer tutorial's positional encoding (its word-language-model example), batch first."""

    def __init__(self, d_model, dropout=0.1, max_len=5000):
        super().__init__()
        self.dropout = nn.Dropout(p=dropout)
        position = torch.arange(max_len).unsqueeze(1)
        div_term = torch.exp(torch.arange(0, d_model, 2) * (-math.log(10000.0) / d_model))
        pe = torch.zeros(max_len, d_model)
        pe[:, 0::2] = torch.sin(position * div_term)
        pe[:, 1::2] = torch.cos(position * div_term[:d_model // 2])
        self.register_buffer("pe", pe, persistent=False)

    def forward(self, x):
        return self.dropout(x + self.pe[:x.size(1)])


def positional(name, d, n, steps, max_len=5000):
    """pe's table itself (the first `steps` rows) and a forward and backward through it, dropout 0."""
    m = PositionalEncoding(d, dropout=0.0, max_len=max_len)
    x = torch.randn(n, steps, d, requires_grad=True)
    out = m(x)
    gout = torch.randn(out.shape)
    out.backward(gout)
    obj = {"args": {"d_model": d, "max_len": max_len}, "pe": t(m.pe[:steps]), "input": t(x), "output": t(out), "gout": t(gout),
           "grad": t(x.grad)}
    with open(os.path.join(OUT, name + ".json"), "w") as f:
        json.dump(obj, f, separators=(",", ":"))
    POSITIONAL.append(name)


def t(x):
    x = x.detach()
    d = {"shape": list(x.shape), "data": x.double().flatten().tolist() if x.dtype != torch.int64 else x.flatten().tolist()}
    if x.dtype == torch.int64:
        d["dtype"] = "int64"
    return d


def case(name, e, heads, n, l, s=None, bias=True, causal=False, inputs="self", lengths=None):
    s = l if s is None else s
    m = nn.MultiheadAttention(e, heads, bias=bias, batch_first=True)
    if bias:
        # Non-zero biases (PyTorch starts them at zero), so that a bias taken from the wrong slice shows.
        with torch.no_grad():
            m.in_proj_bias.uniform_(-0.5, 0.5)
            m.out_proj.bias.uniform_(-0.5, 0.5)
    m.train()
    q = torch.randn(n, l, e, requires_grad=True)
    if inputs == "self":
        k = v = q
    elif inputs == "kv":
        k = torch.randn(n, s, e, requires_grad=True)
        v = k
    else:
        k = torch.randn(n, s, e, requires_grad=True)
        v = torch.randn(n, s, e, requires_grad=True)
    kpm = None
    if lengths is not None:
        lengths = torch.tensor(lengths, dtype=torch.int64)
        kpm = torch.arange(s)[None, :] >= lengths[:, None]
    mask = nn.Transformer.generate_square_subsequent_mask(l) if causal else None
    out, w = m(q, k, v, key_padding_mask=kpm, attn_mask=mask, need_weights=True)
    gout, gw = torch.randn(out.shape), torch.randn(w.shape)
    ((out * gout).sum() + (w * gw).sum()).backward()
    grads = {"query": t(q.grad)}
    if inputs != "self":
        grads["key"] = t(k.grad)
    if inputs == "cross":
        grads["value"] = t(v.grad)
    for key, p in m.named_parameters():
        grads[key] = t(p.grad)
    obj = {
        "args": {"embed_dim": e, "num_heads": heads, "bias": bias, "causal": causal, "inputs": inputs},
        "params": {key: t(val) for key, val in m.state_dict().items()},
        "query": t(q), "key": t(k), "value": t(v),
        "out": t(out), "weights": t(w), "gout": t(gout), "gweights": t(gw), "grads": grads,
    }
    if lengths is not None:
        obj["lengths"] = t(lengths)
    with open(os.path.join(OUT, name + ".json"), "w") as f:
        json.dump(obj, f, separators=(",", ":"))
    CASES.append(name)


def main():
    torch.manual_seed(2024)
    os.makedirs(OUT, exist_ok=True)
    for f in os.listdir(OUT):
        if f.endswith(".json"):
            os.remove(os.path.join(OUT, f))
    case("self_two_heads", 8, 2, n=3, l=5)
    case("self_one_head", 6, 1, n=2, l=4)
    case("self_four_heads_no_bias", 16, 4, n=2, l=7, bias=False)
    case("self_causal", 8, 2, n=2, l=6, causal=True)
    case("self_padded", 8, 2, n=3, l=5, lengths=[5, 2, 3])
    case("self_causal_padded", 12, 3, n=2, l=6, causal=True, lengths=[4, 6])
    case("cross", 8, 2, n=2, l=3, s=6, inputs="cross")
    case("cross_key_is_value_padded", 8, 4, n=3, l=4, s=5, inputs="kv", lengths=[1, 5, 3])
    positional("positional_even", 16, n=2, steps=7)
    positional("positional_odd", 7, n=2, steps=5)
    # Positions far along, where sin(p·div) needs its argument rounded as PyTorch rounds it.
    positional("positional_long", 2, n=1, steps=500, max_len=500)
    with open(os.path.join(OUT, "index.json"), "w") as f:
        json.dump({"cases": CASES, "positional": POSITIONAL}, f, indent=1)
    total = sum(os.path.getsize(os.path.join(OUT, f)) for f in os.listdir(OUT))
    print("wrote %d attention and %d positional cases to %s (%.1f kB)" % (len(CASES), len(POSITIONAL), os.path.normpath(OUT), total / 1e3))


if __name__ == "__main__":
    sys.exit(main())
