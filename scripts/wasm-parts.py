#!/usr/bin/env python3
# What the app wasm is made of (issue 20, the download; BENCHMARKS.md "s31-size"): reads a
# linked wasm's code section (each function body's bytes), its data section and its `name`
# section (no twiggy on these machines), demangles with c++filt (binutils), and sums the
# bytes by the crate of each item's path, the engine's and the web crate's by module.
# `<A as B>::f` counts under A, or under B when A is a generic, a primitive or core/alloc/std
# (the framework's generics over our closures count as the framework's; serde derive code of
# our types as ours). Sizes are before wasm-opt, kB = 1,000 bytes.
#   cargo build --release --target wasm32-unknown-unknown -p cloudwright-web --bin cloudwright-web
#   python3 scripts/wasm-parts.py target/wasm32-unknown-unknown/release/cloudwright-web.wasm
# `--items` prints every item (bytes, mangled name) instead.
import sys, collections, re, subprocess
data = open([a for a in sys.argv[1:] if not a.startswith("--")][0],'rb').read()
def leb(b, i):
    r=0; s=0
    while True:
        x=b[i]; i+=1; r|=(x&0x7f)<<s; s+=7
        if x<0x80: return r,i
assert data[:4]==b'\0asm'
i=8; nimports_f=0; bodies=[]; names={}; datasegs=[]; sections=[]
while i<len(data):
    sid=data[i]; i+=1; size,i=leb(data,i); end=i+size
    sections.append((sid,size))
    if sid==2:
        n,j=leb(data,i)
        for _ in range(n):
            l,j=leb(data,j); j+=l; l,j=leb(data,j); j+=l
            kind=data[j]; j+=1
            if kind==0: _,j=leb(data,j); nimports_f+=1
            elif kind==1: j+=1; fl,j=leb(data,j); _,j=leb(data,j); 
            elif kind==2:
                fl,j=leb(data,j); _,j=leb(data,j)
                if fl&1: _,j=leb(data,j)
            elif kind==3: j+=2
    elif sid==10:
        n,j=leb(data,i)
        for k in range(n):
            l,j2=leb(data,j); bodies.append(l+(j2-j)); j=j2+l
    elif sid==11:
        n,j=leb(data,i)
        for k in range(n):
            fl,j=leb(data,j)
            if fl==0:
                # expr until 0x0b
                while data[j]!=0x0b: j+=1
                j+=1
            elif fl==2:
                _,j=leb(data,j)
                while data[j]!=0x0b: j+=1
                j+=1
            l,j=leb(data,j); datasegs.append(l); j+=l
    elif sid==0:
        l,j=leb(data,i); nm=data[j:j+l].decode(); j+=l
        if nm=='name':
            while j<end:
                sub=data[j]; j+=1; ss,j=leb(data,j); se=j+ss
                if sub==1:
                    n,k=leb(data,j)
                    for _ in range(n):
                        idx,k=leb(data,k); l,k=leb(data,k); names[idx]=data[k:k+l].decode('utf8','replace'); k+=l
                j=se
    i=end
out=[]
for k,sz in enumerate(bodies):
    out.append((sz, names.get(nimports_f+k, '?%d'%k)))
for k,sz in enumerate(datasegs): out.append((sz,'DATA[%d]'%k))
if '--items' in sys.argv:
    for sz, n in out: print(sz, n, sep='\t')
    sys.exit(0)
rows = [(str(sz), n) for sz, n in out]
mangled = [n for _, n in rows]
dem = subprocess.run(["c++filt"], input="\n".join(mangled), capture_output=True, text=True).stdout.split("\n")
tot=collections.Counter(); eng=collections.Counter(); web=collections.Counter()
GEN=re.compile(r'^[A-Z]$|^&|^\[|^\(|^\*|^dyn |^fn')
PRIM={'str','char','f64','f32','u8','u16','u32','u64','u128','usize','i8','i16','i32','i64','i128','isize','bool','T','F','A','str>','char>'}
def first_path(n):
    n=re.sub(r'\[[0-9a-f]{16}\]','',n)
    n=re.sub(r'::h[0-9a-f]{16}$','',n)
    if n.startswith('<'):
        # <A as B>::f  or <A>::f
        depth=0; k=1
        while k<len(n):
            c=n[k]
            if c=='<': depth+=1
            elif c=='>':
                if depth==0: break
                depth-=1
            elif depth==0 and n.startswith(' as ',k):
                a=n[1:k]; b=n[k+4:]
                if GEN.match(a) or a.split('::')[0] in ('core','alloc','std','T','F'):
                    # trait path decides unless trait is core/alloc
                    bc=b.split('::')[0].lstrip('<')
                    if bc not in ('core','alloc','std'): return b
                return a
            k+=1
        return n[1:]
    return n
def crate_of(p):
    p=p.lstrip('<&*[ ').replace('mut ','')
    c=p.split('::')[0].split('<')[0]
    if c in PRIM: c='core'
    return c
for (sz,m),d in zip(rows,dem):
    sz=int(sz)
    if m.startswith('DATA'): tot['data segment (.rodata)']+=sz; continue
    p=first_path(d); c=crate_of(p)
    if c=='core' and '::fmt' in p.split('<')[0]: c='core::fmt'
    elif c=='core' and 'slice::sort' in p: c='core::slice::sort'
    elif c=='core' and p.startswith('core::ptr::drop_in_place'): c='core::ptr::drop_in_place'
    elif c in ('serde','serde_core','serde_derive'): c='serde'
    elif c in ('rmp','rmp_serde'): c='rmp'
    elif c in ('leptos','tachys','leptos_dom','leptos_macro','reactive_graph','reactive_stores','either_of','or_poisoned','throw_error','any_spawner'): c='leptos/tachys/reactive_graph'
    elif c in ('std','dlmalloc'): c='std (+dlmalloc)'
    elif c in ('wasm_bindgen','js_sys','web_sys','wasm_bindgen_futures','gloo_net','gloo_utils','gloo_timers'): c='wasm-bindgen/js-sys/web-sys/gloo'
    tot[c]+=sz
    if c=='cloudwright_engine':
        mod=p.split('::')[1] if '::' in p else '?'
        eng[mod.split('<')[0]]+=sz
    if c=='cloudwright_web':
        mod=p.split('::')[1] if '::' in p else '?'
        web[mod.split('<')[0]]+=sz
T=sum(tot.values())
print('total', T)
for k,v in tot.most_common(40): print(f'{v/1000:9.1f} kB {100*v/T:5.1f}%  {k}')
print('--- engine modules')
for k,v in eng.most_common(40): print(f'{v/1000:9.1f} kB  {k}')
print('--- web modules')
for k,v in web.most_common(40): print(f'{v/1000:9.1f} kB  {k}')
