import os
import json, collections, data as D
S = D.read_klue(os.path.join(os.environ.get('KG_SHARED', '../../../shared'), 'eval', 'klue_ner_news_dev.tsv'))
for fn in ('dev_pred.jsonl','dev_pred_trim.jsonl'):
    P = [json.loads(l) for l in open(fn)]
    assert len(P)==len(S) and all(p['text']==t for p,(t,_) in zip(P,S))
    c = collections.Counter(); conf = collections.Counter()
    for p,(t,g) in zip(P,S):
        gold = set(D.char_spans(g)); pred = {tuple(x[:3]) for x in p['spans']}
        for s,e,ty in pred - gold:
            if any(gs==s and ge==e for gs,ge,gt in gold): c['wrong type (exact span)']+=1; conf[(ty,[gt for gs,ge,gt in gold if gs==s and ge==e][0])]+=1
            elif any(gs<e and s<ge and gt==ty for gs,ge,gt in gold): c['boundary (overlap, same type)']+=1
            elif any(gs<e and s<ge for gs,ge,gt in gold): c['boundary+type']+=1
            else: c['spurious (no overlap with PS/OG/LC gold)']+=1
        for s,e,ty in gold - pred:
            if not any(ps<e and s<pe for ps,pe,pt in pred): c['missed (no overlapping pred)']+=1
    print(fn, dict(c), 'type confusions pred->gold', conf.most_common(6))
