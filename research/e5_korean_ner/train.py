import os, sys, time, random, json, math, resource
import torch, torch.nn.functional as F
import e5model as E, data as D
torch.set_num_threads(2); torch.manual_seed(13); random.seed(13)
EPOCHS=int(os.environ.get('EPOCHS',5)); LR=float(os.environ.get('LR',1e-4)); BS=int(os.environ.get('BS',16))
MAXSTEPS=int(os.environ.get('MAXSTEPS',0))
tok, model = E.load_base()
model.enc.word.weight.requires_grad_(False)
S = D.read_klue(os.path.join(os.environ.get('KG_SHARED', '../../../shared'), 'train', 'klue_ner_train_part.tsv'))
ex = []
for text, tags in S:
    ids, spans = tok.tokenize(text)
    labs = D.piece_labels(spans, tags)
    y = [-100] + [(-100 if sp is None else E.L2I[l]) for sp, l in zip(spans, labs)] + [-100]
    ex.append(([tok.bos] + ids + [tok.eos], y))
print('examples', len(ex), flush=True)
def batches():
    idx = list(range(len(ex))); random.shuffle(idx)
    # bucket: sort chunks of 50*BS by length, then shuffle batches
    out = []
    for c in range(0, len(idx), BS * 50):
        ch = sorted(idx[c:c + BS * 50], key=lambda i: len(ex[i][0]))
        out += [ch[j:j + BS] for j in range(0, len(ch), BS)]
    random.shuffle(out); return out
nb = math.ceil(len(ex) / BS); total = nb * EPOCHS; warm = int(0.1 * total)
params = [p for p in model.parameters() if p.requires_grad]
nodecay = lambda n: n.endswith('.bias') or 'ln' in n.split('.')[-2]
groups = [{'params': [p for n, p in model.named_parameters() if p.requires_grad and not nodecay(n)], 'weight_decay': 0.01},
          {'params': [p for n, p in model.named_parameters() if p.requires_grad and nodecay(n)], 'weight_decay': 0.0}]
opt = torch.optim.AdamW(groups, lr=LR)
sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: s / max(1, warm) if s < warm else max(0.0, (total - s) / max(1, total - warm)))
print(f'epochs={EPOCHS} lr={LR} bs={BS} steps/epoch={nb} total={total} warmup={warm} trainable={sum(p.numel() for p in params)}', flush=True)
t0 = time.time(); step = 0
model.train()
for ep in range(EPOCHS):
    tl = 0; tn = 0
    for b in batches():
        B = [ex[i] for i in b]; T = max(len(x[0]) for x in B)
        I = torch.full((len(B), T), tok.pad); M = torch.zeros((len(B), T), dtype=torch.long); Y = torch.full((len(B), T), -100)
        for k, (ids, y) in enumerate(B):
            I[k, :len(ids)] = torch.tensor(ids); M[k, :len(ids)] = 1; Y[k, :len(y)] = torch.tensor(y)
        logits = model(I, M)
        loss = F.cross_entropy(logits.view(-1, logits.size(-1)), Y.view(-1), ignore_index=-100)
        opt.zero_grad(); loss.backward(); torch.nn.utils.clip_grad_norm_(params, 1.0); opt.step(); sched.step()
        step += 1; tl += loss.item(); tn += 1
        if step % 25 == 0:
            el = time.time() - t0
            print(f'ep {ep} step {step}/{total} loss {tl/tn:.4f} lr {sched.get_last_lr()[0]:.2e} elapsed {el:.0f}s  s/step {el/step:.3f}  eta {el/step*(total-step):.0f}s rss {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss/1024:.0f}MB', flush=True)
        if MAXSTEPS and step >= MAXSTEPS: break
    print(f'=== epoch {ep} done, mean loss {tl/max(1,tn):.4f}, elapsed {time.time()-t0:.0f}s', flush=True)
    if MAXSTEPS and step >= MAXSTEPS: break
sd = {k: v for k, v in model.state_dict().items() if k != 'enc.word.weight'}
torch.save(sd, os.environ.get('OUT', 'ner.pt'))
print('saved; train time %.0fs' % (time.time() - t0), flush=True)
