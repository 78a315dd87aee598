import os
import time, json, resource, torch
import e5model as E, data as D
E.load_ner()
S = D.read_klue(os.path.join(os.environ.get('KG_SHARED', '../../../shared'), 'eval', 'klue_ner_news_dev.tsv'))
texts = [t for t, _ in S]; gold = [D.char_spans(g) for _, g in S]
for tag, tr, vit in (('brief-rule (repeat timing)', (), False), ('viterbi', (), True), ('viterbi+particle-trim', E.PARTICLES, True)):
    t1 = time.time(); pred = E.predict(texts, batch_size=32, trim=tr, viterbi=vit); dt = time.time() - t1
    r = D.score(gold, pred)
    print(f'== {tag}: {len(texts)/dt:.1f} sent/s')
    for k, v in r.items():
        print(f"  {k}: P={v['P']:.4f} R={v['R']:.4f} F1={v['F1']:.4f} (tp={v['tp']} fp={v['fp']} fn={v['fn']})")
    if vit and tr:
        with open(os.path.join(os.environ.get('OUT_DIR', '.'), 'dev_pred_viterbi_trim.jsonl'), 'w', encoding='utf-8') as f:
            for t, p in zip(texts, pred):
                f.write(json.dumps({'text': t, 'spans': [[s, e, ty, round(pr, 5)] for s, e, ty, pr in p]}, ensure_ascii=False) + '\n')
print('peak RSS %.0f MB' % (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))
