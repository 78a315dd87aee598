import os
import json, e5model as E, data as D
buf, cfg, pieces, scores, norm, tensors = E.read_bin()
tok = E.Tokenizer(pieces, scores, norm, cfg)
for name, path in [('train',os.path.join(os.environ.get('KG_SHARED', '../../../shared'), 'train', 'klue_ner_train_part.tsv')),('dev',os.path.join(os.environ.get('KG_SHARED', '../../../shared'), 'eval', 'klue_ner_news_dev.tsv'))]:
    S = D.read_klue(path); gold=[]; pred=[]; ntok=[]
    for text, tags in S:
        ids, spans = tok.tokenize(text); ntok.append(len(ids)+2)
        labs = D.piece_labels(spans, tags)
        pred.append(E.decode_pieces(text, spans, labs))
        gold.append(D.char_spans(tags))
    r = D.score(gold, pred)
    print(name, len(S), 'sents; tokens mean %.1f max %d' % (sum(ntok)/len(ntok), max(ntok)))
    print(' oracle', json.dumps({k:{kk:round(vv,4) if isinstance(vv,float) else vv for kk,vv in v.items()} for k,v in r.items()}))
    # show some misses
    if name=='dev':
        k=0
        for (text,tags),g,p in zip(S,gold,pred):
            miss=set(g)-{x[:3] for x in p}
            for s,e,t in miss:
                if k<12: print('   miss', t, repr(text[max(0,s-3):e+3]), repr(text[s:e]), [x for x in p if x[0]<e and x[1]>s]); k+=1
