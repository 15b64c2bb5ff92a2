#!/usr/bin/python3
"""PyTorch reference timing for Attune's reference encoder classifier.

Trains the same architecture as packages/core/src/models/sequence-classifier.ts with its defaults
(learned positions, masked mean pooling, erf GELU, dropout 0.1, pre-LN encoder with a final
LayerNorm) at the reference shape, and prints ONE line of JSON on stdout:

  {"engine":"pytorch","version":...,"threads":N,"stepMs":median,"minStepMs":min,
   "forwardMs":median,"tokensPerSecond":...}

tokensPerSecond = batch * seq / (stepMs / 1000), i.e. training throughput at the median step.

Run with Debian's interpreter and PyTorch (apt-get install python3-torch), NOT the pyenv python:

  OPENBLAS_NUM_THREADS=1 OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 bench/pytorch/train_step.py --threads 1

The caller must set OPENBLAS_NUM_THREADS=1 and OMP_WAIT_POLICY=PASSIVE in the environment (they are
read when the libraries load, so setting them from inside this script is too late to rely on).
Without them OpenBLAS's own thread pool fights PyTorch's OpenMP pool and steps run many times
slower (see /work/shared/REFERENCE.md). --threads sets torch.set_num_threads (intra-op pool).

The encoder layer is written out explicitly (class EncoderLayer below) rather than using
nn.TransformerEncoderLayer, so that it mirrors Attune module for module: separate Q/K/V/output
projections, the keep-mask applied as "+(1-keep)*-1e9 then softmax then *keep", attention-weight
dropout, residual dropouts, and FFN dropout after GELU. nn.TransformerEncoderLayer(norm_first=True,
activation='gelu', batch_first=True) is the same computation up to a packed QKV projection and how
the mask is applied; pass --layer nn to time that instead (in eval/no_grad PyTorch may then take its
fused "fast path", so its forwardMs is not strictly the same kernels).

This is a reference measurement only; it is not part of any test suite.
"""
import argparse
import json
import math
import os
import statistics
import sys
import time

try:
    import torch
    import torch.nn as nn
    import torch.nn.functional as F
except Exception as exc:  # ImportError, or a broken install raising something else
    sys.stderr.write(
        "bench/pytorch: cannot import torch (%s: %s); install it with 'apt-get install -y python3-torch' "
        "and run with /usr/bin/python3\n" % (type(exc).__name__, str(exc).splitlines()[0] if str(exc) else "")
    )
    sys.exit(2)

MASKED = -1e9  # same constant as nn/scaled-dot-product-attention.ts


class MultiHeadAttention(nn.Module):
    """nn/multi-head-attention.ts: four D->D projections with bias, heads split the last dim in order."""

    def __init__(self, d_model, num_heads, dropout):
        super().__init__()
        self.h = num_heads
        self.dk = d_model // num_heads
        self.query = nn.Linear(d_model, d_model)
        self.key = nn.Linear(d_model, d_model)
        self.value = nn.Linear(d_model, d_model)
        self.output = nn.Linear(d_model, d_model)
        self.dropout = nn.Dropout(dropout)

    def split(self, t):  # [B, T, D] -> [B, H, T, dk]
        b, n, _ = t.shape
        return t.view(b, n, self.h, self.dk).transpose(1, 2)

    def forward(self, x, keep):  # keep: [B, 1, 1, Tk] float, 1 = attend
        b, n, d = x.shape
        q, k, v = self.split(self.query(x)), self.split(self.key(x)), self.split(self.value(x))
        scores = torch.matmul(q, k.transpose(-1, -2)) * (1.0 / math.sqrt(self.dk))
        scores = scores + (1.0 - keep) * MASKED
        probs = torch.softmax(scores, dim=-1) * keep
        probs = self.dropout(probs)
        heads = torch.matmul(probs, v)  # [B, H, T, dk]
        return self.output(heads.transpose(1, 2).reshape(b, n, d))


class FeedForward(nn.Module):
    """nn/feed-forward.ts: Linear(D->F) -> exact (erf) GELU -> dropout -> Linear(F->D)."""

    def __init__(self, d_model, hidden, dropout):
        super().__init__()
        self.up = nn.Linear(d_model, hidden)
        self.down = nn.Linear(hidden, d_model)
        self.drop = nn.Dropout(dropout)

    def forward(self, x):
        return self.down(self.drop(F.gelu(self.up(x))))  # F.gelu default approximate='none' = erf


class EncoderLayer(nn.Module):
    """nn/transformer-encoder-layer.ts (pre-LN): x += Drop(Attn(LN1(x))); x += Drop(FFN(LN2(x)))."""

    def __init__(self, d_model, num_heads, ffn, dropout, eps=1e-5):
        super().__init__()
        self.norm1 = nn.LayerNorm(d_model, eps=eps)
        self.attention = MultiHeadAttention(d_model, num_heads, dropout)
        self.norm2 = nn.LayerNorm(d_model, eps=eps)
        self.feed_forward = FeedForward(d_model, ffn, dropout)
        self.residual_dropout1 = nn.Dropout(dropout)
        self.residual_dropout2 = nn.Dropout(dropout)

    def forward(self, x, keep):
        h = x + self.residual_dropout1(self.attention(self.norm1(x), keep))
        return h + self.residual_dropout2(self.feed_forward(self.norm2(h)))


class SequenceClassifier(nn.Module):
    """models/sequence-classifier.ts: embedding + learned positions -> encoder -> final LN -> masked mean -> head."""

    def __init__(self, vocab, max_len, classes, d_model, heads, layers, ffn, dropout, pad_id=0, layer_impl="explicit"):
        super().__init__()
        self.pad_id = pad_id
        self.layer_impl = layer_impl
        self.embedding = nn.Parameter(torch.randn(vocab, d_model) * 0.02)  # TokenEmbedding, std 0.02
        self.positional = nn.Parameter(torch.randn(max_len, d_model) * 0.02)  # PositionalEmbedding 'learned', std 0.02
        if layer_impl == "explicit":
            self.layers = nn.ModuleList([EncoderLayer(d_model, heads, ffn, dropout) for _ in range(layers)])
        else:
            self.layers = nn.ModuleList([
                nn.TransformerEncoderLayer(d_model, heads, dim_feedforward=ffn, dropout=dropout, activation="gelu",
                                           layer_norm_eps=1e-5, batch_first=True, norm_first=True)
                for _ in range(layers)
            ])
        self.final_norm = nn.LayerNorm(d_model, eps=1e-5)
        self.head = nn.Linear(d_model, classes)
        for m in self.modules():  # Attune's Linear: Xavier-uniform weights, zero bias
            if isinstance(m, nn.Linear):
                nn.init.xavier_uniform_(m.weight)
                nn.init.zeros_(m.bias)

    def forward(self, ids):  # ids: int64 [B, T] -> logits [B, C]
        tokens = ids != self.pad_id  # [B, T] keyPadding (1 = token)
        t = ids.shape[1]
        x = F.embedding(ids, self.embedding) + self.positional[:t]
        if self.layer_impl == "explicit":
            keep = tokens.to(x.dtype)[:, None, None, :]  # [B, 1, 1, Tk]
            for layer in self.layers:
                x = layer(x, keep)
        else:
            for layer in self.layers:
                x = layer(x, src_key_padding_mask=~tokens)
        h = self.final_norm(x)
        m = tokens.to(h.dtype).unsqueeze(2)  # [B, T, 1]
        pooled = (h * m).sum(1) / m.sum(1).clamp(min=1.0)  # masked mean, count floored at 1
        return self.head(pooled)


def make_optimizer(model, lr):
    """AdamW as in train/adamw.ts + tfjs-engine.ts: decay only parameters of rank >= 2 (incl. embedding tables)."""
    decay = [p for p in model.parameters() if p.dim() >= 2]
    no_decay = [p for p in model.parameters() if p.dim() < 2]
    return torch.optim.AdamW(
        [{"params": decay, "weight_decay": 0.01}, {"params": no_decay, "weight_decay": 0.0}],
        lr=lr, betas=(0.9, 0.999), eps=1e-8,
    )


def warn_if_reference_blas():
    """Debian's python3-torch uses whatever libblas.so.3 the alternatives system points at. With only
    libblas3 (netlib reference BLAS) installed, matmuls run ~10x slower (~6 GFLOP/s); the figures in
    REFERENCE.md assume OpenBLAS (apt-get install libopenblas0-pthread). Warn on stderr, never fail."""
    try:
        with open("/proc/self/maps") as f:
            libs = {line.split()[-1] for line in f if "libblas.so" in line}
    except OSError:
        return
    # Debian's OpenBLAS also installs a libblas.so.3, under .../openblas-pthread/ (or -openmp/-serial).
    if libs and not any("openblas" in os.path.realpath(l) for l in libs):
        sys.stderr.write("bench/pytorch: warning: torch is using the reference BLAS (%s); timings will be ~10x slow. "
                         "Install libopenblas0-pthread.\n" % ", ".join(sorted(libs)))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--threads", type=int, default=1, help="torch.set_num_threads (default 1)")
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--steps", type=int, default=20, help="timed training steps and timed forward passes")
    ap.add_argument("--layer", choices=["explicit", "nn"], default="explicit",
                    help="explicit encoder layer (default) or nn.TransformerEncoderLayer(norm_first=True)")
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--seq", type=int, default=64)
    ap.add_argument("--d-model", type=int, default=128)
    ap.add_argument("--heads", type=int, default=4)
    ap.add_argument("--layers", type=int, default=2)
    ap.add_argument("--ffn", type=int, default=512)
    ap.add_argument("--vocab", type=int, default=8000)
    ap.add_argument("--classes", type=int, default=10)
    ap.add_argument("--dropout", type=float, default=0.1)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    if a.threads < 1 or a.steps < 1 or a.warmup < 0:
        sys.stderr.write("bench/pytorch: --threads and --steps must be >= 1, --warmup >= 0\n")
        sys.exit(2)

    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    model = SequenceClassifier(a.vocab, a.seq, a.classes, a.d_model, a.heads, a.layers, a.ffn, a.dropout,
                               layer_impl=a.layer)
    opt = make_optimizer(model, a.lr)
    ids = torch.randint(1, a.vocab, (a.batch, a.seq))  # no padding (pad id 0 never drawn)
    labels = torch.randint(0, a.classes, (a.batch,))

    def train_step():
        loss = F.cross_entropy(model(ids), labels)  # mean softmax cross-entropy
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)  # global norm
        opt.step()
        opt.zero_grad(set_to_none=True)
        return loss

    model.train()
    for _ in range(a.warmup):
        train_step()
    warn_if_reference_blas()
    step_ms = []
    for _ in range(a.steps):
        t0 = time.perf_counter()
        loss = train_step()
        step_ms.append((time.perf_counter() - t0) * 1000.0)
    if not math.isfinite(loss.item()):
        sys.stderr.write("bench/pytorch: training loss is not finite\n")
        sys.exit(1)

    model.eval()
    fwd_ms = []
    with torch.no_grad():
        for _ in range(a.warmup):
            model(ids)
        for _ in range(a.steps):
            t0 = time.perf_counter()
            model(ids)
            fwd_ms.append((time.perf_counter() - t0) * 1000.0)

    step = statistics.median(step_ms)
    print(json.dumps({
        "engine": "pytorch",
        "version": torch.__version__,
        "threads": a.threads,
        "stepMs": round(step, 2),
        "minStepMs": round(min(step_ms), 2),
        "forwardMs": round(statistics.median(fwd_ms), 2),
        "tokensPerSecond": round(a.batch * a.seq / (step / 1000.0), 1),
    }, separators=(",", ":")))


if __name__ == "__main__":
    main()
