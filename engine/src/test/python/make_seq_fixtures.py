#!/usr/bin/env python3
"""PyTorch reference results for LayerLab's sequence layers: Embedding, RNN (tanh, relu), LSTM, GRU.

Run from the repository root with Debian's torch:  /usr/bin/python3 engine/src/test/python/make_seq_fixtures.py

Writes engine/src/test/resources/fixtures/seq/<case>.json and index.json ("rnn", "embedding": the case names).

A recurrent case (rnn_tanh_*, rnn_relu_*, lstm_*, gru_*) holds:
    mode           "rnn_tanh" | "rnn_relu" | "lstm" | "gru"
    args           input_size, hidden_size, num_layers, bias, batch_first, bidirectional
    repr           repr(module)
    params         the state_dict, in its order (the Java module's stateDict() must list the same keys in the same order)
    x              the input ([T, B, I], [B, T, I] with batch_first, or unbatched [T, I])
    h0, c0         initial states when the case has them (else absent)
    lengths        int64 [B] when the case packs its batch (pack_padded_sequence(enforce_sorted=False), then
                   pad_packed_sequence(total_length=T): padded steps of "output" are 0)
    output, hN, cN the results (cN for LSTM only)
    gout, ghN, gcN fixed random upstream gradients: the loss is sum(output·gout) + sum(hN·ghN) + sum(cN·gcN)
    grads          gradients of that loss: "x", "h0", "c0" and every parameter by name

An embedding case (emb_*) holds args (num_embeddings, embedding_dim, padding_idx, max_norm, norm_type), repr,
weight (before the forward), idx (int64), output, weight_after (max_norm renormalises in place), gout and
grads.weight.

Two proofs use larger data, stored as float32 little-endian binaries beside their JSON (as in fixtures/nn):
    seed_gru       the seeds' example Embedding(5,20) → Dropout(0.5) → GRU(20,50,num_layers=2,bidirectional=True)
                   in eval mode: "bin", "tensors" [{name, shape, offset}] (offset in float32 values) holding the
                   state_dict under Sequential's keys (0.weight, 2.weight_ih_l0, ...) and then "output" and "hN";
                   "tokens" (int64 [T, B]).
    text_lstm      a text classifier Embedding(20,8,padding_idx=0) → LSTM(8,16,batch_first=True) → last valid step
                   → Linear(16,3), CrossEntropyLoss, Adam(lr=0.01) for 10 steps from PyTorch's initial weights: the
                   initial state_dict in "params", "tokens" (int64 [B, T]), "lengths", "labels", "lr", "steps",
                   "losses" (each step's loss before its update), and "final" (the state_dict after the 10 steps).
"""
import json
import os

import numpy as np
import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "fixtures", "seq")


def t(x):
    x = x.detach()
    if x.dtype == torch.int64:
        return {"shape": list(x.shape), "data": x.flatten().tolist(), "dtype": "int64"}
    return {"shape": list(x.shape), "data": x.double().flatten().tolist()}


def write(name, obj):
    with open(os.path.join(OUT, name + ".json"), "w") as f:
        json.dump(obj, f, separators=(",", ":"))


CLASSES = {"rnn_tanh": nn.RNN, "rnn_relu": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}


def rnn_case(name, mode, seed, layers=1, bidir=False, batch_first=False, init=False, lengths=None, bias=True,
             unbatched=False, I=3, H=4, T=5, B=3, nans=()):
    torch.manual_seed(seed)
    kw = dict(num_layers=layers, bias=bias, batch_first=batch_first, bidirectional=bidir)
    if mode.startswith("rnn"):
        kw["nonlinearity"] = mode[4:]
    m = CLASSES[mode](I, H, **kw)
    D = 2 if bidir else 1
    shape = (T, I) if unbatched else ((B, T, I) if batch_first else (T, B, I))
    x = torch.randn(*shape)
    for i in nans:
        x[i] = float("nan")
    x.requires_grad_(True)
    sshape = (layers * D, H) if unbatched else (layers * D, B, H)
    h0 = torch.randn(*sshape, requires_grad=True) if init else None
    c0 = torch.randn(*sshape, requires_grad=True) if init and mode == "lstm" else None
    hx = (h0, c0) if mode == "lstm" and init else h0
    if lengths is not None:
        lt = torch.tensor(lengths, dtype=torch.int64)
        packed = pack_padded_sequence(x, lt, batch_first=batch_first, enforce_sorted=False)
        out_p, hn = m(packed, hx)
        out, _ = pad_packed_sequence(out_p, batch_first=batch_first, total_length=T)
    else:
        out, hn = m(x, hx)
    hN, cN = (hn if mode == "lstm" else (hn, None))
    gout = torch.randn_like(out)
    ghN = torch.randn_like(hN)
    loss = (out * gout).sum() + (hN * ghN).sum()
    gcN = None
    if cN is not None:
        gcN = torch.randn_like(cN)
        loss = loss + (cN * gcN).sum()
    loss.backward()
    case = {
        "mode": mode,
        "args": {"input_size": I, "hidden_size": H, "num_layers": layers, "bias": bias, "batch_first": batch_first,
                 "bidirectional": bidir},
        "repr": repr(m),
        "params": {k: t(v) for k, v in m.state_dict().items()},
        "x": t(x), "output": t(out), "hN": t(hN), "gout": t(gout), "ghN": t(ghN),
        "grads": {"x": t(x.grad)},
    }
    for k, p in m.named_parameters():
        case["grads"][k] = t(p.grad)
    if h0 is not None:
        case["h0"] = t(h0)
        case["grads"]["h0"] = t(h0.grad)
    if c0 is not None:
        case["c0"] = t(c0)
        case["grads"]["c0"] = t(c0.grad)
    if cN is not None:
        case["cN"] = t(cN)
        case["gcN"] = t(gcN)
    if lengths is not None:
        case["lengths"] = t(torch.tensor(lengths, dtype=torch.int64))
    write(name, case)
    return name


def emb_case(name, seed, V, E, idx_shape, padding_idx=None, max_norm=None, norm_type=2.0, ids=None):
    torch.manual_seed(seed)
    m = nn.Embedding(V, E, padding_idx=padding_idx, max_norm=max_norm, norm_type=norm_type)
    if max_norm is not None:
        with torch.no_grad():
            m.weight.mul_(2.0)  # make some rows long enough for max_norm to act
    weight = m.weight.detach().clone()
    idx = torch.tensor(ids, dtype=torch.int64).reshape(idx_shape) if ids is not None else torch.randint(0, V, idx_shape)
    out = m(idx)
    gout = torch.randn_like(out)
    out.backward(gout)
    write(name, {
        "args": {"num_embeddings": V, "embedding_dim": E, "padding_idx": padding_idx, "max_norm": max_norm,
                 "norm_type": norm_type},
        "repr": repr(m),
        "weight": t(weight), "idx": t(idx), "output": t(out), "weight_after": t(m.weight), "gout": t(gout),
        "grads": {"weight": t(m.weight.grad)},
    })
    return name


def write_bin(name, tensors):
    """tensors: list of (name, tensor); returns the JSON index and writes <name>.bin."""
    index, chunks, offset = [], [], 0
    for k, v in tensors:
        a = v.detach().float().contiguous().numpy().astype("<f4").ravel()
        index.append({"name": k, "shape": list(v.shape), "offset": offset})
        chunks.append(a)
        offset += a.size
    np.concatenate(chunks).tofile(os.path.join(OUT, name + ".bin"))
    return index


def seed_gru():
    torch.manual_seed(5)
    model = nn.Sequential(nn.Embedding(5, 20), nn.Dropout(0.5), nn.GRU(20, 50, num_layers=2, bidirectional=True))
    model.eval()
    tokens = torch.randint(0, 5, (7, 4))
    with torch.no_grad():
        emb = model[1](model[0](tokens))
        out, hN = model[2](emb)
    tensors = list(model.state_dict().items()) + [("output", out), ("hN", hN)]
    write("seed_gru", {"repr": repr(model), "bin": "seed_gru.bin", "tensors": write_bin("seed_gru", tensors),
                       "tokens": t(tokens)})


class TextLSTM(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(20, 8, padding_idx=0)
        self.lstm = nn.LSTM(8, 16, batch_first=True)
        self.fc = nn.Linear(16, 3)

    def forward(self, tokens, lengths):
        x = self.emb(tokens)
        packed = pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)
        out, _ = self.lstm(packed)
        out, _ = pad_packed_sequence(out, batch_first=True, total_length=tokens.shape[1])
        last = out[torch.arange(tokens.shape[0]), lengths - 1]
        return self.fc(last)


def text_lstm():
    torch.manual_seed(11)
    model = TextLSTM()
    B, T = 6, 7
    lengths = torch.tensor([7, 3, 5, 1, 6, 4], dtype=torch.int64)
    tokens = torch.randint(1, 20, (B, T))
    for b in range(B):
        tokens[b, lengths[b]:] = 0
    labels = torch.randint(0, 3, (B,))
    initial = {k: t(v) for k, v in model.state_dict().items()}
    opt = torch.optim.Adam(model.parameters(), lr=0.01)
    loss_fn = nn.CrossEntropyLoss()
    losses = []
    for _ in range(10):
        opt.zero_grad()
        loss = loss_fn(model(tokens, lengths), labels)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    write("text_lstm", {"repr": repr(model), "params": initial, "tokens": t(tokens), "lengths": t(lengths),
                        "labels": t(labels), "lr": 0.01, "steps": 10, "losses": losses,
                        "final": {k: t(v) for k, v in model.state_dict().items()}})


def main():
    os.makedirs(OUT, exist_ok=True)
    rnn = []
    seed = 100
    # Each mode over the same configurations: every axis (layers, directions, layout, initial states, lengths,
    # bias) is on in some case and off in another, and they meet in combinations.
    configs = [
        ("l1", dict()),
        ("l1_bf_init", dict(batch_first=True, init=True)),
        ("l1_bi_init_len", dict(bidir=True, init=True, lengths=[5, 2, 4])),
        ("l2_bf_len", dict(layers=2, batch_first=True, lengths=[3, 5, 1])),
        ("l2_bi", dict(layers=2, bidir=True)),
        ("l2_bi_bf_init_len", dict(layers=2, bidir=True, batch_first=True, init=True, lengths=[4, 5, 2])),
        ("l1_nobias_init_len", dict(bias=False, init=True, lengths=[2, 5, 3])),
        ("l2_bi_bf_init", dict(layers=2, bidir=True, batch_first=True, init=True)),
        ("l1_unbatched_init", dict(unbatched=True, init=True)),
        # 19 hidden units: the kernels' vector body (16 lanes with AVX-512) and their scalar tail both run.
        ("h19_bi_init_len", dict(bidir=True, init=True, lengths=[4, 2], I=2, H=19, T=4, B=2)),
    ]
    for mode in ("rnn_tanh", "rnn_relu", "lstm", "gru"):
        for suffix, kw in configs:
            seed += 1
            rnn.append(rnn_case(f"{mode}_{suffix}", mode, seed, **kw))
    # NaN inputs (time-major [T, B, I]): every pre-activation from there on is NaN, and ReLU's gradient there passes
    # (threshold_backward), in the kernels' vector body and their scalar tail (19 units).
    rnn.append(rnn_case("rnn_relu_h19_nan", "rnn_relu", 150, I=2, H=19, T=4, B=2, nans=[(3, 0, 0), (2, 1, 1)]))
    emb = [
        emb_case("emb_basic", 1, 10, 4, (2, 3)),
        emb_case("emb_padding", 2, 10, 4, (3, 4), padding_idx=1, ids=[1, 2, 1, 3, 0, 1, 9, 1, 4, 4, 1, 7]),
        emb_case("emb_padding_negative", 3, 6, 3, (5,), padding_idx=-1, ids=[5, 0, 5, 2, 1]),
        emb_case("emb_max_norm", 4, 8, 5, (2, 4), max_norm=1.0, ids=[0, 3, 3, 7, 1, 0, 6, 2]),
        emb_case("emb_max_norm_p1_padding", 5, 8, 5, (6,), padding_idx=2, max_norm=1.5, norm_type=1.0,
                 ids=[2, 4, 5, 2, 4, 1]),
        emb_case("emb_max_norm_inf", 8, 6, 4, (5,), max_norm=0.5, norm_type=float("inf"), ids=[1, 1, 2, 5, 0]),
    ]
    write("index", {"rnn": rnn, "embedding": emb})
    seed_gru()
    text_lstm()


if __name__ == "__main__":
    main()
