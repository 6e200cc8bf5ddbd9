"""Fixtures for next-token training and sampling (layerlab.train.SamplingTest).

A character model Embedding(9, 6) -> GRU(6, 10, batch_first) -> Linear(10, 9) -> transpose(1, 2) over sequences of 8
steps, vocabulary <pad> <unk> a b c d e <bos> <eos>. It writes the weights, the CrossEntropyLoss over every step of a
batch whose padded steps are -100 (ignored), and the texts sampled as the PyTorch tutorial samples them: start from
<bos> (and a start text), softmax(logits / temperature), torch.multinomial(probs, 1, generator=g), until <eos>. <pad>,
<unk> and <bos> are masked out of the draw (their logits -inf): no text has them, however high the temperature.

Run with PyTorch 1.13: /usr/bin/python3 engine/src/test/python/make_generate_fixtures.py
"""
import json
import os

import torch
import torch.nn as nn

TOKENS = ["<pad>", "<unk>", "a", "b", "c", "d", "e", "<bos>", "<eos>"]
V, L, BOS, EOS = len(TOKENS), 8, 7, 8
NEVER_DRAWN = [0, 1, BOS]  # <pad>, <unk>, <bos>: no text has them; <eos> ends one


class CharModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(V, 6)
        self.gru = nn.GRU(6, 10, batch_first=True)
        self.fc = nn.Linear(10, V)

    def forward(self, x):
        out, _ = self.gru(self.embedding(x))
        return self.fc(out).transpose(1, 2)  # [N, classes, steps], as CrossEntropyLoss wants


torch.manual_seed(0)
model = CharModel()
with torch.no_grad():
    model.fc.weight.mul_(4)  # sharper distributions than at initialisation, so that temperature matters
model.eval()

x = torch.tensor([[BOS, 2, 3, 4, 0, 0, 0, 0], [BOS, 5, 6, 2, 3, 4, 5, 6]])
y = torch.tensor([[2, 3, 4, EOS, -100, -100, -100, -100], [5, 6, 2, 3, 4, 5, 6, EOS]])
logits = model(x)
loss = nn.CrossEntropyLoss()(logits, y)


def generate(count, temperature, seed, start, max_tokens):
    g = torch.Generator().manual_seed(seed)
    texts = []
    with torch.no_grad():
        for _ in range(count):
            ids = [BOS] + [TOKENS.index(c) for c in start]
            limit = L if max_tokens == 0 else min(L, len(ids) + max_tokens)
            while len(ids) < limit:
                inp = torch.zeros(1, L, dtype=torch.long)
                inp[0, :len(ids)] = torch.tensor(ids)
                scores = model(inp)[0, :, len(ids) - 1].clone()
                scores[NEVER_DRAWN] = float("-inf")
                probs = torch.softmax(scores / temperature, dim=-1)
                nxt = torch.multinomial(probs, 1, generator=g).item()
                if nxt == EOS:
                    break
                ids.append(nxt)
            texts.append("".join("<unk>" if i == 1 else TOKENS[i] for i in ids[1:] if i != 0))
    return texts


def tensor(t):
    out = {"shape": list(t.shape), "data": t.flatten().tolist()}
    if t.dtype == torch.long:
        out["dtype"] = "int64"
    return out


cases = []
for count, temperature, seed, start, max_tokens in [(12, 1.0, 0, "", 0), (12, 0.5, 7, "", 0), (8, 2.0, 3, "c", 0), (6, 1.0, 11, "ab", 3), (40, 25.0, 5, "", 0)]:
    cases.append({"count": count, "temperature": temperature, "seed": seed, "start": start, "max_tokens": max_tokens,
                  "texts": generate(count, temperature, seed, start, max_tokens)})

out = {
    "tokens": TOKENS,
    "length": L,
    "weights": {k: tensor(v) for k, v in model.state_dict().items()},
    "x": tensor(x),
    "y": tensor(y),
    "logits": tensor(logits.detach()),
    "loss": loss.item(),
    "cases": cases,
}
here = os.path.dirname(os.path.abspath(__file__))
path = os.path.join(here, "..", "resources", "fixtures", "generate", "char_gru.json")
with open(path, "w") as f:
    json.dump(out, f)
print(path, loss.item(), [c["texts"][:4] for c in cases])
