"""Text models whose padding is masked, as PyTorch computes them, to check LayerLab's Lengths node and the lengths inputs
it feeds (layerlab.train.MaskedTextTest).

Each case is a model on token ids padded on the right with 0 (LayerLab's text data set with "padding": "right"): the
lengths are (tokens != 0).sum(1).clamp(min=1), as LayerLab's Lengths node counts them (an empty text reads one <pad>);
the recurrent layer runs over pack_padded_sequence(enforce_sorted=False), MultiheadAttention gets the key_padding_mask,
the mean counts the valid steps alone, LastStep takes each text's own last step. Recorded: the initial state_dict
("params", LayerLab's names), the tokens, the labels, the logits, CrossEntropyLoss and every parameter's gradient.
Run: python3 engine/src/test/python/make_masking_fixtures.py
"""
import json
import os

import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "fixtures", "masking")


def t(x):
    x = x.detach()
    if x.dtype == torch.int64:
        return {"shape": list(x.shape), "data": x.flatten().tolist(), "dtype": "int64"}
    return {"shape": list(x.shape), "data": x.double().flatten().tolist()}


def lengths_of(tokens):
    return (tokens != 0).sum(dim=1).clamp(min=1)


def run_packed(rnn, x, lengths):
    packed = pack_padded_sequence(x, lengths.cpu(), batch_first=True, enforce_sorted=False)
    out, state = rnn(packed)
    out, _ = pad_packed_sequence(out, batch_first=True, total_length=x.size(1))
    return out, state


class GruAttention(nn.Module):
    """Embedding → bidirectional GRU (packed) → self-attention (key_padding_mask) → mean over the valid steps → Linear."""

    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(20, 8, padding_idx=0)
        self.gru = nn.GRU(8, 6, batch_first=True, bidirectional=True)
        self.attn = nn.MultiheadAttention(12, 2, batch_first=True)
        self.fc = nn.Linear(12, 3)

    def forward(self, tokens):
        lengths = lengths_of(tokens)
        x = self.embedding(tokens)
        out, _ = run_packed(self.gru, x, lengths)
        mask = torch.arange(out.size(1))[None, :] >= lengths[:, None]
        a, _ = self.attn(out, out, out, key_padding_mask=mask)
        valid = (torch.arange(a.size(1))[None, :] < lengths[:, None])[:, :, None]
        mean = (a * valid).sum(dim=1) / lengths[:, None]
        return self.fc(mean)


class LstmLast(nn.Module):
    """Embedding → two-layer bidirectional LSTM (packed) → each text's last valid step → Linear."""

    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(20, 8, padding_idx=0)
        self.lstm = nn.LSTM(8, 5, num_layers=2, batch_first=True, bidirectional=True)
        self.fc = nn.Linear(10, 3)

    def forward(self, tokens):
        lengths = lengths_of(tokens)
        out, _ = run_packed(self.lstm, self.embedding(tokens), lengths)
        return self.fc(out[torch.arange(out.size(0)), lengths - 1])


def case(name, model, seed):
    torch.manual_seed(seed)
    B, T = 5, 9
    real = [9, 4, 0, 6, 2]  # row 2 is an empty text: all padding, read as one <pad>
    tokens = torch.zeros(B, T, dtype=torch.int64)
    for b, n in enumerate(real):
        tokens[b, :n] = torch.randint(1, 20, (n,))
    labels = torch.randint(0, 3, (B,))
    model.train()  # no dropout anywhere: train and eval agree
    params = {k: t(v) for k, v in model.state_dict().items()}
    logits = model(tokens)
    loss = nn.CrossEntropyLoss()(logits, labels)
    loss.backward()
    grads = {k: t(p.grad) for k, p in model.named_parameters()}
    with open(os.path.join(OUT, name + ".json"), "w") as f:
        json.dump({"repr": repr(model), "params": params, "tokens": t(tokens), "labels": t(labels), "logits": t(logits),
                   "loss": loss.item(), "grads": grads}, f, separators=(",", ":"))


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.manual_seed(3)
    case("gru_attention", GruAttention(), 4)
    torch.manual_seed(7)
    case("lstm_last", LstmLast(), 8)


if __name__ == "__main__":
    main()
