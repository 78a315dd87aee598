import sys, e5model as E, data as D
buf, cfg, pieces, scores, norm, tensors = E.read_bin()
tok = E.Tokenizer(pieces, scores, norm, cfg); del buf
path = sys.argv[1]
S = D.read_klue(path)
enc = [(t, g, tok.tokenize(t)) for t, g in S]
gold = [D.char_spans(g) for t, g, _ in enc]
cands = {'none': (), 'all11': E.PARTICLES, 'no_i_ga': tuple(p for p in E.PARTICLES if p not in ('이','가')),
         'top4': ('는','의','가','은'), 'no_i': tuple(p for p in E.PARTICLES if p!='이')}
for name, tr in cands.items():
    pred = [E.decode_pieces(t, sp, D.piece_labels(sp, g), trim=tr) for t, g, (ids, sp) in enc]
    r = D.score(gold, pred)
    print(name, ' '.join(f"{k}:{v['F1']:.4f}" for k, v in r.items()))
