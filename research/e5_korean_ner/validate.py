import os
import ctypes, time, numpy as np, torch
import e5model as E
torch.set_num_threads(2)
t0=time.time(); tok, model = E.load_base(); model.eval(); print('load', time.time()-t0)
lib=ctypes.CDLL(os.environ['E5_ENGINE'])
lib.e5_load.restype=ctypes.c_void_p; lib.e5_load.argtypes=[ctypes.c_char_p]
lib.e5_embed.argtypes=[ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int, ctypes.POINTER(ctypes.c_float)]
lib.e5_token_count.restype=ctypes.c_int; lib.e5_token_count.argtypes=[ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
m=lib.e5_load(E.BIN_PATH.encode())
texts=["특히 영동고속도로 강릉 방향 문막휴게소에서 만종분기점까지 5km 구간에는 승용차 전용 임시 갓길차로제를 운영하기로 했다.",
 "삼성전자는 서울에서 새로운 스마트폰을 발표했다.", "How much protein should a female eat per day?",
 "The quick brown fox jumps over the lazy dog.", "이순신 장군은 조선 중기의 무신이다.", "Paris est la capitale de la France…  ｆｕｌｌｗｉｄｔｈ １２３"]
def c_emb(t):
    out=(ctypes.c_float*384)(); lib.e5_embed(m,t.encode(),0,out); return np.array(out)
def py_emb(t):
    ids,_=tok.tokenize("passage: "+t); ids=[tok.bos]+ids+[tok.eos]
    I=torch.tensor([ids]); M=torch.ones_like(I)
    with torch.no_grad(): h=model.enc(I,M)[0].mean(0)
    return (h/h.norm()).numpy(), len(ids)
C=[];P=[]
for t in texts:
    c=c_emb(t); p,n=py_emb(t); C.append(c); P.append(p)
    print('cos=%.5f  ntok py=%d c=%d'%(float(c@p), n, lib.e5_token_count(m,("").join(t).encode(),0)))
C=np.array(C);P=np.array(P)
print('py sim matrix\n',np.round(P@P.T,3)); print('c sim matrix\n',np.round(C@C.T,3))
ids,sp=tok.tokenize(texts[0]); print([(tok.pieces[i], texts[0][s[0]:s[1]] if s else None) for i,s in zip(ids,sp)])
