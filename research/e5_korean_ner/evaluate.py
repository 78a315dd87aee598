import os
import time, json, resource, sys, torch
t0 = time.time()
import e5model as E, data as D
E.load_ner(sys.argv[1] if len(sys.argv) > 1 else E.NER_PATH)
print('load %.1fs' % (time.time() - t0))
S = D.read_klue(os.path.join(os.environ.get('KG_SHARED', '../../../shared'), 'eval', 'klue_ner_news_dev.tsv'))
texts = [t for t, _ in S]; gold = [D.char_spans(g) for _, g in S]
print('dev sentences', len(S))
for tag, tr, fn in (('brief-rule', (), 'dev_pred.jsonl'), ('particle-trim', E.PARTICLES, 'dev_pred_trim.jsonl')):
    t1 = time.time(); pred = E.predict(texts, batch_size=32, trim=tr); dt = time.time() - t1
    r = D.score(gold, pred)
    print(f'== {tag}: {len(texts)/dt:.1f} sent/s ({dt:.1f}s for dev, batch 32, {torch.get_num_threads()} threads)')
    for k, v in r.items():
        print(f"  {k}: P={v['P']:.4f} R={v['R']:.4f} F1={v['F1']:.4f} (tp={v['tp']} fp={v['fp']} fn={v['fn']})")
    with open(os.path.join(os.environ.get('OUT_DIR', '.'), fn), 'w', encoding='utf-8') as f:
        for t, p in zip(texts, pred):
            f.write(json.dumps({'text': t, 'spans': [[s, e, ty, round(pr, 5)] for s, e, ty, pr in p]}, ensure_ascii=False) + '\n')
print('peak RSS %.0f MB' % (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))
