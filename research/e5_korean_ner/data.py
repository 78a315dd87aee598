def read_klue(path):
    sents = []; chars = []; tags = []
    for line in open(path, encoding='utf-8'):
        line = line.rstrip('\n')
        if line.startswith('##'):
            continue
        if line == '':
            if chars: sents.append((''.join(chars), tags)); chars = []; tags = []
            continue
        c, t = line.split('\t')
        assert len(c) == 1, repr(line)
        chars.append(c); tags.append(t)
    if chars: sents.append((''.join(chars), tags))
    return sents

def char_spans(tags, keep=('PS','OG','LC')):
    out = []; cur = None
    for i, t in enumerate(tags):
        if t == 'O':
            if cur: out.append(tuple(cur)); cur = None
            continue
        b, typ = t.split('-', 1)
        if b == 'B' or cur is None or cur[2] != typ:
            if cur: out.append(tuple(cur))
            cur = [i, i + 1, typ]
        else:
            cur[1] = i + 1
    if cur: out.append(tuple(cur))
    return [s for s in out if s[2] in keep]

def piece_labels(spans, tags):
    """tag of first content char of each piece; whitespace piece -> O"""
    return ['O' if sp is None else tags[sp[0]] for sp in spans]

def score(gold, pred, types=('PS','OG','LC')):
    res = {}
    for T in list(types) + ['ALL']:
        tp = fp = fn = 0
        for g, p in zip(gold, pred):
            gs = {(s, e, t) for s, e, t in g if T == 'ALL' or t == T}
            ps = {(s[0], s[1], s[2]) for s in p if T == 'ALL' or s[2] == T}
            tp += len(gs & ps); fp += len(ps - gs); fn += len(gs - ps)
        P = tp / (tp + fp) if tp + fp else 0.0; R = tp / (tp + fn) if tp + fn else 0.0
        F = 2 * P * R / (P + R) if P + R else 0.0
        res[T] = dict(P=P, R=R, F1=F, tp=tp, fp=fp, fn=fn)
    return res
